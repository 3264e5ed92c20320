#!/bin/sh
# serve.sh: the nginx configuration of doc/deploy.md (doc/nginx/reeks.conf,
# through tools/serve, as 'make serve' runs it) answers as documented:
# types, the precompressed .gz files, the cache headers (a release's files
# immutable for a year, the rest ten minutes), the Content-Security-Policy
# header (the same as the pages' <meta>), the 404 page, the redirect of the
# sub-path without its '/'. The site is data/ built afresh, under /reeks/.
#
# For each line "PATH [gzip]" of tests/serve/cases, curl's answer is
# summed up as one line (status, Content-Type, Content-Encoding, Vary,
# Cache-Control, Location, whether the CSP header is the pages' and
# whether the body is the file's own bytes) and the lines are compared
# with tests/serve/expect.
#
# usage: tests/serve.sh PATH-TO-REEKS [--update]   (from the top)
set -u
reeks=${1:?usage: tests/serve.sh PATH-TO-REEKS [--update]}
update=${2:-}
out=$(pwd)/tests/out/serve
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
pid=
stop() {
	[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
	pid=
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM HUP

fail() { echo "FAIL: serve: $*"; echo "serve: 0 passed, 1 failed"; exit 1; }
for c in nginx curl python3; do
	command -v "$c" >/dev/null 2>&1 || [ -x "/usr/sbin/$c" ] ||
	    fail "missing $c (make deps)"
done

port=$(python3 -c 'import socket; s = socket.socket();
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || fail "no free port"
base=http://127.0.0.1:$port/reeks/
"$reeks" build -q --data data --templates templates --out "$out/site" \
    --base-url "$base" >"$out/build.out" 2>&1 || fail "the build failed"
sh tools/serve "$out/site" "$port" /reeks/ "$out/nginx" >"$out/serve.out" \
    2>&1 &
pid=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/reeks/"; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || fail "nginx did not answer on port $port: $(cat "$out/serve.out" "$out/nginx/error.log" 2>/dev/null)"
	kill -0 "$pid" 2>/dev/null || fail "tools/serve stopped: $(cat "$out/serve.out")"
	sleep 0.1
done

# The CSP of the pages' <meta>, which the header must repeat.
csp=$(sed -n 's/.*http-equiv="Content-Security-Policy" content="\([^"]*\)".*/\1/p' \
    templates/layout.mustache)
[ -n "$csp" ] || fail "no Content-Security-Policy meta in templates/layout.mustache"

# header NAME: the value of header NAME in $out/h (the last answer's).
header() {
	tr -d '\r' <"$out/h" | sed -n "s/^$1: //Ip" | tail -1
}
: >"$out/got"
while read -r path how; do
	case $path in '' | '#'*) continue ;; esac
	set -- -s -D "$out/h" -o "$out/b"
	[ "$how" != gzip ] || set -- "$@" -H 'Accept-Encoding: gzip'
	code=$(curl "$@" -w '%{http_code}' "http://127.0.0.1:$port$path")
	file=$out/site/${path#/reeks/}
	case $path in */) file=${file}index.html ;; esac
	[ "$how" != gzip ] || file=$file.gz
	[ "$code" != 404 ] || file=$out/site/404.html
	if [ -f "$file" ] && cmp -s "$file" "$out/b"; then body=file
	else body=other
	fi
	c=$(header Content-Security-Policy)
	if [ "$c" = "$csp" ]; then c=csp; elif [ -z "$c" ]; then c=-; else c="csp-differs"; fi
	printf '%s%s: %s | %s | %s | %s | %s | %s | %s | %s\n' "$path" \
	    "${how:+ $how}" "$code" "$(header Content-Type)" \
	    "$(header Content-Encoding)" "$(header Vary)" \
	    "$(header Cache-Control)" "$(header Location)" "$c" "$body" \
	    >>"$out/got"
done <tests/serve/cases
[ -z "$update" ] || cp "$out/got" tests/serve/expect
if cmp -s tests/serve/expect "$out/got"; then
	echo "serve: $(wc -l <"$out/got") passed, 0 failed"
else
	diff tests/serve/expect "$out/got" | sed 's/^/    /'
	bad=$(diff tests/serve/expect "$out/got" | grep -c '^[<>]')
	echo "serve: at most $(($(wc -l <"$out/got") - bad)) passed, $bad lines differ"
	exit 1
fi
