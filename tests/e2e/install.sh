#!/bin/sh
# `make install` into a temporary prefix: that obs runs the pipeline from
# another folder on a small dataset with its installed data (not the source
# tree's), its man page renders, `make uninstall` leaves the prefix empty;
# DESTDIR stages the same tree.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 not installed"; exit 0; }
# installation is the same code either way: once, in the normal pass
[ "${SAN:-0}" = 1 ] && { echo "skipped: not repeated under the sanitizers"; exit 0; }
# the build the test runs against (build, or build/san for the sanitizers)
build=build
san=0
case "$OBS" in
"$SRC"/*/obs) build=$(dirname "${OBS#"$SRC"/}") ;;
esac
[ "$build" = build/san ] && san=1
P="$WORK/prefix"
mkdir -p "$P"
make -s -C "$SRC" BUILD="$build" SAN="$san" install PREFIX="$P" > "$WORK/install.txt" 2>&1 ||
    { cat "$WORK/install.txt"; fail "make install"; }
for f in bin/obs share/man/man1/obs.1 share/bash-completion/completions/obs \
    share/obs/datasets/reference/communes.csv share/obs/indicators/catalog/etablissements_ess.sql \
    share/obs/reports/layouts/rapport-annuel.ini; do
    [ -f "$P/$f" ] || fail "not installed: $f"
done
bash -n "$P/share/bash-completion/completions/obs" 2>/dev/null || fail "completion script"

# the installed obs reads the installed data: without its regions.csv, init names that file
mv "$P/share/obs/datasets/reference/regions.csv" "$WORK/regions.csv"
(cd "$WORK" && env -u OBS_DATA_DIR -u OBS_REFERENCE_DIR -u OBS_CATALOG_DIR "$P/bin/obs" init probe.sqlite) \
    > "$WORK/probe.txt" 2>&1 && fail "init succeeded without the installed regions.csv"
grep -q "$P/share/obs/datasets/reference" "$WORK/probe.txt" || { cat "$WORK/probe.txt"; fail "not the installed data"; }
mv "$WORK/regions.csv" "$P/share/obs/datasets/reference/regions.csv"

# the pipeline from another folder, on a small dataset
python3 "$SRC/tests/oracle/gen_independent.py" 5 "$WORK/d" "$SRC/datasets/reference" > /dev/null || fail "generator"
cp "$WORK/d/obs.ini" "$WORK/obs.ini"
printf '[chemins]\nbase = obs.sqlite\nentrees = d/data\nsorties = out\njournal = obs.log\n[calcul]\nannee = 2024\n' \
    >> "$WORK/obs.ini"
mkdir -p "$WORK/elsewhere"
(cd "$WORK/elsewhere" && env -u OBS_DATA_DIR -u OBS_REFERENCE_DIR -u OBS_CATALOG_DIR \
    "$P/bin/obs" run ../obs.ini --quiet) > "$WORK/run.txt" 2>&1 || { cat "$WORK/run.txt"; fail "installed obs run"; }
[ ! -s "$WORK/run.txt" ] || { cat "$WORK/run.txt"; fail "--quiet printed something"; }
ls "$WORK/out"/*.pdf "$WORK/out"/*.xlsx > /dev/null 2>&1 || fail "no report from the installed obs"
"$P/bin/obs" help | grep -q "^  annuaire " || fail "installed obs help"

if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$P/share/man/man1/obs.1" > "$WORK/man.txt" 2> "$WORK/man-err.txt" || fail "man -l"
    grep -q "CODES DE SORTIE" "$WORK/man.txt" || fail "man page: no exit codes section"
    [ ! -s "$WORK/man-err.txt" ] || { cat "$WORK/man-err.txt"; fail "man page warnings"; }
fi

make -s -C "$SRC" BUILD="$build" SAN="$san" uninstall PREFIX="$P" > "$WORK/uninstall.txt" 2>&1 ||
    { cat "$WORK/uninstall.txt"; fail "make uninstall"; }
[ -z "$(ls -A "$P")" ] || { find "$P"; fail "make uninstall left files"; }

# DESTDIR: the same tree under a staging folder, the data folder compiled in without it
D="$WORK/stage"
make -s -C "$SRC" BUILD="$build" SAN="$san" install PREFIX=/opt/obs DESTDIR="$D" > /dev/null 2>&1 || fail "DESTDIR install"
[ -x "$D/opt/obs/bin/obs" ] && [ -f "$D/opt/obs/share/obs/indicators/catalog/etablissements_ess.sql" ] || fail "DESTDIR tree"
grep -q "/opt/obs/share/obs" "$D/opt/obs/bin/obs" || fail "DESTDIR: data folder compiled in"
make -s -C "$SRC" BUILD="$build" SAN="$san" uninstall PREFIX=/opt/obs DESTDIR="$D" > /dev/null 2>&1 || fail "DESTDIR uninstall"
[ -z "$(find "$D" -type f)" ] || fail "DESTDIR uninstall left files"
echo "install ok: $(ls "$WORK/out" | wc -l) files published by the installed obs; prefix empty after uninstall"
