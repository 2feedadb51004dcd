#!/bin/sh
# make test (and make check-full, with FUZZ_SECONDS=300): builds the fuzz
# targets and runs them for FUZZ_SECONDS each (default 20), all at once, each
# on a scratch copy of its seed corpus. Fails if a crash is found.
set -u
out=build/fuzz
sh tests/fuzz/build.sh "$out" || exit 1
[ -x "$out/fuzz_csv" ] || exit 0   # skipped (message printed by build.sh)
seconds=${FUZZ_SECONDS:-20}
for target in fuzz_csv fuzz_parse fuzz_geojson; do
    corpus=$(mktemp -d)
    cp tests/fuzz/corpus/${target#fuzz_}/* "$corpus/" 2>/dev/null
    (
        "$out/$target" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -close_fd_mask=2 \
            -artifact_prefix="$out/$target-" "$corpus" > "$out/$target.log" 2>&1
        echo $? > "$out/$target.rc"
        rm -rf "$corpus"
    ) &
done
wait
status=0
for target in fuzz_csv fuzz_parse fuzz_geojson; do
    if [ "$(cat "$out/$target.rc" 2>/dev/null)" = 0 ]; then
        runs=$(grep -o 'Done [0-9]* runs' "$out/$target.log" | tail -n 1)
        echo "fuzz: $target: no crash in ${seconds} s ($runs)"
    else
        echo "fuzz: $target FOUND A CRASH (log: $out/$target.log, input: $out/$target-*)"
        tail -n 30 "$out/$target.log"
        status=1
    fi
    rm -f "$out/$target.rc"
done
exit $status
