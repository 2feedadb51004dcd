#!/bin/sh
# A run that cannot write (the disk is full: here a file-size limit makes
# every write past 32 KB fail, as ENOSPC would) or cannot read one of its
# inputs (a dangling link under a dataset's name) stops with a clear error
# and exit 1; the database passes integrity_check and keeps the previous
# version of the data, the ledger says 'failed', the published reports are
# the previous ones and no temporary file is left. The next run, once the
# cause is gone, gives exactly what a run from scratch on the same inputs
# gives. The first run also creates the database's folder (state/), which
# does not exist beforehand.
set -u
for tool in python3 sqlite3 md5sum; do
    command -v "$tool" >/dev/null 2>&1 || { echo "skipped: $tool not installed"; exit 0; }
done
fail() { echo "FAIL: $*"; exit 1; }
W="$WORK/f"
mkdir -p "$W"
python3 "$SRC/tests/oracle/gen_independent.py" 9 "$W/d" "$SRC/datasets/reference" > /dev/null || fail "generator"
config() { # DIR: a configuration whose paths stay inside DIR
    cp "$W/d/obs.ini" "$1/obs.ini" &&
        printf '[chemins]\nbase = state/obs.sqlite\nentrees = data\nsorties = out\njournal = obs.log\n[calcul]\nannee = 2024\n' \
            >> "$1/obs.ini"
}
run() { (cd "$1" && shift && "$OBS" run obs.ini --quiet "$@") }
q() { sqlite3 "$1/state/obs.sqlite" "$2"; }
results() { # every value of the last run, exactly
    q "$1" "SELECT indicator, niveau, territoire, annee, dimension, printf('%.17g', valeur), secret
              FROM indicator_value WHERE run_id = (SELECT max(run_id) FROM indicator_value) ORDER BY 1, 2, 3, 4, 5"
}
# the state left by a failed run: integrity, ledger, data and reports as before
unchanged() { # DIR WHAT
    [ "$(q "$1" 'PRAGMA integrity_check')" = ok ] || fail "$2: integrity_check"
    [ "$(q "$1" 'SELECT outcome FROM run ORDER BY id DESC LIMIT 1')" = failed ] || fail "$2: the ledger does not say failed"
    [ "$(q "$1" 'SELECT count(*) FROM accompagnement')" = "$n_before" ] || fail "$2: support data changed"
    (cd "$1" && md5sum -c --quiet reports.md5) || fail "$2: published reports changed"
    ! ls "$1/out" | grep -q '\.tmp\.' || fail "$2: temporary file left: $(ls "$1/out" | grep '\.tmp\.')"
}

A="$W/a"
mkdir -p "$A" && cp -R "$W/d/data" "$A/data" && config "$A" || fail "setup"
run "$A" > "$A/first.log" 2>&1 || { tail "$A/first.log"; fail "first run"; }
[ -f "$A/state/obs.sqlite" ] || fail "the database's folder was not created"
(cd "$A" && md5sum out/* > reports.md5)
n_before=$(q "$A" 'SELECT count(*) FROM accompagnement')
# a new support episode: the next run has something to load, compute and publish
commune=$(q "$A" "SELECT commune FROM accompagnement ORDER BY id_accompagnement LIMIT 1")
printf 'A9999;P9999;D1;01/03/2024;;creation;10,0;F;26_49;0;0;1;%s;en_cours;;1\r\n' "$commune" >> "$A/data/accompagnements.csv"

# 1. disk full: SIGXFSZ ignored, so writes past the limit fail (EFBIG)
(cd "$A" && sh -c "trap '' XFSZ; ulimit -f 64; exec \"\$0\" run obs.ini --quiet" "$OBS") > "$A/full.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$A/full.log"; fail "disk full: exit $rc, 1 expected"; }
grep -q "erreur" "$A/full.log" || fail "disk full: no error message"
unchanged "$A" "disk full"
echo "disk full: $(grep -m1 erreur "$A/full.log" | sed 's/^.*obs: //')"

# 2. an input that cannot be read
mv "$A/data/accompagnements.csv" "$W/accompagnements.csv"
ln -s /nonexistent/accompagnements.csv "$A/data/accompagnements.csv"
run "$A" > "$A/unreadable.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$A/unreadable.log"; fail "unreadable input: exit $rc, 1 expected"; }
grep -q "accompagnements.csv : fichier illisible" "$A/unreadable.log" || { cat "$A/unreadable.log"; fail "unreadable input: the file is not named"; }
unchanged "$A" "unreadable input"
echo "unreadable input: $(grep -m1 erreur "$A/unreadable.log" | sed 's/^.*obs: //')"

# 3. the cause gone, the next run gives what a run from scratch gives
rm "$A/data/accompagnements.csv" && mv "$W/accompagnements.csv" "$A/data/accompagnements.csv"
run "$A" > "$A/recovery.log" 2>&1 || { tail "$A/recovery.log"; fail "recovery run"; }
B="$W/b"
mkdir -p "$B" && cp -R "$A/data" "$B/data" && config "$B" || fail "setup"
run "$B" > "$B/scratch.log" 2>&1 || { tail "$B/scratch.log"; fail "run from scratch"; }
[ "$(q "$A" 'SELECT count(*) FROM accompagnement')" = $((n_before + 1)) ] || fail "recovery: the new episode is missing"
results "$A" > "$W/a.results"
results "$B" > "$W/b.results"
[ -s "$W/a.results" ] || fail "recovery: no results"
cmp -s "$W/a.results" "$W/b.results" || fail "recovery: results differ from a run from scratch ($(diff "$W/a.results" "$W/b.results" | grep -c '^[<>]') lines)"
[ "$(ls "$A/out" | sort)" = "$(ls "$B/out" | sort)" ] || fail "recovery: not the same reports"
echo "failures lose nothing: ok ($(wc -l < "$W/a.results") values equal to a run from scratch)"
