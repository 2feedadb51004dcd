#include "lead_fixture_db.h"

#include <stdlib.h>

#include "engine/core/db.h"

sqlite3 *fixture_results_db(const char *path)
{
    sqlite3 *db = db_open(path);
    if (!db)
        return NULL;
    const char *sql =
        "INSERT INTO run(id, command, started, ended, engine_version, config_checksum, config, seed, outcome)"
        " VALUES(7, 'compute', '2025-03-01T10:00:00Z', '2025-03-01T10:01:00Z', '0.1.0', 'abc', 'obs.ini', 42, 'ok');"
        "INSERT INTO territoire VALUES('commune','62160','Boulogne-sur-Mer'),('commune','62178','Le Portel'),"
        " ('epci','246200729','CA du Boulonnais'),('departement','62','Pas-de-Calais'),"
        " ('region','32','Hauts-de-France'),('france','FR','France'),('etude','boulonnais','Boulonnais'),"
        " ('commune','62999','=HYPERLINK(\"http://x\")');"
        "INSERT INTO geo VALUES('62160','commune','62160'),('62160','epci','246200729'),"
        " ('62160','departement','62'),('62160','region','32'),('62160','france','FR'),"
        " ('62160','etude','boulonnais'),('62178','commune','62178'),('62178','epci','246200729'),"
        " ('62178','departement','62'),('62178','region','32'),('62178','france','FR'),"
        " ('62178','etude','boulonnais');"
        "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, theme, ordre, definition, sources) VALUES(7,'postes_ess','Postes salariés de l''ESS','nombre','sum',"
        " 'economie',1,'Postes au 31 décembre des établissements de l''ESS.','URSSAF'),"
        " (7,'poids_postes_ess','Poids de l''ESS dans l''emploi privé','pourcent','ratio','economie',2,"
        " 'Part des postes.','URSSAF'),"
        " (7,'taux_sortie_positive','Taux de sortie positive','pourcent','ratio','accompagnement',3,"
        " 'Sorties en emploi, formation ou création.','Structures');"
        "INSERT INTO indicator_value(run_id,indicator,niveau,territoire,annee,dimension,valeur,numerateur,"
        " denominateur,ic_bas,ic_haut,n_unites,part_max,secret) VALUES"
        " (7,'postes_ess','etude','boulonnais',2024,'',1234567,1234567,NULL,NULL,NULL,316,0.1,0),"
        " (7,'postes_ess','etude','boulonnais',2023,'',1200000,1200000,NULL,NULL,NULL,300,0.1,0),"
        " (7,'postes_ess','etude','boulonnais',2024,'famille=association',1000000,1000000,NULL,NULL,NULL,250,0.1,0),"
        " (7,'postes_ess','etude','boulonnais',2024,'famille=mutuelle',NULL,20,NULL,NULL,NULL,2,0.9,1),"
        " (7,'postes_ess','departement','62',2024,'',9000000,9000000,NULL,NULL,NULL,5000,0.01,0),"
        " (7,'postes_ess','commune','62999',2024,'',12,12,NULL,NULL,NULL,4,0.5,0),"
        " (7,'poids_postes_ess','etude','boulonnais',2024,'',46.2,1234567,2672222,NULL,NULL,316,0.1,0),"
        " (7,'poids_postes_ess','france','FR',2024,'',10.5,1,1,NULL,NULL,1,0,0),"
        " (7,'taux_sortie_positive','etude','boulonnais',2024,'',52.5,21,40,37.5,67.0,40,NULL,0);"
        "INSERT INTO survival_curve VALUES(7,'survie_etablissements','etude','boulonnais','accompagne',1,100,5,2,0.95,0.02,0.9,0.98),"
        " (7,'survie_etablissements','etude','boulonnais','accompagne',2,93,10,1,0.85,0.03,0.8,0.9);"
        "INSERT INTO dataset_load VALUES('etablissements','etablissements.csv','0123',692,690,2,'2025-03-01T09:00:00Z',6);";
    if (!db_exec(db, sql)) {
        db_close(db);
        return NULL;
    }
    return db;
}
