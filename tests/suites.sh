#!/bin/sh
# usage: suites.sh SUITE SAN
# Prints the end-to-end scripts (names without .sh) of one pass, one a line:
# SUITE is test (make test) or full (make check-full), SAN is 0 for the
# normal pass, 1 for the pass under the sanitizers. The classes come from
# tests/suites.txt; a script it does not name is in class "test".
#   test         make test, both passes
#   test-normal  make test's normal pass; its sanitized pass is in check-full
#   full         make check-full only, both passes
# Listed scripts come first, in the list's order, then the others by name.
set -u
[ $# -eq 2 ] || { echo "usage: suites.sh test|full 0|1" >&2; exit 2; }
suite=$1 san=$2
case "$suite" in test | full) ;; *) echo "suites.sh: unknown suite '$suite' (test or full)" >&2; exit 2 ;; esac
list=tests/suites.txt
awk -v suite="$suite" -v san="$san" -v list="$list" '
    function wanted(class) {
        if (class == "test") return suite == "test"
        if (class == "test-normal") return (suite == "test") == (san == 0)
        return suite == "full"
    }
    FILENAME == list {
        sub(/#.*/, "")
        if (NF == 0) next
        if (NF < 2) { printf "%s:%d: expected NAME CLASS\n", list, FNR > "/dev/stderr"; bad = 1; next }
        if ($1 in class) { printf "%s:%d: %s listed twice\n", list, FNR, $1 > "/dev/stderr"; bad = 1; next }
        if ($2 != "test" && $2 != "test-normal" && $2 != "full") {
            printf "%s:%d: unknown class \"%s\" (test, test-normal or full)\n", list, FNR, $2 > "/dev/stderr"
            bad = 1
        }
        class[$1] = $2
        order[++n] = $1
        next
    }
    { exists[$0] = 1; all[++m] = $0 }
    END {
        if (bad) exit 2
        for (i = 1; i <= n; i++)
            if (order[i] in exists && wanted(class[order[i]])) print order[i]
        for (i = 1; i <= m; i++)
            if (!(all[i] in class) && wanted("test")) print all[i]
    }' "$list" - <<LIST
$(for f in tests/e2e/*.sh; do [ -f "$f" ] && basename "$f" .sh; done)
LIST
