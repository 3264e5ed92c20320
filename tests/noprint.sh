#!/bin/sh
# noprint.sh: no file of gen/ outside gen/cli/ prints. Only the command
# (gen/cli/) writes to stdout and stderr; everything else hands back an
# errlist, a result, or calls the callbacks the command gives (see
# gen/util/errlist.h). A call of printf, vprintf, puts, putchar, perror,
# err/errx/warn/warnx, or any use of stdout or stderr, is a finding; the
# comments are taken out first (cc -fpreprocessed), so a comment may name
# them. Before looking at gen/, the check is tried on two made-up files,
# one that prints and one that only says so in a comment, so that it
# cannot pass by finding nothing.
#
# usage: tests/noprint.sh [DIR...]     (default: gen, from the top of the
#                                       tree; exit 1 on a finding)
set -u
# gcc, whatever CC the build uses: clang has no -fpreprocessed.
gcc=gcc
re='(^|[^A-Za-z0-9_])((v?printf|puts|putchar|perror|v?errx?|v?warnx?)[[:space:]]*\(|std(out|err)([^A-Za-z0-9_]|$))'

# Print "FILE:LINE: text" for each finding in the .c and .h files under
# the directories given, but gen/cli.
scan() {
	find "$@" \( -name '*.c' -o -name '*.h' \) ! -path '*/cli/*' |
	    sort | while read -r f; do
		# -fpreprocessed -dD: comments out, no include or macro
		# expanded; the line markers give the numbering.
		"$gcc" -fpreprocessed -dD -E -x c "$f" 2>/dev/null |
		    awk -v f="$f" -v re="$re" '
			/^# [0-9]+ / { line = $2 - 1; next }
			{ line++ }
			$0 ~ re { sub(/^[ \t]+/, ""); print f ":" line ": " $0 }'
	done
}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/site" "$tmp/cli"
printf '/* says stderr, printf() */\nint f(void);\n' > "$tmp/site/quiet.c"
printf '#include <stdio.h>\nvoid\ng(void)\n{\n\tfprintf(stderr, "x");\n}\n' \
    > "$tmp/site/loud.c"
printf 'void h(void) { puts("ok"); }\n' > "$tmp/cli/main.c"
got=$(scan "$tmp" | sed "s|^$tmp/||")
want='site/loud.c:5: fprintf(stderr, "x");'
if [ "$got" != "$want" ]; then
	echo "tests/noprint.sh: the check itself is broken: expected" >&2
	printf '%s\n' "$want" >&2
	echo "got" >&2
	printf '%s\n' "$got" >&2
	exit 1
fi

[ $# -gt 0 ] || set -- gen
found=$(scan "$@")
if [ -n "$found" ]; then
	printf '%s\n' "$found" >&2
	echo "tests/noprint.sh: only gen/cli/ may print (see" \
	    "gen/util/errlist.h)" >&2
	exit 1
fi
echo "tests/noprint.sh: nothing outside gen/cli/ prints"
