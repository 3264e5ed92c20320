#!/bin/sh
# release.sh: 'reeks release', 'reeks diff' and what 'reeks check' says of
# releases, on a copy of tests/data/good: a first release, a second after
# a revised, an added and a removed figure, the first's zip unchanged by
# both, the exact messages of every refusal, and a damaged zip or release
# list caught with file:line. Expected output: tests/release/*.expect.
#
# usage: tests/release.sh PATH-TO-REEKS [--update]   (from the top)
# --update rewrites the .expect files from what reeks prints now: review
# 'git diff tests/release' before committing.
set -u
reeks=${1:?usage: tests/release.sh PATH-TO-REEKS [--update]}
update=${2:-}
case $reeks in /*) ;; *) reeks=$(pwd)/$reeks ;; esac
top=$(pwd)
out=$top/tests/out/release
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
passed=0
failed=0
# 2026-12-07, 2026-12-15 and 2026-12-16, 12:00 UTC.
first=1796644800
second=1797336000
third=1797422400

fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }

# run NAME STATUS EPOCH ARGS...: reeks ARGS in $out/w with
# SOURCE_DATE_EPOCH=EPOCH ("-": unset); stdout, stderr and "exit N" into
# $out/NAME.got, compared with tests/release/NAME.expect.
run() {
	name=$1 want=$2 epoch=$3
	shift 3
	(cd "$out/w" && if [ "$epoch" = - ]; then "$reeks" "$@"; else
	    SOURCE_DATE_EPOCH=$epoch "$reeks" "$@"; fi \
	    >"$out/$name.out" 2>"$out/$name.err")
	status=$?
	{ cat "$out/$name.err" "$out/$name.out"; echo "exit $status"; } \
	    >"$out/$name.got"
	if [ -n "$update" ]; then
		cp "$out/$name.got" "tests/release/$name.expect"
	fi
	if [ "$status" -ne "$want" ]; then
		fail "exit status $status, expected $want"
		sed 's/^/    /' "$out/$name.err" | head -5
	elif ! cmp -s "tests/release/$name.expect" "$out/$name.got"; then
		fail "not the expected output:"
		diff "tests/release/$name.expect" "$out/$name.got" |
		    sed 's/^/    /' | head -20
	else
		passed=$((passed + 1))
	fi
}

# check NAME CONDITION...: a test that CONDITION holds.
check() {
	name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		fail "$*"
	fi
}

mkdir -p "$out/w"
cp -R tests/data/good "$out/w/data"
cp LICENSE "$out/w/LICENSE"

# The first release; the data then checks, its zip with it.
run first 0 "$first" release 2026-12 --data data \
    --note "The first release." --note-nl "De eerste release."
run check-first 0 - check --data data
check first-xml cmp -s tests/release/releases-first.xml \
    "$out/w/data/releases.xml"
[ -z "$update" ] || cp "$out/w/data/releases.xml" \
    tests/release/releases-first.xml
cp "$out/w/data/releases/2026-12.zip" "$out/first.zip"
check first-zip-test unzip -tqq "$out/first.zip"
unzip -p "$out/first.zip" reeks/datapackage.json >"$out/dp.json"
check first-version grep -q '"version": "2026-12"' "$out/dp.json"
# A release names no address: it is the same wherever it is published.
check no-address sh -c "! unzip -p '$out/first.zip' | grep -q 'https\?://localhost\|homepage'"

# The site of the first release: its files, as the build publishes them,
# are the zip's, and sha256sum checks them.
site() {
	(cd "$out/w" && SOURCE_DATE_EPOCH=$1 "$reeks" build --data data \
	    --templates "$top/templates" --license LICENSE --out "$2" \
	    --base-url https://example.org/reeks/ >"$out/build.out" 2>&1)
}
check site-first site "$second" site1
r1=$out/w/site1/releases/2026-12
check site-first-zip cmp -s "$out/first.zip" "$r1/reeks-2026-12.zip"
check site-first-sums sh -c "cd '$r1' && sha256sum --quiet -c SHA256SUMS"
check site-first-csv sh -c "unzip -p '$out/first.zip' reeks/reeks.csv |
    cmp -s - '$r1/reeks.csv'"
check site-first-pages test -f "$r1/en/series/ams-injecting-share.html" \
    -a -f "$r1/nl/series/ams-injecting-share.html" \
    -a -f "$r1/en/index.html" -a -f "$out/w/site1/nl/releases.html"

# The same release made again on another copy: the same bytes.
mkdir -p "$out/w2"
cp -R tests/data/good "$out/w2/data"
cp LICENSE "$out/w2/LICENSE"
(cd "$out/w2" && SOURCE_DATE_EPOCH=$first "$reeks" release 2026-12 \
    --data data --note "The first release." \
    --note-nl "De eerste release." >/dev/null 2>&1)
check same-bytes cmp -s "$out/first.zip" "$out/w2/data/releases/2026-12.zip"

# Refusals, each touching nothing.
run exists 1 "$first" release 2026-12 --data data
run bad-name 2 "$first" release december --data data
run wrong-month 1 "$first" release 2026-11 --data data
run one-note 2 "$first" release 2026-12-07 --data data \
    --note "Only English."
run base-url 2 "$first" release 2026-12-07 --data data \
    --base-url https://example.org/
check refusals-kept-list cmp -s tests/release/releases-first.xml \
    "$out/w/data/releases.xml"
check refusals-no-zip test ! -e "$out/w/data/releases/2026-12-07.zip"

# A revised, an added and a removed figure, then the second release.
sed -e '/<obs period="2005" value="33,500"/s/value="33,500"\(.*\)change="test-first"/value="33,600"\1change="test-revision"/' \
    -e '/<obs period="1979" value="10,000"/,/<\/obs>/d' \
    tests/data/good/example.xml >"$out/w/data/example.xml"
cat >"$out/w/data/added.xml" <<'XML'
<reeks version="1">
  <series id="nl-test-added" topic="problem-drug-use" indicator="test-added" unit="persons" geography="nl">
    <title lang="en">A series added after the first release (test)</title>
    <title lang="nl">Een reeks toegevoegd na de eerste release (test)</title>
    <description lang="en">Test.</description>
    <description lang="nl">Test.</description>
    <obs period="2020" value="5" source="test-synthetic" at="Test, p. 3">
      <excerpt>5 (test)</excerpt>
    </obs>
  </series>
  <change id="test-revision" date="2026-12-14">
    <title lang="en">Test: one figure revised, one added, one removed</title>
    <title lang="nl">Test: een cijfer herzien, een toegevoegd, een verwijderd</title>
    <summary lang="en">Test.</summary>
    <summary lang="nl">Test.</summary>
  </change>
  <change id="test-other" date="2026-12-14">
    <title lang="en">Test: another change, named by no figure</title>
    <title lang="nl">Test: een andere verandering, door geen cijfer genoemd</title>
    <summary lang="en">Test.</summary>
    <summary lang="nl">Test.</summary>
  </change>
</reeks>
XML
run diff-current 0 - diff 2026-12 --data data
run second 0 "$second" release 2026-12-15 --data data
run diff 0 - diff 2026-12 2026-12-15 --data data
check first-zip-kept cmp -s "$out/first.zip" "$out/w/data/releases/2026-12.zip"

# The site after the data changed and the second release: the first
# release's files and the page of a series no release revised are the
# same bytes; the second release's page lists its revisions, and the
# releases page both releases.
check site-second site "$second" site2
r2=$out/w/site2/releases/2026-12
for f in reeks-2026-12.zip reeks.csv reeks.xml SHA256SUMS \
    en/series/ams-injecting-share.html nl/series/ams-injecting-share.html; do
	check "site-first-kept $f" cmp -s "$r1/$f" "$r2/$f"
done
# page NAME FILE START END: the lines of FILE from the line matching
# START to the one matching END (the lines matching START when END is
# the same), compared with tests/release/NAME.expect.
page() {
	name=$1
	if [ "$3" = "$4" ]; then
		grep -e "$3" "$2" >"$out/$name.got"
	else
		sed -n "/$3/,/$4/p" "$2" >"$out/$name.got"
	fi
	[ -z "$update" ] || cp "$out/$name.got" "tests/release/$name.expect"
	if [ ! -s "$out/$name.got" ]; then
		fail "nothing between /$3/ and /$4/ in $2"
	elif ! cmp -s "tests/release/$name.expect" "$out/$name.got"; then
		fail "not the expected page:"
		diff "tests/release/$name.expect" "$out/$name.got" |
		    sed 's/^/    /' | head -20
	else
		passed=$((passed + 1))
	fi
}
for l in en nl; do
	page "revisions-$l" "$out/w/site2/releases/2026-12-15/$l/index.html" \
	    '<h2 id="revisions">' '<\/table>'
	page "releases-$l" "$out/w/site2/$l/releases.html" \
	    '<ul class="releases">' '<\/ul>'
	page "banner-$l" \
	    "$out/w/site2/releases/2026-12/$l/series/nl-opiate-users.html" \
	    'class="release-banner"' 'class="release-banner"'
done
check site-second-sums sh -c "cd '$out/w/site2/releases/2026-12-15' &&
    sha256sum --quiet -c SHA256SUMS"
run diff-order 1 - diff 2026-12-15 2026-12 --data data

# The site after the second release: the revised figure's row on its
# series page (its history line) and its citation, in both languages;
# then again with the figure revised once more, not yet in a release
# (the reason: the change log's entries after the latest release).
# site_rows NAME: those lines of $out/w/site into $out/NAME.got, compared
# with tests/release/NAME.expect.
site_rows() {
	name=$1
	(cd "$out/w" && "$reeks" build -q --data data --templates \
	    "$top/templates" --out site \
	    --base-url https://example.org/reeks/ >/dev/null 2>&1)
	for l in en nl; do
		f=$out/w/site/$l/series/nl-problem-drug-users.html
		sed -n '/<tr id="p-2005">/,/<tr id=/p' "$f" |
		    grep 'cite-text\|history-row' | sed 's/<[^>]*>//g'
		sed -n '/<pre>@misc/,/^}/p; /<pre>TY  - DATA/,/^ER  - /p' "$f"
	done >"$out/$name.got"
	[ -z "$update" ] || cp "$out/$name.got" "tests/release/$name.expect"
	check "$name" cmp -s "tests/release/$name.expect" "$out/$name.got"
	[ -f "tests/release/$name.expect" ] &&
	    diff "tests/release/$name.expect" "$out/$name.got" |
	    sed 's/^/    /' | head -10
}
site_rows site-second
cp "$out/w/data/example.xml" "$out/example.xml"
cp "$out/w/data/added.xml" "$out/added.xml"
sed '/<obs period="2005" value="33,600"/s/value="33,600"\(.*\)change="test-revision"/value="33,700"\1change="test-later"/' \
    "$out/example.xml" >"$out/w/data/example.xml"
sed 's#^</reeks>#  <change id="test-later" date="2026-12-20">\
    <title lang="en">Test: revised after the second release</title>\
    <title lang="nl">Test: herzien na de tweede release</title>\
    <summary lang="en">Test.</summary>\
    <summary lang="nl">Test.</summary>\
  </change>\
</reeks>#' "$out/added.xml" >"$out/w/data/added.xml"
site_rows site-unreleased
cp "$out/example.xml" "$out/w/data/example.xml"
cp "$out/added.xml" "$out/w/data/added.xml"
run diff-unknown 1 - diff 2025-01 --data data

# Damage: a byte appended to the first zip; then the list edited by hand.
cp "$out/first.zip" "$out/w/data/releases/2026-12.zip"
printf 'x' >>"$out/w/data/releases/2026-12.zip"
run damaged-zip 1 - check --data data
run release-on-damage 1 "$third" release 2026-12-16 --data data \
   
cp "$out/first.zip" "$out/w/data/releases/2026-12.zip"
sed '0,/bytes="[0-9]*"/s//bytes="1"/' "$out/w/data/releases.xml" \
    >"$out/releases.xml" && cp "$out/releases.xml" "$out/w/data/releases.xml"
run edited-list 1 - check --data data
run build-edited-list 1 "$second" build --data data --templates \
    "$top/templates" --license LICENSE --out site3 \
    --base-url https://example.org/reeks/
check build-edited-kept test ! -e "$out/w/site3"
rm "$out/w/data/releases/2026-12.zip"
run missing-zip 1 - check --data data

echo "release: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
