#!/bin/sh
# xlsx.sh: the spreadsheet download (data/reeks.xlsx, gen/data/xlsx.c) as
# a reader's tools see it, for the fixture tests/data/good and the real
# data/:
#  - unzip -t, and xmllint --noout on every XML part;
#  - the Data sheet against data/reeks.csv, every row and every cell:
#    ids, periods and other text as text cells (without the apostrophe
#    the CSV puts before =, +, - or @), value, lower, upper, numerator
#    and denominator as number cells with the same number, secondary as
#    a boolean; a frozen header row, and a filter over every row;
#  - the README sheet: the dataset's title, how to cite, every column;
#  - the document's dates are the build date (SOURCE_DATE_EPOCH), every
#    zip entry's 1980-01-01 00:00, and two builds a second apart, or in
#    another time zone, give the same bytes;
#  - data/reeks-excel.csv is a UTF-8 byte order mark and reeks.csv.
#
# usage: tests/xlsx.sh PATH-TO-REEKS   (from the top of the source tree)
set -u
reeks=${1:?usage: tests/xlsx.sh PATH-TO-REEKS}
out=tests/out/xlsx
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
base=https://example.org/reeks/
passed=0
failed=0

fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

# build NAME DATA: build DATA into $out/NAME.
build() {
	"$reeks" build --data "$2" --templates templates --out "$out/$1" \
	    --base-url "$base" >"$out/$1.stdout" 2>"$out/$1.stderr" ||
		fail "build $1: $(cat "$out/$1.stderr")"
}

# check NAME EPOCH: the checks of one built site.
check() {
	name=$1 epoch=$2
	x=$out/$name/data/reeks.xlsx
	if [ ! -f "$x" ]; then
		fail "$name: no data/reeks.xlsx"
		return
	fi
	if unzip -tq "$x" >"$out/log" 2>&1; then ok; else
		fail "$name: unzip -t: $(cat "$out/log")"; fi
	rm -rf "$out/$name.parts"
	unzip -qo "$x" -d "$out/$name.parts" || fail "$name: cannot unzip"
	nparts=0
	for f in $(cd "$out/$name.parts" && find . -type f | sort); do
		nparts=$((nparts + 1))
		case $f in
		*.xml|*.rels)
			if xmllint --noout "$out/$name.parts/$f" \
			    >"$out/log" 2>&1; then ok; else
				fail "$name: xmllint $f: $(cat "$out/log")"
			fi ;;
		*) fail "$name: a part that is not XML: $f" ;;
		esac
	done
	[ "$nparts" -ge 8 ] && ok || fail "$name: only $nparts parts"
	# The BOM variant.
	if { printf '\357\273\277'; cat "$out/$name/data/reeks.csv"; } |
	    cmp -s - "$out/$name/data/reeks-excel.csv"; then ok; else
		fail "$name: reeks-excel.csv is not a BOM and reeks.csv"; fi
	# The cells, against the CSV.
	if python3 - "$x" "$out/$name/data/reeks.csv" "$epoch" \
	    >"$out/$name.py" 2>&1 <<'EOF'
import csv, datetime, re, sys, zipfile
import xml.etree.ElementTree as ET

xlsx, csvpath, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
errors = []
def err(msg):
    if len(errors) < 20:
        errors.append(msg)

z = zipfile.ZipFile(xlsx)
for info in z.infolist():
    if info.date_time != (1980, 1, 1, 0, 0, 0):
        err("%s dated %s" % (info.filename, info.date_time))

# The sheets by name, through the workbook's relationships.
wb = ET.fromstring(z.read("xl/workbook.xml"))
rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
target = {r.get("Id"): r.get("Target") for r in rels}
sheets = {s.get("name"): "xl/" + target[s.get(R + "id")]
          for s in wb.iter(M + "sheet")}
if list(sheets) != ["README", "Data"]:
    err("sheets %s, not README and Data" % list(sheets))
shared = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(M + "si"):
        shared.append("".join(t.text or "" for t in si.iter(M + "t")))

def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1

def rows_of(path):
    """{row number: {column index: (type, value)}}, value as text."""
    rows = {}
    root = ET.fromstring(z.read(path))
    for row in root.iter(M + "row"):
        cells = {}
        for c in row.iter(M + "c"):
            t = c.get("t", "n")
            if t == "inlineStr":
                v = "".join(x.text or "" for x in c.iter(M + "t"))
                t = "str"
            elif t == "s":
                v = shared[int(c.find(M + "v").text)]
                t = "str"
            else:
                v = c.find(M + "v").text
            cells[col_index(c.get("r"))] = (t, v)
        rows[int(row.get("r"))] = cells
    return root, rows

with open(csvpath, newline="", encoding="utf-8") as f:
    table = list(csv.reader(f))
header, body = table[0], table[1:]

root, rows = rows_of(sheets["Data"])
head = rows.get(1, {})
names = [head[i][1] for i in sorted(head)]
if sorted(names) != sorted(header):
    err("the Data sheet's columns %s are not the CSV's %s" % (names, header))
if len(rows) != len(body) + 1:
    err("%d rows in the Data sheet, %d in the CSV" % (len(rows) - 1, len(body)))
numbers = {"value", "lower", "upper", "numerator", "denominator"}
checked = 0
for i, line in enumerate(body):
    cells = rows.get(i + 2, {})
    for j, name in enumerate(names):
        want = line[header.index(name)]
        got = cells.get(j)
        where = "row %d (%s %s), %s" % (i + 2, line[0], line[1], name)
        if name in numbers:
            if want == "":
                if got is not None:
                    err("%s: %r, not empty" % (where, got))
            elif got is None or got[0] != "n" or float(got[1]) != float(want):
                err("%s: %r, not the number %s" % (where, got, want))
        elif name == "secondary":
            if got != ("b", "1" if want == "true" else "0"):
                err("%s: %r, not the boolean %s" % (where, got, want))
        else:
            if len(want) > 1 and want[0] == "'" and want[1] in "=+-@\t\r":
                want = want[1:]    # the CSV's guard against formulas
            if want == "":
                if got is not None:
                    err("%s: %r, not empty" % (where, got))
            elif got != ("str", want):
                err("%s: %r, not the text %r" % (where, got, want))
        checked += 1
pane = root.find(".//" + M + "pane")
if pane is None or pane.get("ySplit") != "1" or pane.get("state") != "frozen":
    err("the header row is not frozen")
af = root.find(M + "autoFilter")
last = "AA" if len(names) == 27 else "?"
if af is None or af.get("ref") != "A1:%s%d" % (last, len(body) + 1):
    err("no filter over every row: %s" % (af.attrib if af is not None else None))

# The README sheet.
_, rrows = rows_of(sheets["README"])
text = [c[1] for r in sorted(rrows) for c in rrows[r].values()]
if not text or text[0] != "reeks: Dutch drug-policy statistics":
    err("the README sheet starts with %r" % (text[:1],))
for want in ["How to cite", "The columns of the Data sheet", "License"]:
    if want not in text:
        err("the README sheet has no heading %r" % want)
for name in names:
    if not any(t.strip().startswith(name + " ") for t in text):
        err("the README sheet does not describe column %s" % name)

# The document's dates.
core = z.read("docProps/core.xml").decode()
date = datetime.datetime.fromtimestamp(max(epoch, 1), datetime.timezone.utc)
stamp = date.strftime("%Y-%m-%dT%H:%M:%SZ")
for tag in ("created", "modified"):
    m = re.search(r"<dcterms:%s[^>]*>([^<]*)<" % tag, core)
    if m is None or m.group(1) != stamp:
        err("core.xml %s is %s, not %s" % (tag, m and m.group(1), stamp))

for e in errors:
    print(e)
print("%d rows, %d cells checked" % (len(body), checked))
sys.exit(1 if errors else 0)
EOF
	then ok; else fail "$name: the cells:"; sed 's/^/    /' "$out/$name.py"; fi
}

# The build date a site has when SOURCE_DATE_EPOCH is not set: the date
# of its change log, as datapackage.json's "created" says.
created() {
	sed -n 's/.*"created": "\([^"]*\)".*/\1/p' "$out/$1/data/datapackage.json" |
	    head -1 | xargs -I{} date -u -d {} +%s
}

build good tests/data/good
check good "$(created good)"
build real data
check real "$(created real)"
echo "xlsx: real data/reeks.xlsx, $(wc -c <"$out/real/data/reeks.xlsx") bytes: $(tail -1 "$out/real.py")"

# Byte-identical: a second later, in another time zone, and in a site
# that already has it (made again, not linked: no cache).
sleep 1
TZ=Pacific/Kiritimati build again data
if cmp -s "$out/real/data/reeks.xlsx" "$out/again/data/reeks.xlsx"; then ok
else fail "two builds give different workbooks"; fi
rm -f "$out/again.reeks-cache"
build again data
if cmp -s "$out/real/data/reeks.xlsx" "$out/again/data/reeks.xlsx"; then ok
else fail "a build without the cache gives another workbook"; fi

# The date follows SOURCE_DATE_EPOCH, and only the date changes.
SOURCE_DATE_EPOCH=1700000000 build epoch tests/data/good
check epoch 1700000000
if cmp -s "$out/good/data/reeks.xlsx" "$out/epoch/data/reeks.xlsx"; then
	fail "SOURCE_DATE_EPOCH does not change the workbook"; else ok; fi
rm -rf "$out/a" "$out/b"
mkdir -p "$out/a" "$out/b"
(cd "$out/a" && unzip -q ../good/data/reeks.xlsx)
(cd "$out/b" && unzip -q ../epoch/data/reeks.xlsx)
# Only the document's dates and the README's citation (its year) change.
diff -rq "$out/a" "$out/b" | sed 's/^Files [^ ]*\/a\/\([^ ]*\) and .*/\1/' \
    >"$out/date-diff"
printf '%s\n' docProps/core.xml xl/worksheets/sheet1.xml >"$out/date-diff.want"
if cmp -s "$out/date-diff" "$out/date-diff.want"; then ok
else fail "SOURCE_DATE_EPOCH changes more than the dates and the" \
    "README's year: $(cat "$out/date-diff")"; fi

echo "xlsx: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
