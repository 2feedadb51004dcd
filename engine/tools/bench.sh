#!/bin/sh
# make bench: measured, never asserted. Prints seconds, rows/s and peak
# resident memory (GNU time) for each benchmark, with the command used.
#   BENCH_SURVIVAL_ROWS   records for the survival benchmark (default 10 000 000)
# Data are generated into build/bench (not kept in git).
set -eu
OBS=${1:-./obs}
DIR=build/bench
mkdir -p "$DIR"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: GNU time is needed (apt-get install time)"; exit 1; }

. "$(dirname "$0")/bench-measure.sh"

echo "== survival: Kaplan-Meier and log-rank"
N=${BENCH_SURVIVAL_ROWS:-10000000}
CSV="$DIR/survival-$N.csv"
if [ ! -f "$CSV" ]; then
    # two groups with different exponential hazards, a third of the records censored
    awk -v n="$N" 'BEGIN { srand(20241124); print "time,event,group";
        for (i = 0; i < n; i++) { g = (rand() < 0.5); t = -log(1 - rand()) * (g ? 7 : 5);
            c = -log(1 - rand()) * 12; e = (t <= c); printf "%.4f,%d,%s\n", (e ? t : c), e, (g ? "accompagne" : "autre") } }' > "$CSV"
fi
echo "input: $N records ($(du -h "$CSV" | cut -f1)), command: obs survival --input $CSV --time time --event event --group group"
measure "obs survival (Kaplan-Meier table)" "$N" "$OBS" survival --input "$CSV" --time time --event event --group group
measure "obs survival --median" "$N" "$OBS" survival --input "$CSV" --time time --event event --group group --median
measure "obs survival --test logrank" "$N" "$OBS" survival --input "$CSV" --time time --event event --group group --test logrank
cat "$DIR/out.txt"
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(survival)' >/dev/null 2>&1; then
    cat > "$DIR/survfit.R" <<'REOF'
library(survival)
args <- commandArgs(TRUE)
d <- read.csv(args[1], colClasses = c("numeric", "integer", "character"))
t0 <- proc.time()[["elapsed"]]
fit <- survfit(Surv(time, event) ~ group, data = d)
s <- summary(fit, censored = TRUE)
t1 <- proc.time()[["elapsed"]]
lr <- survdiff(Surv(time, event) ~ group, data = d)
t2 <- proc.time()[["elapsed"]]
cat(sprintf("%.2f %.2f\n", t1 - t0, t2 - t1))
REOF
    "$TIME" -f "%e %M" -o "$DIR/rtime.txt" Rscript "$DIR/survfit.R" "$CSV" > "$DIR/r.txt"
    set -- $(cat "$DIR/r.txt")
    r_fit=$1; r_lr=$2
    o_fit=$("$TIME" -f "%e" "$OBS" survival --input "$CSV" --time time --event event --group group 2>&1 >/dev/null | tail -n 1)
    o_lr=$("$TIME" -f "%e" "$OBS" survival --input "$CSV" --time time --event event --group group --test logrank 2>&1 >/dev/null | tail -n 1)
    echo "R $(Rscript -e 'cat(R.version.string)'), survival $(Rscript -e 'cat(as.character(packageVersion("survival")))'):"
    echo "  survfit + summary: ${r_fit} s, survdiff: ${r_lr} s (computation only, after read.csv)"
    awk -v rf="$r_fit" -v rl="$r_lr" -v of="$o_fit" -v ol="$o_lr" 'BEGIN {
        printf "  obs, reading the file included: KM %.2f s (R/obs %.1f), log-rank %.2f s (R/obs %.1f)\n", of, rf / of, ol, rl / ol }'
else
    echo "R with the survival package is not installed: no comparison (apt-get install r-cran-survival)"
fi
