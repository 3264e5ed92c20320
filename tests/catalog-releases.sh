#!/bin/sh
# catalog-releases.sh: the catalogues and the feed of a site with two
# releases. On a copy of tests/data/good: a first release, a revised, an
# added and a removed figure, a second release; then a build. Its
# data/catalog.rdf and feed.atom are compared with tests/catalog/*.expect
# (exact), the catalogue is validated against the DCAT-AP 3.0.1 SHACL
# shapes (zero violations) and the feed read as XML; then a third release
# (a figure revised again, its reason the change log) and a build whose
# data changed after it (no dcat:hasCurrentVersion then). The JSON-LD of the home and series pages
# carries the version and date.
#
# usage: tests/catalog-releases.sh PATH-TO-REEKS [--update]   (from the top)
# --update rewrites the .expect files: review 'git diff tests/catalog'.
set -u
reeks=${1:?usage: tests/catalog-releases.sh PATH-TO-REEKS [--update]}
update=${2:-}
case $reeks in /*) ;; *) reeks=$(pwd)/$reeks ;; esac
out=tests/out/catalog-releases
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
base=https://example.org/reeks/
shapes=tests/shacl/dcat-ap-SHACL.ttl,tests/shacl/ranges.ttl
passed=0
failed=0

fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }

# check NAME CONDITION...: a test that CONDITION holds.
check() {
	name=$1
	shift
	if "$@" >"$out/log" 2>&1; then
		passed=$((passed + 1))
	else
		fail "$*"
		sed 's/^/    /' "$out/log" | head -20
	fi
}

# expect NAME FILE: FILE is tests/catalog/NAME.expect, byte for byte.
expect() {
	name=$1
	[ -z "$update" ] || cp "$2" "tests/catalog/$1.expect"
	if cmp -s "tests/catalog/$1.expect" "$2"; then
		passed=$((passed + 1))
	else
		fail "not the expected output:"
		diff "tests/catalog/$1.expect" "$2" | sed 's/^/    /' | head -30
	fi
}

# run EPOCH ARGS...: reeks ARGS with SOURCE_DATE_EPOCH=EPOCH, quietly.
run() {
	epoch=$1
	shift
	SOURCE_DATE_EPOCH=$epoch "$reeks" "$@" >"$out/log" 2>&1 || {
		name="reeks $*"
		fail "exit $?:"
		sed 's/^/    /' "$out/log" | head -10
	}
}

# build NAME: the site of $out/data into $out/NAME.
build() {
	check "build $1" "$reeks" build --data "$out/data" \
	    --templates templates --out "$out/$1" --base-url "$base"
}

# A JSON-LD value of page PAGE: KEY's string.
jsonld() {
	node -e '
const html = require("fs").readFileSync(process.argv[1], "utf8")
const m = html.match(/<script type="application\/ld\+json">([^]*?)<\/script>/)
const d = JSON.parse(m[1])
console.log(process.argv.slice(2).map((k) => k + "=" + d[k]).join(" "))
' "$@"
}

cp -R tests/data/good "$out/data"
# 2026-12-07 and 2026-12-15, 12:00 UTC, as tests/release.sh.
run 1796644800 release 2026-12 --data "$out/data" \
    --note "The first release." --note-nl "De eerste release."
# A revised, an added and a removed figure (as tests/release.sh), then a
# second release without a note.
sed -e '/<obs period="2005" value="33,500"/s/value="33,500"\(.*\)change="test-first"/value="33,600"\1change="test-revision"/' \
    -e '/<obs period="1979" value="10,000"/,/<\/obs>/d' \
    tests/data/good/example.xml >"$out/data/example.xml"
cp tests/catalog/added.xml "$out/data/added.xml"
run 1797336000 release 2026-12-15 --data "$out/data"

build two
expect catalog "$out/two/data/catalog.rdf"
expect feed "$out/two/feed.atom"
check shacl node tests/node/validate-shacl.mjs "$shapes" \
    "$out/two/data/catalog.rdf"
check feed-xml xmllint --noout --nonet "$out/two/feed.atom"
check current-version grep -q '<dcat:hasCurrentVersion rdf:resource="https://example.org/reeks/releases/2026-12-15/en/index.html#dataset"/>' \
    "$out/two/data/catalog.rdf"
# datapackage.json: the site's has the data's version (its newest
# change's date, as the catalogue's dcat:version), each release's its name.
check datapackage-version grep -q '"version": "2026-12-14",' \
    "$out/two/data/datapackage.json"
for r in 2026-12 2026-12-15; do
	unzip -p "$out/data/releases/$r.zip" reeks/datapackage.json \
	    >"$out/dp-$r.json"
	check "datapackage-$r" grep -q "\"version\": \"$r\"," "$out/dp-$r.json"
done
# schema.org: the home page and a series page, in both languages.
for p in en/index.html nl/index.html en/series/nl-problem-drug-users.html \
    nl/series/nl-problem-drug-users.html; do
	jsonld "$out/two/$p" version dateModified datePublished url
done >"$out/jsonld"
expect jsonld "$out/jsonld"
# A release's pages (site/releases.c) carry the release's name and date
# and their own address; skipped, saying so, while no build makes them.
rel=$out/two/releases/2026-12
if [ -f "$rel/en/series/nl-problem-drug-users.html" ]; then
	for p in en/index.html nl/series/nl-problem-drug-users.html; do
		jsonld "$rel/$p" version dateModified datePublished url
	done >"$out/jsonld-release"
	expect jsonld-release "$out/jsonld-release"
else
	echo "SKIP: jsonld-release: no release pages in $rel"
fi

# A third release: the figure revised again, naming no change log entry,
# so that the feed gives the entries since the second release as the
# reason.
sed -e 's/value="33,600"\(.*\) change="test-revision"/value="33,700"\1/' \
    "$out/data/example.xml" >"$out/example.xml" &&
    cp "$out/example.xml" "$out/data/example.xml"
cat >"$out/data/third.xml" <<'XML'
<reeks version="1">
  <change id="test-third" date="2026-12-16">
    <title lang="en">Test: the figure of 2005 revised again</title>
    <title lang="nl">Test: het cijfer van 2005 opnieuw herzien</title>
    <summary lang="en">Test.</summary>
    <summary lang="nl">Test.</summary>
  </change>
</reeks>
XML
run 1797422400 release 2026-12-16 --data "$out/data" \
    --note "The third release." --note-nl "De derde release."
build three
expect feed-three "$out/three/feed.atom"
check shacl-three node tests/node/validate-shacl.mjs "$shapes" \
    "$out/three/data/catalog.rdf"
check previous-three grep -q '<dcat:previousVersion rdf:resource="https://example.org/reeks/releases/2026-12-15/en/index.html#dataset"/>' \
    "$out/three/data/catalog.rdf"

# The figure revised after the latest release: the current data is no
# longer that release, so no dcat:hasCurrentVersion; still valid.
sed -e 's/value="33,700"/value="33,800"/' "$out/data/example.xml" \
    >"$out/example.xml" && cp "$out/example.xml" "$out/data/example.xml"
build four
check no-current-version sh -c "! grep -q hasCurrentVersion \
    '$out/four/data/catalog.rdf'"
check four-versions test "$(grep -c '<dcat:hasVersion ' \
    "$out/four/data/catalog.rdf")" -eq 3
check shacl-four node tests/node/validate-shacl.mjs "$shapes" \
    "$out/four/data/catalog.rdf"

echo "catalog-releases: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
