# Sourced by end-to-end scripts (needs $OBS, $SRC; $OBS_SHARED when run by
# tests/run-tests.sh). sample_db DEST copies to DEST a database where the
# embedded sample (datasets/sample) is initialised and loaded with its own
# configuration, as `obs init` then `obs load` give it.
# Under tests/run-tests.sh the database is built once per test pass, by the
# first script that asks (the others wait on a lock), in $OBS_SHARED; run
# alone, a script builds its own. Returns non-zero, with the log of the
# failed step on stderr, if init or load fails.
sample_db_build() { # DEST
    sample_db_config="$SRC/datasets/sample/obs.ini"
    rm -f "$1" "$1-wal" "$1-shm"
    "$OBS" init "$1" --config "$sample_db_config" > "$1.log" 2>&1 &&
        "$OBS" load "$1" --config "$sample_db_config" "$SRC/datasets/sample" >> "$1.log" 2>&1 ||
        { cat "$1.log" >&2; return 1; }
}
sample_db() { # DEST
    if [ -z "${OBS_SHARED:-}" ] || ! command -v flock > /dev/null 2>&1; then
        sample_db_build "$1"
        return
    fi
    (
        flock 9 || exit 1
        if [ ! -f "$OBS_SHARED/sample.sqlite" ]; then
            sample_db_build "$OBS_SHARED/sample.tmp.sqlite" &&
                mv "$OBS_SHARED/sample.tmp.sqlite" "$OBS_SHARED/sample.sqlite" || exit 1
        fi
    ) 9> "$OBS_SHARED/sample.lock" || return 1
    rm -f "$1-wal" "$1-shm"
    cp "$OBS_SHARED/sample.sqlite" "$1"
}
