#!/bin/sh
# incremental.sh: a build after an edit renders only what changed (the
# keys of gen/site/keys.c), and still gives, byte for byte, the site a
# full build into an empty directory gives.
#
# On a copy of data/ (with the PNG charts) and on synthetic data
# (tests/bench/gen-data -n 200 -m 20, labelled synthetic; without PNGs),
# a series of random edits, each followed by an incremental build of the
# same site and a full build into an empty directory, which must be
# identical (diff -r, and data/SHA256SUMS compared): a value, a series'
# description, a source's title, a topic's title, a claim (data/ only),
# a template, a message, the change log, a series deleted, a series
# added, and a page of the site damaged in place (same size, its time
# given back) before a one-series edit: the damaged page is found and
# made again (by its identity: a page linked by key is not rehashed, its
# hash being published nowhere, but writing it changed its change time). The seed is fixed (INCR_SEED overrides it) and printed, so
# a failure can be replayed.
#
# After an edit of one series' description or value, the build must have
# rendered exactly that series' two pages, the ten listing pages (home,
# index, sources, about, 404 in two languages), its topic's two pages and
# its indicator's two comparison pages (when it has them), and exported
# that one series' downloads: the REEKS_BUILD_STATS line says how many
# pages with a key were rendered and linked, and how many series'
# downloads were made and linked.
#
# usage: tests/incremental.sh PATH-TO-REEKS PATH-TO-GEN-DATA  (from the
# top of the tree)
set -u
reeks=${1:?usage: tests/incremental.sh PATH-TO-REEKS PATH-TO-GEN-DATA}
gendata=${2:?usage: tests/incremental.sh PATH-TO-REEKS PATH-TO-GEN-DATA}
case $reeks in /*) ;; *) reeks=$PWD/$reeks ;; esac
out=$PWD/tests/out/incremental
seed=${INCR_SEED:-20}
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC REEKS_BUILD_STATS=1
unset SOURCE_DATE_EPOCH
passed=0
failed=0
echo "incremental: seed $seed (INCR_SEED=$seed to replay)"

fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

# The edits, from a random generator seeded with SEED and the step: one
# at a time, in place, printing what was changed.
cat >"$out/edit.py" <<'EOF'
import os, random, re, sys

root, kind, seed = sys.argv[1], sys.argv[2], sys.argv[3]
rnd = random.Random(seed + ":" + kind)
data = os.path.join(root, "data")
files = sorted(f for f in os.listdir(data) if f.endswith(".xml"))

def read(f):
    with open(os.path.join(data, f), encoding="utf-8") as h:
        return h.read()

def write(f, text):
    with open(os.path.join(data, f), "w", encoding="utf-8") as h:
        h.write(text)

def elements(tag, cond=lambda e: True):
    """Every <TAG ...>...</TAG> of the data: (file, start, end, text)."""
    found = []
    for f in files:
        t = read(f)
        for m in re.finditer(r"<%s [^>]*>.*?</%s>" % (tag, tag), t, re.S):
            if cond(m.group(0)):
                found.append((f, m.start(), m.end(), m.group(0)))
    return found

def pick(tag, cond=lambda e: True):
    els = elements(tag, cond)
    if not els:
        sys.exit("no <%s> to edit" % tag)
    return rnd.choice(els)

def replace(el, new):
    f, a, b, _ = el
    t = read(f)
    write(f, t[:a] + new + t[b:])

def ident(el):
    return re.search(r'\bid="([^"]*)"', el[3]).group(1)

def referenced(i):
    """Whether anything but its own element names series id I."""
    n = 0
    for f in files:
        n += len(re.findall(r'"%s"' % re.escape(i), read(f)))
    return n > 1

def plain(e):
    # A series no other refers to and that is no part or total, whose
    # figures no sum checks and no claim recomputes.
    return "<breakdown" not in e and not referenced(
        re.search(r'\bid="([^"]*)"', e).group(1))

def bump(m):
    v = m.group(1)
    d = [i for i, c in enumerate(v) if c.isdigit()][-1]
    return 'value="%s%d%s"' % (v[:d], (int(v[d]) + rnd.randint(1, 8)) % 10,
                               v[d + 1:])

if kind == "value":
    el = pick("series", lambda e: plain(e) and ' value="' in e)
    obs = list(re.finditer(r'<obs [^>]*value="([^"]*)"', el[3]))
    o = rnd.choice(obs)
    new = el[3][:o.start()] + re.sub(r'value="([^"]*)"', bump, o.group(0),
                                     count=1) + el[3][o.end():]
    replace(el, new)
elif kind == "description":
    el = pick("series", plain)
    new = re.sub(r'(<description lang="en">)(\S+)',
                 lambda m: m.group(1) + m.group(2) + " edited", el[3],
                 count=1)
    replace(el, new)
elif kind == "source":
    el = pick("source", lambda e: "<title>" in e)
    replace(el, el[3].replace("<title>", "<title>Edited: ", 1))
elif kind == "topic":
    el = pick("topic")
    replace(el, el[3].replace('<title lang="nl">',
                              '<title lang="nl">Bewerkt: ', 1))
elif kind == "claim":
    el = pick("claim", lambda e: '<note lang="en">' in e)
    replace(el, el[3].replace('<note lang="en">',
                              '<note lang="en">Edited. ', 1))
elif kind == "changes":
    el = pick("change")
    replace(el, el[3].replace('<summary lang="en">',
                              '<summary lang="en">Edited. ', 1))
elif kind == "delete":
    el = pick("series", plain)
    replace(el, "")
elif kind == "add":
    el = pick("series", plain)
    i = ident(el)
    copy = el[3].replace('id="%s"' % i, 'id="%s-copy"' % i, 1)
    replace(el, el[3] + "\n  " + copy)
elif kind == "template":
    p = os.path.join(root, "templates", "series.mustache")
    with open(p, encoding="utf-8") as h:
        t = h.read()
    with open(p, "w", encoding="utf-8") as h:
        h.write(t + "<!-- edited %d -->\n" % rnd.randint(0, 999))
    el = ("templates/series.mustache", 0, 0, "")
elif kind == "message":
    p = os.path.join(root, "templates", "messages.en")
    with open(p, encoding="utf-8") as h:
        t = h.read()
    t = re.sub(r"^(site_tagline = )", r"\1Edited. ", t, count=1, flags=re.M)
    with open(p, "w", encoding="utf-8") as h:
        h.write(t)
    el = ("templates/messages.en", 0, 0, "")
else:
    sys.exit("unknown edit " + kind)
# What was edited, for the log; a series' id and topic for the counts.
m = re.search(r'<series id="([^"]*)" topic="([^"]*)" indicator="([^"]*)"',
              el[3])
print(el[0], *(m.groups() if m else ()))
EOF

# The stats line's number after WORDS ("keyed pages", "rendered") in
# build log FILE.
stat_of() {
	sed -n 's/.*stats: .*; keyed pages \([0-9]*\) rendered, \([0-9]*\) linked; series downloads \([0-9]*\) made, \([0-9]*\) linked.*/\1 \2 \3 \4/p' "$1"
}

# build DIR SITE: build DIR's data into SITE, the log in SITE.log.
build() {
	(cd "$1" && "$reeks" build -q --data data --templates templates \
	    --out "$2" --base-url https://example.org/ >"$2.log" 2>&1)
}

# run NAME DIR EDITS...: the edits on DIR, each checked.
run() {
	set=$1 dir=$2
	shift 2
	name="$set: first build"
	build "$dir" "$dir/site" && ok || { fail "$(cat "$dir/site.log")"; return; }
	step=0
	for edit in "$@"; do
		step=$((step + 1))
		name="$set: edit $step ($edit)"
		damaged=
		if [ "$edit" = damage ]; then
			# A series page, damaged in place: same size, same
			# time. Then a one-series edit elsewhere.
			page=$(cd "$dir/site" && ls en/series/*.html | head -1)
			touch -r "$dir/site/$page" "$dir/time"
			printf 'X' | dd of="$dir/site/$page" bs=1 seek=20 \
			    conv=notrunc 2>/dev/null
			touch -r "$dir/time" "$dir/site/$page"
			edit=description damaged=$page
		fi
		what=$(python3 "$out/edit.py" "$dir" "$edit" "$seed:$step") ||
		    { fail "cannot edit: $what"; continue; }
		echo "  $set: edit $step: $edit: $what"
		if ! build "$dir" "$dir/site"; then
			fail "incremental build failed: $(cat "$dir/site.log")"
			continue
		fi
		rm -rf "$dir/full"
		if ! build "$dir" "$dir/full"; then
			fail "full build failed: $(cat "$dir/full.log")"
			continue
		fi
		if diff -r "$dir/site" "$dir/full" >"$dir/diff" 2>&1 &&
		    cmp -s "$dir/site/data/SHA256SUMS" \
		    "$dir/full/data/SHA256SUMS"; then
			ok
		else
			fail "the incremental build differs from a full build:"
			head -20 "$dir/diff"
		fi
		# After one series' edit: its pages and its downloads alone,
		# with the listing pages that show it.
		set -- $what
		case $edit in value|description) ;; *) continue ;; esac
		# The damaged page made again too (unless it is the edited
		# series').
		[ -n "$damaged" ] && [ "$damaged" != "en/series/$2.html" ] &&
		    extra=1 || extra=0
		topic=$3 ind=$4
		want=$((12 + extra))
		[ -f "$dir/site/en/topics/$topic.html" ] && want=$((want + 2))
		[ -f "$dir/site/en/compare/$ind.html" ] && want=$((want + 2))
		got=$(stat_of "$dir/site.log")
		set -- $got
		if [ $# -eq 4 ] && [ "$1" -eq "$want" ] && [ "$3" -eq 1 ] &&
		    [ $(($1 + $2)) -eq "$(stat_of "$dir/full.log" |
		    awk '{ print $1 }')" ] && [ "$4" -eq $(($(stat_of \
		    "$dir/full.log" | awk '{ print $3 }') - 1)) ]; then
			ok
		else
			fail "rendered/linked pages, made/linked series:" \
			    "'$got', want $want pages and 1 series made"
		fi
	done
}

# data/, a copy, with the PNG charts.
d=$out/real
mkdir -p "$d"
cp -R data "$d/data"
cp -R templates "$d/templates"
cp LICENSE "$d/LICENSE"
run data "$d" description value source topic claim template message \
    changes delete add damage value

# Synthetic data, without PNGs.
s=$out/synthetic
mkdir -p "$s"
"$gendata" -n 200 -m 20 -o "$s/data" >/dev/null
cp -R templates "$s/templates"
cp LICENSE "$s/LICENSE"
REEKS_NO_PNG=1
export REEKS_NO_PNG
run synthetic "$s" value description source topic template message \
    changes delete add damage description
unset REEKS_NO_PNG

echo "incremental: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
