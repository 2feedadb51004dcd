/* The deterministic data generator behind `obs generate`: realistic data in
 * the data contract's formats on the real geography, calibrated on published
 * orders of magnitude (see datasets/sample/README.md). One pass over the
 * communes writes every file at once; only per-commune totals stay in
 * memory, so the national scale streams. */
#ifndef OBS_GEN_H
#define OBS_GEN_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum { GEN_SAMPLE, GEN_NATIONAL, GEN_TEST } gen_scale;

#define GEN_FIRST_YEAR 2017    /* employment years written (sample and test scales) */
#define GEN_NATIONAL_FIRST_YEAR 2010 /* a longer series at national scale: about 20 million rows */
#define GEN_LAST_YEAR 2024
#define GEN_MAX_YEARS 16       /* the per-year arrays of gen_commune */

typedef struct {
    char code[6];
    char epci[10];
    char region[4];
    char departement[4];
    long population;
    /* totals of the ESS establishments generated here, per year from the
     * scale's first year (GEN_MAX_YEARS at most) */
    long ess_postes[GEN_MAX_YEARS];
    long ess_employers[GEN_MAX_YEARS];
    double ess_masse[GEN_MAX_YEARS];
    long other_postes[GEN_MAX_YEARS];   /* non-ESS employers with emploi rows (national scale) */
    long other_employers[GEN_MAX_YEARS];
    double other_masse[GEN_MAX_YEARS];
} gen_commune;

typedef struct {
    char code[7];
    char section;
} gen_naf;

typedef struct {
    char code[4];
    char name[64];
} gen_departement;

typedef struct {
    gen_scale scale;
    int first_year;            /* of the employment series: gen_first_year(scale) */
    gsl_rng *rng;
    const char *out_dir;
    gen_commune *communes;
    size_t n_communes;
    gen_naf *naf;
    size_t n_naf;
    gen_departement *departements; /* of the communes in scope, in code order */
    size_t n_departements;
    /* output files (temporary names until gen_close_outputs renames them) */
    FILE *etablissements, *unites_legales, *emploi, *emploi_territoire, *dispositifs,
        *accompagnements, *financements, *grille;
    uint64_t next_siren;       /* SIRENs are drawn in sequence: unique */
    long serial;               /* establishments written so far */
    bool femmes_defect;        /* the one emploi defect of the sample is written */
    uint64_t rows_written;
    long n_defects;
} gen_ctx;

#define GEN_OBSERVATION "2024-12-31"

/* ---- gen_util.c ---- */
/* First year of the employment series of a scale. */
int gen_first_year(gen_scale scale);
/* A new unique, Luhn-valid SIRET (SIREN + NIC 0001x). */
void gen_siret(gen_ctx *g, char out[15]);
/* Uniform date in [from_year-01-01, to_year-12-31] as days since 1970. */
long gen_day_between(gen_ctx *g, int from_year, int to_year);
long gen_day_of(int y, int m, int d);
/* ISO "YYYY-MM-DD" or French "DD/MM/YYYY" of a day number. */
void gen_iso(long day, char out[11]);
void gen_fr(long day, char out[11]);
int gen_year_of(long day);
/* A NAF sub-class of the given section (uniform), or any when section is 0. */
const char *gen_naf_in(gen_ctx *g, char section);

/* ---- gen_reference.c ---- */
bool gen_load_reference(gen_ctx *g, const char *reference_dir);

/* ---- gen_output.c ---- */
bool gen_open_outputs(gen_ctx *g);
bool gen_close_outputs(gen_ctx *g, bool keep);
/* Writes text to a Windows-1252 file (French Excel exports). */
void gen_fputs_cp1252(FILE *f, const char *utf8);

/* ---- gen_establishments.c ---- */
/* Writes the establishments (and their employment) of one commune. */
void gen_commune_establishments(gen_ctx *g, gen_commune *c);
/* One establishment created by a supported project; returns false when the
 * creation draw failed. out_siret receives its SIRET. */
void gen_supported_creation(gen_ctx *g, gen_commune *c, long created_day, bool ess, char out_siret[15]);

/* ---- gen_support.c ---- */
void gen_support(gen_ctx *g);

/* ---- gen_territory.c ---- */
void gen_territory_employment(gen_ctx *g);

/* ---- generator.c ---- */
typedef struct {
    const char *out_dir;
    unsigned long seed;
    gen_scale scale;
    const char *reference_dir;
    long rows;                 /* SIRENE format: establishments to write (0: the scale's) */
} gen_options;
bool gen_run(const gen_options *opts);

/* ---- gen_sirene.c ---- */
/* INSEE's SIRENE stock files in their published layout, streamed. */
bool gen_sirene(const gen_options *opts);

#endif
