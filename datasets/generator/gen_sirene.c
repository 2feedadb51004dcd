/* `obs generate --format sirene`: INSEE's SIRENE stock files in their
 * published layout (StockEtablissement_utf8.csv, 54 columns, and
 * StockUniteLegale_utf8.csv, 35 columns), streamed unit by unit: memory does
 * not grow with the size. The cases real files hold come in realistic shares
 * (orders of magnitude, not INSEE's exact figures):
 *   - closed establishments (etat F, closure date in dateDebut): 55 %;
 *   - older nomenclatures, by the closure date: NAP before 1993, NAF1993 until
 *     2002, NAFRev1 until 2007 (about 12 % of all rows);
 *   - former commune codes (communes merged since): 2 %;
 *   - establishments abroad (no commune, codePaysEtrangerEtablissement): 0.3 %;
 *   - no creation date: 0.5 %; closed with no date: 0.1 %;
 *   - partially diffusible units (statut P, [ND] values): 3 %.
 * National scale: 40 million establishments of 28 million legal units, the
 * size of the stock files INSEE published in 2024-2025. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "datasets/generator/gen.h"
#include "engine/core/log.h"
#include "engine/core/progress.h"

#define NATIONAL_ESTABLISHMENTS 40000000L

static const char *const etab_header =
    "siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,"
    "anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,"
    "dateDernierTraitementEtablissement,etablissementSiege,nombrePeriodesEtablissement,"
    "complementAdresseEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,"
    "dernierNumeroVoieEtablissement,indiceRepetitionDernierNumeroVoieEtablissement,typeVoieEtablissement,"
    "libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,"
    "libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,"
    "codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,"
    "libellePaysEtrangerEtablissement,identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,"
    "coordonneeLambertOrdonneeEtablissement,complementAdresse2Etablissement,numeroVoie2Etablissement,"
    "indiceRepetition2Etablissement,typeVoie2Etablissement,libelleVoie2Etablissement,codePostal2Etablissement,"
    "libelleCommune2Etablissement,libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,"
    "codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,"
    "codePaysEtranger2Etablissement,libellePaysEtranger2Etablissement,dateDebut,"
    "etatAdministratifEtablissement,enseigne1Etablissement,enseigne2Etablissement,enseigne3Etablissement,"
    "denominationUsuelleEtablissement,activitePrincipaleEtablissement,"
    "nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement,"
    "activitePrincipaleNAF25Etablissement\n";

static const char *const unit_header =
    "siren,statutDiffusionUniteLegale,unitePurgeeUniteLegale,dateCreationUniteLegale,sigleUniteLegale,"
    "sexeUniteLegale,prenom1UniteLegale,prenom2UniteLegale,prenom3UniteLegale,prenom4UniteLegale,"
    "prenomUsuelUniteLegale,pseudonymeUniteLegale,identifiantAssociationUniteLegale,"
    "trancheEffectifsUniteLegale,anneeEffectifsUniteLegale,dateDernierTraitementUniteLegale,"
    "nombrePeriodesUniteLegale,categorieEntreprise,anneeCategorieEntreprise,dateDebut,"
    "etatAdministratifUniteLegale,nomUniteLegale,nomUsageUniteLegale,denominationUniteLegale,"
    "denominationUsuelle1UniteLegale,denominationUsuelle2UniteLegale,denominationUsuelle3UniteLegale,"
    "categorieJuridiqueUniteLegale,activitePrincipaleUniteLegale,nomenclatureActivitePrincipaleUniteLegale,"
    "nicSiegeUniteLegale,economieSocialeSolidaireUniteLegale,societeMissionUniteLegale,"
    "caractereEmployeurUniteLegale,activitePrincipaleNAF25UniteLegale\n";

/* legal categories with their share (per mille) and ESS flag */
static const struct {
    const char *cj;
    int per_mille;
    const char *ess;
} categories[] = {
    {"1000", 560, "N"}, {"5710", 170, "N"}, {"5499", 110, "N"}, {"6540", 40, "N"}, {"9220", 80, "O"},
    {"5458", 3, "O"},   {"5460", 2, "O"},   {"8210", 2, "O"},   {"9300", 1, "O"},  {"7210", 12, "N"},
    {"5599", 20, "N"},
};

/* activities in the older nomenclatures (code, nomenclature) */
static const char *const nap_codes[] = {"9601", "6411", "6711", "7711", "5501", "9001", "8911"};
static const char *const naf1993_codes[] = {"913E", "521D", "553A", "853K", "741A", "452B", "751A", "912Z"};
static const char *const nafrev1_codes[] = {"92.6C", "91.3E", "52.1D", "55.3A", "85.3K", "74.1A", "45.2B",
                                            "75.1A", "91.2Z", "93.0D"};

typedef struct {
    char code[6];
} former_code;

static former_code *load_former(const char *dir, size_t *n)
{
    char path[4096], line[128];
    snprintf(path, sizeof path, "%s/communes_anciennes.csv", dir);
    FILE *f = fopen(path, "r");
    former_code *codes = NULL;
    size_t cap = 0;
    *n = 0;
    if (!f)
        return NULL;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "ancien_code", 11) == 0 || strlen(line) < 5)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 4096;
            former_code *grown = realloc(codes, cap * sizeof *codes);
            if (!grown)
                break;
            codes = grown;
        }
        memcpy(codes[*n].code, line, 5);
        codes[*n].code[5] = '\0';
        (*n)++;
    }
    fclose(f);
    return codes;
}

static int check_digit(const char *digits, size_t n)
{
    for (int d = 0; d <= 9; d++) {
        int sum = d;
        for (size_t i = 0; i < n; i++) {
            int x = digits[n - 1 - i] - '0';
            if (i % 2 == 0 && (x *= 2) > 9)
                x -= 9;
            sum += x;
        }
        if (sum % 10 == 0)
            return d;
    }
    return 0;
}

static bool chance(gen_ctx *g, double p) { return gsl_rng_uniform(g->rng) < p; }

static const char *pick(gen_ctx *g, const char *const *list, size_t n)
{
    return list[gsl_rng_uniform_int(g->rng, n)];
}

#define PICK(g, list) pick(g, list, sizeof list / sizeof *list)

/* Writes one unit and its establishments. */
static void write_unit(gen_ctx *g, FILE *units, FILE *etabs, const former_code *former, size_t n_former,
                       long *written)
{
    char siren[10];
    snprintf(siren, sizeof siren, "%08llu", (unsigned long long)(g->next_siren++ % 100000000ULL));
    if (strcmp(siren, "35600000") == 0) /* La Poste's SIREN has its own rule */
        snprintf(siren, sizeof siren, "%08llu", (unsigned long long)(g->next_siren++ % 100000000ULL));
    siren[8] = (char)('0' + check_digit(siren, 8));
    siren[9] = '\0';
    int draw = (int)gsl_rng_uniform_int(g->rng, 1000), k = 0;
    for (int acc = categories[0].per_mille; k + 1 < (int)(sizeof categories / sizeof *categories) && draw >= acc;
         acc += categories[++k].per_mille)
        ;
    bool partial = chance(g, 0.03);
    int n_etab = chance(g, 0.78) ? 1 : 2 + (int)gsl_rng_uniform_int(g->rng, 3);
    long unit_created = gen_day_between(g, 1960, GEN_LAST_YEAR);
    char unit_day[11], naf_unit[8] = "", nic_siege[6] = "";
    const char *nomenclature_unit = "NAFRev2";
    gen_iso(unit_created, unit_day);
    for (int e = 0; e < n_etab; e++) {
        char siret[24];
        snprintf(siret, sizeof siret, "%.9s%04d", siren, (e + 1) % 10000);
        siret[13] = (char)('0' + check_digit(siret, 13));
        siret[14] = '\0';
        long created = e == 0 ? unit_created : unit_created + (long)gsl_rng_uniform_int(g->rng, 3650);
        if (created > gen_day_of(GEN_LAST_YEAR, 12, 31))
            created = gen_day_of(GEN_LAST_YEAR, 12, 31);
        bool closed = chance(g, 0.55);
        long closed_day = closed ? created + 30 + (long)gsl_rng_uniform_int(g->rng, 15000) : 0;
        if (closed && closed_day > gen_day_of(GEN_LAST_YEAR, 12, 31))
            closed_day = gen_day_of(GEN_LAST_YEAR, 12, 31);
        int closed_year = closed ? gen_year_of(closed_day) : 9999;
        char created_s[11] = "", debut[11] = "";
        if (!chance(g, 0.005))
            gen_iso(created, created_s);
        if (closed && !chance(g, 0.002))
            gen_iso(closed_day, debut);
        else if (!closed)
            snprintf(debut, sizeof debut, "%s", created_s);
        const char *nomenclature = "NAFRev2", *activity, *naf25;
        if (closed && closed_year < 1993) {
            nomenclature = "NAP";
            activity = PICK(g, nap_codes);
        } else if (closed && closed_year < 2003) {
            nomenclature = "NAF1993";
            activity = PICK(g, naf1993_codes);
        } else if (closed && closed_year < 2008) {
            nomenclature = "NAFRev1";
            activity = PICK(g, nafrev1_codes);
        } else {
            activity = gen_naf_in(g, 0);
        }
        naf25 = strcmp(nomenclature, "NAFRev2") == 0 && !closed ? activity : "";
        if (e == 0) {
            snprintf(naf_unit, sizeof naf_unit, "%s", activity);
            snprintf(nic_siege, sizeof nic_siege, "%.5s", siret + 9);
            nomenclature_unit = nomenclature;
        }
        const char *commune = "", *country = "", *country_name = "";
        if (chance(g, 0.003)) {
            country = "99131";
            country_name = "BELGIQUE";
        } else if (n_former && chance(g, 0.02)) {
            commune = former[gsl_rng_uniform_int(g->rng, n_former)].code;
        } else {
            commune = g->communes[gsl_rng_uniform_int(g->rng, g->n_communes)].code;
        }
        const char *nd = partial ? "[ND]" : "";
        fprintf(etabs,
                "%s,%.5s,%s,%s,%s,NN,,,2024-06-01T00:00:00,%s,1,,%s,,,,%s,%s,%s,,,,%s,,,%s,%s,,,,,,,,,,,,,,,,,,"
                "%s,%s,%s,,,%s,%s,%s,N,%s\n",
                siren, siret + 9, siret, partial ? "P" : "O", created_s, e == 0 ? "true" : "false",
                partial ? nd : "12", partial ? nd : "RUE", partial ? nd : "DE LA REPUBLIQUE",
                commune[0] ? "00000" : "", commune, country, country_name, debut, closed ? "F" : "A",
                partial ? nd : "", partial ? nd : "", activity, nomenclature, naf25);
        (*written)++;
    }
    int cat = k;
    fprintf(units, "%s,%s,,%s,,,,,,,,,,NN,,2024-06-01T00:00:00,1,PME,2022,%s,A,,,%s,,,,%s,%s,%s,%s,%s,,N,%s\n",
            siren, partial ? "P" : "O", unit_day, unit_day, partial ? "[ND]" : "UNITE", categories[cat].cj,
            naf_unit, nomenclature_unit, nic_siege, categories[cat].ess,
            strcmp(nomenclature_unit, "NAFRev2") == 0 ? naf_unit : "");
}

bool gen_sirene(const gen_options *opts)
{
    if (mkdir(opts->out_dir, 0755) != 0 && errno != EEXIST) {
        obs_error("générateur : impossible de créer %s : %s", opts->out_dir, strerror(errno));
        return false;
    }
    long target = opts->rows ? opts->rows
                  : opts->scale == GEN_NATIONAL ? NATIONAL_ESTABLISHMENTS
                  : opts->scale == GEN_SAMPLE   ? 100000
                                                : 1000;
    gen_ctx g = {.scale = GEN_NATIONAL, .first_year = gen_first_year(GEN_NATIONAL), .out_dir = opts->out_dir,
                 .next_siren = 30000000 + opts->seed % 1000};
    g.rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!g.rng)
        return false;
    gsl_rng_set(g.rng, opts->seed);
    size_t n_former = 0;
    former_code *former = load_former(opts->reference_dir, &n_former);
    char etab_path[4096], unit_path[4096];
    snprintf(etab_path, sizeof etab_path, "%s/StockEtablissement_utf8.csv", opts->out_dir);
    snprintf(unit_path, sizeof unit_path, "%s/StockUniteLegale_utf8.csv", opts->out_dir);
    FILE *etabs = NULL, *units = NULL;
    bool ok = gen_load_reference(&g, opts->reference_dir) && (etabs = fopen(etab_path, "w")) &&
              (units = fopen(unit_path, "w"));
    long written = 0;
    if (ok) {
        setvbuf(etabs, NULL, _IOFBF, 1 << 20);
        setvbuf(units, NULL, _IOFBF, 1 << 20);
        fputs(etab_header, etabs);
        fputs(unit_header, units);
        progress prog;
        progress_start(&prog, "génération SIRENE", "établissements", (uint64_t)target);
        long n_units = 0;
        while (written < target) {
            write_unit(&g, units, etabs, former, n_former, &written);
            if (++n_units % 4096 == 0)
                progress_update(&prog, (uint64_t)written);
        }
        progress_finish(&prog);
        ok = !ferror(etabs) && !ferror(units);
        if (ok)
            obs_info("générateur : %ld établissements de %ld unités légales au format SIRENE dans %s", written,
                     n_units, opts->out_dir);
    }
    if (etabs && fclose(etabs) != 0)
        ok = false;
    if (units && fclose(units) != 0)
        ok = false;
    if (!ok)
        obs_error("générateur : écriture de %s impossible", opts->out_dir);
    free(former);
    free(g.communes);
    free(g.naf);
    free(g.departements);
    gsl_rng_free(g.rng);
    return ok;
}
