#!/bin/sh
# load.sh: the loader's cases, as data (see tests/load/README).
#
# Each case is tests/load/NAME.xml (a data directory of that one file) or
# tests/load/NAME/ (a data directory of its own), with NAME.expect: what
# 'reeks check --data data' prints for it, standard error then standard
# output, as the program prints it, and a last line "exit N" with its exit
# status. The case is copied to tests/out/load/NAME/data/ and checked
# from tests/out/load/NAME/, so that every path in the messages starts
# with "data/" whatever the tree's location.
#
# usage: tests/load.sh PATH-TO-REEKS [--update]   (from the top of the tree)
# --update rewrites each NAME.expect from what reeks prints now: review
# the diff (git diff tests/load) before committing it.
set -u
reeks=${1:?usage: tests/load.sh PATH-TO-REEKS [--update]}
update=${2:-}
case $reeks in /*) ;; *) reeks=$PWD/$reeks ;; esac
cases=tests/load
out=tests/out/load
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C
passed=0
failed=0
fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }

for c in "$cases"/*.xml "$cases"/*/; do
	[ -e "$c" ] || continue
	name=$(basename "$c" .xml)
	run=$out/$name
	mkdir -p "$run/data"
	if [ -d "$c" ]; then
		cp -R "$c". "$run/data/"
	else
		cp "$c" "$run/data/"
	fi
	(cd "$run" && "$reeks" check --data data >stdout 2>stderr
	echo "exit $?" >status)
	cat "$run/stderr" "$run/stdout" "$run/status" >"$run/got"
	# The same through the load cache, made (cold) and then used
	# (warm): exactly what the plain load printed.
	for t in cold warm; do
		(cd "$run" && REEKS_BUILD_STATS=1 "$reeks" check --data data \
		    --cache cache >"stdout.$t" 2>"stderr.$t"
		echo "exit $?" >"status.$t")
		grep -v '^stats: ' "$run/stderr.$t" |
		    cat - "$run/stdout.$t" "$run/status.$t" >"$run/got.$t"
		cmp -s "$run/got" "$run/got.$t" ||
		    fail "with the load cache ($t), reeks check prints" \
		    "otherwise: diff $run/got $run/got.$t"
	done
	# The warm load took every file from the cache when the data loads
	# without error; a load with an error writes no cache, so the warm
	# load parsed every file again.
	grep '^stats: ' "$run/stderr.warm" >"$run/stats.warm"
	nfiles=$(find "$run/data" -name '[!.]*.xml' -type f | wc -l)
	if [ "$(cat "$run/status")" = "exit 0" ]; then
		want="0 parsed, $nfiles from"
	else
		want="$nfiles parsed, 0 from"
	fi
	[ "$(cat "$run/stats.warm")" = \
	    "stats: data files $want the load cache" ] ||
	    fail "warm load cache: $(cat "$run/stats.warm"), not $want" \
	    "the load cache"
	expect=$cases/$name.expect
	if [ "$update" = --update ]; then
		cmp -s "$run/got" "$expect" 2>/dev/null ||
		    { cp "$run/got" "$expect"; echo "updated $expect"; }
		passed=$((passed + 1))
	elif [ ! -f "$expect" ]; then
		fail "no $expect (make regress-update writes it)"
	elif ! diff -u "$expect" "$run/got" >"$run/diff"; then
		fail "reeks check prints otherwise:"
		cut -c1-300 "$run/diff" | sed 's/^/    /'
	else
		passed=$((passed + 1))
	fi
done
# An expectation without its case is a case lost.
for e in "$cases"/*.expect; do
	[ -e "$e" ] || continue
	name=$(basename "$e" .expect)
	[ -e "$cases/$name.xml" ] || [ -d "$cases/$name" ] ||
	    fail "$e has no case ($name.xml or $name/)"
done
echo "load: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
