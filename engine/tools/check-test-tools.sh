#!/bin/sh
# The programs the end-to-end tests check our outputs with (independent
# readers of our files): installed with apt-get when running as root,
# otherwise the exact command is printed and the tests that need them say
# "skipped" (LibreOffice, the largest, only opens our workbooks). Nothing is
# fetched from outside Debian.
set -u
FILES="/usr/bin/bc:bc /usr/bin/sqlite3:sqlite3 /usr/bin/python3:python3 /usr/lib/python3/dist-packages/openpyxl:python3-openpyxl
/usr/bin/pdftotext:poppler-utils /usr/bin/qpdf:qpdf /usr/bin/valgrind:valgrind /usr/bin/flock:util-linux
/usr/bin/soffice:libreoffice-calc-nogui /usr/bin/clang:clang
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev"
missing=""
for entry in $FILES; do
    f=${entry%%:*}; pkg=${entry#*:}
    [ -e "$f" ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "obs: installing test tools:$missing" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2 ||
        { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2; } ||
        echo "obs: could not install$missing: the tests that need them are skipped" >&2
else
    echo "obs: test tools missing:$missing (the tests that need them are skipped); install with:" >&2
    echo "    sudo apt-get install$missing" >&2
fi
exit 0
