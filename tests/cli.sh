#!/bin/sh
# cli.sh: end-to-end tests of the reeks command: exit status, exact
# stdout and stderr, and golden files in tests/golden/.
#
# usage: tests/cli.sh PATH-TO-REEKS          run the tests
#        tests/cli.sh PATH-TO-REEKS --update rewrite the golden files
#
# Run from the top of the source tree (make check and make regress-update
# do that).
set -u
reeks=${1:?usage: tests/cli.sh PATH-TO-REEKS [--update]}
update=${2:-}
out=tests/out/cli
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
passed=0
failed=0

fail() {
	echo "FAIL: $name: $*"
	failed=$((failed + 1))
}

# run NAME EXPECTED-STATUS ARGS...: run reeks, keeping stdout and stderr.
run() {
	name=$1 want=$2
	shift 2
	"$reeks" "$@" >"$out/$name.out" 2>"$out/$name.err"
	status=$?
	if [ "$status" -ne "$want" ]; then
		fail "exit status $status, expected $want"
		return 1
	fi
	return 0
}

# same FILE EXPECTED-TEXT: FILE holds exactly the text.
same() {
	printf '%s' "$2" >"$out/$name.want"
	if ! cmp -s "$1" "$out/$name.want"; then
		fail "$(basename "$1") differs:"
		diff -u "$out/$name.want" "$1" | sed 's/^/    /'
		return 1
	fi
	return 0
}

# golden FILE GOLDEN: FILE equals tests/golden/GOLDEN (or rewrite it).
golden() {
	if [ "$update" = --update ]; then
		cp "$1" "tests/golden/$2"
		return 0
	fi
	if ! cmp -s "$1" "tests/golden/$2"; then
		fail "differs from tests/golden/$2:"
		diff -u "tests/golden/$2" "$1" | sed 's/^/    /'
		return 1
	fi
	return 0
}

ok() { passed=$((passed + 1)); }

nl='
'
try="Try 'reeks --help'.$nl"

# ---- usage ---------------------------------------------------------------

run version 0 --version && same "$out/version.out" "reeks 0.1.0$nl" &&
	same "$out/version.err" "" && ok
run help 0 --help && golden "$out/help.out" help.txt &&
	same "$out/help.err" "" && ok
run check-help 0 check --help && golden "$out/check-help.out" help.txt && ok
run no-command 2 && same "$out/no-command.out" "" &&
	same "$out/no-command.err" "reeks: no command given$nl$try" && ok
run unknown-command 2 frobnicate &&
	same "$out/unknown-command.err" \
	    "reeks: unknown command 'frobnicate'$nl$try" && ok
run unknown-option 2 check --bogus &&
	same "$out/unknown-option.err" "reeks: unknown option '--bogus'$nl$try" &&
	ok
run format-not-for-check 2 check --format csv &&
	same "$out/format-not-for-check.err" \
	    "reeks: unknown option '--format'$nl$try" && ok
run missing-value 2 check --data &&
	same "$out/missing-value.err" \
	    "reeks: option '--data' needs a value$nl$try" && ok
run empty-value 2 check --data= &&
	same "$out/empty-value.err" \
	    "reeks: option '--data' needs a value$nl$try" && ok
run extra-argument 2 check tests/data/good &&
	same "$out/extra-argument.err" \
	    "reeks: unexpected argument 'tests/data/good'$nl$try" && ok
run unknown-format 2 export --data tests/data/good --format xls &&
	same "$out/unknown-format.out" "" &&
	same "$out/unknown-format.err" \
	    "reeks: unknown format 'xls' (known: csv, xml, json)$nl$try" && ok

# ---- check ---------------------------------------------------------------

good_warning="tests/data/good/example.xml:86: warning: claim 'test-claim-wrong' does not hold: ratio of 33,500 and 25,000 recomputes to 1.34, not 1.5 (within 0.05)$nl"
run check-good 0 check --data tests/data/good &&
	same "$out/check-good.out" \
	    "tests/data/good: 3 series, 5 observations, 3 claims, 2 sources: no errors, 1 warning$nl" &&
	same "$out/check-good.err" "$good_warning" && ok
run check-good-eq 0 check --data=tests/data/good && ok
run check-bad 1 check --data tests/data/bad &&
	same "$out/check-bad.out" "" &&
	golden "$out/check-bad.err" check-bad.txt && ok
run check-missing 1 check --data tests/data/no-such-dir &&
	same "$out/check-missing.err" "tests/data/no-such-dir: cannot open data directory: No such file or directory${nl}reeks: 1 error in tests/data/no-such-dir$nl" &&
	ok

# ---- export --------------------------------------------------------------

run export-good 0 export --data tests/data/good &&
	golden "$out/export-good.out" export.csv &&
	same "$out/export-good.err" "$good_warning" && ok
run export-default-format 0 export --data tests/data/good --format csv &&
	golden "$out/export-default-format.out" export.csv && ok
# Bad data: the errors, and nothing at all on stdout.
run export-bad 1 export --data tests/data/bad &&
	same "$out/export-bad.out" "" &&
	golden "$out/export-bad.err" check-bad.txt && ok
# ---- stats ---------------------------------------------------------------

run stats-text 0 stats --data tests/data/good nl-problem-drug-users &&
	golden "$out/stats-text.out" stats.txt &&
	same "$out/stats-text.err" "" && ok
run stats-json 0 stats --data tests/data/good --format json \
    nl-problem-drug-users && golden "$out/stats-json.out" stats.json && ok
run stats-level 0 stats --data tests/data/good --level 0.9 \
    nl-opiate-users && golden "$out/stats-level.out" stats-level.txt && ok
run stats-unknown 1 stats --data tests/data/good nope &&
	same "$out/stats-unknown.out" "" &&
	same "$out/stats-unknown.err" \
	    "reeks stats: no series 'nope' in tests/data/good$nl" && ok
# What the user typed is quoted on one line (issue 14): a newline in an
# argument is shown as \n, in every command's messages.
run stats-newline 1 stats --data tests/data/good "a${nl}b" &&
	same "$out/stats-newline.err" \
	    "reeks stats: no series 'a\\nb' in tests/data/good$nl" && ok
run stats-option-newline 2 stats "--a${nl}b" &&
	same "$out/stats-option-newline.err" \
	    "reeks stats: unknown option '--a\\nb'${nl}Try 'reeks stats --help'.$nl" && ok
run build-option-newline 2 build "--a${nl}b" &&
	same "$out/build-option-newline.err" \
	    "reeks: unknown option '--a\\nb'$nl$try" && ok
run calc-newline 2 calc "f${nl}g" &&
	grep -q "^reeks calc: unknown function 'f\\\\ng'\$" \
	    "$out/calc-newline.err" && ok
run stats-no-series 2 stats --data tests/data/good &&
	same "$out/stats-no-series.err" \
	    "reeks stats: which series? Give its id${nl}Try 'reeks stats --help'.$nl" && ok
run stats-bad-level 2 stats --level 1.5 x &&
	same "$out/stats-bad-level.err" \
	    "reeks stats: --level needs a number between 0 and 1, not '1.5'${nl}Try 'reeks stats --help'.$nl" && ok
run stats-bad-format 2 stats --format xml x &&
	same "$out/stats-bad-format.err" \
	    "reeks stats: unknown format (known: text, json): 'xml'${nl}Try 'reeks stats --help'.$nl" && ok
run stats-bad-data 1 stats --data tests/data/bad x &&
	same "$out/stats-bad-data.out" "" && ok

# ---- standard output that cannot be written ---------------------------------
#
# Whatever the command, a failed write on stdout is one line on stderr and
# exit 1 (export --format xml said "Cannot allocate memory" after two raw
# libxml2 "I/O error" lines; stats, check, calc, --help and --version exited
# 0, or 1 without a word).

wfull="reeks: cannot write to standard output: No space left on device$nl"
wbig="reeks: cannot write to standard output: File too large$nl"

# full NAME EXPECTED-STDERR ARGS...: reeks ARGS with stdout on /dev/full
# exits 1 with exactly EXPECTED-STDERR.
full() {
	name=$1 want_err=$2
	shift 2
	"$reeks" "$@" >/dev/full 2>"$out/$name.err"
	status=$?
	if [ "$status" -ne 1 ]; then
		fail "exit status $status, expected 1"
		return
	fi
	same "$out/$name.err" "$want_err" && ok
}

if [ -w /dev/full ]; then
	for f in csv xml json; do
		full "export-$f-full" "$good_warning$wfull" \
		    export --data tests/data/good --format $f
	done
	full stats-text-full "$wfull" \
	    stats --data tests/data/good nl-problem-drug-users
	full stats-json-full "$wfull" \
	    stats --data tests/data/good --format json nl-problem-drug-users
	full check-full "$good_warning$wfull" check --data tests/data/good
	full calc-full "$wfull" calc qnorm 0.5
	full calc-help-full "$wfull" calc --help
	full stats-help-full "$wfull" stats --help
	full help-full "$wfull" --help
	full export-help-full "$wfull" export --help
	full build-help-full "$wfull" build --help
	full version-full "$wfull" --version
fi

# Beyond 'ulimit -f' (in 512- or 1024-byte blocks): the write fails with
# EFBIG, reported; the command is not killed by SIGXFSZ (exit 153, no
# message, before).
for f in csv xml json; do
	name=export-$f-fsize
	# In a coverage build (make coverage) the program's own profile
	# cannot be written under the limit either: it goes to a directory
	# of its own (GCOV_PREFIX), not over the real one, and libgcov's
	# complaint is not the program's.
	(ulimit -f 1 && GCOV_PREFIX=$out/gcov exec "$reeks" export \
	    --data data --format $f >"$out/$name.out" 2>"$out/$name.err")
	status=$?
	if [ "$status" -ne 1 ]; then
		fail "exit status $status, expected 1"
	else
		grep -v -e ': warning: ' -e '^libgcov profiling error:' \
		    "$out/$name.err" >"$out/$name.errors"
		same "$out/$name.errors" "$wbig" && ok
	fi
done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
