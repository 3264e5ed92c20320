#!/bin/sh
# bigseries.sh: a series too long for one page (issue 14, finding 12).
#
# tests/bench/gen-data makes SYNTHETIC data at test time, into
# tests/out/bigseries/data (never data/): one series of 20,000 daily
# observations. reeks builds it, and:
#  - each series page (en, nl) lists exactly the newest 500 observations
#    (the bound, TABLE_MAX in gen/site/series.c), newest first, from the last
#    to the 19,501st, each with its citation row;
#  - each page is under 1,000,000 bytes, and its chart (inline and the
#    .svg file) under 100,000 bytes, drawn as at most 200 stretches of
#    time, and says so (in its caption and its description) with the
#    number of figures drawn, those with a value or a range;
#  - each page says, in its language, how many observations there are,
#    from when to when, which the table shows, and links the downloads;
#  - the downloads (CSV, XML, JSON and their .gz) hold all 20,000;
#  - memory stays in proportion: the build's peak RSS (-j 1) is at most
#    1.2 times that of 'reeks check' on the same data, plus 8 MB (not
#    measured under a sanitizer, whose quarantine keeps freed memory).
#
# And a comparison too big for one chart: SYNTHETIC data of 800 series of
# 3 observations, whose seven comparisons over time have 34 series each,
# more than LINES_DRAWN_MAX (30, gen/site/lines.h). Each gets no chart
# (no figure on its comparison or topic page, no SVG file; built without
# the PNGs, for time: at 10,000 series a comparison's PNG passed cairo's
# size limit and failed the build),
# but the note saying so with the count, in each language, and the table
# with all 34 series.
#
# usage: tests/bigseries.sh PATH-TO-REEKS PATH-TO-GEN-DATA
#        (from the top of the tree)
set -u
reeks=${1:?usage: tests/bigseries.sh PATH-TO-REEKS PATH-TO-GEN-DATA}
gen=${2:?usage: tests/bigseries.sh PATH-TO-REEKS PATH-TO-GEN-DATA}
out=tests/out/bigseries
nobs=20000
shown=500
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1767225600
base=https://example.org/reeks/
passed=0
failed=0
fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

rm -rf "$out"
mkdir -p "$out"
"$gen" -n 1 -m "$nobs" -p daily -o "$out/data" || exit 1
id=$(sed -n 's/.*<series id="\([^"]*\)".*/\1/p' "$out/data"/series-*.xml)

# maxrss FILE CMD...: run CMD (output to FILE.out), its peak RSS in kB
# in FILE.
maxrss() {
	python3 -c 'import resource, subprocess, sys
with open(sys.argv[1] + ".out", "w") as f:
    rc = subprocess.run(sys.argv[2:], stdout=f, stderr=f).returncode
with open(sys.argv[1], "w") as f:
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=f)
sys.exit(rc)' "$@"
}

name=build
if maxrss "$out/build.rss" "$reeks" build -j 1 --data "$out/data" \
    --templates templates --out "$out/site" --base-url "$base"; then
	ok
else
	fail "build failed:"; sed 's/^/    /' "$out/build.rss.out"
	echo "bigseries: $passed passed, $failed failed"
	exit 1
fi
site=$out/site

# ---- the downloads hold every observation ---------------------------------

dl=$site/data/series/$id
name=downloads
csv_rows=$(($(wc -l <"$dl.csv") - 1))
xml_rows=$(grep -c '<obs ' "$dl.xml")
json_rows=$(python3 -c 'import json, sys
print(sum(len(s["observations"]) for s in json.load(open(sys.argv[1]))["series"]))' \
    "$dl.json")
if [ "$csv_rows" -eq "$nobs" ] && [ "$xml_rows" -eq "$nobs" ] &&
    [ "$json_rows" -eq "$nobs" ]; then
	ok
else
	fail "rows: csv $csv_rows, xml $xml_rows, json $json_rows; want $nobs"
fi
name=downloads-gz
bad=0
for f in csv xml json; do
	gzip -dc "$dl.$f.gz" | cmp -s - "$dl.$f" || { fail "$f.gz differs"; bad=1; }
done
[ "$bad" -eq 0 ] && ok

# The periods the pages must name, from the CSV: the first and last of
# the series, and the first of the rows listed.
period_at() { sed -n "$(($1 + 1))p" "$dl.csv" | cut -d, -f2; }
first=$(period_at 1)
last=$(period_at "$nobs")
from=$(period_at $((nobs - shown + 1)))
# The figures the chart draws: those with a value or a range (the CSV's
# columns 3 to 5 are value, lower and upper).
drawn=$(awk -F, 'NR > 1 && ($3 != "" || ($4 != "" && $5 != ""))' \
    "$dl.csv" | wc -l)
# group N: N with thousands grouped as English writes it.
group() {
	echo "$1" | sed -e :a -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e ta
}
# words LANG DATE: a date YYYY-MM-DD as the notice above the table writes
# it, "31 March 1970" or "31 maart 1970" (tests/check_format.c checks
# every month).
words() {
	echo "$2" | awk -F- -v lang="$1" '{
		split("January February March April May June July August " \
		    "September October November December", en, " ")
		split("januari februari maart april mei juni juli augustus " \
		    "september oktober november december", nl, " ")
		m = $2 + 0
		printf "%d %s %s\n", $3, lang == "nl" ? nl[m] : en[m], $1
	}'
}
drawn_en=$(group "$drawn")
drawn_nl=$(group "$drawn" | tr , .)

# ---- each page ------------------------------------------------------------

for lang in en nl; do
	page=$site/$lang/series/$id.html
	svg=$site/$lang/series/$id.svg
	if [ "$lang" = en ]; then
		notice="This series has 20,000 observations, from $(words en "$first") to $(words en "$last"): too many for one page. The table shows the newest 500, from $(words en "$from") to $(words en "$last"). Every observation is in the downloads of this series: <a href=\"../../data/series/$id.csv\" type=\"text/csv\">CSV</a>, <a href=\"../../data/series/$id.xml\" type=\"application/xml\">XML</a>, <a href=\"../../data/series/$id.json\" type=\"application/json\">JSON</a>."
		caption="The chart shows all $drawn_en figures of this series, too many to draw one by one: each bar runs from the lowest to the highest value in one of 200 equal stretches of time. The table below lists the newest 500."
		desc=", $first to $last, $drawn_en observations, too many to draw one by one: each bar runs from the lowest to the highest value in one of 200 equal stretches of time.</desc>"
	else
		notice="Deze reeks heeft 20.000 waarnemingen, van $(words nl "$first") tot en met $(words nl "$last"): te veel voor één pagina. De tabel toont de 500 nieuwste, van $(words nl "$from") tot en met $(words nl "$last"). Alle waarnemingen staan in de downloads van deze reeks: <a href=\"../../data/series/$id.csv\" type=\"text/csv\">CSV</a>, <a href=\"../../data/series/$id.xml\" type=\"application/xml\">XML</a>, <a href=\"../../data/series/$id.json\" type=\"application/json\">JSON</a>."
		caption="De grafiek toont alle $drawn_nl cijfers van deze reeks, te veel om één voor één te tekenen: elke staaf loopt van de laagste tot de hoogste waarde in een van 200 even lange tijdvakken. De tabel hieronder toont de 500 nieuwste."
		desc=", $first tot en met $last, $drawn_nl waarnemingen, te veel om één voor één te tekenen: elke staaf loopt van de laagste tot de hoogste waarde in een van 200 even lange tijdvakken.</desc>"
	fi

	name=$lang-rows
	rows=$(grep -c '^<tr id="p-' "$page")
	cites=$(grep -c '^<tr class="cite-row">$' "$page")
	first_row=$(grep -m1 '^<tr id="p-' "$page")
	last_row=$(grep '^<tr id="p-' "$page" | tail -1)
	if [ "$rows" -ne "$shown" ]; then
		fail "$rows rows, want $shown"
	elif [ "$first_row" != "<tr id=\"p-$last\">" ] ||
	    [ "$last_row" != "<tr id=\"p-$from\">" ]; then
		fail "rows from '$first_row' to '$last_row', want $last to $from (newest first)"
	elif [ "$cites" -ne "$shown" ]; then
		fail "$cites figures to cite, want $shown"
	else
		ok
	fi

	name=$lang-size
	size=$(wc -c <"$page")
	svg_size=$(wc -c <"$svg")
	spans=$(grep -c '^<g><title>.*<rect ' "$svg")
	if [ "$size" -ge 1000000 ]; then
		fail "page is $size bytes, want under 1,000,000"
	elif [ "$svg_size" -ge 100000 ]; then
		fail "chart is $svg_size bytes, want under 100,000"
	elif [ "$spans" -lt 1 ] || [ "$spans" -gt 200 ]; then
		fail "chart has $spans stretches of time, want 1 to 200"
	else
		ok
	fi

	name=$lang-notice
	if ! grep -qF "<p class=\"note\">$notice</p>" "$page"; then
		fail "no notice above the table: $(grep -A1 'id="data"' "$page")"
	elif ! grep -qF "<figcaption>$caption <a" "$page"; then
		fail "no chart caption: $(grep '<figcaption>' "$page")"
	elif ! grep -qF "$desc" "$svg" || ! grep -qF "$desc" "$page"; then
		fail "the chart does not say how it is drawn: $(grep '<desc' "$svg")"
	else
		ok
	fi
done

# ---- memory ----------------------------------------------------------------

name=memory
if [ -n "${ASAN_OPTIONS:-}" ]; then
	echo "bigseries: memory not measured under a sanitizer"
	ok
elif ! maxrss "$out/check.rss" "$reeks" check --data "$out/data"; then
	fail "reeks check failed: $(cat "$out/check.rss.out")"
else
	b=$(cat "$out/build.rss") c=$(cat "$out/check.rss")
	if [ "$b" -le $((c * 6 / 5 + 8192)) ]; then
		ok
	else
		fail "build peaks at $b kB, reeks check at $c kB"
	fi
fi

# ---- a comparison too big for one chart --------------------------------------

name=too-many-lines
rm -rf "$out/many"
mkdir -p "$out/many"
if ! "$gen" -n 800 -m 3 -o "$out/many/data" >/dev/null; then
	fail "gen-data failed"
elif ! REEKS_NO_PNG=1 "$reeks" build -q --data "$out/many/data" \
    --out "$out/many/site" --base-url "$base" 2>"$out/many/build.err"; then
	fail "the build failed: $(grep -v warning "$out/many/build.err" |
	    head -3)"
else
	en="34 series are compared here: too many to draw as charts on one page. The table below has every figure; each series page has its own chart, sources and notes."
	nl="Hier worden 34 reeksen vergeleken: te veel om als grafieken op één pagina te tekenen. De tabel hieronder heeft elk cijfer; elke reekspagina heeft een eigen grafiek, bronnen en toelichtingen."
	n=0
	for lang in en nl; do
		[ "$lang" = en ] && note=$en || note=$nl
		for page in "$out/many/site/$lang"/compare/*.html; do
			n=$((n + 1))
			notes=$(grep -c "<p class=\"note\">$note</p>" "$page")
			cols=$(grep -o '<th scope="col" class="num">' "$page" |
			    wc -l)
			if [ "$notes" -ne 1 ] || [ "$cols" -ne 34 ] ||
			    grep -q 'figure class="chart lines"' "$page"; then
				fail "${page#$out/}: $notes notes, $cols columns"
			else
				ok
			fi
		done
		if grep -l 'figure class="chart lines"' \
		    "$out/many/site/$lang"/topics/*.html; then
			fail "a topic page draws a comparison over time"
		else
			ok
		fi
	done
	files=$(find "$out/many/site" -path '*/compare/lines-*' | wc -l)
	if [ "$n" -ne 14 ] || [ "$files" -ne 0 ]; then
		fail "$n comparison pages (14 expected), $files chart files"
	else
		ok
	fi
fi

echo "bigseries: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
