#!/bin/sh
# downloads.sh: check the downloads tree that tests/check_downloads wrote
# for tests/data/good (tests/out/downloads/data) with the tools a reader
# would use: unzip -t, sha256sum -c, gzip -t and zcat, xmllint against
# the schema, the Frictionless validator (tests/node, npm "datapackage")
# and the DCAT-AP 3.0.1 SHACL shapes (tests/shacl, npm
# "rdf-validate-shacl"); 'npm ci --prefix tests/node' installs both.
#
# usage: tests/downloads.sh      (from the top of the source tree)
set -u
tree=tests/out/downloads/data
out=tests/out/downloads-check
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
passed=0
failed=0

fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

# try NAME COMMAND...: run COMMAND; on failure show what it printed.
try() {
	name=$1
	shift
	if "$@" >"$out/log" 2>&1; then
		ok
	else
		fail "$name:"
		sed 's/^/    /' "$out/log"
	fi
}

if [ ! -f "$tree/SHA256SUMS" ]; then
	fail "no $tree/SHA256SUMS: run tests/check_downloads first"
	echo "downloads: $passed passed, $failed failed"
	exit 1
fi

# ---- the zip ------------------------------------------------------------

try "unzip -t reeks.zip" unzip -tq "$tree/reeks.zip"
unzip -Z1 "$tree/reeks.zip" >"$out/zip-names" 2>&1
printf '%s\n' reeks/README.txt reeks/LICENSE.txt reeks/datapackage.json \
    reeks/reeks.csv reeks/reeks.xml reeks/reeks.json reeks/reeks.xsd \
    >"$out/zip-names.want"
try "the zip's files, in order" diff -u "$out/zip-names.want" \
    "$out/zip-names"
unzip -qo "$tree/reeks.zip" -d "$out/unzipped" >"$out/log" 2>&1 ||
	fail "cannot unzip reeks.zip"
for f in reeks.csv reeks.xml reeks.json reeks.xsd; do
	try "reeks.zip's $f is data/$f" cmp "$out/unzipped/reeks/$f" "$tree/$f"
done
try "reeks.zip's LICENSE.txt is LICENSE" cmp "$out/unzipped/reeks/LICENSE.txt" \
    LICENSE

# ---- checksums ------------------------------------------------------------

try "sha256sum -c SHA256SUMS" sh -c \
    "cd '$tree' && sha256sum -c --strict --quiet SHA256SUMS"
(cd "$tree" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | sort) \
    >"$out/files"
sed 's/^[0-9a-f]*  //' "$tree/SHA256SUMS" | sort >"$out/summed"
try "SHA256SUMS lists every file" diff -u "$out/files" "$out/summed"

# ---- gzip -----------------------------------------------------------------

ngz=0
for gz in "$tree"/*.gz "$tree"/series/*.gz; do
	[ -f "$gz" ] || continue
	ngz=$((ngz + 1))
	plain=${gz%.gz}
	try "gzip -t $gz" gzip -t "$gz"
	try "zcat $gz is ${plain##*/}" sh -c "zcat '$gz' | cmp - '$plain'"
	# Magic, deflate, no flags (no name), mtime 0, XFL 0 (level 6), OS 255.
	head=$(od -An -tx1 -N10 "$gz" | tr -d ' \n')
	if [ "$head" = 1f8b08000000000000ff ]; then
		ok
	else
		fail "$gz: gzip header $head is not reproducible"
	fi
done
nplain=0
for f in "$tree"/reeks.csv "$tree"/reeks.xml "$tree"/reeks.json \
    "$tree"/rates.csv "$tree"/rates.json "$tree"/series/*.csv "$tree"/series/*.xml "$tree"/series/*.json; do
	nplain=$((nplain + 1))
	[ -f "$f.gz" ] || fail "no $f.gz"
done
if [ "$ngz" -eq "$nplain" ] && [ "$ngz" -ge 6 ]; then
	ok
else
	fail "$ngz .gz files for $nplain CSV, XML and JSON files"
fi

# ---- XML --------------------------------------------------------------------

try "the published reeks.xsd is data/reeks.xsd" cmp "$tree/reeks.xsd" \
    data/reeks.xsd
for xml in "$tree"/*.xml "$tree"/series/*.xml; do
	[ -f "$xml" ] || continue
	try "xmllint --schema $xml" xmllint --noout --nonet \
	    --schema data/reeks.xsd "$xml"
done
try "xmllint catalog.rdf" xmllint --noout --nonet "$tree/catalog.rdf"

# ---- JSON -----------------------------------------------------------------

for json in "$tree"/*.json "$tree"/series/*.json; do
	[ -f "$json" ] || continue
	try "JSON.parse $json" node -e \
	    'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' \
	    "$json"
done

# ---- Frictionless ---------------------------------------------------------

try "Frictionless: data/datapackage.json" node \
    tests/node/validate-datapackage.js "$tree/datapackage.json"
try "Frictionless: the zip's datapackage.json" node \
    tests/node/validate-datapackage.js \
    "$out/unzipped/reeks/datapackage.json"

# ---- DCAT-AP -------------------------------------------------------------

# The catalogues against the DCAT-AP 3.0.1 SHACL shapes (tests/shacl):
# the test tree's and the golden site's (tests/site.sh checks that a
# build of data/ gives the golden site); and a bad catalogue gives
# exactly the violations expected, so this check can fail.
shapes=tests/shacl/dcat-ap-SHACL.ttl,tests/shacl/ranges.ttl
try "DCAT-AP: $tree/catalog.rdf" node tests/node/validate-shacl.mjs \
    "$shapes" "$tree/catalog.rdf"
try "DCAT-AP: the golden site's catalog.rdf" node \
    tests/node/validate-shacl.mjs "$shapes" \
    tests/golden/site/data/catalog.rdf
node tests/node/validate-shacl.mjs "$shapes" tests/shacl/bad-catalog.rdf \
    >"$out/bad-catalog.out" 2>&1
status=$?
if [ "$status" -eq 1 ] && cmp -s tests/shacl/bad-catalog.expect \
    "$out/bad-catalog.out"; then
	ok
else
	fail "DCAT-AP: tests/shacl/bad-catalog.rdf: exit $status (not 1)" \
	    "or not the violations expected:"
	diff tests/shacl/bad-catalog.expect "$out/bad-catalog.out" |
	    sed 's/^/    /'
fi

echo "downloads: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
