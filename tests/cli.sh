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
good_warning="tests/data/good/example.xml:86: warning: claim 'test-claim-wrong' does not hold: ratio of 33,500 and 25,000 recomputes to 1.34, not 1.5 (within 0.05)$nl"

# ---- the command line, as data: tests/cli/usage.txt -------------------------

# check_case: compare the case read so far (from line $start of $cases)
# with what reeks does.
check_case() {
	[ -n "$start" ] || return 0
	name="${cases##*/}:$start"
	if [ -z "$want_status" ]; then
		fail "no '? STATUS' line"
		return
	fi
	eval "set -- $args"
	"$reeks" "$@" >"$out/$name.out" 2>"$out/$name.err"
	status=$?
	if [ "$status" -ne "$want_status" ]; then
		fail "exit status $status, expected $want_status (reeks $args)"
		sed 's/^/    /' "$out/$name.err" | head -5
		return
	fi
	if [ -n "$gold" ]; then
		golden "$out/$name.out" "$gold" || return
	else
		same "$out/$name.out" "$want_out" || return
	fi
	same "$out/$name.err" "$want_err" && ok
}

cases=tests/cli/usage.txt
start= lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	case $line in
	'$'|'$ '*)
		check_case
		start=$lineno args=${line#'$'} want_out= want_err= gold=
		want_status= ;;
	'>@ '*) gold=${line#'>@ '} ;;
	'>') want_out="$want_out$nl" ;;
	'> '*) want_out="$want_out${line#'> '}$nl" ;;
	'!') want_err="$want_err$nl" ;;
	'! '*) want_err="$want_err${line#'! '}$nl" ;;
	'? '*) want_status=${line#'? '} ;;
	''|'#'*) ;;
	*) name="${cases##*/}:$lineno"; fail "not a case line: $line" ;;
	esac
done <"$cases"
check_case

# Help and parsing agree: every option each --help lists is one the
# command knows (given without its value, it is never "unknown"), and no
# help line is wider than 79 columns.
for cmd in "" check export build stats calc release diff init; do
	name="help-agrees${cmd:+-$cmd}"
	# shellcheck disable=SC2086
	"$reeks" $cmd --help >"$out/$name.help" 2>&1
	if awk 'length > 79 { exit 1 }' "$out/$name.help"; then :; else
		fail "a line is wider than 79 columns"
		continue
	fi
	unknown=
	for opt in $(sed -n 's/^  \(-[a-z], \)*\(--[a-z-]*\).*/\2/p' \
	    "$out/$name.help"); do
		# shellcheck disable=SC2086
		"$reeks" $cmd "$opt=" >/dev/null 2>"$out/$name.err"
		grep -q "unknown option" "$out/$name.err" &&
		    unknown="$unknown $opt"
	done
	[ -z "$unknown" ] && ok || fail "--help lists unknown options:$unknown"
done

# The same site whatever the spelling and the order of the options.
name=build-spellings
base=https://example.org/reeks/
if "$reeks" build -qj2 --data tests/data/good --templates templates \
    --license LICENSE --out "$out/site-a" --base-url "$base" 2>/dev/null &&
    "$reeks" build --base-url="$base" --out="$out/site-b" \
    --license=LICENSE --quiet --jobs=1 --templates=templates \
    --data=tests/data/good 2>/dev/null; then
	if diff -r "$out/site-a" "$out/site-b" >"$out/$name.diff"; then
		ok
	else
		fail "the sites differ:"
		head -20 "$out/$name.diff" | sed 's/^/    /'
	fi
else
	fail "a build failed"
fi

# ---- bad data ------------------------------------------------------------

run check-bad 1 check --data tests/data/bad &&
	same "$out/check-bad.out" "" &&
	golden "$out/check-bad.err" check-bad.txt && ok
# Bad data: the errors, and nothing at all on stdout.
run export-bad 1 export --data tests/data/bad &&
	same "$out/export-bad.out" "" &&
	golden "$out/export-bad.err" check-bad.txt && ok
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
