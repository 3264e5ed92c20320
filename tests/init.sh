#!/bin/sh
# init.sh: 'reeks init DIR', a new publisher's first dataset.
#
#  - a new directory gets exactly the files of skel/, data/reeks.xsd and
#    every file of templates/ (each the same bytes; the change log dated
#    by SOURCE_DATE_EPOCH), and its message names it;
#  - 'reeks check' of it prints one line, no error and no warning; 'reeks
#    build' of it, with the options of the tutorial, makes the example's
#    pages; the example is labelled as one to replace, in both languages;
#  - an empty directory is filled and keeps its permissions;
#  - refused with exit 1 and one exact line, touching nothing: a
#    non-empty directory, a symbolic link (to an empty directory too), a
#    bad SOURCE_DATE_EPOCH;
#  - all or nothing: a write that fails half way (a file size limit)
#    leaves no DIR and nothing beside it.
#
# (Usage errors are cases in tests/cli/usage.txt; the installed reeks is
# tried by tests/install.sh.)
#
# usage: tests/init.sh PATH-TO-REEKS      (from the top of the tree)
set -u
reeks=${1:?usage: tests/init.sh PATH-TO-REEKS}
case $reeks in /*) ;; *) reeks=$(pwd)/$reeks ;; esac
top=$(pwd)
out=$top/tests/out/init
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
export SOURCE_DATE_EPOCH=1796083200     # 2026-12-01
passed=0
failed=0
fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }
nl='
'

# same FILE TEXT: FILE holds exactly TEXT.
same() {
	printf '%s' "$2" >"$out/$name.want"
	if cmp -s "$1" "$out/$name.want"; then
		return 0
	fi
	fail "$(basename "$1") differs:"
	diff -u "$out/$name.want" "$1" | sed 's/^/    /'
	return 1
}

# listing DIR: every entry under DIR with its type and, for a file, its
# checksum: what "touching nothing" compares.
listing() {
	(cd "$1" && find . -printf '%y %m %p %l\n' | sort &&
	    find . -type f -exec sha256sum {} + | sort)
}

cd "$out" || exit 1

# ---- a new directory -----------------------------------------------------

name=new
if "$reeks" init mysite >"$name.out" 2>"$name.err"; then
	same "$name.out" "mysite: a new dataset, with an example series to replace (read its README.md)$nl" &&
	    same "$name.err" "" && ok
else
	fail "exit status $?"; sed 's/^/    /' "$name.err"
fi

name=files
(cd mysite && find . -type f | sed 's|^\./||' | sort) >"$name.got"
{
	(cd "$top/skel" && find . -type f | sed 's|^\./||')
	echo data/reeks.xsd
	(cd "$top" && ls templates/*)
} | sort >"$name.want"
if cmp -s "$name.got" "$name.want"; then ok; else
	fail "not the files expected:"; diff "$name.want" "$name.got" |
	    sed 's/^/    /'
fi

name=bytes
bad=
for f in $(cat files.want); do
	case $f in
	data/changes.xml)
		sed 's/@DATE@/2026-12-01/' "$top/skel/$f" >"$name.changes"
		src=$name.changes ;;
	data/reeks.xsd|templates/*) src=$top/$f ;;
	*) src=$top/skel/$f ;;
	esac
	cmp -s "$src" "mysite/$f" || bad="$bad $f"
done
grep -q 'date="2026-12-01"' mysite/data/changes.xml || bad="$bad (date)"
[ -z "$bad" ] && ok || fail "differ from their source:$bad"

# No leftover of the private directory it was written in.
name=no-leftover
left=$(ls -A | grep -c '^\.reeks-init-')
[ "$left" -eq 0 ] && ok || fail "$left .reeks-init-* directories left"

# ---- it checks and builds at once -------------------------------------------

name=check
if "$reeks" check --data mysite/data >"$name.out" 2>"$name.err"; then
	same "$name.out" "mysite/data: 1 series, 2 observations, 0 claims, 1 source: no errors$nl" &&
	    same "$name.err" "" && ok
else
	fail "exit status $?"; sed 's/^/    /' "$name.err"
fi

name=build
if "$reeks" build --data mysite/data --templates mysite/templates \
    --license mysite/LICENSE --out mysite/site \
    --base-url http://localhost:8080/ >"$name.out" 2>"$name.err"; then
	bad=
	for f in index.html en/index.html nl/index.html \
	    en/series/example-series.html nl/series/example-series.html \
	    data/reeks.zip; do
		[ -s "mysite/site/$f" ] || bad="$bad $f"
	done
	[ -z "$bad" ] && ok || fail "missing:$bad"
else
	fail "exit status $?"; sed 's/^/    /' "$name.err"
fi

# The example says it is one, wherever its figures are shown.
name=labelled
bad=
grep -q 'Example series: replace with your own' \
    mysite/site/en/series/example-series.html || bad="$bad en-title"
grep -q 'Voorbeeldreeks: vervang door uw eigen reeks' \
    mysite/site/nl/series/example-series.html || bad="$bad nl-title"
grep -q 'Example source (replace)' mysite/site/en/series/example-series.html ||
	bad="$bad source"
grep -q 'placeholders, not statistics' \
    mysite/site/en/series/example-series.html || bad="$bad description"
[ -z "$bad" ] && ok || fail "not labelled as an example:$bad"

# ---- an empty directory --------------------------------------------------------

name=empty
mkdir empty && chmod 750 empty
if "$reeks" init empty/ >"$name.out" 2>"$name.err"; then
	mode=$(stat -c %a empty)
	[ "$mode" = 750 ] && [ -f empty/data/example.xml ] &&
	    [ -f empty/templates/layout.mustache ] && ok ||
	    fail "mode $mode, or files missing"
else
	fail "exit status $?"; sed 's/^/    /' "$name.err"
fi

# ---- refused, touching nothing ----------------------------------------------

# refused NAME STDERR ARGS...: reeks init ARGS exits 1 with exactly
# STDERR, nothing on stdout, and the sandbox unchanged.
refused() {
	name=$1 want=$2
	shift 2
	listing "$out/sandbox" >"$out/$name.before"
	(cd "$out/sandbox" && "$reeks" init "$@") >"$out/$name.out" \
	    2>"$out/$name.err"
	status=$?
	listing "$out/sandbox" >"$out/$name.after"
	if [ "$status" -ne 1 ]; then
		fail "exit status $status, expected 1"
	elif ! cmp -s "$out/$name.before" "$out/$name.after"; then
		fail "the sandbox changed:"
		diff "$out/$name.before" "$out/$name.after" | sed 's/^/    /'
	else
		same "$out/$name.out" "" && same "$out/$name.err" "$want" && ok
	fi
}

mkdir -p sandbox/full sandbox/hollow
echo keep >sandbox/full/notes.txt
ln -s hollow sandbox/link
ln -s full sandbox/link-full
ln -s nowhere sandbox/dangling
refused not-empty "full: exists and is not empty: reeks init writes only a new or empty directory$nl" full
refused symlink "link: is a symbolic link: reeks init writes only a new or empty directory$nl" link
refused symlink-slash "link/: is a symbolic link: reeks init writes only a new or empty directory$nl" link/
refused symlink-full "link-full: is a symbolic link: reeks init writes only a new or empty directory$nl" link-full
refused dangling "dangling: is a symbolic link: reeks init writes only a new or empty directory$nl" dangling
SOURCE_DATE_EPOCH=x refused bad-date "reeks: SOURCE_DATE_EPOCH 'x' is not a number of seconds$nl" new

# A write that fails half way (reeks.xsd is larger than 8 KiB): the
# error names the file, and neither DIR nor the private directory is left.
name=half-way
(ulimit -f 16 && cd sandbox && "$reeks" init half) >"$name.out" 2>"$name.err"
status=$?
if [ "$status" -ne 1 ]; then
	fail "exit status $status, expected 1"
elif [ -e sandbox/half ] || ls -A sandbox | grep -q '^\.reeks-init-'; then
	fail "something was left: $(ls -A sandbox | tr '\n' ' ')"
elif ! grep -q '^half: cannot write data/reeks.xsd: File too large$' \
    "$name.err"; then
	fail "stderr:"; sed 's/^/    /' "$name.err"
else
	ok
fi

echo "init: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
