#!/bin/sh
# bench.sh: 'make bench'. reeks at scale, side by side with Hugo.
#
# For each size (1,000 and 10,000 series of 50 observations), it makes
# synthetic data with tests/bench/gen-data (the same series as reeks XML
# and as Hugo content) and a copy of templates/, then runs, several times
# each, interleaved so that both programs see the same machine:
#   - reeks check (load and validate);
#   - the pages alone: load and pages, no downloads and no PNG charts
#     (REEKS_BENCH_PAGES_ONLY=1 REEKS_NO_PNG=1), into an empty
#     directory: the work Hugo does;
#   - the full build, with the downloads but without the PNG charts
#     (REEKS_NO_PNG=1), into an empty directory; again with nothing
#     changed; after a data edit (a word of the first series'
#     description); after a value edit (one figure of it, which changes
#     every whole-dataset file); after a template edit (a word in the heading of
#     series.mustache, which every series page uses); each edit undone
#     after its build;
#   - the PNG charts: a build of that site with them, whose stats line
#     says how many it drew and the CPU time that took;
#   - hugo on the same series (a page per series and language, the
#     table, an SVG line chart built by the template).
# It prints the median of each figure over the runs, and how each grows
# from the first size to the last. Everything goes under tests/out/bench/;
# nothing here is a test, and nothing fails on a slow machine.
#
# usage: tests/bench/bench.sh [REEKS]    (from the top of the tree)
# environment: BENCH_SIZES ("1000 10000"), BENCH_OBS (50), BENCH_RUNS (3,
# for sizes under 10,000), BENCH_RUNS_BIG (3), BENCH_JOBS (the number of
# processors). Old sites are kept until the end (see discard()): at
# 10,000 series the bench needs about 11 GB of disk a run.
set -eu
reeks=${1:-gen/reeks}
gen=tests/bench/gen-data
out=tests/out/bench
sizes=${BENCH_SIZES:-"1000 10000"}
nobs=${BENCH_OBS:-50}
jobs=${BENCH_JOBS:-$(nproc)}
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1767225600
base=https://example.org/reeks/

for tool in "$reeks" "$gen" /usr/bin/time; do
	[ -x "$tool" ] || { echo "bench: $tool is missing" >&2; exit 1; }
done
command -v hugo >/dev/null || { echo "bench: hugo is missing" >&2; exit 1; }
mkdir -p "$out"

# The median of the numbers on stdin.
median() {
	sort -g | awk '{ a[NR] = $1 }
	    END { if (NR == 0) print "nan";
	          else if (NR % 2) print a[(NR + 1) / 2];
	          else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# field FILE NAME: the number after NAME in the stats line of FILE.
field() {
	sed -n 's/.*reeks: stats: //p' "$1" | tr ',;' '\n\n' |
	    awk -v k="$2" '{ sub(/^ +/, "") }
	        index($0, k " ") == 1 { print $(split(k, x, " ") + 1); exit }'
}

# num EXPR A B: EXPR of a and b (awk), three significant digits; "-"
# when A or B is missing or a division is by 0.
num() {
	awk -v a="${2:-nan}" -v b="${3:-nan}" 'BEGIN {
	    if (a == "nan" || a == "-" || b == "nan" || b == "-" ||
	        ("'"$1"'" ~ /\/ *b/ && b + 0 == 0)) { print "-"; exit }
	    printf "%.3g\n", '"$1"' }'
}

# discard DIR...: move each DIR into the trash, deleted when the bench
# ends. ext4 without a journal (this project's machine) does not reuse an
# inode freed in the last minute (five, while its block is unwritten) and
# looks at each such inode whenever it makes a file: a build right after
# the previous run's 100,000 files were deleted spent up to twice its own
# CPU time in the kernel, and varied threefold from run to run. That cost
# belongs to the previous run; so nothing is deleted until the end, and
# both programs write into new directories on a file system that has
# deleted nothing meanwhile.
trash=$out/trash.$$
discard() {
	mkdir -p "$trash"
	for x in "$@"; do
		[ -e "$x" ] || continue
		mv "$x" "$trash/$(date +%s%N)"
	done
}
trap 'rm -rf "$trash"' EXIT

# timed NAME CMD...: run CMD with its stderr in $d/NAME.err; append its
# wall time to $d/NAME.t, its max RSS (kB) to NAME.m and its CPU time
# (user + system) to NAME.c; stop the bench when it fails. The file
# system's dirty pages are written out first (sync), untimed: a full
# build leaves gigabytes of them, and the kernel writing them out during
# the next build made that build up to twice as long (a build after one
# series changed, 5 s after sync, took 11 s right after a full build).
timed() {
	tn=$1
	shift
	sync
	if ! /usr/bin/time -f '%e %M %U %S' -o "$d/t" "$@" \
	    2>"$d/$tn.err"; then
		echo "bench: failed: $*" >&2
		cat "$d/$tn.err" >&2
		exit 1
	fi
	cut -d' ' -f1 "$d/t" >>"$d/$tn.t"
	cut -d' ' -f2 "$d/t" >>"$d/$tn.m"
	awk '{ print $3 + $4 }' "$d/t" >>"$d/$tn.c"
}

# build NAME DIR [VAR=VALUE...]: timed reeks build of the site DIR, with
# the stats line and the environment given.
build() {
	bn=$1 bd=$2
	shift 2
	timed "$bn" env REEKS_BUILD_STATS=1 "$@" "$reeks" build -j "$jobs" \
	    --data "$d/data" --templates "$d/templates" --out "$bd" \
	    --base-url "$base" >"$d/$bn.out"
}

# changed ORIGINAL EDITED WHAT: stop the bench when an edit changed
# nothing (the data or templates no longer hold what it looks for).
changed() {
	if cmp -s "$1" "$2"; then
		echo "bench: the $3 changed nothing" >&2
		exit 1
	fi
}

# written NAME: "files bytes linked" of the stats line of NAME's build.
written() {
	sed -n 's/.*written \([0-9]*\) files \([0-9]*\) bytes, linked \([0-9]*\) files.*/\1 \2 \3/p' \
	    "$d/$1.err"
}

hugo_version=$(hugo version 2>/dev/null | sed 's/^hugo v\([0-9.]*\).*/\1/')
echo "reeks bench: $(nproc) processors, reeks -j $jobs, hugo $hugo_version;" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo "(other work on the machine makes every time longer; figures are" \
    "medians)"

for n in $sizes; do
	runs=${BENCH_RUNS:-3}
	[ "$n" -ge 10000 ] && runs=${BENCH_RUNS_BIG:-3}
	d=$out/$n
	discard "$d"
	mkdir -p "$d"
	"$gen" -n "$n" -m "$nobs" -o "$d/data" -H "$d/hugo"
	cp -R tests/bench/hugo/config.toml tests/bench/hugo/layouts "$d/hugo/"
	cp -R templates "$d/templates"
	echo "== $n series x $nobs observations: $(du -sk "$d/data" |
	    cut -f1) kB of XML, $runs runs"

	for f in check pages full again edit vedit vundo tedit png hugo; do
		: >"$d/$f.t"; : >"$d/$f.m"; : >"$d/$f.c"
	done
	for f in load work cpupages cpudownloads gz pagesload pagescpu \
	    edited vedited tedited pngv pngedit; do
		: >"$d/$f.v"
	done
	# The edits: a word in the description of the first series, and
	# one in the heading of every series page.
	first=$(ls "$d/data"/series-*.xml | head -n 1)
	cp "$first" "$d/first.xml"
	cp "$d/templates/series.mustache" "$d/series.mustache"
	r=1
	while [ "$r" -le "$runs" ]; do
		timed check "$reeks" check --data "$d/data" >/dev/null

		discard "$d/pages" "$d/pages.reeks-cache"
		build pages "$d/pages" REEKS_BENCH_PAGES_ONLY=1 REEKS_NO_PNG=1
		field "$d/pages.err" load >>"$d/pagesload.v"
		field "$d/pages.err" "cpu pages" >>"$d/pagescpu.v"

		discard "$d/site" "$d/site.reeks-cache"
		build full "$d/site" REEKS_NO_PNG=1
		field "$d/full.err" load >>"$d/load.v"
		field "$d/full.err" "pages and downloads" >>"$d/work.v"
		field "$d/full.err" "cpu pages" >>"$d/cpupages.v"
		field "$d/full.err" downloads >>"$d/cpudownloads.v"
		sed -n 's/.*gzip \([0-9]*\) -> [0-9]* bytes in \([0-9.]*\) s.*/\1 \2/p' \
		    "$d/full.err" >>"$d/gz.v"

		build again "$d/site" REEKS_NO_PNG=1

		sed '0,/The figures are not real\./s//The figures are not real (edited)./' \
		    "$d/first.xml" >"$first"
		changed "$d/first.xml" "$first" "data edit"
		build edit "$d/site" REEKS_NO_PNG=1
		cp "$d/first.xml" "$first"
		written edit >>"$d/edited.v"

		# One figure corrected: the last digit of the first value of
		# the first series (every whole-dataset file changes, the
		# workbook included).
		awk '!done && /<obs / && match($0, / value="[^"]*[0-9]"/) {
		    i = RSTART + RLENGTH - 2
		    $0 = substr($0, 1, i - 1) (substr($0, i, 1) + 1) % 10 \
		        substr($0, i + 1); done = 1 } { print }' \
		    "$d/first.xml" >"$first"
		changed "$d/first.xml" "$first" "value edit"
		build vedit "$d/site" REEKS_NO_PNG=1
		cp "$d/first.xml" "$first"
		build vundo "$d/site" REEKS_NO_PNG=1
		written vedit >>"$d/vedited.v"

		sed 's|<h1>{{series.title}}</h1>|<h1>{{series.title}} edited</h1>|' \
		    "$d/series.mustache" >"$d/templates/series.mustache"
		changed "$d/series.mustache" "$d/templates/series.mustache" \
		    "template edit"
		build tedit "$d/site" REEKS_NO_PNG=1
		cp "$d/series.mustache" "$d/templates/series.mustache"
		written tedit >>"$d/tedited.v"

		# The charts' PNGs (librsvg): how many, and their CPU time.
		build png "$d/site"
		sed -n 's/.*png \([0-9]*\) made in \([0-9.]*\) s cpu.*/\1 \2/p' \
		    "$d/png.err" >>"$d/pngv.v"

		discard "$d/public"
		timed hugo hugo --quiet --source "$d/hugo" \
		    --destination "$PWD/$d/public" >"$d/hugo.out"
		printf '   run %s: pages %s s, full %s s, again %s s, data edit %s s, value edit %s s, template edit %s s, hugo %s s\n' \
		    "$r" "$(tail -n 1 "$d/pages.t")" "$(tail -n 1 "$d/full.t")" \
		    "$(tail -n 1 "$d/again.t")" "$(tail -n 1 "$d/edit.t")" \
		    "$(tail -n 1 "$d/vedit.t")" \
		    "$(tail -n 1 "$d/tedit.t")" "$(tail -n 1 "$d/hugo.t")"
		r=$((r + 1))
	done

	obs=$((n * nobs))
	summary='s/.*: \([0-9]*\) pages, \([0-9]*\) files, \([0-9]*\) bytes.*/\1 \2 \3/p'
	set -- $(sed -n "$summary" "$d/full.out")
	pages=$1 files=$2 bytes=$3
	set -- $(sed -n "$summary" "$d/pages.out")
	ppages=$1 pfiles=$2 pbytes=$3
	hpages=$(find "$d/public" -name '*.html' | wc -l)
	for f in check pages full again edit vedit tedit png hugo; do
		eval "${f}_t=\$(median <\"\$d/\$f.t\")"
		eval "${f}_m=\$(median <\"\$d/\$f.m\")"
		eval "${f}_c=\$(median <\"\$d/\$f.c\")"
	done
	for f in load work cpupages cpudownloads pagesload pagescpu; do
		eval "$f=\$(median <\"\$d/\$f.v\")"
	done
	gzrate=$(awk '$2 > 0 { print $1 / $2 / 1e6 }' "$d/gz.v" | median)
	gzin=$(cut -d' ' -f1 "$d/gz.v" | median)
	edited=$(tail -n 1 "$d/edited.v")
	tedited=$(tail -n 1 "$d/tedited.v")
	vedited=$(tail -n 1 "$d/vedited.v")
	pngs=$(cut -d' ' -f1 "$d/pngv.v" | median)
	pngcpu=$(cut -d' ' -f2 "$d/pngv.v" | median)
	bpo() { awk -v m="$1" -v o="$obs" 'BEGIN { printf "%.0f", m * 1024 / o }'; }

	cat >"$d/result" <<EOF
series $n
observations $obs
check_s $check_t
check_cpu_s $check_c
check_obs_per_s $(num 'a / b' "$obs" "$check_t")
pages_only_s $pages_t
pages_only_cpu_s $pages_c
pages_only_load_s $pagesload
pages_only_cpu_pages_s $pagescpu
pages_only_pages $ppages
pages_only_files $pfiles
pages_only_bytes $pbytes
full_s $full_t
full_cpu_s $full_c
full_load_s $load
full_work_s $work
full_cpu_pages_s $cpupages
full_cpu_downloads_s $cpudownloads
pages $pages
files $files
bytes_written $bytes
gzip_input_bytes $gzin
gzip_mb_per_s_per_core $(num 'a' "$gzrate" 1)
downloads_s $(num 'a - b' "$full_t" "$pages_t")
downloads_cpu_s $(num 'a - b' "$full_c" "$pages_c")
downloads_share_of_full $(num 'a / b' "$(num 'a - b' "$full_t" "$pages_t")" "$full_t")
png_charts $pngs
png_cpu_s $pngcpu
png_ms_each $(num 'a * 1000 / b' "$pngcpu" "$pngs")
png_over_full_cpu $(num 'a / b' "$pngcpu" "$full_c")
again_s $again_t
again_over_full $(num 'a / b' "$again_t" "$full_t")
edit_s $edit_t
edit_cpu_s $edit_c
edit_over_full $(num 'a / b' "$edit_t" "$full_t")
edit_written_files $(echo "$edited" | cut -d' ' -f1)
edit_linked_files $(echo "$edited" | cut -d' ' -f3)
vedit_s $vedit_t
vedit_cpu_s $vedit_c
vedit_over_full $(num 'a / b' "$vedit_t" "$full_t")
vedit_written_files $(echo "$vedited" | cut -d' ' -f1)
vedit_linked_files $(echo "$vedited" | cut -d' ' -f3)
tedit_s $tedit_t
tedit_cpu_s $tedit_c
tedit_over_full $(num 'a / b' "$tedit_t" "$full_t")
tedit_written_files $(echo "$tedited" | cut -d' ' -f1)
tedit_linked_files $(echo "$tedited" | cut -d' ' -f3)
full_rss_kb $full_m
full_bytes_per_obs $(bpo "$full_m")
pages_only_rss_kb $pages_m
pages_only_bytes_per_obs $(bpo "$pages_m")
check_rss_kb $check_m
check_bytes_per_obs $(bpo "$check_m")
png_rss_kb $png_m
png_bytes_per_obs $(bpo "$png_m")
hugo_s $hugo_t
hugo_cpu_s $hugo_c
hugo_pages $hpages
hugo_rss_kb $hugo_m
hugo_over_pages_only $(num 'a / b' "$hugo_t" "$pages_t")
hugo_over_full $(num 'a / b' "$hugo_t" "$full_t")
hugo_cpu_over_pages_only_cpu $(num 'a / b' "$hugo_c" "$pages_c")
EOF
done

# The table: one column per size, then the growth: the last size's
# figure over the first's (for 1,000 and 10,000 series, 10 is linear for
# times and sizes, 1 for ratios and bytes an observation).
set -- $sizes
small=$1
eval "large=\${$#}"
echo
{
	printf '%-46s' "figure (median of the runs)"
	for n in $sizes; do printf '%14s' "$n series"; done
	[ "$small" != "$large" ] && printf '%12s' "x$large/$small"
	echo
	row() {
		printf '%-46s' "$1"
		for n in $sizes; do
			printf '%14s' "$(awk -v k="$2" '$1 == k { print $2 }' \
			    "$out/$n/result")"
		done
		if [ "$small" != "$large" ]; then
			printf '%12s' "$(num 'a / b' \
			    "$(awk -v k="$2" '$1 == k { print $2 }' "$out/$large/result")" \
			    "$(awk -v k="$2" '$1 == k { print $2 }' "$out/$small/result")")"
		fi
		echo
	}
	row "observations" observations
	row "load+validate (reeks check), s" check_s
	row "  CPU, s" check_cpu_s
	row "  observations/s" check_obs_per_s
	row "pages only (load + pages; no downloads, PNG), s" pages_only_s
	row "  CPU, s" pages_only_cpu_s
	row "  load+validate, s" pages_only_load_s
	row "  CPU in pages, s" pages_only_cpu_pages_s
	row "  pages (HTML)" pages_only_pages
	row "  files" pages_only_files
	row "full build with downloads, no PNG, s" full_s
	row "  CPU, s" full_cpu_s
	row "  load+validate, s" full_load_s
	row "  pages and downloads (parallel), s" full_work_s
	row "  CPU in pages, s" full_cpu_pages_s
	row "  CPU in downloads (exports, gzip), s" full_cpu_downloads_s
	row "  pages (HTML)" pages
	row "  files" files
	row "  bytes written" bytes_written
	row "  gzip input, bytes" gzip_input_bytes
	row "  gzip, MB/s per core (level 6)" gzip_mb_per_s_per_core
	row "the downloads: full - pages only, s" downloads_s
	row "  CPU, s" downloads_cpu_s
	row "  share of the full build" downloads_share_of_full
	row "the PNG charts (librsvg, 2x), made" png_charts
	row "  CPU drawing them, s" png_cpu_s
	row "  CPU a chart, ms" png_ms_each
	row "  / the full build's CPU" png_over_full_cpu
	row "second build, nothing changed, s" again_s
	row "  / full build" again_over_full
	row "after a data edit (one description), s" edit_s
	row "  CPU, s" edit_cpu_s
	row "  / full build (target <= 0.10)" edit_over_full
	row "  files written" edit_written_files
	row "  files linked, not written" edit_linked_files
	row "after a value edit (one figure), s" vedit_s
	row "  CPU, s" vedit_cpu_s
	row "  / full build (target <= 0.10)" vedit_over_full
	row "  files written" vedit_written_files
	row "  files linked, not written" vedit_linked_files
	row "after a template edit (series pages), s" tedit_s
	row "  CPU, s" tedit_cpu_s
	row "  / full build" tedit_over_full
	row "  files written" tedit_written_files
	row "  files linked, not written" tedit_linked_files
	row "peak memory (max RSS), full build, kB" full_rss_kb
	row "  bytes/observation (target <= 300)" full_bytes_per_obs
	row "  pages only, kB" pages_only_rss_kb
	row "  pages only, bytes/observation" pages_only_bytes_per_obs
	row "  reeks check, kB" check_rss_kb
	row "  reeks check, bytes/observation" check_bytes_per_obs
	row "  the build with the PNG charts, kB" png_rss_kb
	row "Hugo $hugo_version, s" hugo_s
	row "  CPU, s" hugo_cpu_s
	row "  pages (HTML)" hugo_pages
	row "  peak memory, kB" hugo_rss_kb
	row "Hugo / reeks pages only, wall (target >= 10)" hugo_over_pages_only
	row "Hugo / reeks full build, wall (target >= 4)" hugo_over_full
	row "Hugo CPU / reeks pages-only CPU" hugo_cpu_over_pages_only_cpu
} | tee "$out/results.txt"
