#!/bin/sh
# Runs each libFuzzer target briefly (make test). Skipped, with a message, when
# clang or its fuzzer runtime is missing.
set -u
if [ ! -f tests/fuzz/build.sh ]; then
    echo "fuzz: no targets yet"
    exit 0
fi
sh tests/fuzz/build.sh build/fuzz || exit 1
