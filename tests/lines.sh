#!/bin/sh
# lines.sh: the comparisons over time in a built site, from the synthetic
# fixture tests/data/lines:
#  - the comparison pages and the topic page match the golden files in
#    tests/golden/lines (make regress-update rewrites them);
#  - every series of a compared indicator links to its comparison page,
#    the topic page links to each, and the sitemap lists them;
#  - a chart's lines and the columns of its data table are the same
#    series, in the same order, and the table has a row per period;
#  - an indicator without a line over time gets no page.
#
# usage: tests/lines.sh PATH-TO-REEKS [--update]   (from the top of the tree)
set -u
reeks=${1:?usage: tests/lines.sh PATH-TO-REEKS [--update]}
update=${2:-}
out=tests/out/lines
golden=tests/golden/lines
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
base=https://example.org/reeks/
passed=0
failed=0

fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

name=build
if "$reeks" build --data tests/data/lines --templates templates \
    --out "$out/site" --base-url "$base" -q >"$out/build.log" 2>&1; then
	ok
else
	fail "build failed: $(cat "$out/build.log")"
fi

# The pages the comparisons are on.
pages="en/compare/deaths.html nl/compare/deaths.html
en/compare/share.html nl/compare/share.html
en/compare/emergencies.html nl/compare/emergencies.html
en/topics/harms.html nl/topics/harms.html"

name=pages
found=$(cd "$out/site" && ls en/compare/*.html nl/compare/*.html |
    sed 's,.*/,,')
found=$(echo $found)
if [ "$found" = "deaths.html emergencies.html share.html deaths.html emergencies.html share.html" ]; then
	ok
else
	fail "comparison pages: $found"
fi

# Each comparison's chart to download, beside its page: SVG and PNG
# (without PNGs when REEKS_NO_PNG is set).
name=chart-files
want="lines-deaths-0.svg lines-emergencies-0.svg lines-share-0.svg"
[ -n "${REEKS_NO_PNG:-}" ] || want="lines-deaths-0.png lines-deaths-0.svg
lines-emergencies-0.png lines-emergencies-0.svg lines-share-0.png
lines-share-0.svg"
found=$(cd "$out/site/en/compare" && ls *.svg *.png 2>/dev/null)
if [ "$(echo $found)" = "$(echo $want)" ]; then
	ok
else
	fail "comparison charts to download: $(echo $found)"
fi

name=golden
if [ "$update" = --update ]; then
	rm -rf "$golden"
	for p in $pages; do
		mkdir -p "$golden/$(dirname "$p")"
		cp "$out/site/$p" "$golden/$p"
	done
	ok
else
	for p in $pages; do
		if ! diff -u "$golden/$p" "$out/site/$p" >"$out/golden.diff"; then
			fail "$p differs from $golden (make regress-update):"
			head -30 "$out/golden.diff" | sed 's/^/    /'
		else
			ok
		fi
	done
fi

name=series-links
for lang in en nl; do
	for id in ams-deaths nl-deaths rotterdam-deaths ams-share \
	    ams-share-dutch ams-emergencies ams-emergencies-g; do
		ind=$(echo "$id" | sed -e 's/^[a-z]*-//' -e 's/-.*//')
		if grep -q "href=\"../../$lang/compare/$ind.html\"" \
		    "$out/site/$lang/series/$id.html"; then
			ok
		else
			fail "$lang/series/$id.html has no link to compare/$ind.html"
		fi
	done
	if grep -q 'compare/' "$out/site/$lang/series/nl-population.html"; then
		fail "$lang/series/nl-population.html links to a comparison"
	else
		ok
	fi
	for ind in deaths share emergencies; do
		if grep -q "href=\"../../$lang/compare/$ind.html\"" \
		    "$out/site/$lang/topics/harms.html"; then
			ok
		else
			fail "$lang/topics/harms.html has no link to compare/$ind.html"
		fi
		if grep -q "<loc>${base}$lang/compare/$ind.html</loc>" \
		    "$out/site/sitemap.xml"; then
			ok
		else
			fail "sitemap.xml does not list $lang/compare/$ind.html"
		fi
	done
done

# Each chart: its labelled lines (or small charts) are the columns of
# its table, in order; the total, if drawn, is the last column.
name=chart-table
for p in en/compare/deaths.html en/compare/share.html en/compare/emergencies.html; do
	f=$out/site/$p
	labels=$(sed -n '/<g class="labels"/,/^<\/g>/p' "$f" |
	    sed -n 's/.*<text x="[^"]*" y="[^"]*">\([^<]*\)<\/text>.*/\1/p' |
	    sort | tr '\n' '|')
	panels=$(grep -o 'font-weight="bold">[^<]*</text>' "$f" | sed 1d |
	    sed 's/.*">\(.*\)<\/text>/\1/' | sort | tr '\n' '|')
	cols=$(sed -n 's/.*<thead>//; /<th scope="col"/p' "$f" |
	    grep -o '<th scope="col" class="num[^"]*">[^<]*' |
	    sed 's/.*">//' | sort | tr '\n' '|')
	case $p in
	*deaths*) want='Amsterdam|Netherlands|' ;;
	*share*) want='Dutch|Other origin|Total|' ;;
	*emergencies*) want='Substance A|Substance B|Substance C|Substance D|Substance E|Substance F|Substance G|Total|' ;;
	esac
	got=$labels$panels
	[ "$p" = en/compare/emergencies.html ] && got=$(printf '%sTotal|' "$panels")
	if [ "$got" = "$want" ] && [ "$cols" = "$want" ]; then
		ok
	else
		fail "$p: chart '$got', table '$cols', want '$want'"
	fi
	rows=$(grep -c '<tr><th scope="row">' "$f")
	if [ "$rows" = 4 ]; then ok; else fail "$p: $rows rows, not 4"; fi
done

echo "lines: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
