#!/bin/sh
# png.sh: the charts to download (issue 17, point 4), on the site of
# data/ (every chart of the real data, both languages):
#  - every series page and every comparison on a topic page links its
#    chart's SVG and PNG with a download attribute, and both files exist;
#  - every chart SVG fits its frame: nothing librsvg draws of it lies
#    outside its width and height, and no pixel but white touches its
#    border (tests/pngcheck --svg): long titles and credits wrap;
#  - every PNG decodes, is twice the width and height of its SVG, opaque
#    RGB, white at its border (tests/pngcheck --png, cairo's decoder),
#    and is the chunks IHDR, IDAT and IEND alone (no time, no text), each
#    with its CRC, the rows 8-bit RGB;
#  - the downloadable SVG has a white background and the site's address;
#  - two builds into new directories give byte-identical PNGs;
#  - a build over the site with the same charts renders no PNG again
#    (the stats line says "png 0 made") and keeps the same bytes; a
#    changed chart is rendered again, alone.
#
# usage: tests/png.sh PATH-TO-REEKS PATH-TO-PNGCHECK   (from the top)
set -u
reeks=${1:?usage: tests/png.sh PATH-TO-REEKS PATH-TO-PNGCHECK}
check=${2:?usage: tests/png.sh PATH-TO-REEKS PATH-TO-PNGCHECK}
out=tests/out/png
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
base=https://example.org/reeks/
passed=0
failed=0

fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

# build DIR TEMPLATES: build data/ into $out/DIR; stats in DIR.err.
build() {
	REEKS_BUILD_STATS=1 "$reeks" build -q --data data --templates "$2" \
	    --out "$out/$1" --base-url "$base" >/dev/null 2>"$out/$1.err"
}

name=build
if build a templates; then ok; else fail "$(cat "$out/a.err")"; fi
site=$out/a

# ---- links ------------------------------------------------------------------

name=links
bad=0
for page in "$site"/*/series/*.html "$site"/*/topics/*.html \
    "$site"/*/compare/*.html; do
	case $page in */index.html) continue ;; esac
	dir=$(dirname "$page")
	n=0
	for ext in svg png; do
		for href in $(grep -o "<a href=\"[^\"]*\.$ext\" download>" \
		    "$page" | sed 's/<a href="\([^"]*\)".*/\1/'); do
			n=$((n + 1))
			[ -f "$dir/$href" ] && continue
			fail "$page links $href, which is missing"
			bad=1
		done
	done
	# A series page: its chart's two links; a topic or comparison
	# page: two a chart (comparisons over time included).
	charts=$(grep -c '<figure class="chart' "$page")
	if [ "$n" -ne $((2 * charts)) ]; then
		fail "$page: $charts charts, $n download links"
		bad=1
	fi
done
[ "$bad" -eq 0 ] && ok
nsvg=$(ls "$site"/*/series/*.svg "$site"/*/topics/*.svg \
    "$site"/*/compare/*.svg | wc -l)
npng=$(ls "$site"/*/series/*.png "$site"/*/topics/*.png \
    "$site"/*/compare/*.png | wc -l)
name=counts
if [ "$nsvg" -gt 168 ] && [ "$nsvg" -eq "$npng" ]; then
	ok
else
	fail "$nsvg SVGs and $npng PNGs (168 series charts and the topics')"
fi

# ---- frames -------------------------------------------------------------------

name=svg-fits
if "$check" --svg "$site"/*/series/*.svg "$site"/*/topics/*.svg "$site"/*/compare/*.svg \
    >"$out/svg.txt"; then
	ok
else
	fail "$(cat "$out/svg.txt")"
fi
name=png-decodes
if "$check" --png "$site"/*/series/*.png "$site"/*/topics/*.png "$site"/*/compare/*.png \
    >"$out/png.txt"; then
	ok
else
	fail "$(cat "$out/png.txt")"
fi
name=frame
f=$site/nl/series/ams-acs-hcv-prevalence-ever-injecting.svg
if sed -n 3p "$f" | grep -q '^<rect width="640" height="[0-9]*" fill="#ffffff"/>$' &&
    grep -q "<text class=\"site\" x=\"12\" y=\"[0-9]*\" font-size=\"11\" fill=\"#555555\">$base</text>" "$f" &&
    grep -q 'font-family="DejaVu Sans, sans-serif"' "$f"; then
	ok
else
	fail "no white background, site address or font in $f"
fi

name=png-chunks
if python3 - "$site" >"$out/chunks.txt" <<'EOF'
import glob, struct, sys, zlib
bad = 0
for f in sorted(glob.glob(sys.argv[1] + '/*/*/*.png')):
    d = open(f, 'rb').read()
    i, kinds, why = 8, [], []
    idat = b''
    while i < len(d):
        n, = struct.unpack('>I', d[i:i + 4])
        kind, body = d[i + 4:i + 8], d[i + 8:i + 8 + n]
        crc, = struct.unpack('>I', d[i + 8 + n:i + 12 + n])
        if zlib.crc32(kind + body) != crc:
            why.append('bad CRC in ' + kind.decode('latin-1'))
        if kind == b'IHDR':
            w, h, depth, color = struct.unpack('>IIBB', body[:10])
        if kind == b'IDAT':
            idat += body
        kinds.append(kind.decode('latin-1'))
        i += 12 + n
    if d[:8] != b'\x89PNG\r\n\x1a\n' or kinds != ['IHDR', 'IDAT', 'IEND']:
        why.append('chunks ' + ' '.join(kinds))
    elif (depth, color) != (8, 2) or \
            len(zlib.decompress(idat)) != h * (1 + 3 * w):
        why.append('not 8-bit RGB rows of %d x %d' % (w, h))
    if why:
        print(f, '; '.join(why))
        bad += 1
sys.exit(bad > 0)
EOF
then
	ok
else
	fail "$(cat "$out/chunks.txt")"
fi

# ---- the same bytes, and PNGs made only when their chart changed --------------

name=byte-identical
build b templates
(cd "$site" && find . -name '*.png' | sort | xargs sha256sum) >"$out/a.sums"
(cd "$out/b" && find . -name '*.png' | sort | xargs sha256sum) >"$out/b.sums"
if [ -s "$out/a.sums" ] && cmp -s "$out/a.sums" "$out/b.sums"; then
	ok
else
	fail "two builds give different PNGs"
fi

# The same charts, another stylesheet (so the build is not skipped).
name=kept
cp -R templates "$out/t"
echo '/* changed */' >>"$out/t/style.css"
build b "$out/t"
(cd "$out/b" && find . -name '*.png' | sort | xargs sha256sum) >"$out/c.sums"
if grep -q "png 0 made in [0-9.]* s cpu, $npng kept" "$out/b.err" &&
    cmp -s "$out/a.sums" "$out/c.sums"; then
	ok
else
	fail "PNGs rendered again for the same charts: $(grep -o 'png .*' \
	    "$out/b.err")"
fi

# One chart word changed (the Dutch for "Source", chart_source): the Dutch
# PNGs are rendered again, the English ones kept.
name=remade
sed "s/^chart_source = .*/chart_source = Herkomst/" "$out/t/messages.nl" \
    >"$out/t/messages.nl.new" && mv "$out/t/messages.nl.new" "$out/t/messages.nl"
build b "$out/t"
made=$(sed -n 's/.*png \([0-9]*\) made.*/\1/p' "$out/b.err")
if [ -n "$made" ] && [ "$made" -gt 0 ] && [ "$made" -lt "$npng" ] &&
    grep -q Herkomst "$out/b/nl/series/ams-acs-hcv-prevalence-ever-injecting.svg" &&
    ! cmp -s "$site/nl/series/ams-acs-hcv-prevalence-ever-injecting.png" \
        "$out/b/nl/series/ams-acs-hcv-prevalence-ever-injecting.png" &&
    cmp -s "$site/en/series/ams-acs-hcv-prevalence-ever-injecting.png" \
        "$out/b/en/series/ams-acs-hcv-prevalence-ever-injecting.png"; then
	ok
else
	fail "a changed chart: $(grep -o 'png .*' "$out/b.err")"
fi

echo "png: $passed passed, $failed failed ($nsvg charts)"
[ "$failed" -eq 0 ]
