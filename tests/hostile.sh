#!/bin/sh
# hostile.sh: hostile input must give a clear error or a safely escaped
# site; never a crash, a hang, or a file outside the output directory.
#
#  - each data directory in tests/hostile/ (see tests/hostile/README), and
#    a few made here because they are big or not files git can hold (10 MB
#    texts, 10,000-deep nesting, a FIFO, /dev/zero, an empty directory),
#    goes through 'reeks check' and 'reeks build', each under 'timeout':
#    either both fail with exactly the expected first error line and the
#    old site is left as it was, or both succeed and the site passes the
#    page checks below;
#  - page checks, on those sites and on the sites of tests/data/good and
#    data/: every HTML page has the Content-Security-Policy that allows
#    only the site's own files, no script but the JSON-LD data block (which
#    parses as JSON), no inline event handler or style, no javascript: or
#    data: link, and rel="noopener noreferrer" on every link out of the
#    site; every XML file (feed, sitemap, catalogue, SVG) is well-formed
#    and every JSON file parses; the script-injection payloads of
#    tests/hostile/xss appear only escaped.
#
# usage: tests/hostile.sh PATH-TO-REEKS      (from the top of the tree)
# HOSTILE_TIMEOUT sets the seconds allowed per run (default 60).
set -u
reeks=${1:?usage: tests/hostile.sh PATH-TO-REEKS}
out=tests/out/hostile
rm -rf "$out"
mkdir -p "$out/gen" "$out/run"
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
limit=${HOSTILE_TIMEOUT:-60}
base=https://example.org/reeks/
passed=0
failed=0
fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

# run LOG ARGS...: reeks ARGS under timeout; stdout and stderr in LOG.out
# and LOG.err. Sets $status. Returns 1 (after failing) on a hang or crash.
run() {
	rlog=$1
	shift
	timeout "$limit" "$reeks" "$@" >"$rlog.out" 2>"$rlog.err"
	status=$?
	if [ "$status" -eq 124 ]; then
		fail "reeks $1 did not finish in $limit s"
		return 1
	elif [ "$status" -gt 2 ]; then
		fail "reeks $1 crashed (exit status $status):"
		tail -20 "$rlog.err" | sed 's/^/    /'
		return 1
	fi
	return 0
}

# new_files STAMP DIR: files under DIR newer than STAMP, except what a
# build may write: DIR/site/ and the caches beside it, site.reeks-cache,
# site.reeks-pieces and (after data that loads without error)
# site.reeks-load.
new_files() {
	find "$2" -newer "$1" ! -path "$2/site/*" ! -path "$2/site" \
	    ! -path "$2/site.reeks-cache" ! -path "$2/site.reeks-pieces" \
	    ! -path "$2/site.reeks-load" \
	    ! -name '*.out' ! -name '*.err' \
	    ! -path "$2" -print
}

# error CASE FIRST-LINE: check and build of $dir fail with FIRST-LINE
# (after "$dir") first on stderr; the old site stays as it was.
# build_error CASE FIRST-LINE: the same, for data that 'reeks check'
# accepts and 'reeks build' cannot make a site of.
build_error() {
	check_status=0
	error_ "$@"
}
error() {
	check_status=1
	error_ "$@"
}
error_() {
	name=$1
	want="$dir$2"
	sandbox=$out/run/$name
	mkdir -p "$sandbox/site"
	echo "old site" >"$sandbox/site/index.html"
	# A site reeks made (it replaces no other directory).
	echo "A site made by reeks build, which replaces this directory whole." \
	    >"$sandbox/site/.reeks-site"
	touch "$sandbox/stamp"
	sleep 0.01 2>/dev/null || sleep 1
	run "$sandbox/check" check --data "$dir" || return
	if [ "$status" -ne "$check_status" ]; then
		fail "reeks check exit status $status, expected $check_status"
		return
	fi
	got=$(head -1 "$sandbox/check.err")
	if [ "$check_status" -ne 0 ] && [ "$got" != "$want" ]; then
		fail "reeks check says:"
		echo "    $got" | cut -c1-400
		echo "  expected:"
		echo "    $want" | cut -c1-400
		return
	fi
	run "$sandbox/build" build --data "$dir" --out "$sandbox/site" \
	    --base-url "$base" || return
	got=$(head -1 "$sandbox/build.err")
	if [ "$status" -ne 1 ] || [ "$got" != "$want" ]; then
		fail "reeks build: exit status $status, first line:"
		echo "    $got" | cut -c1-400
		return
	fi
	stray=$(new_files "$sandbox/stamp" "$sandbox")
	if [ "$(cat "$sandbox/site/index.html")" != "old site" ] ||
	    [ "$(find "$sandbox/site" -type f | wc -l)" -ne 2 ]; then
		fail "the old site was changed"
	elif [ -n "$stray" ]; then
		fail "files written outside the site: $stray"
	else
		ok
	fi
}

# site CASE: check and build of $dir succeed; the site goes to the page
# checks (in $out/run/CASE/site).
site() {
	name=$1
	sandbox=$out/run/$name
	mkdir -p "$sandbox"
	touch "$sandbox/stamp"
	sleep 0.01 2>/dev/null || sleep 1
	run "$sandbox/check" check --data "$dir" || return
	if [ "$status" -ne 0 ]; then
		fail "reeks check failed:"
		head -5 "$sandbox/check.err" | cut -c1-400 | sed 's/^/    /'
		return
	fi
	run "$sandbox/build" build --data "$dir" --out "$sandbox/site" \
	    --base-url "$base" || return
	if [ "$status" -ne 0 ]; then
		fail "reeks build failed:"
		head -5 "$sandbox/build.err" | cut -c1-400 | sed 's/^/    /'
		return
	fi
	stray=$(new_files "$sandbox/stamp" "$sandbox")
	if [ -n "$stray" ]; then
		fail "files written outside the site: $stray"
		return
	fi
	sites="$sites $sandbox/site"
	ok
}
sites=""

# ---- the corpus: tests/hostile/ ------------------------------------------

for d in tests/hostile/*/; do
	[ -d "$d" ] || continue
	dir=${d%/}
	case=$(basename "$dir")
	doctype=": DOCTYPE is not allowed: data files may not declare a DTD, entities or external references"
	utf8=": text is not valid UTF-8 (or holds a character XML does not allow)"
	notid="is not a valid id: use lowercase letters a-z, digits and '-'"
	noturl="is not an http or https URL"
	notnum="is not a number: write digits with optional ',' thousands groups and '.' decimals (no exponent, NaN or infinity)"
	case $case in
	xss|bom-utf8|processing-instruction|number-1e308|number-denormal-percent|cdata|within-deep-16)
		site "$case" ;;
	billion-laughs|xxe-file|xxe-network|xxe-parameter)
		error "$case" "/a.xml:3$doctype" ;;
	utf8-*|char-nul)
		error "$case" "/a.xml:10:27$utf8" ;;
	char-control)
		error "$case" "/a.xml:10:33$utf8" ;;
	char-nul-ref)
		error "$case" "/a.xml:10:31$utf8" ;;
	encoding-latin1)
		error "$case" "/a.xml:1: encoding 'ISO-8859-1' is not allowed: data files are UTF-8" ;;
	encoding-utf16)
		error "$case" "/a.xml:1: encoding 'UTF-16' is not allowed: data files are UTF-8" ;;
	entity-undeclared)
		error "$case" "/a.xml:10:28: malformed XML: Entity 'xxe' not defined" ;;
	xinclude)
		error "$case" "/a.xml:10: schema: Element '{http://www.w3.org/2001/XInclude}include': This element is not expected. Expected is one of ( description, breakdown, definition, caveat, break, obs )." ;;
	id-traversal-series)
		error "$case" "/a.xml:7: schema: Element 'series', attribute 'id': '../../../../tmp/reeks-pwned' $notid" ;;
	id-traversal-slash)
		error "$case" "/a.xml:7: schema: Element 'series', attribute 'id': 'a/b' $notid" ;;
	id-traversal-dot)
		error "$case" "/a.xml:7: schema: Element 'series', attribute 'id': '..' $notid" ;;
	id-traversal-encoded)
		error "$case" "/a.xml:7: schema: Element 'series', attribute 'id': '%2e%2e%2fetc' $notid" ;;
	id-traversal-source)
		error "$case" "/a.xml:10: schema: Element 'obs', attribute 'source': '../s' $notid" ;;
	id-newline)
		error "$case" "/a.xml:7: schema: Element 'series', attribute 'id': 'x\\ny' $notid" ;;
	id-control)
		error "$case" "/a.xml:6: schema: Element 'source', attribute 'id': 's\\r\\t\\x7f\\u2028' $notid" ;;
	id-device-*)
		id=${case#id-device-}
		error "$case" "/a.xml:7: series id '$id' is a device name on Windows (con, prn, aux, nul, com0 to com9, lpt0 to lpt9), and ids become file names: choose another" ;;
	id-too-long)
		a101=$(printf '%0101d' 0 | tr 0 a)
		error "$case" "/a.xml:7: schema: Element 'series', attribute 'id': [facet 'maxLength'] The value '$a101' has a length of '101'; this exceeds the allowed maximum length of '100'." ;;
	url-javascript)
		error "$case" "/a.xml:6: schema: Element 'url': 'javascript:alert(document.cookie)' $noturl" ;;
	url-javascript-case)
		error "$case" "/a.xml:6: schema: Element 'url': 'JaVaScRiPt:alert(1)' $noturl" ;;
	url-javascript-space)
		error "$case" "/a.xml:6: schema: Element 'url': ' javascript:alert(1)' $noturl" ;;
	url-data)
		error "$case" "/a.xml:6: schema: Element 'url': 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' $noturl" ;;
	url-quote)
		error "$case" "/a.xml:6: schema: Element 'url': 'https://example.org/\"onmouseover=\"alert(1)' $noturl" ;;
	url-protocol-relative)
		error "$case" "/a.xml:6: schema: Element 'url': '//evil.example/x' $noturl" ;;
	number-overflow)
		error "$case" "/a.xml:10: value '1$(printf '%0309d' 0)' is not a finite number" ;;
	number-long)
		error "$case" "/a.xml:10: value '$(printf '%0600d' 0)' is not a finite number" ;;
	number-exponent)
		error "$case" "/a.xml:10: schema: Element 'obs', attribute 'value': '1e308' $notnum" ;;
	number-nan)
		error "$case" "/a.xml:10: schema: Element 'obs', attribute 'value': 'NaN' $notnum" ;;
	number-denormal)
		error "$case" "/a.xml:10: value '0.$(printf '%0330d' 0)1' is not a whole number (unit persons)" ;;
	within-self)
		error "$case" "/a.xml:5: geography 'g' is within itself" ;;
	within-cycle)
		error "$case" "/a.xml:5: geography 'g' is within itself: 'g' in 'h' in 'g'" ;;
	within-cycle-long)
		error "$case" "/a.xml:8: geography 'a' is within itself: 'a' in 'd' in 'c' in 'b' in 'a'" ;;
	within-deep-17)
		chain=$(seq -f "'g%02g'" 0 17 | paste -sd '#' | sed 's/#/ in /g')
		error "$case" "/a.xml:5: geography 'g00' is nested 17 levels deep by 'within' ($chain): at most 16 levels are allowed" ;;
	empty)
		error "$case" "/a.xml: the file is empty" ;;
	whitespace)
		error "$case" "/a.xml:4:1: malformed XML: no XML element found" ;;
	not-xml|binary)
		error "$case" "/a.xml:1:1: malformed XML: no XML element found" ;;
	truncated)
		error "$case" "/a.xml:9:48: malformed XML: Specification mandates value for attribute at" ;;
	two-roots)
		error "$case" "/a.xml:13:1: malformed XML: Extra content at the end of the document" ;;
	wrong-root)
		error "$case" "/a.xml:2: schema: Element 'html': No matching global declaration available for the validation root." ;;
	wrong-version)
		error "$case" "/a.xml:2: unsupported format version '2' (this reeks reads version 1)" ;;
	no-change-log)
		build_error "$case" ": the data has no <change> entry, so the site cannot say when it changed" ;;
	*)
		name=$case
		fail "no expectation for tests/hostile/$case in tests/hostile.sh" ;;
	esac
done

# No change log, but SOURCE_DATE_EPOCH gives the site its date: a site or
# a clear error, no crash.
name=no-change-log-epoch
mkdir -p "$out/run/$name"
if SOURCE_DATE_EPOCH=1700000000 run "$out/run/$name/build" build \
    --data tests/hostile/no-change-log --out "$out/run/$name/site" \
    --base-url "$base"; then
	first=$(head -1 "$out/run/$name/build.err")
	case $status:$first in
	0:*|"1:tests/hostile/no-change-log"*|"1:reeks:"*) ok ;;
	*) fail "exit status $status: $first" ;;
	esac
fi

# Values near the double's limit get readable axis labels (a power of
# ten), in both languages, never "?" or 300 digits.
name=number-1e308-axis
for lang in en nl; do
	svg=$out/run/number-1e308/site/$lang/series/x.svg
	labels=$(sed -n 's/.*<text x="[0-9.]*" y="[0-9.]*">\([^<]*\)<\/text>.*/\1/p' \
	    "$svg" 2>/dev/null | head -6 | tr '\n' ' ')
	if [ "$labels" != "0 2×10³⁰⁷ 4×10³⁰⁷ 6×10³⁰⁷ 8×10³⁰⁷ 1×10³⁰⁸ " ]; then
		fail "$lang axis labels: '$labels'"
		break
	fi
done
[ "$lang" = nl ] && [ "$labels" = "0 2×10³⁰⁷ 4×10³⁰⁷ 6×10³⁰⁷ 8×10³⁰⁷ 1×10³⁰⁸ " ] && ok

# ---- cases made here ------------------------------------------------------

g=$out/gen
# doc FILE OBS [SERIES-EXTRA]: a small valid document with OBS lines.
doc() {
	cat >"$1" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<reeks version="1">
  <topic id="t"><title lang="en">T</title><title lang="nl">T</title></topic>
  <geography id="g" scope="city"><name lang="en">G</name><name lang="nl">G</name></geography>
  <source id="s" kind="report"><author>A</author><title>S</title><year>2020</year><citation>C</citation></source>
  <series id="x" topic="t" indicator="i" unit="percent" geography="g">
    <title lang="en">X</title><title lang="nl">X</title>
    <description lang="en">D</description><description lang="nl">D</description>
${3:-}$2
  </series>
  <change id="c1" date="2020-01-01"><title lang="en">C</title><title lang="nl">C</title><summary lang="en">S</summary><summary lang="nl">S</summary></change>
</reeks>
EOF
}
# repeat N TEXT: TEXT N times.
repeat() { awk -v n="$1" -v t="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", t }'; }
mb10=$((10 * 1024 * 1024))

mkdir -p "$g/text-10mb"
doc "$g/text-10mb/a.xml" "    <obs period=\"2008\" value=\"10\" source=\"s\" at=\"p. 1\"><excerpt>$(repeat $((mb10 / 16)) '&lt;script&gt;xx ')</excerpt></obs>"
mkdir -p "$g/attribute-10mb"
doc "$g/attribute-10mb/a.xml" "    <obs period=\"2008\" value=\"10\" source=\"s\" at=\"$(repeat $((mb10 / 8)) 'x&quot;y&lt;z')\"><excerpt>e</excerpt></obs>"
mkdir -p "$g/nesting-10000"
doc "$g/nesting-10000/a.xml" \
    "    <obs period=\"2008\" value=\"10\" source=\"s\" at=\"p. 1\"><excerpt>e</excerpt></obs>" \
    "    <caveat lang=\"en\">$(repeat 10000 '<b>')x$(repeat 10000 '</b>')</caveat>
"
mkdir -p "$g/nesting-10000-root"
{ printf '<reeks version="1">'; repeat 10000 '<topic>'; repeat 10000 '</topic>'; printf '</reeks>\n'; } >"$g/nesting-10000-root/a.xml"
# A chain of 2,000 geographies, each within the next (w0 in w1 in ...),
# and a cycle of 2,000: each refused once, at the first geography too
# deep and at the cycle's smallest id.
for shape in chain cycle; do
	mkdir -p "$g/within-$shape-2000"
	awk -v shape=$shape 'BEGIN {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<reeks version=\"1\">"
		print "<topic id=\"t\"><title lang=\"en\">T</title><title lang=\"nl\">T</title></topic>"
		for (i = 0; i < 2000; i++) {
			up = i < 1999 ? i + 1 : shape == "cycle" ? 0 : -1
			w = up < 0 ? "" : sprintf(" within=\"w%04d\"", up)
			printf "<geography id=\"w%04d\" scope=\"city\"%s><name lang=\"en\">G</name><name lang=\"nl\">G</name></geography>\n", i, w
		}
		print "<source id=\"s\" kind=\"report\"><author>A</author><title>S</title><year>2020</year><citation>C</citation></source>"
		print "<series id=\"x\" topic=\"t\" indicator=\"i\" unit=\"percent\" geography=\"w0000\">"
		print "<title lang=\"en\">X</title><title lang=\"nl\">X</title><description lang=\"en\">D</description><description lang=\"nl\">D</description>"
		print "<obs period=\"2008\" value=\"10\" source=\"s\" at=\"p. 1\"><excerpt>e</excerpt></obs></series>"
		print "<change id=\"c1\" date=\"2020-01-01\"><title lang=\"en\">C</title><title lang=\"nl\">C</title><summary lang=\"en\">S</summary><summary lang=\"nl\">S</summary></change>"
		print "</reeks>"
	}' >"$g/within-$shape-2000/a.xml"
done
mkdir -p "$g/fifo" && mkfifo "$g/fifo/a.xml"
mkdir -p "$g/dev-zero" && ln -s /dev/zero "$g/dev-zero/a.xml"
mkdir -p "$g/directory/a.xml"
mkdir -p "$g/no-files"
mkdir -p "$g/html-file-name"
cp tests/hostile/xss/a.xml "$g/html-file-name/<img src=x onerror=alert(1)>.xml"

for dir in "$g"/*; do
	case=$(basename "$dir")
	case $case in
	text-10mb|html-file-name)
		site "$case" ;;
	attribute-10mb)
		error "$case" "/a.xml:9:10003199: malformed XML: an attribute value or text longer than 10,000,000 bytes" ;;
	nesting-10000)
		error "$case" "/a.xml:9:785: malformed XML: elements nested deeper than 256 levels" ;;
	nesting-10000-root)
		error "$case" "/a.xml:1:1812: malformed XML: elements nested deeper than 256 levels" ;;
	fifo)
		error "$case" "/a.xml: not a regular file (a pipe)" ;;
	dev-zero)
		error "$case" "/a.xml: not a regular file (a device)" ;;
	directory)
		error "$case" "/a.xml: not a regular file (a directory)" ;;
	no-files)
		error "$case" ": no data files (*.xml) in the data directory" ;;
	within-chain-2000)
		chain=$(seq -f "'w%04g'" 1982 1999 | paste -sd '#' | sed 's/#/ in /g')
		error "$case" "/a.xml:1986: geography 'w1982' is nested 17 levels deep by 'within' ($chain): at most 16 levels are allowed" ;;
	within-cycle-2000)
		chain=$(seq -f "'w%04g'" 0 7 | paste -sd '#' | sed 's/#/ in /g')
		error "$case" "/a.xml:4: geography 'w0000' is within itself: $chain in ... in 'w0000' (2000 geographies)" ;;
	esac
done

# Formula text in the CSV: an apostrophe before it, so that a
# spreadsheet shows it; the JSON keeps the text as given.
name=csv-formula
mkdir -p "$out/csv-formula"
doc "$out/csv-formula/a.xml" "    <obs period=\"2008\" value=\"10\" printed=\"+/- 10\" source=\"s\" at=\"@page 1\"><excerpt>e</excerpt>
      <note lang=\"en\">=HYPERLINK(\"http://evil.example/\",\"x\")</note><note lang=\"nl\">-n</note></obs>"
if run "$out/run/$name" export --data "$out/csv-formula" --format csv; then
	row=$(sed -n 2p "$out/run/$name.out" | tr -d "\r")
	# ... then the readers' columns: titles, unit, places, source
	# name, reference and URL, and the Dutch note, guarded too.
	want="x,2008,10,,,,exact,A,,false,percent,g,,,'+/- 10,s,'@page 1,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\",X,X,percent,G,G,A (2020),C,,'-n"
	if [ "$status" -ne 0 ]; then
		fail "exit status $status"
	elif [ "$row" != "$want" ]; then
		fail "CSV row: $row"
	elif ! run "$out/run/$name-json" export --data "$out/csv-formula" \
	    --format json || ! grep -q '"printed": *"+/- 10"' "$out/run/$name-json.out"; then
		fail "the JSON does not keep '+/- 10'"
	else
		ok
	fi
fi

# The fixture and the real data, for the page checks.
for dir in tests/data/good data; do
	site "$(echo "$dir" | tr / -)"
done

# ---- page checks -----------------------------------------------------------

name=pages
cat >"$out/pages.js" <<'EOF'
// Check every HTML page and SVG file of the sites given; print problems.
const fs = require("fs"), path = require("path");
const [base, ...sites] = process.argv.slice(2);
const policyWant = { "default-src": "'self'", "script-src": "'self'",
    "object-src": "'none'", "base-uri": "'none'", "form-action": "'none'" };
let problems = 0;
const bad = (f, m) => { problems++; console.log(`${f}: ${m}`); };
function walk(d) {
	return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
	    e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
}
for (const site of sites) for (const f of walk(site)) {
	if (!/\.(html|svg)$/.test(f)) continue;
	const s = fs.readFileSync(f, "utf8");
	const tags = s.match(/<[A-Za-z][^>]*>/g) || [];
	if (f.endsWith(".html")) {
		const csp = s.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g) || [];
		if (csp.length !== 1 || s.indexOf(csp[0]) > s.indexOf("</head>"))
			bad(f, `${csp.length} CSP meta elements in <head>`);
		else {
			const pol = {};
			for (const d of csp[0].replace(/.*content="|">$/g, "").split(";")) {
				const [k, ...v] = d.trim().split(/\s+/);
				pol[k] = v.join(" ");
				for (const src of v)
					if (src !== "'self'" && src !== "'none'")
						bad(f, `CSP ${k} allows ${src}`);
			}
			for (const k in policyWant)
				if (pol[k] !== policyWant[k])
					bad(f, `CSP ${k} is '${pol[k]}', not ${policyWant[k]}`);
		}
		const scripts = s.match(/<script\b[^>]*>/gi) || [];
		// The JSON-LD data block, and on a series page the site's
		// own copy script, cite.js, at the site's top.
		for (const t of scripts) {
			const own = t.match(/^<script src="((?:\.\.\/)*cite\.js)" defer>$/);
			if (own && (!/\/series\/[^/]*\.html$/.test(f) ||
			    path.resolve(path.dirname(f), own[1]) !==
			    path.resolve(site, "cite.js") ||
			    !fs.existsSync(path.resolve(site, "cite.js"))))
				bad(f, `script element ${t} that is not the site's cite.js on a series page`);
			else if (!own && t !== '<script type="application/ld+json">')
				bad(f, `script element ${t}`);
		}
		for (const m of s.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
			try { JSON.parse(m[1]); } catch (e) { bad(f, `JSON-LD does not parse: ${e.message}`); }
		}
		if ((s.match(/<\/script/gi) || []).length !== scripts.length)
			bad(f, "a </script> that closes no script element");
		for (const t of tags) {
			const href = t.match(/^<a\s[^>]*\bhref="(https?:[^"]*)"/);
			if (href && !href[1].startsWith(base) &&
			    !/\brel="noopener noreferrer"/.test(t))
				bad(f, `external link without rel="noopener noreferrer": ${t}`);
		}
	} else if (/<script/i.test(s)) {
		bad(f, "script element in SVG");
	}
	if (/<style/i.test(s)) bad(f, "a style element (blocked by the CSP)");
	for (const t of tags) {
		const names = t.replace(/"[^"]*"|'[^']*'/g, '""');
		if (/\son[a-z]+\s*=/i.test(names)) bad(f, `event handler attribute: ${t}`);
		if (/\sstyle\s*=/i.test(names)) bad(f, `style attribute (blocked by the CSP): ${t}`);
		const u = t.match(/\s(?:href|src|xlink:href|action)\s*=\s*"([^"]*)"/i);
		if (u && /^\s*(javascript|data|vbscript):/i.test(u[1]))
			bad(f, `${u[1].split(":")[0]}: link: ${t}`);
	}
}
for (const site of sites) for (const f of walk(site))
	if (f.endsWith(".json"))
		try { JSON.parse(fs.readFileSync(f, "utf8")); }
		catch (e) { bad(f, `does not parse as JSON: ${e.message}`); }
process.exit(problems ? 1 : 0);
EOF
if [ -z "$sites" ]; then
	fail "no site was built"
elif node "$out/pages.js" "$base" $sites >"$out/pages.log" 2>&1; then
	ok
else
	fail "$(wc -l <"$out/pages.log") problems:"
	head -40 "$out/pages.log" | cut -c1-300 | sed 's/^/    /'
fi

name=xml-well-formed
files=$(find $sites -name '*.xml' -o -name '*.atom' -o -name '*.rdf' -o \
    -name '*.svg' | sort)
if [ -z "$files" ]; then
	fail "no XML file in the sites"
elif echo "$files" | xargs xmllint --noout --nonet >"$out/xmllint.log" 2>&1
then
	ok
else
	fail "not well-formed:"
	head -20 "$out/xmllint.log" | sed 's/^/    /'
fi

# The payloads of tests/hostile/xss (and the HTML file name) must never
# appear raw in markup; the Mustache tags among them are shown, not run.
name=xss-escaped
xss=$out/run/xss/site
if [ -d "$xss" ]; then
	raw=$(grep -rlF -e '<script>alert' -e '<img src=x' -e '<svg onload' \
	    -e '<XSS5/>' -e '<XSS6/>' -e 'onmouseover="alert' \
	    -e '<a href="javascript' -e '</title><style>' -e '<b>XSS11' \
	    --include='*.html' --include='*.svg' --include='*.xml' \
	    --include='*.atom' --include='*.rdf' \
	    "$xss" "$out/run/html-file-name/site" "$out/run/text-10mb/site" \
	    2>/dev/null)
	if [ -n "$raw" ]; then
		fail "unescaped payload in: $raw"
	elif ! grep -qF '{{t.site_name}}{{{XSS7}}}{{&gt;XSS7}}' \
	    "$xss/en/sources.html"; then
		fail "the Mustache tags in the data are not shown as text"
	else
		ok
	fi
else
	fail "the xss site was not built"
fi

# Text in CDATA sections is published with the text around it, escaped
# like any other; an excerpt that is only CDATA is shown.
name=cdata-text
page=$out/run/cdata/site/en/series/x.html
if ! grep -qF '<h1>Heroin &amp; cocaine users</h1>' "$page" 2>/dev/null; then
	fail "the title with CDATA is not 'Heroin &amp; cocaine users'"
elif ! grep -qF '<q>&lt;b&gt;CDATA-only&lt;/b&gt; excerpt</q>' "$page"; then
	fail "the excerpt in CDATA is not shown escaped"
else
	ok
fi

# Nothing was written outside the sandboxes (a traversal would aim here).
name=outside
if ls -d /tmp/reeks-pwned* "$out"/../reeks-pwned* 2>/dev/null; then
	fail "a file outside the output directory was written"
else
	ok
fi

echo "hostile: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
