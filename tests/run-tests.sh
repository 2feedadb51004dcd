#!/bin/sh
# Runs every cmocka unit test binary given as arguments, then every end-to-end
# script in tests/e2e/ (each gets $OBS, the binary under test, and a scratch
# folder in $TMPDIR). Prints cmocka's output and closes with one line
# "N passed, M failed"; exits non-zero when anything failed.
set -u
passed=0
failed=0
label="normal"
[ "${SAN:-0}" = 1 ] && label="ASan+UBSan"
echo "== tests ($label)"

for bin in "$@"; do
    out=$("$bin" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
        echo "[  FAILED  ] $bin exited with $rc"
        failed=$((failed + 1))
    fi
done

for script in tests/e2e/*.sh; do
    [ -f "$script" ] || continue
    name=$(basename "$script" .sh)
    work=$(mktemp -d "${TMPDIR:-/tmp}/obs-e2e-$name.XXXXXX")
    if OBS="$(pwd)/$OBS" WORK="$work" SRC="$(pwd)" sh "$script" > "$work/output.log" 2>&1; then
        echo "[       OK ] e2e $name"
        passed=$((passed + 1))
        rm -rf "$work"
    else
        echo "[  FAILED  ] e2e $name (log below, work folder $work)"
        tail -n 40 "$work/output.log"
        failed=$((failed + 1))
    fi
done

echo "tests ($label): $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
