#!/bin/sh
# bench.sh: 'make bench'. reeks at scale, side by side with Hugo.
#
# For each size (1,000 and 10,000 series of 50 observations), it makes
# synthetic data with tests/bench/gen-data (the same series as reeks XML
# and as Hugo content), then runs, several times each, interleaved so that
# both see the same machine:
#   - reeks check (load and validate);
#   - reeks build into an empty directory (a full build; the CPU time of
#     its chart PNGs is counted apart), then again
#     with nothing changed (the second build), then again after one
#     series was edited (an incremental build);
#   - hugo on the same series (a page per series and language, the same
#     table, an SVG line chart built by the template).
# It prints the median of each figure. Everything goes under
# tests/out/bench/; nothing here is a test, and nothing fails on a slow
# machine.
#
# usage: tests/bench/bench.sh [REEKS]    (from the top of the tree)
# environment: BENCH_SIZES ("1000 10000"), BENCH_OBS (50), BENCH_RUNS (3,
# for sizes under 10,000), BENCH_RUNS_BIG (3), BENCH_JOBS (the number of
# processors). Old sites are kept until the end (see discard()): at
# 10,000 series the bench needs about 15 GB of disk.
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

# timed FILE ERR CMD...: run CMD; its wall time, max RSS (kB) and CPU
# time (user + system) in FILE, its stderr in ERR; stop the bench when it
# fails.
timed() {
	tf=$1 te=$2
	shift 2
	if ! /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" 2>"$te"; then
		echo "bench: failed: $*" >&2
		cat "$te" >&2
		exit 1
	fi
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
	echo "== $n series x $nobs observations: $(du -sk "$d/data" |
	    cut -f1) kB of XML, $runs runs"

	: >"$d/check.t"; : >"$d/full.t"; : >"$d/full.m"; : >"$d/again.t"
	: >"$d/edit.t"; : >"$d/hugo.t"; : >"$d/hugo.m"; : >"$d/hugo.c"
	: >"$d/full.c"
	for f in load work cpupages cpudownloads gz edited png pngedit; do
		: >"$d/$f.v"
	done
	# The one edit of the incremental build: a word in the description
	# of the first series.
	first=$(ls "$d/data"/series-*.xml | head -n 1)
	cp "$first" "$d/first.xml"
	r=1
	while [ "$r" -le "$runs" ]; do
		timed "$d/t" "$d/check.err" "$reeks" check --data "$d/data" \
		    >/dev/null
		cut -d' ' -f1 "$d/t" >>"$d/check.t"

		discard "$d/site" "$d/site.reeks-cache"
		REEKS_BUILD_STATS=1 timed "$d/t" "$d/full.err" "$reeks" build \
		    -j "$jobs" --data "$d/data" --out "$d/site" \
		    --base-url "$base" >"$d/full.out"
		cut -d' ' -f1 "$d/t" >>"$d/full.t"
		cut -d' ' -f2 "$d/t" >>"$d/full.m"
		awk '{ print $3 + $4 }' "$d/t" >>"$d/full.c"
		field "$d/full.err" load >>"$d/load.v"
		field "$d/full.err" "pages and downloads" >>"$d/work.v"
		field "$d/full.err" "cpu pages" >>"$d/cpupages.v"
		field "$d/full.err" downloads >>"$d/cpudownloads.v"
		sed -n 's/.*gzip \([0-9]*\) -> [0-9]* bytes in \([0-9.]*\) s.*/\1 \2/p' \
		    "$d/full.err" >>"$d/gz.v"
		# The charts' PNGs: how many, and their CPU time (librsvg).
		sed -n 's/.*png \([0-9]*\) made in \([0-9.]*\) s cpu.*/\1 \2/p' \
		    "$d/full.err" >>"$d/png.v"

		REEKS_BUILD_STATS=1 timed "$d/t" "$d/again.err" "$reeks" build \
		    -j "$jobs" --data "$d/data" --out "$d/site" \
		    --base-url "$base" >"$d/again.out"
		cut -d' ' -f1 "$d/t" >>"$d/again.t"

		sed '0,/The figures are not real\./s//The figures are not real (edited)./' \
		    "$d/first.xml" >"$first"
		REEKS_BUILD_STATS=1 timed "$d/t" "$d/edit.err" "$reeks" build \
		    -j "$jobs" --data "$d/data" --out "$d/site" \
		    --base-url "$base" >"$d/edit.out"
		cp "$d/first.xml" "$first"
		cut -d' ' -f1 "$d/t" >>"$d/edit.t"
		sed -n 's/.*png \([0-9]*\) made in.*/\1/p' "$d/edit.err" \
		    >>"$d/pngedit.v"
		sed -n 's/.*written \([0-9]*\) files \([0-9]*\) bytes, linked \([0-9]*\) files.*/\1 \2 \3/p' \
		    "$d/edit.err" >>"$d/edited.v"

		discard "$d/public"
		timed "$d/t" "$d/hugo.err" hugo --quiet --source "$d/hugo" \
		    --destination "$PWD/$d/public" >"$d/hugo.out"
		cut -d' ' -f1 "$d/t" >>"$d/hugo.t"
		cut -d' ' -f2 "$d/t" >>"$d/hugo.m"
		awk '{ print $3 + $4 }' "$d/t" >>"$d/hugo.c"
		printf '   run %s: reeks %s s, again %s s, one edit %s s, hugo %s s\n' \
		    "$r" "$(tail -n 1 "$d/full.t")" "$(tail -n 1 "$d/again.t")" \
		    "$(tail -n 1 "$d/edit.t")" "$(tail -n 1 "$d/hugo.t")"
		r=$((r + 1))
	done

	obs=$((n * nobs))
	pages=$(sed -n 's/.*: \([0-9]*\) pages, \([0-9]*\) files, \([0-9]*\) bytes.*/\1/p' "$d/full.out")
	files=$(sed -n 's/.*: \([0-9]*\) pages, \([0-9]*\) files, \([0-9]*\) bytes.*/\2/p' "$d/full.out")
	bytes=$(sed -n 's/.*: \([0-9]*\) pages, \([0-9]*\) files, \([0-9]*\) bytes.*/\3/p' "$d/full.out")
	hpages=$(find "$d/public" -name '*.html' | wc -l)
	check=$(median <"$d/check.t")
	full=$(median <"$d/full.t")
	fullm=$(median <"$d/full.m")
	again=$(median <"$d/again.t")
	hugo=$(median <"$d/hugo.t")
	hugom=$(median <"$d/hugo.m")
	hugoc=$(median <"$d/hugo.c")
	fullc=$(median <"$d/full.c")
	edit=$(median <"$d/edit.t")
	load=$(median <"$d/load.v")
	work=$(median <"$d/work.v")
	cpupages=$(median <"$d/cpupages.v")
	cpudls=$(median <"$d/cpudownloads.v")
	gzrate=$(awk '$2 > 0 { print $1 / $2 / 1e6 }' "$d/gz.v" | median)
	gzin=$(cut -d' ' -f1 "$d/gz.v" | median)
	edited=$(tail -n 1 "$d/edited.v")
	pngs=$(cut -d' ' -f1 "$d/png.v" | median)
	pngcpu=$(cut -d' ' -f2 "$d/png.v" | median)
	pngedit=$(median <"$d/pngedit.v")

	cat >"$d/result" <<EOF
series $n
observations $obs
load_validate_s $check
load_validate_obs_per_s $(awk -v o="$obs" -v t="$check" 'BEGIN { printf "%.0f", o / t }')
full_build_s $full
full_build_cpu_s $fullc
pages $pages
files $files
pages_per_s $(awk -v p="$pages" -v t="$full" 'BEGIN { printf "%.0f", p / t }')
bytes_written $bytes
gzip_input_bytes $gzin
gzip_mb_per_s_per_core $(printf '%.1f' "$gzrate")
peak_rss_kb $fullm
bytes_per_observation $(awk -v m="$fullm" -v o="$obs" 'BEGIN { printf "%.0f", m * 1024 / o }')
phase_load_s $load
phase_work_s $work
cpu_pages_s $cpupages
cpu_downloads_s $cpudls
second_build_s $again
second_over_first $(awk -v a="$again" -v f="$full" 'BEGIN { printf "%.4f", a / f }')
edit_build_s $edit
edit_over_first $(awk -v a="$edit" -v f="$full" 'BEGIN { printf "%.3f", a / f }')
edit_written_files $(echo "$edited" | cut -d' ' -f1)
edit_written_bytes $(echo "$edited" | cut -d' ' -f2)
edit_linked_files $(echo "$edited" | cut -d' ' -f3)
png_charts $pngs
png_cpu_s $pngcpu
png_ms_each $(awk -v c="$pngcpu" -v n="$pngs" 'BEGIN { printf "%.1f", (n > 0 ? c * 1000 / n : 0) }')
png_share_of_build_cpu $(awk -v c="$pngcpu" -v f="$fullc" 'BEGIN { printf "%.2f", c / f }')
png_made_after_edit $pngedit
hugo_s $hugo
hugo_cpu_s $hugoc
hugo_pages $hpages
hugo_peak_rss_kb $hugom
hugo_over_reeks_full $(awk -v h="$hugo" -v f="$full" 'BEGIN { printf "%.2f", h / f }')
hugo_cpu_over_reeks_pages_cpu $(awk -v h="$hugoc" -v l="$load" -v p="$cpupages" 'BEGIN { printf "%.2f", h / (l + p) }')
EOF
done

# The table: one column per size.
echo
{
	printf '%-44s' "figure (median)"
	for n in $sizes; do printf '%16s' "$n series"; done
	echo
	row() {
		printf '%-44s' "$1"
		for n in $sizes; do
			printf '%16s' "$(awk -v k="$2" '$1 == k { $1 = ""; sub(/^ /, ""); print }' \
			    "$out/$n/result")"
		done
		echo
	}
	row "observations" observations
	row "load+validate, s (reeks check)" load_validate_s
	row "load+validate, observations/s" load_validate_obs_per_s
	row "full build, s" full_build_s
	row "  CPU (user + system), s" full_build_cpu_s
	row "  load+validate, s" phase_load_s
	row "  pages and downloads (parallel), s" phase_work_s
	row "  CPU in pages, s" cpu_pages_s
	row "  CPU in downloads (exports, gzip), s" cpu_downloads_s
	row "pages (HTML)" pages
	row "files" files
	row "pages/s (full build)" pages_per_s
	row "bytes written" bytes_written
	row "gzip input, bytes" gzip_input_bytes
	row "gzip, MB/s per core (level 6)" gzip_mb_per_s_per_core
	row "peak memory (max RSS), kB" peak_rss_kb
	row "peak memory, bytes/observation" bytes_per_observation
	row "second build, nothing changed, s" second_build_s
	row "  second / first build" second_over_first
	row "build after editing one series, s" edit_build_s
	row "  edited / first build" edit_over_first
	row "  files written" edit_written_files
	row "  bytes written" edit_written_bytes
	row "  files linked, not written" edit_linked_files
	row "chart PNGs (librsvg, 2x), made" png_charts
	row "  CPU rendering them, s" png_cpu_s
	row "  CPU a PNG, ms" png_ms_each
	row "  share of the full build's CPU" png_share_of_build_cpu
	row "  made again after editing one series" png_made_after_edit
	row "Hugo $hugo_version build, s" hugo_s
	row "  CPU (user + system), s" hugo_cpu_s
	row "Hugo pages (HTML)" hugo_pages
	row "Hugo peak memory, kB" hugo_peak_rss_kb
	row "Hugo / reeks, wall time (reeks: + downloads)" hugo_over_reeks_full
	row "Hugo CPU / reeks CPU in load + pages" hugo_cpu_over_reeks_pages_cpu
} | tee "$out/results.txt"
