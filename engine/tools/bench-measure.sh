# Sourced by the benchmarks (bench.sh, bench-national.sh); expects DIR and TIME.
# measure LABEL ROWS COMMAND...: runs COMMAND under GNU time (stdout to
# $DIR/out.txt, stderr to $DIR/err.txt, shown and fatal on failure) and
# prints seconds, ROWS/s and peak resident memory; the seconds also go to
# $DIR/last_seconds.txt. (sh has no local variables: m_ names.)
measure() {
    m_label=$1; m_rows=$2; shift 2
    "$TIME" -f "%e %M" -o "$DIR/time.txt" "$@" > "$DIR/out.txt" 2> "$DIR/err.txt" || { tail "$DIR/err.txt"; exit 1; }
    set -- $(tail -n 1 "$DIR/time.txt")
    awk -v l="$m_label" -v s="$1" -v m="$2" -v r="$m_rows" 'BEGIN {
        printf "%-46s %8.2f s  %12.0f rows/s  peak %7.1f MiB\n", l, s, (s > 0 ? r / s : 0), m / 1024 }'
    echo "$1" > "$DIR/last_seconds.txt"
}
