#!/bin/sh
# valgrind.sh: run the Check tests, the fuzz corpus and the command's
# end-to-end runs under valgrind memcheck; any error or leak (definite or
# indirect) fails. make valgrind runs it with:
#   VALGRIND      the valgrind command line (with --error-exitcode=99)
#   TEST_BIN      the Check test programs
#   FUZZ_TARGETS  the fuzz targets (tests/fuzz/replay-TARGET)
#
# The end-to-end scripts tests/cli.sh and tests/site.sh (VALGRIND_SCRIPTS,
# default "cli site"; CI sets it empty: the two take about 17 minutes
# under valgrind, and run under ASan and UBSan in make coverage) run with a
# wrapper in place of gen/reeks that runs it under valgrind and keeps a
# log per process: their own checks must pass as before, and no log may
# hold a valgrind report. Then reeks check, export (csv, xml, json), build
# and calc run on data/. The cases of tests/calc.sh are in the calc fuzz
# corpus, replayed in one process (valgrind takes a second to start, and
# calc.sh starts reeks 116 times).
#
# usage: tests/valgrind.sh      (from the top of the source tree)
set -u
: "${VALGRIND:?set VALGRIND to the valgrind command}"
: "${TEST_BIN:?}" "${FUZZ_TARGETS:?}"
VALGRIND_SCRIPTS=${VALGRIND_SCRIPTS-cli site}
out=$(pwd)/tests/out/valgrind
rm -rf "$out"
mkdir -p "$out/logs" "$out/bin"
export LC_ALL=C TZ=UTC
start=$(date +%s)
# at: the seconds since the script began, for the step lines.
at() { echo "(at $(( $(date +%s) - start )) s)"; }
passed=0
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

# vg NAME COMMAND...: run COMMAND under valgrind, expecting no report.
vg() {
	vname=$1
	shift
	CK_FORK=no $VALGRIND --log-file="$out/logs/$vname.%p" "$@" \
	    >"$out/$vname.out" 2>&1
	if [ $? -eq 99 ]; then
		fail "$vname: valgrind found errors:"
		cat "$out/logs/$vname".* | sed 's/^/    /' | head -60
	else
		ok
	fi
}

for t in $TEST_BIN; do
	echo "== valgrind $t $(at)"
	vg "$(basename "$t")" "$t"
done
for t in $FUZZ_TARGETS; do
	echo "== valgrind tests/fuzz/replay-$t $(at)"
	vg "replay-$t" "tests/fuzz/replay-$t" "tests/fuzz/corpus/$t" \
	    "tests/fuzz/regress/$t"
done

# The wrapper: reeks under valgrind, one log per process.
reeks=$(pwd)/gen/reeks
cat >"$out/bin/reeks" <<EOS
#!/bin/sh
exec $VALGRIND --log-file="$out/logs/reeks.%p" "$reeks" "\$@"
EOS
chmod +x "$out/bin/reeks"

for script in $VALGRIND_SCRIPTS; do
	echo "== valgrind tests/$script.sh $(at)"
	if sh "tests/$script.sh" "$out/bin/reeks" >"$out/$script.log" 2>&1; then
		ok
	else
		fail "tests/$script.sh under valgrind:"
		grep -v '^ ' "$out/$script.log" | tail -20 | sed 's/^/    /'
	fi
done

echo "== valgrind reeks on data/ $(at)"
vg check-data "$reeks" check --data data
for f in csv xml json; do
	vg "export-$f" "$reeks" export --data data --format "$f"
done
vg build-data "$reeks" build --data data --out "$out/site" \
    --base-url https://example.org/reeks/
vg calc-aapc "$reeks" calc aapc --joinpoints 1995 1985:40 1990:35 1995:30 \
    2000:22 2005:12 2010:8
vg calc-usage "$reeks" calc wilson-ci 400 x

# No log of any process may hold a report (the scripts' runs included).
reports=$(grep -l . "$out"/logs/* 2>/dev/null)
if [ -n "$reports" ]; then
	for r in $reports; do
		fail "valgrind report in $r:"
		head -30 "$r" | sed 's/^/    /'
	done
else
	ok
fi
echo "valgrind: $passed passed, $failed failed" \
    "($(ls "$out/logs" | wc -l) processes) $(at)"
[ "$failed" -eq 0 ]
