#!/bin/sh
# calc.sh: end-to-end tests of 'reeks calc': exit status, exact stdout and
# stderr. Results are checked to the digits that %.15g prints; that they
# are right is the business of tests/check_stats (against R).
#
# usage: tests/calc.sh PATH-TO-REEKS     (from the top of the source tree)
set -u
reeks=${1:?usage: tests/calc.sh PATH-TO-REEKS}
out=tests/out/calc
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
passed=0
failed=0
n=0
tab=$(printf '\t')
nl='
'
try="Try 'reeks calc --help'.$nl"

fail() {
	echo "FAIL: $name (reeks calc $args): $*"
	failed=$((failed + 1))
}

# calc EXPECTED-STATUS ARGS...: run 'reeks calc ARGS', keeping stdout and
# stderr in $out/$name.out and .err.
calc() {
	want=$1
	shift
	n=$((n + 1))
	name=t$n
	args="$*"
	"$reeks" calc "$@" >"$out/$name.out" 2>"$out/$name.err"
	status=$?
	if [ "$status" -ne "$want" ]; then
		fail "exit status $status, expected $want"
		return 1
	fi
	return 0
}

# same FILE EXPECTED-TEXT: FILE holds exactly the text.
same() {
	printf '%s' "$2" >"$1.want"
	if ! cmp -s "$1" "$1.want"; then
		fail "$(basename "$1") differs:"
		diff -u "$1.want" "$1" | sed 's/^/    /'
		return 1
	fi
	return 0
}

ok() { passed=$((passed + 1)); }

# result EXPECTED-STDOUT ARGS...: success, this line on stdout, no stderr.
result() {
	expected=$1
	shift
	calc 0 "$@" && same "$out/$name.out" "$expected$nl" &&
		same "$out/$name.err" "" && ok
}

# usage MESSAGE ARGS...: exit 2, "reeks calc: MESSAGE" and the hint on
# stderr, nothing on stdout.
usage() {
	message=$1
	shift
	calc 2 "$@" && same "$out/$name.out" "" &&
		same "$out/$name.err" "reeks calc: $message$nl$try" && ok
}

# domain FUNCTION MESSAGE ARGS...: exit 1, "reeks calc: FUNCTION: MESSAGE"
# on stderr, nothing on stdout.
domain() {
	message="$1: $2"
	shift 2
	calc 1 "$@" && same "$out/$name.out" "" &&
		same "$out/$name.err" "reeks calc: $message$nl" && ok
}

# ---- results ----------------------------------------------------------------

result "-1935" abs-change 2692 757
result "-71.8796433878157" pct-change 2692 757
result "17.1851005506499" cagr 757 2692 8
result "28.1203566121842" index 757 2692
result "0" index 0 -5
result "2${tab}0.242209278543965${tab}7.22468766772396" poisson-ci 2
result "0${tab}0${tab}2.99573227355399" poisson-ci 0 0.9
result "0.0120663730153908${tab}0.00146129375135009${tab}0.0435878881592257" \
	rate-ci 2 16574989
result "0.170666666666667${tab}0.146634950253118${tab}0.197643940102779" \
	rate-ci 128 750000 1000 0.9
result "0.10305452469312${tab}0.0934174398372032${tab}0.11356125234034" \
	wilson-ci 361 3503
result "0${tab}0${tab}0.308497107818761" exact-binom-ci 0 10
result "0.10305452469312${tab}0.090228005663684${tab}0.116974293098501" \
	exact-binom-ci 361 3503 0.99
result "0.75${tab}0.313508947535749${tab}1.67877456636631" \
	rate-ratio-ci 10 1000 20 1500
result "1.95996398454005" qnorm 0.975
result "2.22813885198627" qt 0.975 10
result "3.84145882069413" qchisq 0.95 1
result "0.0252107263268334" qbeta 0.025 2 9
result "0.0249978951482204" pnorm -1.96
result "0.974994114091444" pt 2.228 10
result "0.949956478751295" pchisq 3.84 1
result "0.6875" pbeta 0.5 2 3
# Numbers as strtod reads them: signs, exponents, no leading digit.
result "-71.8796433878157" pct-change +2.692e3 757.0
result "1.95996398454005" qnorm .975
# "--" ends the options; a negative number is an argument, not an option.
result "0.0249978951482204" pnorm -- -1.96
result "0.0249978951482204" -- pnorm -1.96
result "-1.95996398454005" qnorm -- 0.025
series="1985:40 1990:35 1995:30 2000:22 2005:12 2010:8"
result "-6.39689953544861${tab}-8.67621483810669${tab}-4.06069567698088" \
	apc $series
result "-6.39689953544861${tab}-8.15203086179286${tab}-4.60822924246614" \
	apc --level 0.9 $series
result "-6.39689953544861${tab}-8.15203086179286${tab}-4.60822924246614" \
	apc $series --level=0.9
# Points in any order for apc.
result "-6.39689953544861${tab}-8.67621483810669${tab}-4.06069567698088" \
	apc 2010:8 1995:30 1985:40 2005:12 1990:35 2000:22
# One segment: the AAPC is the APC.
result "-6.39689953544861${tab}-8.67621483810669${tab}-4.06069567698088" \
	aapc $series
result "-6.42099402302811${tab}-7.7840240095689${tab}-5.03781730242897" \
	aapc --joinpoints 1995 $series
result "-6.42099402302811${tab}-7.7840240095689${tab}-5.03781730242897" \
	aapc $series --joinpoints=1995 --level 0.95
result "0${tab}0${tab}0" apc 2000:5 2001:5 2002:5 2003:5

# ---- help ---------------------------------------------------------------------

calc 0 --help && same "$out/$name.err" "" && {
	missing=
	for f in abs-change pct-change cagr index poisson-ci rate-ci \
	    wilson-ci exact-binom-ci rate-ratio-ci apc aapc qnorm qt qchisq \
	    qbeta pnorm pt pchisq pbeta --joinpoints --level; do
		grep -q -e "$f" "$out/$name.out" || missing="$missing $f"
	done
	[ -z "$missing" ] && ok || fail "--help does not mention$missing"
}
cp "$out/$name.out" "$out/help.txt"
calc 0 -h && same "$out/$name.out" "$(cat "$out/help.txt")$nl" && ok
# Help after the function is calc's too.
calc 0 qnorm --help && same "$out/$name.out" "$(cat "$out/help.txt")$nl" && ok
# The command's own help names calc.
name=reeks-help args=--help
"$reeks" --help >"$out/$name.out" 2>&1
grep -q "^  calc FUNCTION ARGS" "$out/$name.out" && ok ||
	fail "'reeks --help' does not list calc"

# ---- usage errors: exit 2 -----------------------------------------------------

usage "no function given"
usage "unknown option '--bogus'" --bogus qnorm 0.5
usage "unknown function '-1'" -1
usage "unknown function 'frobnicate'" frobnicate 1 2
usage "unknown function 'pct_change'" pct_change 1 2
usage "pct-change needs A B" pct-change 1
usage "pct-change needs A B" pct-change 1 2 3
usage "qnorm needs P" qnorm
usage "qnorm needs P" qnorm 0.5 0.6
usage "poisson-ci needs X [LEVEL]" poisson-ci
usage "poisson-ci needs X [LEVEL]" poisson-ci 1 0.95 3
usage "rate-ci needs X POP [PER [LEVEL]]" rate-ci 1 2 3 0.9 5
usage "rate-ratio-ci needs X1 T1 X2 T2 [LEVEL]" rate-ratio-ci 1 2 3
usage "cagr needs A B YEARS" cagr 1 2
for bad in abc "" 0x10 0X1p3 nan NaN inf -inf infinity 1,5 " 1" "1 " 1.5x \
    --1 1e 1e+ . + - 1..2 1e5e3 "1 2"; do
	usage "qnorm: '$bad' is not a number" qnorm "$bad"
done
usage "qnorm: '1e999' is out of range" qnorm 1e999
usage "qnorm: '-1e999' is out of range" qnorm -1e999
usage "qnorm: '1e-400' is out of range" qnorm 1e-400
usage "wilson-ci: 'many' is not a number" wilson-ci 3 many
usage "apc needs [--level L] YEAR:VALUE..." apc
usage "apc needs [--level L] YEAR:VALUE..." apc --level 0.9
usage "apc: '2001' is not YEAR:VALUE" apc 2001 2002:3 2003:4
usage "apc: '2001:' is not YEAR:VALUE" apc 2001: 2002:3 2003:4
usage "apc: ':5' is not YEAR:VALUE" apc :5 2002:3 2003:4
usage "apc: 'abc' is not a number" apc 2001:abc 2002:3 2003:4
usage "apc: '2001:2' is not a number" apc 2000:2001:2 2002:3 2003:4
usage "apc: 'y2001' is not a number" apc y2001:2 2002:3 2003:4
usage "apc: unknown option '--joinpoints'" apc --joinpoints 2002 \
	2001:1 2002:2 2003:3
usage "apc: unknown option '--bogus'" apc 2001:1 2002:2 2003:3 --bogus
usage "apc: option '--level' needs a value" apc 2001:1 2002:2 2003:3 --level
usage "apc: option '--level' needs a value" apc --level= 2001:1 2002:2 2003:3
usage "apc: 'high' is not a number" apc --level high 2001:1 2002:2 2003:3
usage "apc: option '--level' given twice" apc --level 0.9 2001:1 2002:2 \
	2003:3 --level=0.95
usage "apc: option '--help' takes no value" apc --level 0.9 2001:1 --help=x
usage "aapc: unknown option '--join'" aapc --join 1995 $series
usage "qnorm: unknown option '--bogus'" qnorm --bogus
usage "aapc: joinpoint 2007 is not one of the years" \
	aapc --joinpoints 2007 $series
usage "aapc: the joinpoints must increase" \
	aapc --joinpoints 2000,1995 $series
usage "aapc: '1995,' is not a list of years" aapc --joinpoints 1995, $series
usage "aapc: '1995,,2000' is not a list of years" \
	aapc --joinpoints 1995,,2000 $series
usage "aapc: 'x' is not a number" aapc --joinpoints x $series
usage "aapc: the years must increase" aapc 2001:1 2003:2 2002:3 2004:4
usage "aapc: option '--joinpoints' needs a value" aapc $series --joinpoints

# ---- domain errors: exit 1 ------------------------------------------------

range='the result is out of the range of a double (magnitude above 1.8e308, or not 0 but below 2.2e-308)'

domain wilson-ci "x is greater than n" wilson-ci 5 3
domain exact-binom-ci "x is greater than n" exact-binom-ci 5 3
domain poisson-ci "level must be between 0 and 1" poisson-ci 2 1.5
domain poisson-ci "level must be between 0 and 1" poisson-ci 2 1
domain poisson-ci "level must be between 0 and 1" poisson-ci 2 0
domain poisson-ci "a count is not a whole number" poisson-ci 2.5
domain poisson-ci "a count, size or time is negative" poisson-ci -1
domain index "a base, size or time is zero" index 5 0
domain pct-change "a base, size or time is zero" pct-change 0 5
domain cagr "a base, size or time is zero" cagr 1 2 0
domain cagr "a log trend or growth rate needs values above 0" cagr 0 2 3
domain rate-ci "a base, size or time is zero" rate-ci 2 0
domain rate-ratio-ci "a base, size or time is zero" rate-ratio-ci 1 1 0 1
domain qnorm "probability must be between 0 and 1" qnorm 1
domain qt "a parameter (degrees of freedom, shape or segment start) is out of range" \
	qt 0.5 0
domain qt "$range" qt 1e-300 0.5
domain pt "degrees of freedom or shape above 1e10, beyond the tested range" \
	pt 86e1 366666666666666666666666666666610
domain poisson-ci "degrees of freedom or shape above 1e10, beyond the tested range" \
	poisson-ci 5e9
domain abs-change "$range" abs-change -1e308 1e308
domain apc "needs at least 3 points" apc 2001:1 2002:2
domain apc "a log trend or growth rate needs values above 0" \
	apc 2001:1 2002:0 2003:2
domain apc "the times are all the same" apc 2001:1 2001:2 2001:3
domain apc "level must be between 0 and 1" apc --level 95 $series
domain aapc "needs at least 3 points" aapc --joinpoints 1990 $series
domain aapc "needs at least 3 points" aapc --joinpoints 1985 $series

# ---- huge and tiny arguments -----------------------------------------------
#
# No intermediate overflows or underflows where the result is a double; a
# result beyond the range is refused, never printed as 0, an infinity or an
# estimate outside its own interval. Each line below failed before: an
# estimate of 0 outside its interval, "0 0 0", "the times are all the
# same" or "a number is NaN or infinite" for a result in range.

t=$tab
result "1e-300${t}9.99912350587374e-301${t}1.00008765709572e-300" \
	rate-ratio-ci 1e9 1 1e9 1e-300
result "1e+300${t}9.99912350587374e+299${t}1.00008765709572e+300" \
	rate-ratio-ci 1e9 1e-300 1e9 1
domain rate-ratio-ci "$range" rate-ratio-ci 1 1e-300 1 1e300
result "1000000000${t}999938021.443934${t}1000061981.4504" \
	rate-ci 1e9 1e-300 1e-300
domain rate-ci "$range" rate-ci 1000 1e300 1e-300
result "0.666666666666667${t}0.666666666666667${t}0.666666666666667" \
	wilson-ci 1e308 1.5e308
domain wilson-ci "$range" wilson-ci 1 1e308
domain index "$range" index 1e-300 1e10
result "1e-298" cagr 1 2.718281828459045 1e300
# Slope ln(2) / 2e308 per year: 100 times it is 3.46573590279973e-307.
result "3.46573590279973e-307${t}-5.1703302034709e-306${t}5.86347738403085e-306" \
	apc -1e308:1 1e308:2 0:3
result "5.49306143945838e-291${t}-5.05901732446272e-291${t}1.60451402033795e-290" \
	apc 1e300:1 1.00000001e300:2 1.00000002e300:3
result "5.44921926659638e-307${t}-8.50900374315753e-308${t}1.17493389075085e-306" \
	aapc --joinpoints 0 -1e308:1 -1e307:2 0:3 1e307:4 1.5e308:5
domain apc "$range" apc 1e-300:1 2e-300:1.0000001 3e-300:1.0000003
domain apc "the times are all the same" apc 1e308:1 1e308:2 1e308:3

# ---- output errors ------------------------------------------------------------

if [ -w /dev/full ]; then
	n=$((n + 1))
	name=t$n args="qnorm 0.5 >/dev/full"
	"$reeks" calc qnorm 0.5 >/dev/full 2>"$out/$name.err"
	status=$?
	if [ "$status" -eq 1 ]; then
		same "$out/$name.err" "reeks: cannot write to standard output: No space left on device$nl" && ok
	else
		fail "exit status $status, expected 1"
	fi
fi

echo "calc: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
