#!/bin/sh
# man.sh: the manual pages in doc/: mandoc -Tlint finds nothing in them,
# man -l renders each, reeks(1) documents every command, option and
# calc function that 'reeks --help' and 'reeks COMMAND --help' list (and
# the check fails on a page missing one), the example program of
# libreeks(3) compiles against lib/libreeks.a and prints what the data
# says, every function libreeks(3) names is in lib/reeks.h, and the
# example file of reeks-data(5) passes 'reeks check' and
# builds.
#
# usage: tests/man.sh PATH-TO-REEKS     (from the top of the source tree,
#        after make: it links lib/libreeks.a)
set -u
reeks=${1:?usage: tests/man.sh PATH-TO-REEKS}
out=tests/out/man
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C
passed=0
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

pages="doc/reeks.1 doc/libreeks.3 doc/reeks-data.5 doc/reeks-templates.5"

# ---- mandoc -Tlint -------------------------------------------------------
#
# mandoc looks up each .Xr in the base manual tree (/usr/share/man, fixed
# when mandoc is compiled), where these pages are once installed but not
# before. So the lint runs in a mount namespace whose /usr/share/man holds
# the four pages and an indexed stand-in for each other page they refer to
# (free(3), pkg-config(1)): a page's STYLE messages, every one, are then
# exactly what mandoc says of it installed. Without a mount namespace (not
# root), the lint runs as it is and only the "referenced manual not found"
# messages for the four pages and for the system pages are let through,
# each of those checked to exist.
tree=$(pwd)/$out/mantree
mkdir -p "$tree/man1" "$tree/man3" "$tree/man5"
for p in $pages; do
	cp "$p" "$tree/man${p##*.}/"
done
# Every .Xr NAME SECTION of the pages that is not one of them.
sed -n 's/^\.Xr \([a-z0-9_-]*\) \([1-9]\).*/\1 \2/p' $pages | sort -u |
while read -r name sec; do
	[ -f "doc/$name.$sec" ] && continue
	upper=$(echo "$name" | tr a-z A-Z)
	printf '.Dd December 7, 2026\n.Dt %s %s\n.Os\n.Sh NAME\n.Nm %s\n.Nd stand-in\n.Sh DESCRIPTION\nA stand-in.\n' \
	    "$upper" "$sec" "$name" >"$tree/man$sec/$name.$sec"
done

if ! command -v mandoc >/dev/null 2>&1; then
	fail "mandoc is not installed (tools/deps test)"
elif unshare -m true 2>/dev/null; then
	makewhatis "$tree" >"$out/makewhatis.log" 2>&1 ||
	    fail "makewhatis $tree"
	unshare -m sh -c 't=$1; shift; mount --bind "$t" /usr/share/man &&
	    exec mandoc -Tlint "$@"' sh "$tree" $pages >"$out/lint" 2>&1
	status=$?
	if [ -s "$out/lint" ] || [ $status -ne 0 ]; then
		fail "mandoc -Tlint (exit $status):"
		sed 's/^/    /' "$out/lint"
	else
		ok
	fi
else
	echo "man: no mount namespace here (not root): mandoc -Tlint with" \
	    "the cross-references to pages not installed let through"
	mandoc -Tlint $pages >"$out/lint" 2>&1
	names=$(ls "$tree"/man*/ | sed -n 's/\.[1-9]$//p' | paste -sd'|')
	grep -Ev "STYLE: referenced manual not found: Xr ($names) [1-9]|outdated mandoc.db lacks ($names)\(" \
	    "$out/lint" >"$out/lint-rest"
	if [ -s "$out/lint-rest" ]; then
		fail "mandoc -Tlint:"; sed 's/^/    /' "$out/lint-rest"
	else
		ok
	fi
fi

# ---- man -l renders each page ---------------------------------------------
for p in $pages; do
	if MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$p" >"$out/render" \
	    2>"$out/render.err" && [ ! -s "$out/render.err" ] &&
	    grep -q '^NAME' "$out/render" &&
	    grep -q '^SEE ALSO' "$out/render"; then
		ok
	else
		fail "man -l $p does not render:"
		sed 's/^/    /' "$out/render.err"
	fi
done

# ---- reeks(1) documents every command, option and calc function ----------
#
# check_options PAGE: every command of 'reeks --help' is in PAGE's
# SYNOPSIS (.Cm NAME) and has a subsection (.Ss NAME) naming each long
# option (Fl -name) and short option (Fl x) of 'reeks NAME --help' (-h
# and --help aside: they are documented once for all); calc's subsection
# has an item for each function; --version and -h, --help are there.
# Prints what is missing; fails when anything is.
check_options() {
	page=$1 missing=0
	"$reeks" --help >"$out/help" || return 1
	sed -n '/^Commands:/,/^$/p' "$out/help" |
	    sed -n 's/^  \([a-z][a-z-]*\)\( .*\)\{0,1\}$/\1/p' >"$out/commands"
	[ -s "$out/commands" ] || { echo "no commands in reeks --help"; return 1; }
	for f in -version h -help; do
		grep -q "Fl $f\\b" "$page" ||
		    { echo "reeks: option '-$f' not in $page" | sed 's/--/-/'
		      missing=1; }
	done
	for c in $(cat "$out/commands"); do
		sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$page" |
		    grep -q "^\.Cm $c\$" ||
		    { echo "$c: not in the SYNOPSIS of $page"; missing=1; }
		sed -n "/^\\.Ss $c\$/,/^\\.S[sh] /p" "$page" >"$out/section"
		[ -s "$out/section" ] ||
		    { echo "$c: no subsection '.Ss $c' in $page"; missing=1; }
		"$reeks" "$c" --help >"$out/help-$c" ||
		    { echo "$c: reeks $c --help failed"; missing=1; continue; }
		# The options are those under "Options:" (the text above may
		# name another command's, as init's does build's).
		sed -n '/^Options:/,/^$/p' "$out/help-$c" >"$out/opts-$c"
		for o in $(grep -o -- '--[a-z][a-z-]*' "$out/opts-$c" | sort -u); do
			[ "$o" = --help ] && continue
			grep -q -- "Fl -${o#--}\\b" "$out/section" ||
			    { echo "$c: option '$o' not in $page"; missing=1; }
		done
		for o in $(sed -n 's/^ *-\([a-zA-Z]\), --.*/\1/p' \
		    "$out/opts-$c"); do
			[ "$o" = h ] && continue
			grep -q "Fl $o\\b" "$out/section" ||
			    { echo "$c: option '-$o' not in $page"; missing=1; }
		done
		[ "$c" = calc ] || continue
		fns=$(sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' "$out/help-$c")
		[ -n "$fns" ] || { echo "calc: no functions in its help"; missing=1; }
		for fn in $fns; do
			grep -q "^\\.It Cm $fn\\b" "$out/section" ||
			    { echo "calc: function '$fn' not in $page"; missing=1; }
		done
	done
	return $missing
}

if check_options doc/reeks.1 >"$out/options" 2>&1; then
	ok
else
	fail "reeks(1) misses what reeks --help lists:"
	sed 's/^/    /' "$out/options"
fi
# The check itself: a page without one option, one command's subsection
# or one calc function fails it, naming what is missing.
while IFS='|' read -r cut want; do
	sed "$cut" doc/reeks.1 >"$out/cut.1"
	if check_options "$out/cut.1" >"$out/options-cut" 2>&1; then
		fail "the options check passes a reeks.1 edited by '$cut'"
	elif ! grep -qx "$want" "$out/options-cut"; then
		fail "the options check of a reeks.1 edited by '$cut' says:"
		sed 's/^/    /' "$out/options-cut"
	else
		ok
	fi
done <<'EOC'
/^\.It Fl -verify$/d|build: option '--verify' not in tests/out/man/cut.1
/^\.It Fl q , Fl -quiet$/s/Fl q ,//|build: option '-q' not in tests/out/man/cut.1
/^\.Ss diff$/d|diff: no subsection '.Ss diff' in tests/out/man/cut.1
/^\.Cm release$/d|release: not in the SYNOPSIS of tests/out/man/cut.1
/^\.It Cm qbeta /d|calc: function 'qbeta' not in tests/out/man/cut.1
EOC

# ---- the example of libreeks(3) -------------------------------------------
#
# The program between .Bd -literal and .Ed in EXAMPLES, unescaped, built
# against lib/libreeks.a; it prints each series' latest figure, which must
# be the last row of that series in 'reeks export' (CSV, in series and
# period order).
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' doc/libreeks.3 |
    sed -n '/^\.Bd -literal/,/^\.Ed/p' | sed '1d;$d' |
    sed -e 's/\\e/\\/g' -e 's/\\&//g' >"$out/latest.c"
XML_LIBS=$(pkg-config --libs libxml-2.0 libcrypto)
if ${CC:-cc} ${CFLAGS:-} -std=c11 -Wall -Wextra -Werror -Ilib \
    -o "$out/latest" "$out/latest.c" lib/libreeks.a $XML_LIBS -lm \
    -pthread ${LDFLAGS:-} 2>"$out/cc.log"; then
	ok
	for d in data tests/data/good; do
		# The CSV writes a value without thousands separators.
		"$out/latest" "$d" 2>"$out/latest.err" |
		    awk -F '\t' -v OFS='\t' '{ gsub(/,/, "", $3); print }' \
		    >"$out/latest.out" ||
		    fail "the libreeks(3) example fails on $d"
		"$reeks" export --data "$d" --format csv 2>/dev/null |
		    python3 -c '
import csv, sys
last = {}
for row in csv.DictReader(sys.stdin):
    last[row["series_id"]] = (row["period"], row["value"] or "-")
for sid in sorted(last):
    print("%s\t%s\t%s" % (sid, *last[sid]))
' >"$out/latest.want"
		[ -s "$out/latest.want" ] || fail "no export of $d"
		if cmp -s "$out/latest.want" "$out/latest.out"; then
			ok
		else
			fail "the libreeks(3) example on $d:"
			diff -u "$out/latest.want" "$out/latest.out" |
			    sed 's/^/    /' | head -20
		fi
	done
	"$out/latest" tests/data/bad >/dev/null 2>"$out/latest.err"
	status=$?
	if [ $status -eq 1 ] && grep -q '^tests/data/bad/.*:[0-9]*: ' \
	    "$out/latest.err"; then
		ok
	else
		fail "the libreeks(3) example on bad data: exit $status"
	fi
else
	fail "the libreeks(3) example does not compile:"
	sed 's/^/    /' "$out/cc.log"
fi

# Every function libreeks(3) names is declared in lib/reeks.h.
sed -n 's/^\.F[no] \(reeks_[a-z0-9_]*\).*/\1/p' doc/libreeks.3 | sort -u \
    >"$out/functions"
[ "$(wc -l <"$out/functions")" -gt 50 ] ||
    fail "libreeks(3) names only $(wc -l <"$out/functions") functions"
missing=$(while read -r fn; do
	grep -q "[ *]$fn(" lib/reeks.h || echo "$fn"
done <"$out/functions")
[ -z "$missing" ] && ok ||
    fail "libreeks(3) names functions lib/reeks.h does not declare:" $missing

# ---- the example of reeks-data(5) -------------------------------------------
mkdir -p "$out/data"
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' doc/reeks-data.5 |
    sed -n '/^\.Bd -literal/,/^\.Ed/p' | sed '1d;$d' |
    sed -e 's/\\e/\\/g' -e 's/\\&//g' >"$out/data/example.xml"
got=$("$reeks" check --data "$out/data" 2>&1)
if [ "$got" = "$out/data: 1 series, 2 observations, 0 claims, 1 source: no errors" ]
then
	ok
else
	fail "reeks check of the reeks-data(5) example says: $got"
fi
if REEKS_NO_PNG=1 "$reeks" build -q --data "$out/data" \
    --templates templates --out "$out/site" \
    --base-url http://localhost:8080/ >"$out/build.log" 2>&1 &&
    [ -f "$out/site/en/series/nl-clients.html" ]; then
	ok
else
	fail "reeks build of the reeks-data(5) example:"
	sed 's/^/    /' "$out/build.log"
fi

echo "man: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
