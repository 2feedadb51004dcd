/* An audit of a run's published figures against statistical secrecy, kept
 * apart from secret.c so as not to share its mistakes: it reads only the
 * database and checks, cell by cell and group by group, what an outsider
 * could read or subtract. */
#ifndef OBS_SECRET_AUDIT_H
#define OBS_SECRET_AUDIT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/audit/audit_attack.h"
#include "indicators/rules/secret_rules.h"

typedef struct {
    long cells;   /* cells of the run */
    long secret;  /* of which secret */
    long groups;  /* relations the attacker built */
    long leaks;   /* problems found (each one named on stderr) */
    long rule_leaks; /* of which rules not applied */
    audit_attack_result attack; /* what the attacker recovered */
} secret_audit_result;

/* false only when the audit itself could not run (database error). Leaks
 * are named on stderr, at most 20 by check or relation family. */
bool secret_audit(sqlite3 *db, int64_t run, const secret_rules *rules, secret_audit_result *out);
/* the same, naming at most max_named leaks by relation family (negative: all) */
bool secret_audit_named(sqlite3 *db, int64_t run, const secret_rules *rules, long max_named,
                        secret_audit_result *out);

#endif
