#!/bin/sh
# Crash-safety acceptance test: kills `obs run` (SIGKILL) at many points of
# load, compute and report rendering, then checks that
#   - the database passes PRAGMA integrity_check;
#   - no partial report is visible under a final name in the output folder
#     (every report there is complete and equal to the reference one; a
#     left-over temporary file NAME.tmp.PID is allowed and reported);
#   - the next `obs run` (without --force) exits 0, the ledger marks the killed
#     run 'interrupted', and its results (indicator_value, survival tables,
#     grid alerts) and reports equal those of an uninterrupted run.
#
# usage: kill-anywhere.sh OBS WORKDIR ITERATIONS
#
# Builds a small dataset once (tests/oracle/gen_independent.py), runs the
# uninterrupted reference, then for each iteration i starts from a fresh copy:
#   odd i   an empty state (nothing loaded yet: load of every input, compute,
#           reports);
#   even i  a state where a complete run was done and one input changed since
#           (reload of that input, compute, reports replacing the old ones);
# starts `obs run CONFIG --force --quiet`, kills it after a delay drawn
# deterministically from i (golden-ratio sequence) over 0..110 % of the
# measured duration of that kind of run; one iteration in four (i = 1 mod 4,
# empty state) draws it over the input load instead, which is only a few % of
# a run (its window is found first by bisection on kills). Checks, reruns,
# checks. The stage running at kill time is read from run_stage of the
# interrupted run ('reference' counts as load).
#
# Reports are compared by content, not bytes: XLSX member by member with the
# execution's timestamps and run id masked; PDF through pdftotext with the run
# number and dates masked and blanks collapsed (without pdftotext, PDFs are
# only checked to be complete: header, trailer, same page count).
#
# The binary, catalog, layout and reference data are copied into WORKDIR at
# the start, so edits in the working tree during a long run change nothing.
# Prints one line per failure and a final line
#   kill-anywhere: N/N passed (kills during load: a, compute: b, report: c, before start/after end: d)
# With KILL_ANYWHERE_VERBOSE=1, also one line per iteration (state, delay,
# stage at kill time). Exit 0 when every iteration passed, 1 otherwise, 2 on
# a setup problem. A failed iteration's folder is kept in WORKDIR/it/N.
set -u

usage() { echo "usage: kill-anywhere.sh OBS WORKDIR ITERATIONS" >&2; exit 2; }
[ $# -eq 3 ] || usage
case "$3" in '' | *[!0-9]*) usage ;; esac
ITER=$3
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
for tool in python3 sqlite3 awk; do
    command -v "$tool" >/dev/null 2>&1 || { echo "kill-anywhere: $tool is required" >&2; exit 2; }
done
[ -x "$1" ] || { echo "kill-anywhere: $1 is not an executable" >&2; exit 2; }
mkdir -p "$2" || exit 2
W=$(cd "$2" && pwd)
setup_fail() { echo "kill-anywhere: setup: $*" >&2; exit 2; }

# ---- snapshot of what a run depends on ---------------------------------------
rm -rf "$W/snap" "$W/it" "$W/prior" "$W/ref" "$W/bcheck" "$W/probe"
mkdir -p "$W/snap" "$W/it" || exit 2
cp "$1" "$W/snap/obs" || setup_fail "copy of $1"
OBS="$W/snap/obs"
cp -R "$SRC/indicators/catalog" "$W/snap/catalog" &&
    cp -R "$SRC/datasets/reference" "$W/snap/reference" &&
    cp "$SRC/reports/layouts/rapport-annuel.ini" "$W/snap/layout.ini" || setup_fail "copy of the sources"

cat > "$W/snap/norm.py" <<'EOF'
"""Lists an output folder: 'report NAME DIGEST' (digest of the content with the
execution's run id and dates masked, or INVALID:why), 'temp NAME SIZE' for a
temporary file NAME.tmp.PID, 'other NAME' for anything else."""
import concurrent.futures, hashlib, os, re, subprocess, sys, zipfile

TS = re.compile(rb'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ')
RUNID = re.compile(rb'(Ex\xc3\xa9cution \(run id\)</t></is></c><c [^>]*><is><t>)\d+(</t>)')
MONTHS = 'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre'
FRDATE = re.compile(r'\b\d{1,2}(?:er)? (?:%s) \d{4}\b' % MONTHS)
RUNNO = re.compile(r'(ex[ée]cution n° ?)\d+', re.I)
HAVE_PDFTOTEXT = any(os.access(os.path.join(p, 'pdftotext'), os.X_OK)
                     for p in os.environ.get('PATH', '').split(os.pathsep))


def xlsx_digest(path):
    h = hashlib.sha256()
    try:
        with zipfile.ZipFile(path) as z:
            if z.testzip() is not None:
                return 'INVALID:bad-member'
            for name in sorted(z.namelist()):
                data = RUNID.sub(rb'\1N\2', TS.sub(b'TS', z.read(name)))
                h.update(name.encode() + b'\0' + data + b'\0')
    except Exception as e:  # truncated or not a zip
        return 'INVALID:%s' % type(e).__name__
    return h.hexdigest()


def pdf_digest(path):
    with open(path, 'rb') as f:
        data = f.read()
    if not data.startswith(b'%PDF-') or b'%%EOF' not in data[-1024:]:
        return 'INVALID:truncated'
    if not HAVE_PDFTOTEXT:
        pages = re.findall(rb'/Type\s*/Page[^s]', data)
        return 'pages:%d' % len(pages)
    r = subprocess.run(['pdftotext', '-layout', path, '-'], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        return 'INVALID:pdftotext'
    text = r.stdout.decode('utf-8', 'replace')
    text = RUNNO.sub(r'\1N', FRDATE.sub('DATE', text))
    text = re.sub(r'[ \t]+', ' ', text)
    return hashlib.sha256(text.encode()).hexdigest()


def entry(folder, name):
    path = os.path.join(folder, name)
    if re.search(r'\.tmp\.\d+$', name):
        return 'temp %s %d' % (name, os.path.getsize(path))
    if name.endswith('.xlsx'):
        return 'report %s %s' % (name, xlsx_digest(path))
    if name.endswith('.pdf'):
        return 'report %s %s' % (name, pdf_digest(path))
    return 'other %s' % name


with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
    for folder in sys.argv[1:]:
        names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        for line in pool.map(lambda n: entry(folder, n), names):
            print(line)
EOF

# ---- helpers -------------------------------------------------------------------
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# writes DIR/obs.ini for the dataset in DIR/d; paths relative to DIR, so every
# copy of a state directory reads and writes only inside itself
make_config() {
    cp "$1/d/obs.ini" "$1/obs.ini" &&
        printf '[chemins]\nbase = obs.sqlite\nentrees = d/data\nsorties = out\njournal = obs.log\nreference = %s\ncatalogue = %s\nmaquette = %s\n[calcul]\nannee = 2024\n' \
            "$W/snap/reference" "$W/snap/catalog" "$W/snap/layout.ini" >> "$1/obs.ini"
}

# obs run in DIR with the given options; output appended to DIR/runs.log
obs_run() {
    dir=$1
    shift
    (cd "$dir" && "$OBS" run obs.ini "$@" >> runs.log 2>&1)
}

# results of the last computed run, exactly (17 significant digits)
results() {
    sqlite3 "$1/obs.sqlite" "
        SELECT 'v', quote(indicator), quote(niveau), quote(territoire), annee, quote(dimension),
               printf('%.17g', valeur), printf('%.17g', numerateur), printf('%.17g', denominateur),
               printf('%.17g', ic_bas), printf('%.17g', ic_haut), quote(n_unites),
               printf('%.17g', part_max), secret, printf('%.17g', valeur_brute), quote(motif_secret),
               printf('%.17g', part_deuxieme)
          FROM indicator_value WHERE run_id=(SELECT max(run_id) FROM indicator_value)
         ORDER BY 2, 3, 4, 5, 6;
        SELECT 's', indicator, niveau, territoire, groupe, printf('%.17g', time), printf('%.17g', n_risk),
               printf('%.17g', n_event), printf('%.17g', n_censor), printf('%.17g', surv),
               printf('%.17g', std_err), printf('%.17g', lower), printf('%.17g', upper)
          FROM survival_curve WHERE run_id=(SELECT max(run_id) FROM indicator_value)
         ORDER BY 2, 3, 4, 5, 6;
        SELECT 't', indicator, niveau, territoire, test, groupes, printf('%.17g', chisq), df, printf('%.17g', p)
          FROM survival_test WHERE run_id=(SELECT max(run_id) FROM indicator_value)
         ORDER BY 2, 3, 4, 5, 6;
        SELECT 'a', siret, annee, axe, printf('%.17g', score), printf('%.17g', score_precedent), motif
          FROM alerte_grille WHERE run_id=(SELECT max(run_id) FROM indicator_value)
         ORDER BY 2, 3, 4;" 2>&1
}

listing() { python3 "$W/snap/norm.py" "$1/out"; }

# ---- dataset, reference run, reference timings ------------------------------
mkdir -p "$W/prior" "$W/ref"
python3 "$SRC/tests/oracle/gen_independent.py" 9 "$W/prior/d" "$W/snap/reference" > "$W/gen.log" 2>&1 ||
    setup_fail "generator (see $W/gen.log)"
make_config "$W/prior" || setup_fail "configuration"
# the prior state: one complete run on the generated inputs
obs_run "$W/prior" --quiet || setup_fail "prior run failed (see $W/prior/runs.log)"
PRIOR_MAX=$(sqlite3 "$W/prior/obs.sqlite" "SELECT max(id) FROM run")
listing "$W/prior" > "$W/prior.listing"
# the final inputs: one more support episode (as in tests/e2e/run_pipeline.sh)
cp -R "$W/prior/d" "$W/ref/d"
commune=$(sqlite3 "$W/prior/obs.sqlite" "SELECT commune FROM accompagnement ORDER BY id_accompagnement LIMIT 1")
[ -n "$commune" ] || setup_fail "no commune in the prior state"
printf 'A9999;P9999;D1;01/03/2024;;creation;10,0;F;26_49;0;0;1;%s;en_cours;;1\r\n' "$commune" \
    >> "$W/ref/d/data/accompagnements.csv"
make_config "$W/ref" || setup_fail "configuration"
FINAL_INPUTS="$W/ref/d/data"

t0=$(now)
obs_run "$W/ref" --force --quiet || setup_fail "reference run failed (see $W/ref/runs.log)"
DUR_EMPTY=$(elapsed "$t0" "$(now)")
results "$W/ref" > "$W/ref.results"
grep -q '^v|' "$W/ref.results" || setup_fail "no results in the reference run: $(head -n 3 "$W/ref.results")"
listing "$W/ref" > "$W/ref.listing"
grep -q '^report ' "$W/ref.listing" || setup_fail "no report in the reference run"
if grep -v '^report ' "$W/ref.listing" | grep -q . || grep -q ' INVALID' "$W/ref.listing"; then
    setup_fail "reference output: $(grep -v '^report [^ ]* [0-9a-f]*$' "$W/ref.listing" | tr '\n' ' ')"
fi

# prepares DIR as an empty state (kind=empty) or as the prior state with the
# changed input (kind=changed)
prepare() {
    rm -rf "$2"
    if [ "$1" = empty ]; then
        mkdir -p "$2" && cp -R "$W/ref/d" "$2/d" && cp "$W/ref/obs.ini" "$2/obs.ini"
    else
        cp -R "$W/prior" "$2" && : > "$2/runs.log" && cp "$FINAL_INPUTS/accompagnements.csv" "$2/d/data/"
    fi
}

# the same from the prior state with the changed input: timing, and the
# comparison is meaningful only if two uninterrupted runs agree
prepare changed "$W/bcheck" || setup_fail "copy"
t0=$(now)
obs_run "$W/bcheck" --force --quiet || setup_fail "run on the changed input failed (see $W/bcheck/runs.log)"
DUR_CHANGED=$(elapsed "$t0" "$(now)")
results "$W/bcheck" | cmp -s - "$W/ref.results" ||
    setup_fail "an uninterrupted run on the changed input differs from the reference (results)"
listing "$W/bcheck" | cmp -s - "$W/ref.listing" ||
    setup_fail "an uninterrupted run on the changed input differs from the reference (reports)"
rm -rf "$W/bcheck"

# Where the input load lies in a run from an empty state: it is short (a few
# % of the run, after the reference data), so uniform delays seldom hit it.
# Found by bisection on kills: the first delay at which a stage after
# 'reference' was begun, the first at which 'compute' was.
probe() {
    prepare empty "$W/probe" || return 1
    (cd "$W/probe" && exec "$OBS" run obs.ini --force --quiet > /dev/null 2>&1) &
    probe_pid=$!
    sleep "$1"
    kill -9 "$probe_pid" 2>/dev/null
    wait "$probe_pid" 2>/dev/null
    [ -f "$W/probe/obs.sqlite" ] || { echo 0; return; }
    sqlite3 "$W/probe/obs.sqlite" "SELECT CASE WHEN EXISTS(SELECT 1 FROM run_stage WHERE stage IN ('compute','report'))
        THEN 2 WHEN EXISTS(SELECT 1 FROM run_stage WHERE stage <> 'reference') THEN 1 ELSE 0 END" 2>/dev/null || echo 0
}
bisect() { # bisect TARGET HI: smallest delay in 0..HI (within HI/64) whose probe >= TARGET
    lo=0 hi=$2 n=0
    while [ $n -lt 6 ]; do
        mid=$(awk -v a="$lo" -v b="$hi" 'BEGIN { printf "%.3f", (a + b) / 2 }')
        if [ "$(probe "$mid")" -ge "$1" ]; then hi=$mid; else lo=$mid; fi
        n=$((n + 1))
    done
    echo "$hi"
}
LOAD_END=$(bisect 2 "$(awk -v d="$DUR_EMPTY" 'BEGIN { printf "%.3f", d / 2 }')")
LOAD_BEGIN=$(bisect 1 "$LOAD_END")
rm -rf "$W/probe"
# the focus window: the input load with half its length (at least 6 % of
# the run: start-up time varies) on either side
read -r FOCUS_START FOCUS_END <<EOF
$(awk -v b="$LOAD_BEGIN" -v e="$LOAD_END" -v d="$DUR_EMPTY" 'BEGIN { h = (e - b) / 2; if (h < 0.06 * d) h = 0.06 * d;
    s = b - h; if (s < 0) s = 0; printf "%.3f %.3f", s, e + h }')
EOF
echo "kill-anywhere: reference run ${DUR_EMPTY} s from an empty state (input load from ${LOAD_BEGIN} s to" \
     "${LOAD_END} s), ${DUR_CHANGED} s on a changed input; $ITER iterations"

# ---- iterations --------------------------------------------------------------
passed=0
n_load=0 n_ref=0 n_compute=0 n_report=0 n_outside=0 n_norow=0 n_exited=0 n_temp=0 n_temp_after=0

i=1
while [ "$i" -le "$ITER" ]; do
    if [ $((i % 2)) -eq 1 ]; then kind=empty dur=$DUR_EMPTY prev_max=0; else kind=changed dur=$DUR_CHANGED prev_max=$PRIOR_MAX; fi
    # golden-ratio sequence: deterministic in i, spread evenly over 0..110 %
    # of the run; one iteration in four (from an empty state) over the input
    # load window instead
    lo=0 hi=$(awk -v d="$dur" 'BEGIN { printf "%.3f", 1.10 * d }')
    [ $((i % 4)) -eq 1 ] && lo=$FOCUS_START hi=$FOCUS_END
    delay=$(awk -v i="$i" -v lo="$lo" -v hi="$hi" 'BEGIN { f = i * 0.6180339887498949; f -= int(f);
        printf "%.3f", lo + f * (hi - lo) }')
    dir="$W/it/$i"
    errs=""
    err() { errs="$errs${errs:+; }$*"; }
    stage="?"
    in_reference=no

    if ! prepare "$kind" "$dir"; then
        echo "FAIL iteration $i: cannot prepare $dir"
        i=$((i + 1))
        continue
    fi
    (cd "$dir" && exec "$OBS" run obs.ini --force --quiet >> runs.log 2>&1) &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    status=$?
    killed=yes
    if [ "$status" -ne 137 ]; then
        killed=no
        n_exited=$((n_exited + 1))
        [ "$status" -eq 0 ] || err "the run ended by itself with exit $status before the kill"
    fi

    # -- state right after the kill
    killed_run=""
    if [ -f "$dir/obs.sqlite" ]; then
        ic=$(sqlite3 "$dir/obs.sqlite" "PRAGMA integrity_check" 2>&1)
        [ "$ic" = ok ] || err "integrity_check after the kill: $(echo "$ic" | head -n 3 | tr '\n' ' ')"
        killed_run=$(sqlite3 "$dir/obs.sqlite" "SELECT id || ' ' || outcome FROM run WHERE id > $prev_max ORDER BY id" 2>/dev/null)
        if [ "$(printf '%s\n' "$killed_run" | grep -c .)" -gt 1 ]; then
            err "several new runs in the ledger: $(echo "$killed_run" | tr '\n' ' ')"
            killed_run=$(printf '%s\n' "$killed_run" | tail -n 1)
        fi
    fi
    run_id=${killed_run%% *}
    run_outcome=${killed_run#* }
    if [ -n "$run_id" ]; then
        if [ $killed = yes ] && [ "$run_outcome" = ok ]; then
            killed=late # after the ledger was closed, while the process was exiting
        elif [ $killed = yes ] && [ "$run_outcome" != running ]; then
            err "killed run $run_id has outcome '$run_outcome' before the next run (expected running)"
        elif [ $killed != yes ] && [ "$run_outcome" != ok ]; then
            err "completed run $run_id has outcome '$run_outcome'"
        fi
    fi

    # every report visible under its final name is complete and the reference
    # one (or, from the prior state, the previous complete one)
    listing "$dir" > "$dir/after-kill.listing"
    while read -r type name digest; do
        case $type in
        report)
            if ! grep -qxF "report $name $digest" "$W/ref.listing" &&
                ! { [ $kind = changed ] && grep -qxF "report $name $digest" "$W/prior.listing"; }; then
                if grep -q "^report $name " "$W/ref.listing"; then
                    err "report $name visible after the kill is not a complete report ($digest)"
                else
                    err "unexpected report $name after the kill"
                fi
            fi
            ;;
        temp) n_temp=$((n_temp + 1)) ;;
        *) err "unexpected file in the output folder after the kill: $name" ;;
        esac
    done < "$dir/after-kill.listing"
    temps=$(awk '$1 == "temp" { printf "%s%s (%s bytes)", sep, $2, $3; sep = ", " }' "$dir/after-kill.listing")

    # -- the next run, to completion
    if ! obs_run "$dir" --quiet; then
        err "next run failed: $(tail -n 3 "$dir/runs.log" | tr '\n' ' ')"
    fi
    ic=$(sqlite3 "$dir/obs.sqlite" "PRAGMA integrity_check" 2>&1)
    [ "$ic" = ok ] || err "integrity_check after the next run: $(echo "$ic" | head -n 3 | tr '\n' ' ')"
    last=$(sqlite3 "$dir/obs.sqlite" "SELECT outcome FROM run ORDER BY id DESC LIMIT 1" 2>&1)
    [ "$last" = ok ] || err "next run's ledger outcome is '$last'"

    if [ -z "$run_id" ]; then
        n_norow=$((n_norow + 1))
        stage="before start (no run row)"
        class=outside
    else
        outcome=$(sqlite3 "$dir/obs.sqlite" "SELECT outcome FROM run WHERE id=$run_id")
        if [ $killed = yes ] && [ "$outcome" != interrupted ]; then
            err "killed run $run_id is '$outcome' in the ledger, not 'interrupted'"
        fi
        # the stage running at kill time; else the last one begun (killed
        # between two stages); none begun or report done: outside the stages
        st=$(sqlite3 -separator ' ' "$dir/obs.sqlite" "SELECT stage, outcome FROM run_stage WHERE run_id=$run_id
               ORDER BY (outcome='interrupted') DESC, rowid DESC LIMIT 1")
        s_name=${st%% *}
        s_outcome=${st#* }
        still=$(sqlite3 "$dir/obs.sqlite" "SELECT count(*) FROM run_stage WHERE run_id=$run_id AND outcome='running'")
        [ "$still" = 0 ] || err "run_stage rows of run $run_id still 'running' after the next run"
        if [ $killed = no ]; then
            class=outside stage="after end (the run had finished)"
        elif [ $killed = late ]; then
            class=outside stage="after end (ledger closed, process exiting)"
        elif [ -z "$st" ]; then
            class=outside stage="before start (run $run_id, no stage begun)"
        elif [ "$s_name" = report ] && [ "$s_outcome" = ok ]; then
            class=outside stage="after end (report done, ledger not closed)"
        else
            if [ "$s_outcome" = interrupted ]; then
                stage="$s_name (interrupted)"
            else
                stage="after $s_name ($s_outcome), before the next stage"
            fi
            case $s_name in
            compute) class=compute ;;
            report) class=report ;;
            reference) class=load in_reference=yes ;;
            *) class=load ;; # load and the datasets' own stages
            esac
        fi
    fi

    # -- results and reports equal the uninterrupted run
    results "$dir" > "$dir/results"
    if ! cmp -s "$dir/results" "$W/ref.results"; then
        err "results differ from the uninterrupted run: $(diff "$W/ref.results" "$dir/results" | grep -c '^[<>]') lines ($(diff "$W/ref.results" "$dir/results" | grep '^[<>]' | head -n 2 | tr '\n' ' '))"
    fi
    listing "$dir" > "$dir/after-run.listing"
    if ! grep '^report ' "$dir/after-run.listing" | cmp -s - "$W/ref.listing"; then
        err "reports differ from the uninterrupted run: $(diff "$W/ref.listing" "$dir/after-run.listing" | grep '^[<>] report' | cut -c1-60 | tr '\n' ' ')"
    fi
    if grep -q '^temp ' "$dir/after-run.listing"; then
        n_temp_after=$((n_temp_after + 1))
        echo "note iteration $i: temporary file(s) still there after the next run: $(awk '$1 == "temp" { printf "%s ", $2 }' "$dir/after-run.listing")"
    fi
    grep '^other ' "$dir/after-run.listing" | while read -r _ name; do
        echo "note iteration $i: unexpected file after the next run: $name"
    done
    [ -n "$temps" ] && echo "note iteration $i ($kind, delay $delay s, $stage): left by the killed run: $temps"

    [ "${KILL_ANYWHERE_VERBOSE:-0}" = 1 ] &&
        echo "iteration $i: $kind state, delay $delay s of $dur s, run ${run_id:-none}, $stage${errs:+: FAILED}"
    if [ -z "$errs" ]; then
        passed=$((passed + 1))
        case $class in
        load) n_load=$((n_load + 1)); [ $in_reference = yes ] && n_ref=$((n_ref + 1)) ;;
        compute) n_compute=$((n_compute + 1)) ;;
        report) n_report=$((n_report + 1)) ;;
        *) n_outside=$((n_outside + 1)) ;;
        esac
        rm -rf "$dir"
    else
        echo "FAIL iteration $i ($kind state, delay $delay s of $dur s, run ${run_id:-none}, stage $stage): $errs [kept in $dir]"
    fi
    i=$((i + 1))
done

echo "kill-anywhere: details: $n_ref of the load kills in the reference data stage," \
     "$n_norow killed before the run row was written, $n_exited ended before the kill," \
     "$n_temp temporary file(s) seen after kills, $n_temp_after iteration(s) with temporary files after the next run"
echo "kill-anywhere: $passed/$ITER passed (kills during load: $n_load, compute: $n_compute, report: $n_report, before start/after end: $n_outside)"
[ "$passed" -eq "$ITER" ]
