/* Output files, written under temporary names and renamed when complete. */
#include <iconv.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datasets/generator/gen.h"
#include "engine/core/log.h"

static const struct {
    const char *name;
    size_t offset;
    const char *header;
    bool cp1252;
} outputs[] = {
    {"etablissements.csv", offsetof(gen_ctx, etablissements),
     "siret,dateCreationEtablissement,etatAdministratifEtablissement,dateFermetureEtablissement,"
     "codeCommuneEtablissement,activitePrincipaleEtablissement,categorieJuridiqueUniteLegale,"
     "economieSocialeSolidaireUniteLegale,trancheEffectifsEtablissement,denominationUsuelleEtablissement\n",
     false},
    {"unites_legales.csv", offsetof(gen_ctx, unites_legales),
     "siren,categorieJuridiqueUniteLegale,economieSocialeSolidaireUniteLegale,denominationUniteLegale,"
     "dateCreationUniteLegale\n",
     false},
    {"emploi.csv", offsetof(gen_ctx, emploi),
     "siret,annee,postes,etp,masse_salariale,postes_femmes,postes_cdi,postes_temps_partiel,"
     "postes_insertion,postes_moins_26,postes_50_plus,benevoles\n",
     false},
    {"emploi_territoire.csv", offsetof(gen_ctx, emploi_territoire),
     "code_commune,annee,etablissements_employeurs,postes,masse_salariale\n", false},
    {"dispositifs.csv", offsetof(gen_ctx, dispositifs),
     "id_dispositif;nom;type;code_commune;phases;date_debut;date_fin\r\n", true},
    {"accompagnements.csv", offsetof(gen_ctx, accompagnements),
     "id_accompagnement;id_porteur;id_dispositif;date_debut;date_fin;phase;heures;sexe;tranche_age;"
     "qpv;rsa;demandeur_emploi;code_commune;issue;siret_cree;projet_ess\r\n",
     true},
    {"financements.csv", offsetof(gen_ctx, financements),
     "id_financement;id_accompagnement;siret;id_dispositif;financeur;nature;origine;montant;date\r\n", true},
    {"grille.csv", offsetof(gen_ctx, grille), "siret,annee,axe,score\n", false},
};

#define N_OUTPUTS (sizeof outputs / sizeof *outputs)

static FILE **slot(gen_ctx *g, size_t i) { return (FILE **)((char *)g + outputs[i].offset); }

static void temp_path(const gen_ctx *g, size_t i, char *out, size_t len)
{
    snprintf(out, len, "%s/.%s.tmp", g->out_dir, outputs[i].name);
}

void gen_fputs_cp1252(FILE *f, const char *utf8)
{
    bool ascii = true;
    for (const unsigned char *p = (const unsigned char *)utf8; *p && ascii; p++)
        ascii = *p < 0x80;
    if (ascii) {
        fputs(utf8, f);
        return;
    }
    iconv_t cd = iconv_open("CP1252//TRANSLIT", "UTF-8");
    if (cd == (iconv_t)-1) {
        fputs(utf8, f);
        return;
    }
    char out[1024];
    char *in = (char *)utf8;
    size_t in_left = strlen(utf8);
    while (in_left > 0) {
        char *o = out;
        size_t o_left = sizeof out;
        if (iconv(cd, &in, &in_left, &o, &o_left) == (size_t)-1 && o == out) {
            fputc('?', f); /* no CP1252 form: never happens for our French text */
            in++;
            in_left--;
            continue;
        }
        fwrite(out, 1, (size_t)(o - out), f);
    }
    iconv_close(cd);
}

bool gen_open_outputs(gen_ctx *g)
{
    for (size_t i = 0; i < N_OUTPUTS; i++) {
        char path[4096];
        temp_path(g, i, path, sizeof path);
        FILE *f = fopen(path, "wb");
        if (!f) {
            obs_error("générateur : impossible d'écrire %s", path);
            gen_close_outputs(g, false);
            return false;
        }
        setvbuf(f, NULL, _IOFBF, 1 << 20);
        *slot(g, i) = f;
        fputs(outputs[i].header, f);
    }
    return true;
}

bool gen_close_outputs(gen_ctx *g, bool keep)
{
    bool ok = true;
    for (size_t i = 0; i < N_OUTPUTS; i++) {
        FILE *f = *slot(g, i);
        if (!f)
            continue;
        ok &= fflush(f) == 0 && !ferror(f);
        ok &= fclose(f) == 0;
        *slot(g, i) = NULL;
    }
    for (size_t i = 0; i < N_OUTPUTS; i++) {
        char tmp[4096], final[4096];
        temp_path(g, i, tmp, sizeof tmp);
        snprintf(final, sizeof final, "%s/%s", g->out_dir, outputs[i].name);
        if (keep && ok) {
            if (rename(tmp, final) != 0) {
                obs_error("générateur : impossible de publier %s", final);
                ok = false;
            }
        } else {
            unlink(tmp);
        }
    }
    if (!ok && keep)
        obs_error("générateur : écriture interrompue (disque plein ?)");
    return ok;
}
