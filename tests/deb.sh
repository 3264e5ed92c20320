#!/bin/sh
# deb.sh: the Debian package (debian/), built and used as a user would:
#
#  - dpkg-buildpackage -us -uc -b on a copy of the tree (the files git
#    knows and new ones it does not ignore) in tests/out/deb/src; the
#    .debs and .changes land in tests/out/deb/; debian/changelog's version
#    is the Makefile's VERSION, and the build used dpkg-buildflags'
#    hardening flags (CPPFLAGS, CFLAGS, LDFLAGS: -D_FORTIFY_SOURCE in the
#    compile lines, BIND_NOW and RELRO in the binaries);
#  - lintian on the .changes: no error (E:); its output is kept in
#    tests/out/deb/lintian.txt;
#  - each of reeks, libreeks0 and libreeks-dev holds exactly the files of
#    tests/deb/contents.txt, and reeks depends on fonts-dejavu-core (the
#    charts' PNGs);
#  - the three, extracted with dpkg-deb -x into a clean directory (no
#    root install): reeks --version; reeks init DIR, then reeks check and
#    reeks build in DIR; man -l renders each installed page; a C program
#    built with pkg-config --cflags --libs reeks against the extracted
#    libreeks-dev (and again against its static library) loads data/ and
#    prints the series count that the installed reeks check reports.
#
# usage: tests/deb.sh      (from the top of the source tree)
set -u
top=$(pwd)
out=$top/tests/out/deb
rm -rf "$out"
mkdir -p "$out/src"
export LC_ALL=C TZ=UTC
# Not make check's make: its options and variables (make check-asan's CC
# and CFLAGS) are not the package build's.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES CFLAGS CPPFLAGS LDFLAGS CC
passed=0
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }
finish() {
	echo "deb: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

version=$(sed -n 's/^#define REEKS_VERSION "\(.*\)"/\1/p' lib/reeks.h)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
got=$(dpkg-parsechangelog -l debian/changelog -S Version)
[ "$got" = "$version" ] && ok ||
	fail "debian/changelog says $got, lib/reeks.h $version"

git ls-files -z --cached --others --exclude-standard |
	tar --null --ignore-failed-read -T - -cf - 2>/dev/null |
	tar -xf - -C "$out/src"
if (cd "$out/src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1
then
	ok
else
	fail "dpkg-buildpackage failed (tests/out/deb/build.log):"
	tail -30 "$out/build.log" | sed 's/^/    /'
	finish
fi

# Debian's hardening flags reached the compiler and the linker.
flags=" $(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CFLAGS) "
for f in -D_FORTIFY_SOURCE=2 -fstack-protector-strong; do
	case $flags in *" $f "*) ;; *) continue ;; esac
	for o in lib/load.o gen/cli/main.o; do
		grep -- "-o $o " "$out/build.log" | grep -q -- "$f" && ok ||
			fail "$o was compiled without $f"
	done
done

changes=$out/reeks_${version}_$arch.changes
lintian -I --tag-display-limit 0 "$changes" >"$out/lintian.txt" 2>&1
if grep -q '^E:' "$out/lintian.txt"; then
	fail "lintian found errors (tests/out/deb/lintian.txt):"
	grep '^E:' "$out/lintian.txt" | sed 's/^/    /'
else
	ok
fi
# Warnings do not fail the test (lintian's tags change with its
# version), but they are shown.
grep '^W:' "$out/lintian.txt" | sed 's/^/note: lintian: /'

# Each package's files (not its directories), as tests/deb/contents.txt
# lists them.
for p in reeks libreeks0 libreeks-dev; do
	deb=$out/${p}_${version}_$arch.deb
	[ -f "$deb" ] || { fail "no $deb"; continue; }
	dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' |
		sed -e 's|^\./|/|' -e "s|/$multiarch/|/@MULTIARCH@/|" \
		    -e "s|\.so\.$version\$|.so.@VERSION@|" |
		sort >"$out/$p.contents"
	sed -n "s|^$p ||p" tests/deb/contents.txt | sort >"$out/$p.want"
	diff -u "$out/$p.want" "$out/$p.contents" >"$out/$p.diff" && ok ||
		{ fail "$p's files:"; sed 's/^/    /' "$out/$p.diff"; }
	dpkg-deb -x "$deb" "$out/root"
done
depends=$(dpkg-deb -f "$out/reeks_${version}_$arch.deb" Depends)
case ", $depends," in
*", fonts-dejavu-core,"*) ok ;;
*) fail "reeks depends on '$depends', not on fonts-dejavu-core" ;;
esac

root=$out/root
libdir=$root/usr/lib/$multiarch
soname=$(readelf -d "$libdir/libreeks.so.$version" |
	sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = libreeks.so.0 ] && ok || fail "libreeks's soname is '$soname'"
for b in "$root/usr/bin/reeks" "$libdir/libreeks.so.$version"; do
	readelf -d "$b" | grep -q 'FLAGS.*NOW' && ok ||
		fail "$b: not linked with -z now"
	readelf -lW "$b" | grep -q GNU_RELRO && ok ||
		fail "$b: not linked with -z relro"
done

reeks=$root/usr/bin/reeks
got=$("$reeks" --version)
[ "$got" = "reeks $version" ] && ok || fail "reeks --version says '$got'"

# The installed reeks needs no file of the source tree.
if (cd "$out" && "$reeks" init first >init.log 2>&1 && cd first &&
    "$reeks" check >>../init.log 2>&1 &&
    "$reeks" build -q --base-url http://localhost:8080/ --out site \
    >>../init.log 2>&1) &&
    [ -s "$out/first/site/en/series/example-series.html" ] &&
    [ -s "$out/first/site/nl/series/example-series.html" ]; then
	ok
else
	fail "the packaged reeks: init, check, build:"
	sed 's/^/    /' "$out/init.log"
fi

# man -l renders each installed page (compressed by dh_compress), its
# NAME line the page's .Nd ("--" for the dash in the C locale).
for page in man1/reeks.1 man5/reeks-data.5 man5/reeks-templates.5 \
    man3/libreeks.3; do
	src=doc/${page#*/}
	nd=$(sed -n 's/^\.Nd //p' "$src")
	name=$(basename "$src" | sed 's/\.[0-9]$//')
	if MANPAGER=cat MANWIDTH=200 man -l "$root/usr/share/man/$page.gz" \
	    >"$out/man.txt" 2>"$out/man.err" && [ ! -s "$out/man.err" ] &&
	    grep -q "^ *$name -\{1,2\} $nd\$" "$out/man.txt"; then
		ok
	else
		fail "man -l $page.gz:"
		sed 's/^/    /' "$out/man.err"
	fi
done

# A program against the extracted libreeks-dev: the series count of data/
# as the packaged reeks check reports it ("data: N series, ...").
cat >"$out/count.c" <<'EOC'
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
	printf("%zu\n", reeks_store_series_count(st));
	reeks_store_free(st);
	reeks_diags_free(diags);
	return 0;
}
EOC
want=$("$reeks" check --data data 2>/dev/null |
	sed -n 's/^data: \([0-9][0-9]*\) series,.*/\1/p')
[ -n "$want" ] && ok || fail "reeks check --data data printed no count"
# The .pc file's paths are relative to its prefix: point that at the
# extracted tree.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags=$(pkg-config --define-variable=prefix="$root/usr" --cflags --libs \
	reeks) && ok || fail "pkg-config reeks"
case " $flags " in
*" -I$root/usr/include "*" -L$libdir "*) ok ;;
*) fail "pkg-config reeks gives '$flags'" ;;
esac
if cc -std=c11 -Wall -Werror -o "$out/count" "$out/count.c" $flags \
    2>"$out/cc.log"; then
	ok
	readelf -d "$out/count" | grep -q 'NEEDED.*\[libreeks\.so\.0\]' &&
		ok || fail "count does not need libreeks.so.0"
	got=$(LD_LIBRARY_PATH=$libdir "$out/count" data)
	[ "$got" = "$want" ] && ok ||
		fail "count (shared) printed '$got', not '$want'"
else
	fail "cannot build against the packaged library:"
	sed 's/^/    /' "$out/cc.log"
fi
# The static library, with what the .pc file names for it.
sflags=$(pkg-config --define-variable=prefix="$root/usr" --cflags \
	--static --libs-only-other --libs-only-l reeks | sed 's/-lreeks//')
if cc -std=c11 -Wall -Werror -I"$root/usr/include" -o "$out/count-static" \
    "$out/count.c" "$libdir/libreeks.a" $sflags 2>"$out/cc.log"; then
	got=$("$out/count-static" data)
	[ "$got" = "$want" ] && ok ||
		fail "count (static) printed '$got', not '$want'"
else
	fail "cannot build against the packaged static library:"
	sed 's/^/    /' "$out/cc.log"
fi

finish
