#!/bin/sh
# tests/pieces.sh: the whole-dataset .gz files stitched from pieces, and
# the piece cache beside the site (SITE.reeks-pieces, gen/out/pieces.c).
#
# A full build, then builds after one series' title changed: each time
# every whole-dataset .gz passes gzip -t and unpacks to its plain file,
# the zip passes unzip -t, and the site is byte for byte the one a full
# build into an empty directory makes from the same data. The stats line
# (REEKS_BUILD_STATS=1) says how many pieces were reused and compressed:
# after the edit only the edited series' piece of each format and the
# piece after it, whose dictionary it is (6); with
# the piece cache truncated, of another version or with a byte of its
# index flipped, every piece (the cache is not used); with a byte of one
# piece's compressed data flipped, that piece too.
# It also says how many series' pieces of the plain files were copied
# from the old site's files instead of made again: after the edit, all
# but the first series' (never copied) and the edited one's in each
# format; with a byte of the old reeks.csv flipped in its last series'
# piece, all but that piece; with the old reeks.xml truncated to nothing,
# none of the XML's; with the piece cache unusable, none. The site is
# the full build's each time (a damaged old file is never copied).
#
# Usage: tests/pieces.sh PATH-TO-REEKS PATH-TO-GEN-DATA
set -u
reeks=${1:?usage: tests/pieces.sh PATH-TO-REEKS PATH-TO-GEN-DATA}
gen=${2:?usage: tests/pieces.sh PATH-TO-REEKS PATH-TO-GEN-DATA}
out=tests/out/pieces
nseries=30
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1767225600 REEKS_NO_PNG=1
export REEKS_BUILD_STATS=1
base=https://example.org/reeks/
passed=0
failed=0
fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

rm -rf "$out"
mkdir -p "$out"
"$gen" -n "$nseries" -m 5 -o "$out/data" >/dev/null || exit 1
first=$(ls "$out/data"/series-*.xml | head -n 1)
# Each format: a head, a piece a series, a tail.
all=$((3 * (nseries + 2)))

# build NAME DIR: build the data into DIR (one thread, so that the piece
# cache is written in a known order); the stats line's piece counts in
# $out/NAME.pieces.
build() {
	if ! "$reeks" build -q -j 1 --data "$out/data" --templates templates \
	    --out "$2" --base-url "$base" >"$out/$1.out" 2>"$out/$1.err"; then
		fail "build failed: $(cat "$out/$1.err")"
		return 1
	fi
	grep -o 'pieces [0-9]* reused, [0-9]* compressed' "$out/$1.err" \
	    >"$out/$1.pieces"
	grep -o 'whole-dataset pieces [0-9]* copied' "$out/$1.err" |
	    sed 's/[^0-9]//g' >"$out/$1.copied"
}

# copied NAME N: the build copied N series' pieces of the plain files.
copied() {
	if [ "$(cat "$out/$1.copied")" = "$2" ]; then
		ok
	else
		fail "expected $2 pieces copied, got '$(cat "$out/$1.copied")'"
	fi
}

# check NAME: the site's .gz files and zip are sound, and the site is
# the one a full build makes into an empty directory.
check() {
	for f in reeks.csv reeks.xml reeks.json; do
		if ! gzip -t "$out/site/data/$f.gz" 2>"$out/$1.gzip"; then
			fail "gzip -t $f.gz: $(cat "$out/$1.gzip")"
		elif ! gzip -dc "$out/site/data/$f.gz" |
		    cmp -s - "$out/site/data/$f"; then
			fail "$f.gz does not unpack to $f"
		else
			ok
		fi
	done
	if unzip -tq "$out/site/data/reeks.zip" >"$out/$1.unzip" 2>&1; then
		ok
	else
		fail "unzip -t reeks.zip: $(cat "$out/$1.unzip")"
	fi
	rm -rf "$out/full" "$out/full.reeks-cache" "$out/full.reeks-pieces"
	build "$1-full" "$out/full" || return
	if diff -r "$out/site" "$out/full" >"$out/$1.diff" 2>&1; then
		ok
	else
		fail "differs from a full build: $(head -n 5 "$out/$1.diff")"
	fi
	if [ -n "$(find "$out/site" -name '*.stitch' -o -name '.reeks-pieces*')" ]
	then
		fail "temporary files left in the site"
	else
		ok
	fi
}

# expect NAME REUSED COMPRESSED
expect() {
	if [ "$(cat "$out/$1.pieces")" = "pieces $2 reused, $3 compressed" ]
	then
		ok
	else
		fail "expected pieces $2 reused, $3 compressed, got" \
		    "'$(cat "$out/$1.pieces")'"
	fi
}

# edit N: series one's English title, the Nth edit.
edit() {
	sed -i "0,/<title lang=\"en\">/s//<title lang=\"en\">Edit $1: /" \
	    "$first"
}

name=full
if build full "$out/site"; then
	expect full 0 "$all"
	copied full 0
	check full
	if [ -f "$out/site.reeks-pieces" ]; then
		ok
	else
		fail "no piece cache beside the site"
	fi
fi

name=edit
edit 1
if build edit "$out/site"; then
	expect edit $((all - 6)) 6
	# Each format: every series' piece but the first's and the edited one's.
	copied edit $((3 * (nseries - 2)))
	check edit
fi

# damage NAME HOW REUSED COMPRESSED COPIED: damage the piece cache (HOW
# is a shell command on file $c), edit again, and build.
damage() {
	name=$1
	c=$out/site.reeks-pieces
	if [ ! -s "$c" ]; then
		fail "no piece cache to damage"
		return
	fi
	eval "$2"
	edit "$1"
	if build "$1" "$out/site"; then
		expect "$1" "$3" "$4"
		copied "$1" "$5"
		check "$1"
	fi
}

size() { wc -c <"$1" | tr -d ' '; }
# Flip the byte at offset $2 of file $1.
flip() {
	printf '%s' "$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')" \
	    >"$out/byte"
	b=$(cat "$out/byte")
	printf "$(printf '\\%03o' $(((b + 1) % 256)))" |
	    dd of="$1" bs=1 seek="$2" count=1 conv=notrunc 2>/dev/null
}

# damage_plain NAME HOW COPIED: damage the old site's plain files (HOW, a
# shell command), edit again and build: COPIED pieces copied, the same
# pieces reused and compressed as after an edit, the site the full one.
damage_plain() {
	name=$1
	eval "$2"
	edit "$1"
	if build "$1" "$out/site"; then
		expect "$1" $((all - 6)) 6
		copied "$1" "$3"
		check "$1"
	fi
}

# reeks.csv has no tail: its last bytes are the last series' piece.
damage_plain csvbyte 'flip "$out/site/data/reeks.csv" \
    $(($(size "$out/site/data/reeks.csv") - 10))' $((3 * (nseries - 2) - 1))
damage_plain xmlempty ': >"$out/site/data/reeks.xml"' $((2 * (nseries - 2)))

damage truncated 'truncate -s $(($(size "$c") - 100)) "$c"' 0 "$all" 0
damage version 'sed -i "1s/^reeks-pieces 2/reeks-pieces 9/" "$c"' 0 "$all" 0
# The index: just before the footer (80 bytes: offset, count, SHA-256).
damage index 'flip "$c" $(($(size "$c") - 81))' 0 "$all" 0
# The first piece written (after the 80-byte header): with one thread,
# the JSON's head, which the edit leaves as it was.
damage piece 'flip "$c" 80' $((all - 7)) 7 $((3 * (nseries - 2)))

echo "pieces: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
