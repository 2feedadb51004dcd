/* obs survival: Kaplan–Meier tables, medians and the log-rank test on a CSV
 * file, for analysts; the same figures as R's survival package. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/cli/cli.h"
#include "engine/core/csv_writer.h"
#include "engine/cli/commands.h"
#include "engine/load/csv_reader.h"
#include "engine/core/exit_codes.h"
#include "engine/core/log.h"
#include "engine/load/parse.h"
#include "indicators/stats/km.h"

static const char usage[] =
    "obs survival --input FICHIER.csv --time COL --event COL [--entry COL] [--group COL]\n"
    "             [--conf-type log-log|log|plain] [--conf-level 0.95] [--median | --test logrank]";

typedef struct {
    double *entry, *time;
    int *event, *group;
    size_t n, cap;
    char **groups; /* names, sorted like R's factor levels */
    int n_groups;
} sample;

static void help(void)
{
    printf("usage : %s\n\n"
           "Estimateur de Kaplan–Meier (censure à droite, entrée retardée avec --entry), intervalles\n"
           "de confiance (log-log par défaut, log, plain) au niveau --conf-level, par groupe.\n"
           "Sortie CSV sur la sortie standard :\n"
           "  (défaut)        group,time,n_risk,n_event,n_censor,surv,std_err,lower,upper\n"
           "  --median        group,median,lower,upper\n"
           "  --test logrank  test,chisq,df,p\n"
           "Sans --group (ou colonne vide), un seul groupe nommé « ensemble ».\n"
           "L'événement vaut 1 (fermeture, décès...) ou 0 (censure).\n",
           usage);
}

static int column(const csv_record *rec, const char *name)
{
    for (size_t i = 0; i < rec->nfields; i++)
        if (strcasecmp(rec->fields[i], name) == 0)
            return (int)i;
    return -1;
}

static int group_index(sample *s, const char *name)
{
    for (int g = 0; g < s->n_groups; g++)
        if (strcmp(s->groups[g], name) == 0)
            return g;
    char **grown = realloc(s->groups, (size_t)(s->n_groups + 1) * sizeof *grown);
    if (!grown)
        return -1;
    s->groups = grown;
    s->groups[s->n_groups] = strdup(name);
    if (!s->groups[s->n_groups])
        return -1;
    return s->n_groups++;
}

static bool push(sample *s, double entry, double time, int event, int group)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        double *e = realloc(s->entry, cap * sizeof *e);
        if (e)
            s->entry = e;
        double *t = realloc(s->time, cap * sizeof *t);
        if (t)
            s->time = t;
        int *ev = realloc(s->event, cap * sizeof *ev);
        if (ev)
            s->event = ev;
        int *g = realloc(s->group, cap * sizeof *g);
        if (g)
            s->group = g;
        if (!e || !t || !ev || !g)
            return false;
        s->cap = cap;
    }
    s->entry[s->n] = entry;
    s->time[s->n] = time;
    s->event[s->n] = event;
    s->group[s->n] = group;
    s->n++;
    return true;
}

static void free_sample(sample *s)
{
    free(s->entry);
    free(s->time);
    free(s->event);
    free(s->group);
    for (int g = 0; g < s->n_groups; g++)
        free(s->groups[g]);
    free(s->groups);
}

/* Reads the columns; every problem names file:line:column. */
static bool read_sample(const char *path, const char *time_col, const char *event_col, const char *entry_col,
                        const char *group_col, sample *s)
{
    char err[512];
    csv_reader *r = csv_open(path, err, sizeof err);
    if (!r) {
        obs_error("%s", err);
        return false;
    }
    csv_record rec;
    csv_problem p;
    bool ok = csv_next(r, &rec, &p) == CSV_RECORD;
    int ct = ok ? column(&rec, time_col) : -1, ce = ok ? column(&rec, event_col) : -1;
    int cn = ok && entry_col ? column(&rec, entry_col) : -1, cg = ok && group_col ? column(&rec, group_col) : -1;
    const char *missing = ct < 0 ? time_col : ce < 0 ? event_col : entry_col && cn < 0 ? entry_col
                          : group_col && cg < 0 ? group_col : NULL;
    if (!ok || missing) {
        obs_error_at(path, 1, 0, ok ? "colonne « %s » absente" : "en-tête illisible%s", ok ? missing : "");
        csv_close(r);
        return false;
    }
    bool comma = csv_get_stats(r)->delimiter == ';';
    size_t header = rec.nfields;
    csv_status st;
    while (ok && (st = csv_next(r, &rec, &p)) != CSV_EOF) {
        if (st != CSV_RECORD || rec.nfields != header) {
            obs_error_at(path, st == CSV_RECORD ? rec.line : p.line, 0, "%s",
                         st == CSV_RECORD ? "nombre de champs différent de l'en-tête" : p.message);
            ok = false;
            break;
        }
        double t, e = -INFINITY;
        if (!parse_decimal(str_trim(rec.fields[ct]), comma, &t) || t < 0) {
            obs_error_at(path, rec.line, ct + 1, "durée invalide « %s » (nombre positif attendu)", rec.fields[ct]);
            ok = false;
            break;
        }
        const char *ev = str_trim(rec.fields[ce]);
        if (strcmp(ev, "0") != 0 && strcmp(ev, "1") != 0) {
            obs_error_at(path, rec.line, ce + 1, "événement « %s » : 0 ou 1 attendu", ev);
            ok = false;
            break;
        }
        if (cn >= 0 && (!parse_decimal(str_trim(rec.fields[cn]), comma, &e) || e >= t)) {
            obs_error_at(path, rec.line, cn + 1, "entrée « %s » invalide ou pas avant la sortie (%g)",
                         rec.fields[cn], t);
            ok = false;
            break;
        }
        const char *gname = cg >= 0 && *str_trim(rec.fields[cg]) ? rec.fields[cg] : "ensemble";
        int g = group_index(s, gname);
        ok = g >= 0 && push(s, e, t, ev[0] == '1', g);
        if (!ok)
            obs_error("mémoire insuffisante à la ligne %ld de %s", (long)rec.line, path);
    }
    csv_close(r);
    return ok;
}

static void number(double v, bool na_as_text)
{
    if (isnan(v))
        fputs(na_as_text ? "NA" : "", stdout);
    else
        printf("%.15g", v);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_survival(obs_context *ctx, int argc, char **argv)
{
    (void)ctx; /* needs no set-up: it reads a CSV */
    if (cli_wants_help(argc, argv)) {
        help();
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {
        {"input", required_argument, NULL, 'i'},      {"time", required_argument, NULL, 't'},
        {"event", required_argument, NULL, 'e'},      {"entry", required_argument, NULL, 'n'},
        {"group", required_argument, NULL, 'g'},      {"conf-type", required_argument, NULL, 'c'},
        {"conf-level", required_argument, NULL, 'l'}, {"median", no_argument, NULL, 'm'},
        {"test", required_argument, NULL, 'x'},       {NULL, 0, NULL, 0},
    };
    const char *input = NULL, *time_col = NULL, *event_col = NULL, *entry_col = NULL, *group_col = NULL;
    km_ci_type ci = KM_CI_LOGLOG;
    double level = 0.95;
    bool median = false, test = false;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        switch (opt) {
        case 'i': input = optarg; break;
        case 't': time_col = optarg; break;
        case 'e': event_col = optarg; break;
        case 'n': entry_col = optarg; break;
        case 'g': group_col = optarg; break;
        case 'c':
            if (strcmp(optarg, "log-log") == 0) ci = KM_CI_LOGLOG;
            else if (strcmp(optarg, "log") == 0) ci = KM_CI_LOG;
            else if (strcmp(optarg, "plain") == 0) ci = KM_CI_PLAIN;
            else return cli_usage_error(usage, "--conf-type : log-log, log ou plain");
            break;
        case 'l':
            level = strtod(optarg, &end);
            if (*end || !(level > 0 && level < 1))
                return cli_usage_error(usage, "--conf-level : un nombre entre 0 et 1, par exemple 0.95");
            break;
        case 'm': median = true; break;
        case 'x':
            if (strcmp(optarg, "logrank") != 0)
                return cli_usage_error(usage, "--test : seul logrank est disponible");
            test = true;
            break;
        default: return cli_usage_error(usage, "option invalide");
        }
    }
    if (!input || !time_col || !event_col || optind != argc)
        return cli_usage_error(usage, "--input, --time et --event sont obligatoires");
    if (median && test)
        return cli_usage_error(usage, "--median et --test sont exclusifs");
    sample s = {0};
    if (!read_sample(input, time_col, event_col, entry_col, group_col, &s)) {
        free_sample(&s);
        return OBS_EXIT_FAILURE;
    }
    /* R orders groups as sorted factor levels: renumber by name */
    char **sorted = malloc((size_t)(s.n_groups ? s.n_groups : 1) * sizeof *sorted);
    int *rank = malloc((size_t)(s.n_groups ? s.n_groups : 1) * sizeof *rank);
    if (!sorted || !rank) {
        obs_error("mémoire insuffisante pour %zu observations", s.n);
        free(sorted);
        free(rank);
        free_sample(&s);
        return OBS_EXIT_FAILURE;
    }
    memcpy(sorted, s.groups, (size_t)s.n_groups * sizeof *sorted);
    qsort(sorted, (size_t)s.n_groups, sizeof *sorted, compare_names);
    for (int g = 0; g < s.n_groups; g++)
        for (int k = 0; k < s.n_groups; k++)
            if (sorted[k] == s.groups[g])
                rank[g] = k;
    for (size_t i = 0; i < s.n; i++)
        s.group[i] = rank[s.group[i]];
    int rc = OBS_EXIT_OK;
    if (test) {
        double chisq, p;
        int df;
        if (!km_logrank(entry_col ? s.entry : NULL, s.time, s.event, s.group, s.n, s.n_groups, &chisq, &df, &p)) {
            obs_error("test du log-rank impossible : il faut au moins deux groupes avec des événements");
            rc = OBS_EXIT_FAILURE;
        } else {
            printf("test,chisq,df,p\nlogrank,%.15g,%d,%.15g\n", chisq, df, p);
        }
    } else {
        printf(median ? "group,median,lower,upper\n" : "group,time,n_risk,n_event,n_censor,surv,std_err,lower,upper\n");
        double *entry = malloc((s.n ? s.n : 1) * sizeof *entry), *time = malloc((s.n ? s.n : 1) * sizeof *time);
        int *event = malloc((s.n ? s.n : 1) * sizeof *event);
        if (!entry || !time || !event) {
            obs_error("mémoire insuffisante pour %zu observations", s.n);
            rc = OBS_EXIT_FAILURE;
        }
        for (int g = 0; g < s.n_groups && entry && time && event; g++) {
            size_t m = 0;
            for (size_t i = 0; i < s.n; i++)
                if (s.group[i] == g) {
                    entry[m] = s.entry[i];
                    time[m] = s.time[i];
                    event[m++] = s.event[i];
                }
            km_curve c;
            if (!km_fit(entry_col ? entry : NULL, time, event, m, ci, level, &c)) {
                rc = OBS_EXIT_FAILURE;
                break;
            }
            if (median) {
                double med, lo, hi;
                km_median(&c, &med, &lo, &hi);
                csv_write_field(stdout, sorted[g]);
                putchar(',');
                number(med, false);
                putchar(',');
                number(lo, false);
                putchar(',');
                number(hi, false);
                putchar('\n');
            } else {
                for (size_t i = 0; i < c.n; i++) {
                    const km_row *r = &c.rows[i];
                    csv_write_field(stdout, sorted[g]);
                    printf(",%.15g,%.15g,%.15g,%.15g,%.15g,", r->time, r->n_risk, r->n_event, r->n_censor, r->surv);
                    number(r->std_err, true);
                    putchar(',');
                    number(r->lower, true);
                    putchar(',');
                    number(r->upper, true);
                    putchar('\n');
                }
            }
            km_free(&c);
        }
        free(entry);
        free(time);
        free(event);
    }
    free(sorted);
    free(rank);
    free_sample(&s);
    return rc;
}
