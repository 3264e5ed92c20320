#!/bin/sh
# site.sh: end-to-end tests of 'reeks build' on small fixtures:
#  - the fixture site matches the golden files in tests/golden/site (the
#    charts' PNGs aside: they depend on librsvg and the fonts installed;
#    tests/png.sh checks them);
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
	(cd "$out/fixture" && find . -type f ! -name '*.gz' ! -name '*.zip' \
	    ! -name '*.xlsx' ! -name '*.png' |
	    sort | while read -r f; do
		mkdir -p "../../../golden/site/$(dirname "$f")"
		cp "$f" "../../../golden/site/$f"
	done)
	ok
elif diff -r -x '*.gz' -x '*.zip' -x '*.xlsx' -x '*.png' tests/golden/site "$out/fixture" \
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

# ---- inputs: regular files of text only ------------------------------

# bad_input NAME STATUS WANT [ARGS...]: a build of tests/data/good with
# the templates in $out/tpl (made by the caller) and ARGS, under timeout,
# exits with STATUS and prints exactly WANT on stderr (the data's
# warnings left out), and leaves the site as it was.
bad_input() {
	name=$1 bstatus=$2 bwant=$3
	shift 3
	timeout 20 "$reeks" build --data tests/data/good --templates \
	    "$out/tpl" --out "$out/keep" --base-url "$base" "$@" \
	    >"$out/$name.stdout" 2>"$out/$name.stderr"
	bgot=$?
	grep -v ': warning: ' "$out/$name.stderr" >"$out/$name.errors"
	tree_sums "$out/keep" >"$out/keep.after3"
	if [ "$bgot" -ne "$bstatus" ]; then
		fail "exit status $bgot, not $bstatus:"
		sed 's/^/    /' "$out/$name.stderr"
	elif [ "$(cat "$out/$name.errors")" != "$bwant" ]; then
		fail "expected:"; printf '%s\n' "$bwant" | sed 's/^/    /'
		echo "  got:"; sed 's/^/    /' "$out/$name.errors"
	elif ! cmp -s "$out/keep.before" "$out/keep.after3"; then
		fail "the site changed"
	else
		ok
	fi
}
# fresh_templates: $out/tpl as a copy of templates/.
fresh_templates() {
	rm -rf "$out/tpl" "$out/lic"
	cp -R templates "$out/tpl"
}
tpl=$out/tpl
left="reeks: 1 error; $out/keep left as it was"
# Symbolic links are refused, wherever they point: a link committed
# into templates/ must not publish /etc/passwd.
fresh_templates
ln -sf /etc/passwd "$tpl/style.css"
bad_input symlink-style 1 "$tpl/style.css: not a regular file (a symbolic link)
$left"
fresh_templates
ln -sf /etc/passwd "$tpl/about.mustache"
bad_input symlink-template 1 "cannot load template 'about': $tpl/about.mustache: not a regular file (a symbolic link)
$left"
fresh_templates
ln -sf /etc/passwd "$tpl/messages.nl"
bad_input symlink-messages 1 "$tpl/messages.nl: not a regular file (a symbolic link)
$left"
fresh_templates
ln -s /etc/passwd "$out/lic"
bad_input symlink-license 1 "$out/lic: not a regular file (a symbolic link)
$left" --license "$out/lic"
# Even a link to a regular file in the same directory.
fresh_templates
mv "$tpl/style.css" "$tpl/real.css"
ln -s real.css "$tpl/style.css"
bad_input symlink-inside 1 "$tpl/style.css: not a regular file (a symbolic link)
$left"
# A FIFO or a device is refused before a byte is read: no hang, no
# endless read.
fresh_templates
rm "$tpl/style.css" && mkfifo "$tpl/style.css"
bad_input fifo-style 1 "$tpl/style.css: not a regular file (a pipe)
$left"
fresh_templates
mkfifo "$out/lic"
bad_input fifo-license 1 "$out/lic: not a regular file (a pipe)
$left" --license "$out/lic"
fresh_templates
rm "$tpl/index.mustache" && mkfifo "$tpl/index.mustache"
bad_input fifo-template 1 "cannot load template 'index': $tpl/index.mustache: not a regular file (a pipe)
$left"
fresh_templates
bad_input dev-zero-license 1 "/dev/zero: not a regular file (a device)
$left" --license /dev/zero
# Templates and messages are text: UTF-8, no NUL, no control character.
fresh_templates
printf '{{<layout}}\n{{$content}}\n<p>caf\351</p>\n{{/content}}\n{{/layout}}\n' \
    >"$tpl/404.mustache"
bad_input template-not-utf8 1 "$tpl/404.mustache:3:7: not valid UTF-8
$left"
fresh_templates
printf '{{<layout}}\n{{$content}}\n<p>a\0b \033</p>\n{{/content}}\n{{/layout}}\n' \
    >"$tpl/404.mustache"
bad_input template-nul 1 "$tpl/404.mustache:3:5: a NUL byte
$left"
fresh_templates
printf 'x_nul = a\0b\nx_latin1 = caf\351\nx_esc = \033[31m\n' \
    >>"$tpl/messages.en"
n=$(($(grep -c '' templates/messages.en) + 1))
bad_input messages-not-text 1 "$tpl/messages.en:$n:10: a NUL byte
$tpl/messages.en:$((n + 1)):15: not valid UTF-8
$tpl/messages.en:$((n + 2)):9: a control character
reeks: 3 errors; $out/keep left as it was"
# An unknown placeholder, at its place in the file --templates names.
fresh_templates
sed 's/^topic_count = {n} series$/topic_count = {count} series/' \
    templates/messages.en >"$tpl/messages.en"
n=$(grep -n '^topic_count = ' templates/messages.en | cut -d: -f1)
bad_input unknown-placeholder 1 "$tpl/messages.en:$n:15: unknown placeholder '{count}' in 'topic_count'
$left"
# A base URL that is not text is a usage error, not echoed.
for u in "$(printf 'http://x/caf\351/')" "$(printf 'http://x/\033[2J/')" \
    "$(printf 'http://x/a\rb/')"; do
	name=base-url-not-text
	if "$reeks" build --base-url "$u" --out "$out/keep" >/dev/null \
	    2>"$out/$name.err"; then
		fail "accepted"
	elif [ $? -ne 2 ]; then
		fail "exit status not 2"
	else
		case $u in
		*caf*) want="byte 13 is not valid UTF-8" ;;
		*a*) want="byte 11 is a control character" ;;
		*) want="byte 10 is a control character" ;;
		esac
		if [ "$(head -1 "$out/$name.err")" = "reeks build: --base-url is not a URL: $want" ]
		then
			ok
		else
			fail "got: $(head -1 "$out/$name.err" | cat -v)"
		fi
	fi
done
rm -rf "$out/tpl" "$out/lic"

name=usage
if "$reeks" build --base-url ftp://x >/dev/null 2>"$out/usage.err"; then
	fail "a bad base URL was accepted"
elif [ $? -ne 2 ] || ! grep -q "^reeks build: --base-url needs an absolute http or https URL, not 'ftp://x'$" "$out/usage.err"; then
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
		# elements are the JSON-LD data block and the site's cite.js.
		if grep -q "<script>alert\|alert('x')</script>" "$p" ||
		    grep -o '<script[^>]*>' "$p" |
		    grep -v '^<script src="\(\.\./\)*cite\.js" defer>$' |
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

# ---- key figures: outcomes only --------------------------------------------
# The home page of the real data: no key figure is a target or a plan (a
# series page marks one with class="caveat kind"), and the data has
# targets, among them the homelessness target that used to be one.
name=key-figures
if build real data; then
	for l in en nl; do
		hrefs=$(sed -n '/class="figures"/,/<\/ul>/p' \
		    "$out/real/$l/index.html" |
		    sed -n 's|.*href="\.\./'$l'/series/\([a-z0-9-]*\)\.html#.*|\1|p')
		[ -n "$hrefs" ] || fail "$l: no key figures"
		for id in $hrefs; do
			grep -q 'class="caveat kind"' \
			    "$out/real/$l/series/$id.html" &&
			    fail "$l: key figure $id is a target or a plan"
		done
		grep -q 'class="caveat kind"' \
		    "$out/real/$l/series/ams-homeless-target.html" ||
		    fail "$l: ams-homeless-target is not marked a target"
	done
	ok
else
	fail "the real data does not build: $(cat "$out/real.stderr")"
fi

# ---- the dataset's XML loads back as the same data ---------------------------
# The real data's reeks.xml (every attribute: kinds, measures, groups,
# totals, populations; Dutch citations and locators) loaded again exports the same XML as data/; and one
# series' XML loads on its own (it names no group, total or population it
# does not hold).
name=xml-round-trip
if [ -f "$out/real/data/reeks.xml" ]; then
	rm -rf "$out/rt" && mkdir -p "$out/rt/whole" "$out/rt/one"
	cp "$out/real/data/reeks.xml" "$out/rt/whole/"
	"$reeks" export --data data --format xml >"$out/rt/a.xml" 2>/dev/null
	"$reeks" export --data "$out/rt/whole" --format xml \
	    >"$out/rt/b.xml" 2>/dev/null
	if ! cmp -s "$out/rt/a.xml" "$out/rt/b.xml"; then
		fail "reeks.xml does not load back as the same data:"
		diff "$out/rt/a.xml" "$out/rt/b.xml" | head -10 | sed 's/^/    /'
	elif ! grep -q 'kind="target"' "$out/rt/b.xml" ||
	    ! grep -q 'groups="g4"' "$out/rt/b.xml" ||
	    ! grep -q 'complete="true"' "$out/rt/b.xml" ||
	    ! grep -q 'population="nl-population"' "$out/rt/b.xml" ||
	    ! grep -q '<citation lang="nl">' "$out/rt/b.xml" ||
	    ! grep -q '<at lang="nl">' "$out/rt/b.xml"; then
		fail "reeks.xml lacks a kind, group, total, population," \
		    "Dutch citation or Dutch locator"
	else
		bad=
		for id in ams-drug-emergencies ams-drug-emergencies-cannabis \
		    ams-population nl-drug-induced-deaths g4-homeless; do
			rm -f "$out/rt/one/"*
			cp "$out/real/data/series/$id.xml" "$out/rt/one/"
			"$reeks" check --data "$out/rt/one" >/dev/null \
			    2>"$out/rt/one.err" || bad="$bad $id"
		done
		if [ -n "$bad" ]; then
			fail "a series' XML does not load alone:$bad"
		else
			ok
		fi
	fi
else
	fail "no real build to read reeks.xml from"
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
