#!/bin/sh
# Checks the Debian packages obs builds against and prints the compiler and
# linker flags as a make fragment on stdout. Missing packages are installed
# with apt-get when running as root; otherwise the exact command is printed
# and the script fails. Nothing is ever fetched from outside Debian.
set -u

# pkg-config name -> Debian package
PKGS="gsl:libgsl-dev sqlite3:libsqlite3-dev xlsxwriter:libxlsxwriter-dev cmocka:libcmocka-dev inih:libinih-dev libxxhash:libxxhash-dev jansson:libjansson-dev"
# Packages without a pkg-config file, checked by a file they install.
FILES="/usr/include/hpdf.h:libhpdf-dev /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core /usr/bin/pkg-config:pkg-config"

missing=""
for entry in $FILES; do
    f=${entry%%:*}; pkg=${entry#*:}
    [ -e "$f" ] || missing="$missing $pkg"
done
if command -v pkg-config >/dev/null 2>&1; then
    for entry in $PKGS; do
        pc=${entry%%:*}; pkg=${entry#*:}
        pkg-config --exists "$pc" || missing="$missing $pkg"
    done
else
    for entry in $PKGS; do missing="$missing ${entry#*:}"; done
fi

if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "obs: installing missing packages:$missing" >&2
        # apt-get update only when the package lists are empty or the install fails.
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2; then
            apt-get update -qq >&2 &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2 || {
                echo "obs: apt-get could not install:$missing" >&2; exit 1; }
        fi
    else
        echo "obs: missing build dependencies:$missing" >&2
        echo "obs: install them with:" >&2
        echo "    sudo apt-get install$missing" >&2
        exit 1
    fi
fi

printf 'PKG_CFLAGS := %s\n' "$(pkg-config --cflags gsl sqlite3 xlsxwriter cmocka inih libxxhash jansson)"
printf 'PKG_LIBS := %s -lhpdf -lm\n' "$(pkg-config --libs gsl sqlite3 xlsxwriter inih libxxhash jansson)"
printf 'CMOCKA_LIBS := %s\n' "$(pkg-config --libs cmocka)"
