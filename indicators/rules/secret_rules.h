/* The rules of statistical secrecy (docs/confidentiality.md): thresholds
 * shared by the suppression that applies them (secret.c) and the audit that
 * attacks the result (secret_audit.c), which share nothing else. */
#ifndef OBS_SECRET_RULES_H
#define OBS_SECRET_RULES_H

#include <stdbool.h>

typedef struct {
    int min_establishments;   /* frequency rule: 3 */
    int min_people;           /* frequency rule for personal data: 5 */
    double dominance;         /* n = 1, k: the largest contribution's share above which a cell is secret: 0.85 */
    bool combinations;        /* also hide what combinations of groups give back: off here; on in the
                               * default configuration ([calcul] secret_combinaisons = oui) */
    double p_percent;         /* p % rule: secret when 1 - part_max - part_deuxieme < p/100 x part_max;
                               * 0 = off (the default) */
} secret_rules;

/* The thresholds above, combinations and the p % rule off. */
void secret_default_rules(secret_rules *r);

#endif
