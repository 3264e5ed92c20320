#!/bin/sh
# oom.sh: every allocation failure ends in "out of memory", exit 1, the
# old site kept, no staging directory left, no leak and no crash.
#
# Allocation-failure injection, as SQLite's test harness does it:
# tests/oom/failmalloc.so (LD_PRELOAD) makes the Nth allocation of a run
# fail (see that file). For the small dataset tests/data/good, a run with
# no failure first counts the allocations C of 'reeks check' and of
# 'reeks build -j 1' over an existing site ('reeks check' on a copy
# with a release, so that reading a release fails too); then for N in
# 1..C (every N, or every Sth N when sampling):
#
#  - the Nth allocation fails once (later ones succeed), and, for every
#    7th N, every allocation from the Nth on fails ("persistent");
#  - the run must end by itself (no signal, no hang) with either exit 1,
#    "out of memory" on stderr and every other stderr line one a normal
#    run prints too (no schema error or "minizip failed" made up of a
#    failed allocation), or exit 0 with exactly the normal output (a
#    library that retried or did without the allocation), or, for a
#    build whose cache could not be written once the new site was in
#    place, exit 0 with the normal output, the normal site without its
#    cache, and the one warning line that says so;
#  - 'build' must leave the old site byte for byte (every file's SHA-256)
#    and nothing else beside it (no SITE.new-*, SITE.old-*, temporary
#    cache file) when it fails, or exactly the normal new site when it
#    succeeds;
#  - the same for 'reeks build -j 2' on a sample of N (threads make the
#    order of allocations vary from run to run, so these N are not
#    reproducible one by one), with one allocation failing, never all
#    later ones: libxml2 2.9 allocates each thread's state on the
#    thread's first call and, when that allocation and every later one
#    fail, recurses until the stack runs out (2.12 fixed it); reeks
#    checks that memory is there just before (reeks_thread_ready()),
#    which leaves that one allocation, the very next, unguarded;
#  - so the first OOM_THREAD_CALLS allocations made on a worker thread,
#    each in turn, for 'check' and 'build -j 2' (REEKS_FAIL_THREADS):
#    the probe, the thread's libxml2 state (when it fails, libxml2 2.9
#    prints "xmlGetGlobalState: out of memory" through the handler that
#    new threads start with, which reeks sets to one that drops it), and
#    the first of the thread's own work (a machine with one processor
#    starts no worker for 'check', and these runs fail nothing there);
#  - libxlsxwriter's own allocations, each in turn (-j 1, every one, or
#    every OOM_XLSX_STRIDE-th): the shim counts and fails only the calls
#    made from libxlsxwriter (REEKS_FAIL_CALLER), which runs in a child
#    process (gen/data/xlsx.c), up to the first K that fails nothing
#    (REEKS_FAIL_HIT). libxlsxwriter goes on without some of what it
#    could not allocate, and says nothing (a sheet's name, the frozen
#    pane's selection): a sample of all allocations rarely meets those,
#    and the workbook made differs, with the catalogue, SHA256SUMS and
#    the download pages that list its size and hash;
#  - allocations of one size (OOM_SIZES, REEKS_FAIL_SIZE), each in turn,
#    for 'check --cache': the load cache's encoder allocates its text
#    table (256 pointers, 2048 bytes) as it writes each file's payload,
#    and a sample of all allocations rarely meets it;
#  - leaks: a sample of N (OOM_VALGRIND of them, spread over 1..C) runs
#    under valgrind memcheck, which must report no error and no
#    definitely or indirectly lost block.
#
# usage: tests/oom.sh PATH-TO-REEKS PATH-TO-FAILMALLOC.SO  (from the top)
# OOM_JOBS=K runs K at once (default 1), each in its own directory.
# OOM_STRIDE=S runs every Sth N (default 1: every N; make check uses a
# sample, make check-oom every N). OOM_VALGRIND=K sets the number of
# valgrind runs (default 12; 0: none). OOM_THREAD_CALLS=K sets how many
# of a worker thread's first allocations fail in turn (default 8).
# OOM_FROM=N starts the -j 1 sweeps at the Nth allocation (default 1:
# a long sweep can skip the early ones, the parse of the schema).
# OOM_SIZES="S ..." sets the sizes of allocation failed one by one
# (default 2048).
# OOM_ONLY=N runs that N alone
# (build and check, -j 1) and keeps its output in tests/out/oom/.
#
# The shim replaces malloc with one that forwards to glibc's; a sanitizer
# build (make check-asan) links its own malloc into the program, ahead of
# any LD_PRELOAD, so there this script says so and skips (the valgrind
# runs here are the leak check of the failure paths).
set -u
reeks=${1:?usage: tests/oom.sh PATH-TO-REEKS PATH-TO-FAILMALLOC.SO}
shim=${2:?usage: tests/oom.sh PATH-TO-REEKS PATH-TO-FAILMALLOC.SO}
case $reeks in /*) ;; *) reeks=$(pwd)/$reeks ;; esac
case $shim in /*) ;; *) shim=$(pwd)/$shim ;; esac
out=$(pwd)/tests/out/oom
rm -rf "$out"
mkdir -p "$out"
# Without the charts' PNGs: librsvg (glib, its Rust code, pango,
# fontconfig) aborts or crashes when an allocation fails, which reeks
# cannot prevent in its process (gen/site/chartfile.h).
export LC_ALL=C TZ=UTC REEKS_NO_PNG=1
unset SOURCE_DATE_EPOCH REEKS_FAIL_AT REEKS_FAIL_PERSIST
stride=${OOM_STRIDE:-1}
vgruns=${OOM_VALGRIND:-12}
jobs=${OOM_JOBS:-1}
only=${OOM_ONLY:-}
xstride=${OOM_XLSX_STRIDE:-1}
caller=        # REEKS_FAIL_CALLER for inject(): empty, every call
size=          # REEKS_FAIL_SIZE for inject(): empty, any size
sizes=${OOM_SIZES:-2048}
threads=       # REEKS_FAIL_THREADS for inject(): 1, worker threads only
tcalls=${OOM_THREAD_CALLS:-8}
from=${OOM_FROM:-1}
limit=60
data=$(pwd)/tests/data/good
templates=$(pwd)/templates
license=$(pwd)/LICENSE
base=https://example.org/reeks/
passed=0
failed=0
cache_warning="reeks: warning: the site is in place, but its cache could not be saved (out of memory or disk space): the next build writes every file"
wd=$out/w0     # this worker's directory
wid=0          # this worker's number
item=0         # runs planned so far; worker W makes those = W mod jobs
fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

if nm "$reeks" 2>/dev/null | grep -q ' __gcov_'; then
	echo "oom: skipped: $reeks is built for coverage, whose profile," \
	    "written at exit, the shim would make fail (make check and" \
	    "make check-oom run it)"
	exit 0
fi
if nm "$reeks" 2>/dev/null | grep -q ' __asan_init'; then
	echo "oom: skipped: $reeks is built with AddressSanitizer, whose" \
	    "malloc the LD_PRELOAD shim cannot replace (make check and" \
	    "make check-oom run it, leaks checked under valgrind)"
	exit 0
fi

# sums DIR [CACHE]: every entry of DIR (files with their SHA-256,
# directories, anything else by type), sorted; then what lies beside DIR
# (its cache, and whatever a build left there), and with CACHE the
# cache's SHA-256 (a new cache holds inode numbers and times).
sums() {
	(cd "$1" && find . -type f -exec sha256sum {} + | sort &&
	    find . ! -type f | sort)
	# The load cache (site.reeks-load) is written as the data loads,
	# whatever the build does next, and skipped when it cannot be:
	# tests/loadcache.sh checks it. Its temporary file is listed.
	(cd "$1/.." && ls -a | grep -vx 'site.reeks-load' &&
	    if [ $# -gt 1 ]; then sha256sum site.reeks-cache; fi)
}

# build ARGS...: 'reeks build' of the dataset into $wd/run/site.
build() {
	"$reeks" build -q --data "$data" --templates "$templates" \
	    --license "$license" --out "$wd/run/site" --base-url "$base" "$@"
}

# The old site: the same data built with another base URL, so that the
# new build changes every page but may reuse what the cache says is the
# same (the downloads).
mkdir -p "$out/old" "$out/new"
name=reference
if ! "$reeks" build -q --data "$data" --templates "$templates" \
    --license "$license" --out "$out/old/site" \
    --base-url https://old.example.org/ 2>"$out/old.err" ||
    ! cp -a "$out/old/site" "$out/old/site.reeks-cache" \
    "$out/old/site.reeks-pieces" "$out/new/" ||
    ! "$reeks" build -q --data "$data" --templates "$templates" \
    --license "$license" --out "$out/new/site" --base-url "$base" -j 1 \
    >"$out/new.out" 2>"$out/new.err"; then
	fail "a reference build failed"
	echo "oom: $passed passed, $failed failed"
	exit 1
fi
sums "$out/old/site" cache >"$out/old.sums"
sums "$out/new/site" >"$out/new.sums"
# 'reeks check' runs on a copy of the data with a release, so that
# reading a release (its zip, its members, its data) fails too.
rdata=$out/rdata
cp -R "$data" "$rdata"
if ! SOURCE_DATE_EPOCH=1796644800 "$reeks" release 2026-12 --data "$rdata" \
    --license "$license" >/dev/null 2>"$out/release.err"; then
	name=release
	fail "the release for 'reeks check' failed"
	echo "oom: $passed passed, $failed failed"
	exit 1
fi
"$reeks" check --data "$rdata" >"$out/check.out" 2>"$out/check.err"

# restore: $wd/run/ holds the old site.
restore() {
	rm -rf "$wd/run"
	mkdir -p "$wd/run"
	cp -a "$out/old/site" "$out/old/site.reeks-cache" \
	    "$out/old/site.reeks-pieces" "$wd/run/"
}

# count CMD: the allocations of a run of 'reeks CMD' with none failing.
count() {
	restore
	(cd "$wd/run" && REEKS_FAIL_PROGRAM=reeks \
	    REEKS_FAIL_REPORT="$wd/report" LD_PRELOAD="$shim" \
	    "$reeks" "$@" >/dev/null 2>&1)
	sed -n 's/^calls \([0-9]*\) .*/\1/p' "$wd/report" 2>/dev/null
}

# inject N PERSIST WRAPPER CMD ARGS...: run 'reeks CMD ARGS' in $wd/run
# with the Nth allocation failing (and every later one when PERSIST is
# 1), under WRAPPER ("-" for none). Sets $status, $injected (the number
# of allocations failed), and $log (the run's stdout and stderr are
# $log.out and $log.err).
inject() {
	in=$1 persist=$2 wrap=$3
	shift 3
	log=$wd/log
	rm -f "$wd/report"
	if [ "$wrap" = - ]; then set -- timeout "$limit" "$reeks" "$@"
	else set -- timeout "$((limit * 10))" $wrap "$reeks" "$@"
	fi
	rm -f "$wd/hit"
	(cd "$wd/run" && REEKS_FAIL_PROGRAM=reeks REEKS_FAIL_AT="$in" \
	    REEKS_FAIL_PERSIST="$persist" REEKS_FAIL_REPORT="$wd/report" \
	    REEKS_FAIL_CALLER="$caller" REEKS_FAIL_THREADS="$threads" \
	    REEKS_FAIL_SIZE="$size" \
	    REEKS_FAIL_HIT="$wd/hit" \
	    LD_PRELOAD="$shim" "$@" >"$log.out" 2>"$log.err")
	status=$?
	injected=$(sed -n 's/^calls [0-9]* failed \([0-9]*\)$/\1/p' \
	    "$wd/report" 2>/dev/null)
}

# verdict KIND: judge the run just made ($status, $log) of KIND (build or
# check): a clean failure or the normal result. Returns 0 when it passes
# (after counting it), 1 after failing it.
verdict() {
	if [ "$status" -eq 124 ]; then
		fail "did not finish in $limit s"
		return 1
	elif [ "$status" -gt 128 ] || [ -z "$injected" ]; then
		fail "crashed (exit status $status):"
		grep -av '^/' "$log.err" | tail -3 | sed 's/^/    /'
		# The shim's stack, with reeks's frames as functions and lines.
		grep -ao "${reeks##*/}(+0x[0-9a-f]*)" "$log.err" |
		    sed 's/.*(+\(0x[0-9a-f]*\))/\1/' | head -8 |
		    xargs -r addr2line -f -i -s -e "$reeks" 2>/dev/null |
		    paste - - | sed 's/^/    at /'
		return 1
	fi
	if [ "$1" = build ]; then normal=$out/new; else normal=$out/check; fi
	if [ "$status" -eq 0 ]; then
		# A build whose cache could not be saved after the new site
		# was put in place: the normal site, no cache, and one warning
		# line that says so (and nothing else) added to the normal
		# output.
		lost=
		if [ "$1" = build ] &&
		    grep -q "^$cache_warning\$" "$log.err"; then
			lost=1
			grep -vxF "$cache_warning" "$log.err" >"$log.err2"
			mv "$log.err2" "$log.err"
		fi
		if ! cmp -s "$log.out" "$normal.out" ||
		    ! cmp -s "$log.err" "$normal.err"; then
			fail "exit 0 but not the normal output:"
			diff "$normal.err" "$log.err" | sed 's/^/    /' | head
			return 1
		fi
		if [ "$1" = build ]; then
			sums "$wd/run/site" >"$wd/run.sums"
			if [ -n "$lost" ]; then
				grep -vx 'site.reeks-cache' "$out/new.sums" \
				    >"$wd/want.sums"
			else
				cp "$out/new.sums" "$wd/want.sums"
			fi
			if ! cmp -s "$wd/want.sums" "$wd/run.sums"; then
				fail "exit 0 but not the normal site:"
				diff "$wd/want.sums" "$wd/run.sums" |
				    sed 's/^/    /' | head
				return 1
			fi
		fi
		ok
		return 0
	fi
	if [ "$status" -ne 1 ]; then
		fail "exit status $status, not 1"
		return 1
	fi
	if ! grep -Eq 'out of memory|Cannot allocate memory' "$log.err"; then
		fail "exit 1 but no 'out of memory':"
		sed 's/^/    /' "$log.err" | head -5
		return 1
	fi
	# Any other line must be one a normal run prints (a warning of the
	# data) or the count of errors that ends a failed run.
	if grep -Ev 'out of memory|Cannot allocate memory' "$log.err" |
	    grep -vxF -f "$normal.err" |
	    grep -Ev '^reeks: [0-9]+ errors?( in |; .* left as it was$)' \
	    >"$wd/extra"; then
		fail "a line that is not about memory:"
		sed 's/^/    /' "$wd/extra" | head -5
		return 1
	fi
	if [ "$1" = build ]; then
		sums "$wd/run/site" cache >"$wd/run.sums"
		if ! cmp -s "$out/old.sums" "$wd/run.sums"; then
			fail "the old site (or what lies beside it) changed:"
			diff "$out/old.sums" "$wd/run.sums" |
			    sed 's/^/    /' | head
			return 1
		fi
	fi
	ok
	return 0
}

# one KIND N PERSIST JOBS [WRAPPER]: inject at N into a run of KIND (if
# it is this worker's).
one() {
	item=$((item + 1))
	[ $((item % jobs)) -eq "$wid" ] || return 0
	run_one "$@"
}

# run_one KIND N PERSIST JOBS [WRAPPER]: one()'s run, whoever's it is.
run_one() {
	okind=$1 on=$2 opersist=$3 ojobs=$4 owrap=${5:--}
	# 'check' has no -j: it runs on every processor.
	if [ "$okind" = build ]; then oname="build -j $ojobs"
	else oname=check
	fi
	name="$oname, allocation $on fails"
	[ -n "$caller" ] && name="$oname, allocation $on of $caller fails"
	[ -n "$threads" ] &&
	    name="$oname, allocation $on on a worker thread fails"
	[ -n "$size" ] &&
	    name="$oname --cache, allocation $on of $size bytes fails"
	[ "$opersist" = 1 ] && name="$name (and all later ones)"
	[ "$owrap" = - ] || name="$name, under valgrind"
	if [ "$okind" = build ]; then
		inject "$on" "$opersist" "$owrap" build -q --data "$data" \
		    --templates "$templates" --license "$license" \
		    --out "$wd/run/site" --base-url "$base" -j "$ojobs"
	elif [ -n "$size" ]; then
		# With a load cache to write: each file's payload is encoded
		# (beside the run's directory, whose listing a build's
		# verdict compares).
		rm -f "$wd/load-cache"
		inject "$on" "$opersist" "$owrap" check --data "$rdata" \
		    --cache "$wd/load-cache"
	else
		inject "$on" "$opersist" "$owrap" check --data "$rdata"
	fi
	if [ "$owrap" != - ] && grep -q '^==[0-9]*== ' "$log.err"; then
		fail "valgrind:"
		grep '^==[0-9]*== ' "$log.err" | sed 's/^/    /' | head -40
		restore
		return 1
	fi
	if ! verdict "$okind"; then
		cp "$log.err" "$out/failed-$okind-j$ojobs-$on-$opersist.err"
		restore
		return 1
	fi
	# A build that succeeded replaced the old site: put it back.
	[ "$okind" = build ] && [ "$status" -eq 0 ] && restore
	return 0
}

name=count
nbuild=$(count build -q --data "$data" --templates "$templates" \
    --license "$license" --out "$wd/run/site" --base-url "$base" -j 1)
ncheck=$(count check --data "$rdata")
if [ -z "$nbuild" ] || [ -z "$ncheck" ] || [ "$nbuild" -lt 100 ]; then
	fail "the shim counted no allocation (build: '$nbuild', check:" \
	    "'$ncheck')"
	echo "oom: $passed passed, $failed failed"
	exit 1
fi
echo "oom: a build makes $nbuild allocations, a check $ncheck;" \
    "one N in $stride fails"
restore

if [ -n "$only" ]; then
	one build "$only" 0 1
	one check "$only" 0 1
	echo "oom: $passed passed, $failed failed (logs in $wd/log.*)"
	[ "$failed" -eq 0 ]
	exit
fi

# sweep: every run planned below, this worker's share of them.
sweep() {
# -j 1: every Sth N (for check from another start, so that a sample
# covers other N), and every 7th of those again with every allocation
# from N on failing.
k=0
n=$from
while [ "$n" -le "$nbuild" ]; do
	one build "$n" 0 1
	[ $((k % 7)) -eq 3 ] && one build "$n" 1 1
	k=$((k + 1))
	n=$((n + stride))
done
n=$((from - 1 + (stride + 1) / 2))
while [ "$n" -le "$ncheck" ]; do
	one check "$n" 0 1
	[ $((k % 7)) -eq 3 ] && one check "$n" 1 1
	k=$((k + 1))
	n=$((n + stride))
done
# -j 2: a tenth as many N.
n=$((stride * 5))
while [ "$n" -le "$nbuild" ]; do
	one build "$n" 0 2
	n=$((n + stride * 10))
done
# libxlsxwriter's allocations: this worker's K, up to the first that
# fails nothing (the builds from there on do not differ).
caller=libxlsxwriter
k=$((1 + wid * xstride))
while :; do
	run_one build "$k" 0 1
	[ -f "$wd/hit" ] || break
	k=$((k + jobs * xstride))
done
echo "oom: worker $wid: libxlsxwriter's allocations up to $k"
caller=
# The first allocations on a worker thread.
threads=1
n=1
while [ "$n" -le "$tcalls" ]; do
	one check "$n" 0 1
	one build "$n" 0 2
	n=$((n + 1))
done
threads=
# One kind of allocation (a size), each in turn, up to the first K that
# fails nothing: the text table of the load cache's encoder (2048 bytes)
# failed, and the encoder, writing, zeroed the loaded claim's decimals.
for size in $sizes; do
	k=$((1 + wid))
	while :; do
		run_one check "$k" 0 1
		[ -f "$wd/hit" ] || break
		k=$((k + jobs))
	done
done
size=
}

# OOM_JOBS workers, each in its own directory, at once.
start=$(date +%s)
w=0
while [ "$w" -lt "$jobs" ]; do
	(
		wid=$w wd=$out/w$w
		mkdir -p "$wd"
		restore
		sweep
		echo "$passed $failed" >"$wd/result"
	) >"$out/w$w.out" 2>&1 &
	w=$((w + 1))
done
wait
w=0
while [ "$w" -lt "$jobs" ]; do
	cat "$out/w$w.out"
	read -r p f <"$out/w$w/result" || { p=0 f=1; echo "FAIL: worker $w"; }
	passed=$((passed + p)) failed=$((failed + f))
	w=$((w + 1))
done
echo "oom: -j 1 and -j 2 in $(( $(date +%s) - start )) s ($jobs at once)"

# valgrind: OOM_VALGRIND runs spread over the build's allocations.
if [ "$vgruns" -gt 0 ]; then
	if command -v valgrind >/dev/null 2>&1; then
		start=$(date +%s)
		vg="valgrind -q --error-exitcode=99 --leak-check=full"
		vg="$vg --errors-for-leak-kinds=definite,indirect"
		vg="$vg --show-leak-kinds=definite,indirect"
		vg="$vg --soname-synonyms=somalloc=nomatch"
		# Not the workbook's child process (gen/data/xlsx.c): it
		# runs libxlsxwriter, which reads through the NULL of a
		# failed allocation; the build fails cleanly when it does
		# (checked above), and make valgrind checks it when memory
		# does not run out.
		vg="$vg --child-silent-after-fork=yes"
		jobs=1 wid=0
		i=0
		while [ "$i" -lt "$vgruns" ]; do
			n=$(( (nbuild * (2 * i + 1)) / (2 * vgruns) ))
			one build "$n" 0 1 "$vg"
			i=$((i + 1))
		done
		echo "oom: $vgruns runs under valgrind in" \
		    "$(( $(date +%s) - start )) s"
	else
		echo "oom: valgrind is not installed: leaks not checked"
	fi
fi

echo "oom: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
