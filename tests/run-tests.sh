#!/bin/sh
# Runs every cmocka unit test binary given as arguments, then the end-to-end
# scripts of tests/e2e/ that belong to the suite asked for (each gets $OBS,
# the binary under test, $WORK, a scratch folder in $TMPDIR, and $SRC, the
# source tree). Prints cmocka's output, one line per script with its time
# (elapsed and processor), and closes with one line
#   tests (PASS): N passed, M failed         (make test)
#   check-full (PASS): N passed, M failed    (make check-full)
# where PASS is "normal" or "ASan+UBSan"; exits non-zero when anything failed.
#
# Environment:
#   OBS    the binary under test (relative to the source tree or absolute)
#   SAN    1 for the pass under AddressSanitizer + UBSan (the label changes,
#          and the scripts marked "normal" in tests/suites.txt are skipped)
#   SUITE  test (default: make test) or full (make check-full: the scripts
#          make test leaves out, see tests/suites.txt)
#   JOBS   end-to-end scripts run at once (default 2)
#   ONLY   space-separated script names: run only these (for a quick check)
set -u
passed=0
failed=0
label="normal"
[ "${SAN:-0}" = 1 ] && label="ASan+UBSan"
suite=${SUITE:-test}
jobs=${JOBS:-2}
case "$jobs" in '' | *[!0-9]* | 0) jobs=1 ;; esac
case "$OBS" in /*) obs=$OBS ;; *) obs="$(pwd)/$OBS" ;; esac
title=tests
[ "$suite" = test ] || title=check-full
echo "== $title ($label)"

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

# The scripts of this pass, in the order of tests/suites.txt (the longest
# first, so that two at a time finish together), then any script the list
# does not name (a new script runs in make test, both passes, by default).
scripts=$(sh tests/suites.sh "$suite" "${SAN:-0}") || exit 2
if [ -n "${ONLY:-}" ]; then
    keep=""
    for name in $scripts; do
        case " $ONLY " in *" $name "*) keep="$keep $name" ;; esac
    done
    scripts=$keep
fi

now() { date +%s.%N; }
# e2e_start NAME: starts one script in the background; its folder holds the
# log, then a file "status" with its exit code and its duration
e2e_start() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/obs-e2e-$1.XXXXXX")
    (
        t0=$(now)
        OBS="$obs" WORK="$work" SRC="$(pwd)" SAN="${SAN:-0}" sh "tests/e2e/$1.sh" > "$work/output.log" 2>&1
        rc=$?
        # the script's processor time (user + system of its children), which
        # says what it costs even on a loaded machine
        times > "$work/times"
        cpu=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/)
                             printf "%.1f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$work/times")
        echo "$rc $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }') ${cpu:-?}" > "$work/status.tmp"
        mv "$work/status.tmp" "$work/status"
    ) &
    running="$running $1:$work"
}
# e2e_reap: reports the scripts that have ended; sets $running to the others
e2e_reap() {
    still=""
    for entry in $running; do
        r_name=${entry%%:*}
        r_work=${entry#*:}
        if [ ! -f "$r_work/status" ]; then
            still="$still $entry"
            continue
        fi
        read -r rc secs cpu < "$r_work/status"
        if [ "$rc" -eq 0 ]; then
            note=$(grep -m1 '^skipped' "$r_work/output.log")
            echo "[       OK ] e2e $r_name (${secs} s, CPU ${cpu} s)${note:+ $note}"
            passed=$((passed + 1))
            rm -rf "$r_work"
        else
            echo "[  FAILED  ] e2e $r_name (${secs} s, CPU ${cpu} s, exit $rc; log below, work folder $r_work)"
            tail -n 40 "$r_work/output.log"
            failed=$((failed + 1))
        fi
    done
    running=$still
}
count() { set -- $1; echo $#; }

# what the scripts of this pass build once and share (tests/lib/sample_db.sh)
OBS_SHARED=$(mktemp -d "${TMPDIR:-/tmp}/obs-e2e-shared.XXXXXX") || exit 2
export OBS_SHARED
running=""
for name in $scripts; do
    while [ "$(count "$running")" -ge "$jobs" ]; do
        sleep 0.2
        e2e_reap
    done
    e2e_start "$name"
done
while [ -n "$running" ]; do
    sleep 0.2
    e2e_reap
done
wait
rm -rf "$OBS_SHARED"

echo "$title ($label): $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
