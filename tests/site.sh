#!/bin/sh
# site.sh: end-to-end tests of 'reeks build' on small fixtures:
#  - the fixture site matches the golden files in tests/golden/site;
#  - two builds are byte-identical;
#  - a build over bad data, or with a broken template, fails with every
#    error and leaves the existing site exactly as it was;
#  - hostile text is escaped on every page;
#  - links are relative and every internal link resolves.
#
# usage: tests/site.sh PATH-TO-REEKS [--update]   (from the top of the tree)
set -u
reeks=${1:?usage: tests/site.sh PATH-TO-REEKS [--update]}
update=${2:-}
out=tests/out/site
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
base=https://example.org/reeks/
passed=0
failed=0

fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

# build NAME DATA [ARGS...]: build DATA into $out/NAME.
build() {
	bname=$1 bdata=$2
	shift 2
	"$reeks" build --data "$bdata" --templates templates \
	    --out "$out/$bname" --base-url "$base" "$@" \
	    >"$out/$bname.stdout" 2>"$out/$bname.stderr"
}

# A listing of every file with its checksum, to compare trees.
tree_sums() {
	(cd "$1" && find . -type f | sort | xargs sha256sum)
}

# ---- the fixture site ----------------------------------------------------

name=fixture
if build fixture tests/data/good; then
	ok
else
	fail "build failed:"; sed 's/^/    /' "$out/fixture.stderr"
fi
name=summary
if grep -q '^reeks: wrote tests/out/site/fixture: [0-9]* pages, [0-9]* files, [0-9]* bytes in [0-9.]* s$' \
    "$out/fixture.stdout"; then
	ok
else
	fail "no summary line: $(cat "$out/fixture.stdout")"
fi

# The build's progress: on a terminal (script(1) gives it one) a line on
# stderr, overwritten in place (carriage return, erase to the end of the
# line) and erased before the summary; nothing when stderr is a file, or
# with -q. In the log, CR is R and ESC is E.
name=no-progress-off-terminal
if grep -q 'building' "$out/fixture.stderr"; then
	fail "progress on a file: $(tr '\r\033' 'RE' <"$out/fixture.stderr")"
else
	ok
fi
# tty NAME ARGS...: build tests/data/good on a terminal; the log in NAME.log.
tty() {
	tname=$1
	shift
	script -qec "'$reeks' build --data tests/data/good --templates \
	    templates --out '$out/$tname' --base-url '$base' $*" /dev/null |
	    tr '\r\033' 'RE' >"$out/$tname.log"
}
name=progress-on-terminal
tty tty
bad=0
for want in 'RE\[Kreeks: loading tests/data/goodRE\[Ktests/data/good/' \
    'RE\[Kreeks: building: [0-9]* of [0-9]* pages and downloads ([0-9]*%)' \
    'RE\[Kreeks: finishing: ' \
    'RE\[Kreeks: wrote tests/out/site/tty: [0-9]* pages'; do
	grep -q "$want" "$out/tty.log" && continue
	fail "no '$want' in: $(cat "$out/tty.log")"
	bad=1
done
[ "$bad" -eq 0 ] && ok
name=no-progress-quiet
tty tty-quiet -q
if grep -q 'E\[K\|reeks:' "$out/tty-quiet.log"; then
	fail "progress with -q: $(cat "$out/tty-quiet.log")"
elif ! grep -q '^tests/data/good/example.xml:86: warning: ' \
    "$out/tty-quiet.log"; then
	fail "no warning with -q: $(cat "$out/tty-quiet.log")"
else
	ok
fi

name=golden
if [ "$update" = --update ]; then
	rm -rf tests/golden/site
	mkdir -p tests/golden/site
	(cd "$out/fixture" && find . -type f ! -name '*.gz' ! -name '*.zip' |
	    sort | while read -r f; do
		mkdir -p "../../../golden/site/$(dirname "$f")"
		cp "$f" "../../../golden/site/$f"
	done)
	ok
elif diff -r -x '*.gz' -x '*.zip' tests/golden/site "$out/fixture" \
    >"$out/golden.diff"; then
	ok
else
	fail "differs from tests/golden/site (make regress-update):"
	head -40 "$out/golden.diff" | sed 's/^/    /'
fi

name=byte-identical
build again tests/data/good
if diff -r "$out/fixture" "$out/again" >/dev/null; then
	ok
else
	fail "two builds of the same input differ"
fi

name=source-date-epoch
SOURCE_DATE_EPOCH=1700000000 build epoch tests/data/good
if grep -q '2023-11-14' "$out/epoch/en/index.html" &&
    ! grep -q '2023-11-14' "$out/fixture/en/index.html"; then
	ok
else
	fail "SOURCE_DATE_EPOCH does not set the date"
fi

# ---- failures leave the old site --------------------------------------

name=bad-data-keeps-site
cp -R "$out/fixture" "$out/keep"
tree_sums "$out/keep" >"$out/keep.before"
if build keep tests/data/bad; then
	fail "build over bad data succeeded"
elif ! grep -q "^tests/data/bad/b-meaning.xml:22: value '120' is outside 0 to 100 (unit percent)$" \
    "$out/keep.stderr" ||
    ! grep -q '^reeks: 12 errors; tests/out/site/keep left as it was$' \
    "$out/keep.stderr"; then
	fail "not every error reported:"; sed 's/^/    /' "$out/keep.stderr"
else
	tree_sums "$out/keep" >"$out/keep.after"
	if cmp -s "$out/keep.before" "$out/keep.after" &&
	    [ -z "$(ls -d "$out"/keep.new-* "$out"/keep.old-* 2>/dev/null)" ]
	then
		ok
	else
		fail "the old site changed or a staging directory was left"
	fi
fi

# broken_template NAME FILE CONTENT PATTERN: a build with templates/FILE
# replaced by CONTENT fails with an error matching PATTERN and leaves the
# site as it was.
broken_template() {
	name=$1
	rm -rf "$out/tpl"
	cp -R templates "$out/tpl"
	printf '%s' "$3" >"$out/tpl/$2"
	if "$reeks" build --data tests/data/good --templates "$out/tpl" \
	    --out "$out/keep" --base-url "$base" >"$out/$name.stdout" \
	    2>"$out/$name.stderr"; then
		fail "the build succeeded"
		return
	fi
	tree_sums "$out/keep" >"$out/keep.after2"
	if grep -q "^$out/tpl/$4" "$out/$name.stderr" &&
	    cmp -s "$out/keep.before" "$out/keep.after2"; then
		ok
	else
		fail "no error matching '$4', or the site changed:"
		sed 's/^/    /' "$out/$name.stderr"
	fi
}
broken_template template-syntax about.mustache \
    '{{<layout}}
{{$content}}
<h1>{{t.about_heading}}
{{#unclosed}}
{{/content}}
{{/layout}}
' "about.mustache:5:1: closing tag 'content' does not match section 'unclosed' opened at line 4, column 1$"
broken_template template-variable 404.mustache \
    '{{<layout}}
{{$content}}
<p>{{no_such_variable}}</p>
{{/content}}
{{/layout}}
' "404.mustache:3:4: unknown variable 'no_such_variable'$"
broken_template template-partial sources.mustache \
    '{{<layout}}
{{$content}}
{{>no-such-partial}}
{{/content}}
{{/layout}}
' "sources.mustache:3:1: unknown partial 'no-such-partial'$"
# A name with a newline: the error stays one line, the newline shown
# as \n.
broken_template template-name-newline 404.mustache \
    '{{<layout}}
{{$content}}
{{#a
b}}x{{/a
b}}
{{/content}}
{{/layout}}
' "404.mustache:3:1: invalid name 'a\\\\nb'$"

name=usage
if "$reeks" build --base-url ftp://x >/dev/null 2>"$out/usage.err"; then
	fail "a bad base URL was accepted"
elif [ $? -ne 2 ] || ! grep -q "^reeks: --base-url needs an absolute http or https URL, not 'ftp://x'$" "$out/usage.err"; then
	fail "wrong usage error: $(cat "$out/usage.err")"
else
	ok
fi

# ---- escaping --------------------------------------------------------------

name=hostile
if build hostile tests/data/hostile; then
	pages=$(find "$out/hostile" -name '*.html' -o -name '*.svg' | sort)
	bad=""
	for p in $pages; do
		# Nothing from the data may open a tag; the only script
		# element is the JSON-LD data block.
		if grep -q "<script>alert\|alert('x')</script>" "$p" ||
		    grep -o '<script[^>]*>' "$p" |
		    grep -qv '^<script type="application/ld+json">$'; then
			bad="$bad $p"
		fi
	done
	for p in en/series/x.html nl/series/x.html en/topics/t.html \
	    en/sources.html en/downloads.html en/index.html \
	    en/series/x.svg; do
		grep -q '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;' \
		    "$out/hostile/$p" || bad="$bad $p(not-escaped)"
	done
	[ -z "$bad" ] && ok || fail "unescaped text in:$bad"
else
	fail "build failed:"; sed 's/^/    /' "$out/hostile.stderr"
fi

# ---- links ------------------------------------------------------------------

name=relative-links
if grep -rlE '(href|src)="/' "$out/fixture" --include='*.html' >"$out/abs"; then
	fail "root-absolute links in: $(tr '\n' ' ' <"$out/abs")"
else
	ok
fi

name=links-resolve
missing=""
for page in $(cd "$out/fixture" && find . -name '*.html' | sort); do
	dir=$(dirname "$page")
	for href in $(grep -o 'href="[^"#]*' "$out/fixture/$page" |
	    sed 's/^href="//' | sort -u); do
		case $href in
		http://*|https://*|mailto:*|'') continue ;;
		esac
		[ -e "$out/fixture/$dir/$href" ] ||
			missing="$missing $page->$href"
	done
done
[ -z "$missing" ] && ok || fail "links to missing files:$missing"

echo "site: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
