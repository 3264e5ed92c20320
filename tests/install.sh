#!/bin/sh
# install.sh: 'make install' into a scratch DESTDIR, then build and run a
# small program against the installed header, pkg-config file and shared
# library, as a user of libreeks would.
#
# usage: tests/install.sh      (from the top of the source tree)
set -u
out=$(pwd)/tests/out/install
root=$out/root
rm -rf "$out"
mkdir -p "$out"
passed=0
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

if make -s install DESTDIR="$root" PREFIX=/usr >"$out/make.log" 2>&1; then
	ok
else
	fail "make install failed:"; sed 's/^/    /' "$out/make.log"
	echo "install: $passed passed, $failed failed"
	exit 1
fi

for f in usr/bin/reeks usr/include/reeks.h usr/lib/libreeks.a \
    usr/lib/libreeks.so.0.1.0 usr/lib/libreeks.so.0 usr/lib/libreeks.so \
    usr/lib/pkgconfig/reeks.pc usr/share/reeks/reeks.xsd \
    usr/share/man/man1/reeks.1 usr/share/man/man3/libreeks.3 \
    usr/share/man/man5/reeks-data.5 usr/share/man/man5/reeks-templates.5; do
	if [ -e "$root/$f" ]; then ok; else fail "not installed: $f"; fi
done

soname=$(readelf -d "$root/usr/lib/libreeks.so.0.1.0" |
	sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = libreeks.so.0 ] && ok || fail "soname is '$soname'"

# Only the public API is exported from the shared library (and, in the
# build of make coverage, gcov's runtime).
nm -D --defined-only "$root/usr/lib/libreeks.so.0.1.0" |
	awk '$2 ~ /[TDBR]/ { print $3 }' | grep -v '^reeks_' |
	grep -v '^__gcov_\|^mangle_path$' >"$out/extra-symbols"
[ -s "$out/extra-symbols" ] &&
	fail "exported beyond reeks_*: $(tr '\n' ' ' <"$out/extra-symbols")" ||
	ok

cat >"$out/example.c" <<'EOC'
#include <stdio.h>
#include <reeks.h>

int
main(int argc, char **argv)
{
	reeks_diags *diags = reeks_diags_new();
	reeks_store *st = NULL;

	if (argc != 2 || diags == NULL)
		return 2;
	if (reeks_store_load(argv[1], diags, &st) != REEKS_OK) {
		reeks_diags_free(diags);
		return 1;
	}
	const reeks_series *se = reeks_series_find(st, "nl-problem-drug-users");
	const reeks_obs *o = reeks_series_obs_at(se, 1);
	printf("%s %zu %s %s %s\n", reeks_version(),
	    reeks_store_series_count(st), reeks_obs_period(o),
	    reeks_obs_value_text(o), reeks_source_id(reeks_obs_source(o)));
	reeks_store_free(st);
	reeks_diags_free(diags);
	return 0;
}
EOC

pc_prefix=$(sed -n 's/^prefix=//p' "$root/usr/lib/pkgconfig/reeks.pc")
[ "$pc_prefix" = /usr ] && ok || fail "reeks.pc has prefix '$pc_prefix'"

# The .pc file is relative to its prefix: point that at DESTDIR.
export PKG_CONFIG_PATH="$root/usr/lib/pkgconfig"
flags=$(pkg-config --define-variable=prefix="$root/usr" --cflags --libs \
	reeks) && ok || fail "pkg-config reeks"
# With the compiler and flags of the build (make check-asan and make
# coverage build the library with sanitizers or --coverage).
if ${CC:-cc} ${CFLAGS:-} -std=c11 -Wall -Werror -o "$out/example" \
    "$out/example.c" $flags ${LDFLAGS:-} 2>"$out/cc.log"; then
	ok
	got=$(LD_LIBRARY_PATH="$root/usr/lib" "$out/example" tests/data/good)
	[ "$got" = "0.1.0 3 2005 33,500 idpc-2011" ] && ok ||
		fail "example printed '$got'"
else
	fail "cannot build against the installed library:"
	sed 's/^/    /' "$out/cc.log"
fi

got=$("$root/usr/bin/reeks" --version)
[ "$got" = "reeks 0.1.0" ] && ok || fail "installed reeks says '$got'"

# reeks init needs no file of the source tree (they are in the command):
# the installed reeks, run elsewhere, writes a dataset that it builds.
if (cd "$out" && "$root/usr/bin/reeks" init first >init.log 2>&1 &&
    cd first && "$root/usr/bin/reeks" check >>../init.log 2>&1 &&
    "$root/usr/bin/reeks" build -q --base-url http://localhost:8080/ \
    --out site >>../init.log 2>&1) &&
    [ -s "$out/first/site/en/series/example-series.html" ]; then
	ok
else
	fail "the installed reeks: init, check, build:"
	sed 's/^/    /' "$out/init.log"
fi

# man finds the installed pages by name.
got=$(MANPAGER=cat man -M "$root/usr/share/man" -w 5 reeks-data 2>&1)
[ "$got" = "$root/usr/share/man/man5/reeks-data.5" ] && ok ||
	fail "man -w 5 reeks-data says '$got'"

# make uninstall takes back every file make install put there.
if make -s uninstall DESTDIR="$root" PREFIX=/usr >"$out/make.log" 2>&1; then
	left=$(find "$root" ! -type d | sed "s|^$root/||")
	[ -z "$left" ] && ok || fail "left by make uninstall: $left"
else
	fail "make uninstall failed:"; sed 's/^/    /' "$out/make.log"
fi

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
