#!/bin/sh
# web.sh: the site as readers get it. Builds the site from data/ into
# tests/out/web-site, serves it with nginx on 127.0.0.1 (a free port, under
# /reeks/, gzip_static on), and runs tests/web/run.js against it:
#  - the server: content types, precompressed .gz files, the 404 page;
#  - links: every internal link and #fragment resolves;
#  - headless Chromium (playwright-core): every page loads with no console
#    error and no failed request, the language switch, permalinks,
#    downloads, no-JavaScript and print, screenshots at 360 and 1280 px;
#  - accessibility: axe-core (WCAG 2.1 A and AA) and the charts' text;
#  - valid markup: the Nu Html Checker on every HTML page and SVG file.
# Needs nginx, chromium and java (make deps) and tests/node's npm packages.
# Output and artefacts (screenshots, PDF, logs) go to tests/out/web.
#
# usage: tests/web.sh PATH-TO-REEKS   (from the top of the tree)
set -u
reeks=${1:?usage: tests/web.sh PATH-TO-REEKS}
top=$(pwd)
out=$top/tests/out/web
site=$top/tests/out/web-site
export LC_ALL=C TZ=UTC
passed=0
failed=0
nginx_pid=
node_pid=

fail() { echo "FAIL: $1: $2"; failed=$((failed + 1)); }
finish() {
	echo "web: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# nginx and the test runner (which closes its Chromium and the checker
# when told to stop) are this script's children: stop them however the
# script ends.
stop() {
	for pid in $node_pid $nginx_pid; do
		kill -TERM "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	node_pid=
	nginx_pid=
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM HUP

rm -rf "$out" "$site"
mkdir -p "$out/tmp"

# ---- what the tests need ---------------------------------------------------

nginx=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; })
missing=""
[ -n "$nginx" ] || missing="$missing nginx"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
for m in playwright-core axe-core vnu-jar; do
	[ -d "tests/node/node_modules/$m" ] || missing="$missing npm:$m"
done
if [ -n "$missing" ]; then
	fail setup "missing:$missing (run 'make deps' and 'npm ci --prefix tests/node')"
	finish
fi

# ---- build and serve ---------------------------------------------------------

port=$(node tests/web/net.js free) || { fail setup "no free port"; finish; }
base=http://127.0.0.1:$port/reeks/
if "$reeks" build --data data --templates templates --out "$site" \
    --base-url "$base" >"$out/build.stdout" 2>"$out/build.stderr"; then
	passed=$((passed + 1))
else
	fail build "reeks build failed:"
	sed 's/^/    /' "$out/build.stderr"
	finish
fi

# The configuration doc/deploy.md gives (doc/nginx/reeks.conf), as
# 'make serve' writes it.
sh tools/serve --config-only "$site" "$port" /reeks/ "$out/nginx" ||
    { fail nginx "tools/serve could not write the configuration"; finish; }
"$nginx" -p "$out/nginx" -c "$out/nginx/nginx.conf" -e "$out/nginx-error.log" &
nginx_pid=$!
if node tests/web/net.js wait "$port" "$nginx_pid" 15000; then
	passed=$((passed + 1))
else
	fail nginx "nginx did not start on 127.0.0.1:$port:"
	sed 's/^/    /' "$out/nginx-error.log" 2>/dev/null
	finish
fi

# ---- the tests -----------------------------------------------------------------

# In the background, so that a signal to this script is handled at once.
TMPDIR=$out/tmp node tests/web/run.js --base "$base" --site "$site" \
    --out "$out" &
node_pid=$!
wait "$node_pid"
status=$?
node_pid=
stop
if [ -r "$out/counts" ]; then
	read -r p f <"$out/counts"
	passed=$((passed + p))
	failed=$((failed + f))
fi
if [ "$status" -ne 0 ] && [ ! -r "$out/counts" ]; then
	fail run.js "tests/web/run.js stopped with status $status"
fi
finish
