#include "indicators/linear/linear_blocks.h"

/* The representative of u, halving the path on the way. */
static size_t find(size_t *parent, size_t u)
{
    while (parent[u] != u) {
        parent[u] = parent[parent[u]];
        u = parent[u];
    }
    return u;
}

void linear_blocks(size_t n, size_t n_eq, const size_t *eq_start, const size_t *var_of_term, size_t *root)
{
    for (size_t v = 0; v < n; v++)
        root[v] = v;
    for (size_t e = 0; e < n_eq; e++)
        for (size_t t = eq_start[e] + 1; t < eq_start[e + 1]; t++) {
            size_t a = find(root, var_of_term[eq_start[e]]), b = find(root, var_of_term[t]);
            if (a != b)
                root[b] = a;
        }
    for (size_t v = 0; v < n; v++)
        root[v] = find(root, v);
}
