/* The audit as an attacker: from what a run publishes only (the public
 * values of indicator_value, the catalog's declarations construit_de, the
 * territorial hierarchy and the breakdown keys of dimension_cle), it builds
 * the disclosure relations itself -- additive groups (territories and
 * breakdowns), indicators equal wherever both are published, declared
 * ratios, cohorts over the years -- and recovers masked cells: exact
 * substitution, exact linear combinations (modulo 2^31 - 1), interval
 * bounds with integrality propagated to a fixed point; then it plays each
 * funder, who knows its own cells. A relation is kept only when it holds on
 * the true values of the run (a family with one false relation is dropped),
 * and a cell counts as a leak only when what was recovered matches its true
 * value. Nothing is shared with the suppression's code (secret*.c). */
#ifndef OBS_AUDIT_ATTACK_H
#define OBS_AUDIT_ATTACK_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/* the relation that gave a masked cell back */
enum {
    AUDIT_ADDITIVE,    /* a territory and its parts, a total and its breakdown */
    AUDIT_EQUAL,       /* an indicator equal to another wherever both are published */
    AUDIT_RATIO,       /* a ratio declared with construit_de, and its numerator and denominator */
    AUDIT_COHORT,      /* a count at most another: a subset (employers among establishments), or
                        * one generation over the years (survivors at most the creations) */
    AUDIT_BOUNDS,      /* interval bounds, whole numbers, at least 1 for a count's row */
    AUDIT_COMBINATION, /* exact linear combination of several relations */
    AUDIT_FAMILIES
};

extern const char *const audit_family_name[AUDIT_FAMILIES];

typedef struct {
    long exact[AUDIT_FAMILIES]; /* masked cells recovered exactly, by relation */
    long near;                  /* masked cells bounded within 10 % of their value */
    long insider_exact, insider_near; /* cells funders get back that they do not know (docs/confidentiality.md,
                                       * « A funder and its own figures »), knowing their own */
    long insider_totals;        /* of those, cells without a funder (totals of several funders) */
    long insider_known;         /* hidden cells without a funder a funder knows: its money alone (not leaks) */
    long wrong;                 /* recovered values that differ from the true ones (an audit bug) */
    long relations, dropped_families;
} audit_attack_result;

/* Runs the attack on run's published figures, names each leak on stderr
 * (at most max_named; negative: all). combinations: also the exact linear
 * combinations. insider: also each funder. False only when the attack could
 * not run (database error, out of memory). */
bool audit_attack(sqlite3 *db, int64_t run, bool combinations, bool insider, long max_named,
                  audit_attack_result *out);

#endif
