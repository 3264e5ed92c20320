#!/bin/sh
# tutorial.sh: doc/tutorial.md, run as a reader would.
#
# Every ```sh block of the tutorial is run in order, by sh -e, in a new
# empty directory (the directory a block ends in is where the next one
# starts), with 'reeks' on PATH and SOURCE_DATE_EPOCH 2026-12-01. A block
# must exit 0, or N when the line before its fence is "<!-- exit N -->".
# A ```text block after "<!-- output -->" must be exactly what the block
# before it printed (stdout, then stderr). Then the result is checked: the
# dataset checks clean, the site has the tutorial's series in both
# languages and its release, and the release's zip holds its data.
#
# usage: tests/tutorial.sh PATH-TO-REEKS      (from the top of the tree)
set -u
reeks=${1:?usage: tests/tutorial.sh PATH-TO-REEKS}
case $reeks in /*) ;; *) reeks=$(pwd)/$reeks ;; esac
top=$(pwd)
doc=$top/doc/tutorial.md
out=$top/tests/out/tutorial
rm -rf "$out"
mkdir -p "$out/bin" "$out/blocks" "$out/work"
ln -s "$reeks" "$out/bin/reeks"
export LC_ALL=C TZ=UTC PATH="$out/bin:$PATH"
export SOURCE_DATE_EPOCH=1796083200     # 2026-12-01
passed=0
failed=0
fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

# The blocks: blocks/N.sh (and N.status when marked), N.out after an
# output mark (for the sh block before it); "blocks/list" names the sh
# blocks in order, with the line each begins on.
awk -v dir="$out/blocks" '
	/^<!-- exit [0-9]+ -->$/ { status = $3; next }
	/^<!-- output -->$/ { want = 1; next }
	/^```sh$/ && !in_block {
		n++; in_block = "sh"; file = dir "/" n ".sh"
		printf "" >file
		print n, NR >(dir "/list")
		if (status != "") print status >(dir "/" n ".status")
		status = ""; want = 0; next
	}
	/^```text$/ && !in_block && want {
		in_block = "text"; file = dir "/" n ".out"; printf "" >file
		want = 0; next
	}
	/^```/ {
		if (in_block) { close(file); in_block = "" }
		else in_block = "other"
		status = ""; want = 0; next
	}
	in_block == "sh" || in_block == "text" { print >file; next }
	/[^ \t]/ && !in_block { status = ""; want = 0 }
' "$doc"

name=blocks
if [ -s "$out/blocks/list" ]; then ok; else
	fail "no \`\`\`sh block in $doc"
	echo "tutorial: $passed passed, $failed failed"
	exit 1
fi

# Each block in turn, from the directory the one before ended in.
echo "$out/work" >"$out/cwd"
while read -r n line; do
	name="block $n (doc/tutorial.md:$line)"
	want=0
	[ -f "$out/blocks/$n.status" ] && want=$(cat "$out/blocks/$n.status")
	(cd "$(cat "$out/cwd")" &&
	    sh -c 'trap "pwd >\"\$1\"" EXIT; set -e; . "$2"' sh \
	    "$out/cwd" "$out/blocks/$n.sh") \
	    >"$out/blocks/$n.stdout" 2>"$out/blocks/$n.stderr" </dev/null
	status=$?
	cat "$out/blocks/$n.stdout" "$out/blocks/$n.stderr" >"$out/blocks/$n.got"
	if [ "$status" -ne "$want" ]; then
		fail "exit status $status, expected $want:"
		sed 's/^/    /' "$out/blocks/$n.got"
		break
	fi
	if [ -f "$out/blocks/$n.out" ] &&
	    ! cmp -s "$out/blocks/$n.out" "$out/blocks/$n.got"; then
		fail "its output is not the tutorial's:"
		diff -u "$out/blocks/$n.out" "$out/blocks/$n.got" |
		    sed 's/^/    /'
		continue
	fi
	ok
done <"$out/blocks/list"

# What the reader has at the end.
site=$out/work/mysite
name=end-check
if (cd "$site" && reeks check) >"$out/end-check.out" 2>&1 &&
    [ "$(cat "$out/end-check.out")" = \
    "data: 1 series, 2 observations, 0 claims, 1 source: no errors" ]
then ok; else
	fail "reeks check at the end:"; sed 's/^/    /' "$out/end-check.out"
fi

name=end-site
bad=
for f in en/series/my-city-hiv-tests.html nl/series/my-city-hiv-tests.html \
    en/releases.html releases/2026-12/reeks-2026-12.zip \
    releases/2026-12/SHA256SUMS; do
	[ -s "$site/site/$f" ] || bad="$bad $f"
done
[ -e "$site/site/en/series/example-series.html" ] && bad="$bad (the example)"
grep -q 'Tabel 3, rij Totaal, kolom 2024' \
    "$site/site/nl/series/my-city-hiv-tests.html" 2>/dev/null ||
	bad="$bad (the Dutch locator)"
grep -q '\[Your organisation\]: health statistics' \
    "$site/site/en/index.html" 2>/dev/null || bad="$bad (the site name)"
grep -q '\[Uw stad\] in cijfers' "$site/site/nl/index.html" 2>/dev/null ||
	bad="$bad (the Dutch heading)"
grep -q 'en/series/my-city-hiv-tests.html' "$site/site/en/index.html" \
    2>/dev/null || bad="$bad (the key figure)"
[ -z "$bad" ] && ok || fail "not in the site:$bad"

name=end-release
if unzip -p "$site/data/releases/2026-12.zip" reeks/reeks.csv \
    >"$out/release.csv" 2>/dev/null &&
    grep -q '^my-city-hiv-tests,2025,1300,,,,approx,' "$out/release.csv" &&
    [ "$(grep -c '^my-city-hiv-tests,' "$out/release.csv")" -eq 2 ]; then
	ok
else
	fail "the release's reeks.csv does not hold the two figures"
fi

echo "tutorial: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
