#include "indicators/rules/secret_rules.h"

void secret_default_rules(secret_rules *r)
{
    r->min_establishments = 3;
    r->min_people = 5;
    r->dominance = 0.85;
    r->combinations = false;
    r->p_percent = 0;
}
