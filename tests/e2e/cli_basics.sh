#!/bin/sh
# The command line: help, version, documented exit codes, --help on every command.
set -u
fail() { echo "FAIL: $*"; exit 1; }

"$OBS" help > "$WORK/help.txt" || fail "obs help exited $?"
grep -q "usage : obs COMMANDE" "$WORK/help.txt" || fail "obs help has no usage line"

"$OBS" version | grep -Eq '^obs [0-9]+\.[0-9]+\.[0-9]+$' || fail "obs version"

"$OBS" no-such-command 2> "$WORK/err.txt"
[ $? -eq 2 ] || fail "unknown command must exit 2"
grep -q "commande inconnue" "$WORK/err.txt" || fail "unknown command message"

"$OBS" > /dev/null
[ $? -eq 2 ] || fail "no command must exit 2"

# Every command listed by `obs help` answers --help with its usage and exit 0.
for cmd in $(sed -n 's/^  \([a-z-]*\) .*/\1/p' "$WORK/help.txt"); do
    "$OBS" "$cmd" --help > "$WORK/cmd-help.txt" 2>&1 || fail "obs $cmd --help exited $?"
    grep -qi "usage" "$WORK/cmd-help.txt" || [ "$cmd" = help ] || [ "$cmd" = version ] ||
        fail "obs $cmd --help prints no usage"
done
echo "cli basics ok"
