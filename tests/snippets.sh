#!/bin/sh
# snippets.sh: every code snippet the site shows (R and pandas, on the
# downloads page and on each series page, in English and Dutch) runs, on
# the fixture site tests/data/good, and prints what it should: the rows
# of its CSV without the secondary figures, counted here with Python's
# csv module. Each snippet is taken from the built HTML, its URL pointed
# at the built file, and run with Rscript and with a python3 that has
# pandas (python3 on PATH, else /usr/bin/python3); a language whose
# interpreter is not installed is skipped, and the output says so.
#
# usage: tests/snippets.sh PATH-TO-REEKS   (from the top of the source tree)
set -u
reeks=${1:?usage: tests/snippets.sh PATH-TO-REEKS}
out=tests/out/snippets
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
base=https://example.org/reeks/
passed=0
failed=0

fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

if ! "$reeks" build --data tests/data/good --templates templates \
    --out "$out/site" --base-url "$base" >"$out/build.log" 2>&1; then
	fail "build: $(cat "$out/build.log")"
	echo "snippets: $passed passed, $failed failed"
	exit 1
fi
site=$(cd "$out/site" && pwd)

# The interpreters.
have_r=false
command -v Rscript >/dev/null 2>&1 && have_r=true
pandas=""
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import pandas' >/dev/null 2>&1; then
		pandas=$py
		break
	fi
done
$have_r || echo "snippets: R skipped: Rscript is not installed (r-base-core)"
[ -n "$pandas" ] || echo "snippets: pandas skipped: no python3 with" \
    "pandas (python3-pandas)"

# Every snippet of every page, as files: $out/snip/N.r or N.py, what it
# should print in N.want, the pages it is on in N.page (a snippet on
# several pages, in English and Dutch, is run once). Each page
# with a snippet must show both, and the downloads page and every series
# page must show them.
if ! python3 - "$site" "$base" "$out/snip" >"$out/extract.log" 2>&1 <<'EOF'
import csv, html, os, re, sys
site, base, to = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(to)
errors, n, seen = [], 0, {}
pages = []
for lang in ("en", "nl"):
    pages.append(os.path.join(lang, "downloads.html"))
    series = os.path.join(site, lang, "series")
    pages += [os.path.join(lang, "series", f) for f in sorted(os.listdir(series))
              if f.endswith(".html") and f != "index.html"]
for page in pages:
    text = open(os.path.join(site, page), encoding="utf-8").read()
    found = {}
    for m in re.finditer(r"<pre>(.*?)</pre>", text, re.S):
        code = html.unescape(m.group(1))
        if code.startswith("# R\n"):
            kind = "r"
        elif code.startswith("# Python\n"):
            kind = "py"
        else:
            continue
        urls = re.findall(re.escape(base) + r"(data/[A-Za-z0-9._/-]+\.csv)", code)
        if len(urls) != 1 or not os.path.isfile(os.path.join(site, urls[0])):
            errors.append("%s: a %s snippet that reads %s" % (page, kind, urls))
            continue
        code = code.replace(base, site + "/")
        found[kind] = found.get(kind, 0) + 1
        if code in seen:     # the same on another page (en and nl)
            open(os.path.join(to, "%d.page" % seen[code]), "a").write(page + "\n")
            continue
        n += 1
        seen[code] = n
        open(os.path.join(to, "%d.%s" % (n, kind)), "w").write(code + "\n")
        with open(os.path.join(site, urls[0]), newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        want = sum(1 for r in rows if r["secondary"] == "false")
        open(os.path.join(to, "%d.want" % n), "w").write("%d\n" % want)
        open(os.path.join(to, "%d.page" % n), "w").write(page + "\n")
    if found != {"r": 1, "py": 1}:
        errors.append("%s: snippets %s, not one in R and one in Python" %
                      (page, found))
for e in errors:
    print(e)
print("%d different snippets on %d pages" % (n, len(pages)))
sys.exit(1 if errors else 0)
EOF
then
	fail "the snippets on the pages:"
	sed 's/^/    /' "$out/extract.log"
else
	ok
fi

ran_r=0 ran_py=0
for f in "$out"/snip/*.r "$out"/snip/*.py; do
	[ -f "$f" ] || continue
	n=${f%.*}
	page=$(tr '\n' ' ' <"$n.page")
	want=$(cat "$n.want")
	case $f in
	*.r)
		$have_r || continue
		ran_r=$((ran_r + 1))
		got=$(Rscript "$f" 2>"$n.err")
		rc=$?
		want="[1] $want" ;;
	*.py)
		[ -n "$pandas" ] || continue
		ran_py=$((ran_py + 1))
		got=$("$pandas" "$f" 2>"$n.err")
		rc=$? ;;
	esac
	if [ "$rc" -eq 0 ] && [ "$got" = "$want" ]; then
		ok
	else
		fail "$page: the ${f##*.} snippet printed '$got', not '$want'" \
		    "(exit $rc):"
		sed 's/^/    /' "$f" "$n.err"
	fi
done
echo "snippets: ran $ran_r in R, $ran_py in pandas ($(tail -1 "$out/extract.log"))"
echo "snippets: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
