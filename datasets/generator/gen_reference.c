/* The real geography and NAF codes the generator draws from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/load/csv_reader.h"
#include "datasets/generator/gen.h"
#include "engine/core/log.h"

/* Which communes a scale covers: the sample covers the régions of its three
 * seed territories (Hauts-de-France, Bretagne); the test scale one EPCI. */
static bool in_scope(gen_scale scale, const char *region, const char *epci)
{
    switch (scale) {
    case GEN_NATIONAL: return true;
    case GEN_SAMPLE: return strcmp(region, "32") == 0 || strcmp(region, "53") == 0;
    case GEN_TEST: return strcmp(epci, "246200729") == 0;
    }
    return false;
}

static int column(const csv_record *rec, const char *name)
{
    for (size_t i = 0; i < rec->nfields; i++)
        if (strcasecmp(rec->fields[i], name) == 0)
            return (int)i;
    return -1;
}

static csv_reader *open_ref(const char *dir, const char *file, csv_record *header)
{
    char path[4096], err[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    csv_reader *r = csv_open(path, err, sizeof err);
    if (!r) {
        obs_error("générateur : %s", err);
        return NULL;
    }
    csv_problem p;
    if (csv_next(r, header, &p) != CSV_RECORD) {
        obs_error("générateur : %s : en-tête illisible", path);
        csv_close(r);
        return NULL;
    }
    return r;
}

static bool has_communes(const gen_ctx *g, const char *departement)
{
    for (size_t i = 0; i < g->n_communes; i++)
        if (strcmp(g->communes[i].departement, departement) == 0)
            return true;
    return false;
}

/* The départements of the communes in scope, with their names (support
 * programmes in every département at national scale). */
static bool load_departements(gen_ctx *g, const char *dir)
{
    csv_record rec;
    csv_problem p;
    csv_reader *r = open_ref(dir, "departements.csv", &rec);
    if (!r)
        return false;
    int c_code = column(&rec, "code"), c_name = column(&rec, "nom");
    size_t cap = 128;
    g->departements = calloc(cap, sizeof *g->departements);
    csv_status s;
    while (g->departements && (s = csv_next(r, &rec, &p)) != CSV_EOF) {
        if (s != CSV_RECORD || c_code < 0 || c_name < 0 || (size_t)c_name >= rec.nfields ||
            !has_communes(g, rec.fields[c_code]))
            continue;
        if (g->n_departements == cap) {
            gen_departement *grown = realloc(g->departements, 2 * cap * sizeof *grown);
            if (!grown)
                break;
            g->departements = grown;
            cap *= 2;
        }
        gen_departement *d = &g->departements[g->n_departements++];
        snprintf(d->code, sizeof d->code, "%s", rec.fields[c_code]);
        snprintf(d->name, sizeof d->name, "%s", rec.fields[c_name]);
    }
    csv_close(r);
    if (!g->departements) {
        obs_error("générateur : mémoire insuffisante");
        return false;
    }
    return true;
}

bool gen_load_reference(gen_ctx *g, const char *dir)
{
    csv_record rec;
    csv_problem p;
    csv_reader *r = open_ref(dir, "communes.csv", &rec);
    if (!r)
        return false;
    int c_code = column(&rec, "code"), c_type = column(&rec, "type"), c_region = column(&rec, "region"),
        c_epci = column(&rec, "epci"), c_pop = column(&rec, "population"), c_dep = column(&rec, "departement");
    size_t cap = 1024;
    g->communes = calloc(cap, sizeof *g->communes);
    csv_status s;
    while (g->communes && (s = csv_next(r, &rec, &p)) != CSV_EOF) {
        if (s != CSV_RECORD || rec.nfields < 8 || strcmp(rec.fields[c_type], "commune-actuelle") != 0 ||
            !in_scope(g->scale, rec.fields[c_region], rec.fields[c_epci]))
            continue;
        if (g->n_communes == cap) {
            gen_commune *grown = realloc(g->communes, 2 * cap * sizeof *grown);
            if (!grown)
                break;
            g->communes = grown;
            cap *= 2;
        }
        gen_commune *c = &g->communes[g->n_communes++];
        memset(c, 0, sizeof *c);
        snprintf(c->code, sizeof c->code, "%s", rec.fields[c_code]);
        snprintf(c->epci, sizeof c->epci, "%s", rec.fields[c_epci]);
        snprintf(c->region, sizeof c->region, "%s", rec.fields[c_region]);
        snprintf(c->departement, sizeof c->departement, "%s", rec.fields[c_dep]);
        c->population = atol(rec.fields[c_pop]);
    }
    csv_close(r);

    r = open_ref(dir, "naf.csv", &rec);
    if (!r)
        return false;
    int n_code = column(&rec, "code"), n_level = column(&rec, "niveau"), n_section = column(&rec, "section");
    cap = 1024;
    g->naf = calloc(cap, sizeof *g->naf);
    while (g->naf && (s = csv_next(r, &rec, &p)) != CSV_EOF) {
        if (s != CSV_RECORD || strcmp(rec.fields[n_level], "sous-classe") != 0 || g->n_naf == cap)
            continue;
        snprintf(g->naf[g->n_naf].code, sizeof g->naf[g->n_naf].code, "%s", rec.fields[n_code]);
        g->naf[g->n_naf].section = rec.fields[n_section][0];
        g->n_naf++;
    }
    csv_close(r);
    if (!load_departements(g, dir))
        return false;
    if (g->n_communes == 0 || g->n_naf == 0) {
        obs_error("générateur : référentiels vides dans %s", dir);
        return false;
    }
    return true;
}
