#!/bin/sh
# loadcache.sh: the load cache (reeks check --cache FILE, and
# SITE.reeks-load beside a built site) gives exactly what a load without
# it gives, reads again only the files that changed, and is never
# trusted when damaged: a truncated cache, a flipped byte anywhere, a
# wrong version, a payload that does not decode, a cache of another data
# set all give the plain load's messages and exit status, and leave a
# fresh valid cache (the next load takes every file from it).
# tests/load.sh runs each loader case cold and warm as well.
#
# usage: tests/loadcache.sh PATH-TO-REEKS   (from the top of the tree)
set -u
reeks=${1:?usage: tests/loadcache.sh PATH-TO-REEKS}
case $reeks in /*) ;; *) reeks=$PWD/$reeks ;; esac
out=tests/out/loadcache
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C
unset REEKS_BUILD_STATS
passed=0
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
pass() { passed=$((passed + 1)); }

# check NAME DATA [CACHE]: reeks check's stderr, stdout and exit status
# in $out/NAME.got (the stats line apart, in $out/NAME.stats).
check() {
	if [ $# -gt 2 ]; then
		REEKS_BUILD_STATS=1 "$reeks" check --data "$2" --cache "$3" \
		    >"$out/$1.out" 2>"$out/$1.err"
	else
		"$reeks" check --data "$2" >"$out/$1.out" 2>"$out/$1.err"
	fi
	echo "exit $?" >"$out/$1.status"
	grep '^stats: ' "$out/$1.err" >"$out/$1.stats"
	grep -v '^stats: ' "$out/$1.err" |
	    cat - "$out/$1.out" "$out/$1.status" >"$out/$1.got"
}

# same NAME PLAIN: NAME printed exactly what PLAIN did.
same() {
	if cmp -s "$out/$2.got" "$out/$1.got"; then
		pass
	else
		fail "$1: not what a load without the cache prints:"
		diff -u "$out/$2.got" "$out/$1.got" | head -20 | sed 's/^/    /'
	fi
}

# stats NAME PARSED CACHED: what NAME's load read.
stats() {
	want="stats: data files $2 parsed, $3 from the load cache"
	if [ "$(cat "$out/$1.stats")" = "$want" ]; then
		pass
	else
		fail "$1: '$(cat "$out/$1.stats")', not '$want'"
	fi
}

# reseal FILE: the checksum (the last 32 bytes) made right again, so that
# what was changed before it is what the reader meets.
reseal() {
	n=$(($(wc -c <"$1") - 32))
	head -c "$n" "$1" >"$1.body"
	{ cat "$1.body"; sha256sum "$1.body" | cut -c1-64 | xxd -r -p; } >"$1"
	rm -f "$1.body"
}

# flip FILE OFFSET: the byte at OFFSET XOR 0x01.
flip() {
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((b ^ 1)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

nfiles=$(ls data/*.xml | wc -l)
cp -R data "$out/data"
check plain "$out/data"

# ---- cold, warm, one file changed ------------------------------------------
c=$out/cache
check cold "$out/data" "$c"
same cold plain
stats cold "$nfiles" 0
[ -s "$c" ] && pass || fail "cold: no cache written at $c"
cp "$c" "$out/cache.first"
check warm "$out/data" "$c"
same warm plain
stats warm 0 "$nfiles"
cmp -s "$c" "$out/cache.first" && pass ||
    fail "warm: the cache was written again though nothing changed"

# One file's bytes change (a comment): that file alone is read again.
f=$(ls "$out"/data/*.xml | head -1)
printf '<!-- edited -->\n' >>"$f"
check edit "$out/data" "$c"
same edit plain
stats edit 1 $((nfiles - 1))
check edit-warm "$out/data" "$c"
stats edit-warm 0 "$nfiles"

# A change that makes an error: the cached load says what the plain
# one says, errors of the other files' checks across files included.
sed -i 's/<title lang="en">/<title lang="en" bad="1">/' "$f"
check bad-plain "$out/data"
check bad "$out/data" "$c"
same bad bad-plain
grep -q '^exit 1$' "$out/bad.got" && pass ||
    fail "bad: the edit made no error (the test edits nothing?)"
check bad-warm "$out/data" "$c"
same bad-warm bad-plain
# A load with an error writes no cache: the edited file is parsed again,
# the others still come from the cache the last good load wrote.
stats bad-warm 1 $((nfiles - 1))
# ... and a file removed: the cross-file checks run again.
mv "$f" "$out/removed.xml"
check gone-plain "$out/data"
check gone "$out/data" "$c"
same gone gone-plain
stats gone 0 $((nfiles - 1))
mv "$out/removed.xml" "$f"
rm -rf "$out/data"
cp -R data "$out/data"
check again "$out/data" "$c"
same again plain

# ---- damaged caches --------------------------------------------------------
# Each damaged copy: the plain load's result, every file read from XML,
# and a fresh cache that the next load takes every file from.
damaged() {
	check "$1" "$out/data" "$out/d"
	same "$1" plain
	stats "$1" "$nfiles" 0
	check "$1-after" "$out/data" "$out/d"
	stats "$1-after" 0 "$nfiles"
}
check good "$out/data" "$c"
size=$(wc -c <"$c")
for n in 0 1 7 8 12 44 52 $((size / 2)) $((size - 33)) $((size - 1)); do
	head -c "$n" "$c" >"$out/d"
	damaged "truncated-$n"
done
for at in 0 7 8 11 12 43 44 51 52 60 100 $((size / 3)) $((size / 2)) \
    $((size - 33)) $((size - 32)) $((size - 1)); do
	cp "$c" "$out/d"
	flip "$out/d" "$at"
	damaged "flipped-$at"
done
# A wrong version, a wrong key, an entry count too large, with the
# checksum made right: still not used.
for at in 8 12 44; do
	cp "$c" "$out/d"
	flip "$out/d" "$at"
	reseal "$out/d"
	damaged "resealed-$at"
done
# (A byte changed inside a payload with the checksum made right is a
# forged cache, which may decode as other data: the checksum is what
# finds damage; tests/fuzz/loadcache.c shows that no payload makes the
# reader fail otherwise than by refusing it.)
# A cache of another data set: no file of it is this one's.
rm -f "$out/d"
check other "tests/data/good" "$out/d"
damaged other
# Not a regular file: refused (a directory), and the load goes on.
mkdir "$out/dir"
check dir "$out/data" "$out/dir"
same dir plain
stats dir "$nfiles" 0

# ---- reeks build: SITE.reeks-load ------------------------------------------
# The site from a warm cache is the site from a cold one, byte for byte
# (tests/site.sh compares it with the golden site); a template change
# rebuilds it, taking every data file from the cache.
bd=$out/build
mkdir -p "$bd"
cp -R templates "$bd/tpl"
build() {
	REEKS_BUILD_STATS=1 REEKS_NO_PNG=1 "$reeks" build -q \
	    --base-url https://example.org/ --data tests/data/good \
	    --templates "$bd/tpl" --out "$bd/$1" >"$bd/$1.log" 2>&1
	echo "exit $?" >>"$bd/$1.log"
	sed -n 's/.*; data files \([0-9]* parsed, [0-9]* from the load cache\).*/\1/p' \
	    "$bd/$1.log" >"$bd/$1.files"
}
build site
[ -s "$bd/site.reeks-load" ] && pass || fail "build: no site.reeks-load"
n=$(ls tests/data/good/*.xml | wc -l)
[ "$(cat "$bd/site.files")" = "$n parsed, 0 from the load cache" ] &&
    pass || fail "cold build: $(cat "$bd/site.files")"
[ -f "$bd/tpl/layout.mustache" ] && echo "<!-- changed -->" >>"$bd/tpl/layout.mustache" ||
    fail "no templates/layout.mustache to change"
build site
[ "$(cat "$bd/site.files")" = "0 parsed, $n from the load cache" ] &&
    pass || fail "warm build: $(cat "$bd/site.files")"
# A build killed while it wrote the cache left SITE.reeks-load.new-PID:
# the next build removes it (a process gone, the cache's magic in it).
dead=$(sh -c 'echo $$')
printf 'REEKSLC\n' >"$bd/site2.reeks-load.new-$dead"
printf 'not ours' >"$bd/site2.reeks-load.new-1"
build site2
[ ! -e "$bd/site2.reeks-load.new-$dead" ] && pass ||
    fail "a dead build's site2.reeks-load.new-$dead was left"
[ -e "$bd/site2.reeks-load.new-1" ] && pass ||
    fail "site2.reeks-load.new-1 (PID 1 runs; not a cache) was removed"
[ "$(cat "$bd/site2.files")" = "$n parsed, 0 from the load cache" ] &&
    pass || fail "build without its cache: $(cat "$bd/site2.files")"
if diff -r "$bd/site" "$bd/site2" >"$bd/diff" 2>&1; then
	pass
else
	fail "the site built from the cache differs from one built without:"
	head -10 "$bd/diff" | sed 's/^/    /'
fi

echo "loadcache: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
