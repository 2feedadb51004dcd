#!/bin/sh
# Builds the libFuzzer targets into DIR (default build/fuzz) with clang.
# Exit 0 with a message when clang or its fuzzer runtime is missing.
set -eu
out=${1:-build/fuzz}
CLANG=$(command -v clang || command -v clang-14 || true)
if [ -z "$CLANG" ]; then
    echo "fuzz: skipped: clang not found (apt-get install clang libclang-rt-14-dev)"
    exit 0
fi
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}\n' > "$probe/p.c"
if ! "$CLANG" -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" 2>/dev/null; then
    rm -rf "$probe"
    echo "fuzz: skipped: clang's libFuzzer runtime is missing (apt-get install libclang-rt-14-dev)"
    exit 0
fi
rm -rf "$probe"
mkdir -p "$out"
FLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I."
"$CLANG" $FLAGS tests/fuzz/fuzz_csv.c engine/load/csv_reader.c engine/load/header_name.c engine/load/parse.c -lxxhash -o "$out/fuzz_csv"
"$CLANG" $FLAGS tests/fuzz/fuzz_parse.c engine/load/parse.c engine/core/fr_format.c -lm -o "$out/fuzz_parse"
"$CLANG" $FLAGS tests/fuzz/fuzz_geojson.c engine/load/geojson.c engine/core/log.c -ljansson -lm -o "$out/fuzz_geojson"
echo "fuzz: built $out/fuzz_csv $out/fuzz_parse $out/fuzz_geojson"
