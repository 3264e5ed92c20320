#!/bin/sh
# out.sh: what 'reeks build' may do to --out, and beside it.
#
#  - refused, with exit 2 and one exact message, touching nothing (every
#    entry of the sandbox and its checksum compared before and after): an
#    --out that is the data directory (however spelled: ./data/, through
#    '..', through a symbolic link in the path), the current directory,
#    the templates directory, the license or another file, an ancestor of
#    them, a directory inside the data or the templates, a non-empty
#    directory reeks did not make, or a symbolic link;
#  - built: a missing or empty directory, reeks's own site, and a site of
#    an earlier reeks (no .reeks-site, its cache beside it);
#  - start-up cleanup removes a killed build's staging directory, and
#    neither a backup named site.old-20240101 (a copy of a site) nor a
#    directory of the user's named site.new-N;
#  - a symbolic link planted where a build of an earlier reeks put its
#    cache's temporary file (site.reeks-cache.new-PID), or at its staging
#    directory's name, is not followed;
#  - a .gz reused from the old site has its recorded SHA-256 checked: a
#    digit changed in the cache is never published;
#  - a page edited in place and given back its time ('touch -r') is found
#    and rewritten, by the default check (its change time moved) and by
#    --verify (which rereads every file);
#  - the racy case: a page whose recorded times were not older than the
#    cache (a change in the same tick of the file system's clock leaves no
#    trace in them) is marked "racy" in the cache and hashed before it is
#    reused, so an edit that kept its size and times is still found.
#
# usage: tests/out.sh PATH-TO-REEKS      (from the top of the tree)
set -u
reeks=${1:?usage: tests/out.sh PATH-TO-REEKS}
case $reeks in /*) ;; *) reeks=$(pwd)/$reeks ;; esac
top=$(pwd)
out=$top/tests/out/outdir
rm -rf "$out"
mkdir -p "$out"
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH
base=https://example.org/reeks/
passed=0
failed=0
fail() { echo "FAIL: $name: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

# The sandbox: the fixture's data, the templates and the license, a file,
# a directory of someone else's, and a site. Logs stay out of it, in $out.
box=$out/box
sb=$box/sb
mkdir -p "$sb/foreign"
cp -R tests/data/good "$sb/data"
cp -R templates "$sb/templates"
cp LICENSE "$sb/LICENSE"
echo "a file" >"$sb/file"
echo "my notes" >"$sb/foreign/notes.txt"
ln -s . "$sb/here"
ln -s site "$sb/link"
sbreal=$(cd "$sb" && pwd -P)

# build [ARGS...]: build in the sandbox (data, templates, LICENSE there).
build() {
	(cd "$sb" && "$reeks" build -q --base-url "$base" "$@")
}

# listing: every entry under $box (type, mode, link target) and every
# file's SHA-256, sorted.
listing() {
	(cd "$box" && find . -printf '%y %m %p %l\n' | sort &&
	    find . -type f -exec sha256sum {} + | sort)
}

name=setup
if build --out site 2>"$out/setup.err"; then
	ok
else
	fail "the first build failed:"; sed 's/^/    /' "$out/setup.err"
fi

# ---- refused --------------------------------------------------------------

# refuse NAME OUT REASON: build --out OUT in the sandbox exits 2 with
# "refusing to build into 'OUT': REASON", and nothing changes.
refuse() {
	name=$1 target=$2 reason=$3
	listing >"$out/before"
	build --out "$target" >"$out/$name.out" 2>"$out/$name.err"
	status=$?
	listing >"$out/after"
	printf "reeks build: refusing to build into '%s': %s\nTry 'reeks build --help'.\n" \
	    "$target" "$reason" >"$out/$name.want"
	if [ "$status" -ne 2 ]; then
		fail "exit status $status, expected 2:"
		sed 's/^/    /' "$out/$name.err" | head -5
	elif ! cmp -s "$out/$name.want" "$out/$name.err"; then
		fail "wrong message:"
		diff -u "$out/$name.want" "$out/$name.err" | sed 's/^/    /'
	elif [ -s "$out/$name.out" ]; then
		fail "wrote to stdout: $(cat "$out/$name.out")"
	elif ! cmp -s "$out/before" "$out/after"; then
		fail "something changed:"
		diff "$out/before" "$out/after" | head -10 | sed 's/^/    /'
	else
		ok
	fi
}

refuse data data "it is the data directory 'data'"
refuse data-spelled ./data/ "it is the data directory 'data'"
refuse data-dotdot ../sb/./data "it is the data directory 'data'"
refuse data-through-link here/data "it is the data directory 'data'"
refuse data-absolute "$sb/data" "it is the data directory 'data'"
refuse cwd "$sb" "it is the current directory '$sbreal'"
refuse cwd-dot . "it is the current directory '$sbreal'"
refuse templates templates "it is the templates directory 'templates'"
refuse in-templates templates/site \
    "it lies inside the templates directory 'templates'"
refuse in-data data/x/site "it lies inside the data directory 'data'"
refuse license LICENSE "it is not a directory"
refuse file file "it is not a directory"
refuse ancestor .. "it contains the data directory 'data'"
refuse root / "it contains the data directory 'data'"
refuse foreign foreign "it is not empty, and not a site reeks made (no .reeks-site file in it, no foreign.reeks-cache beside it)"
refuse symlink link \
    "it is a symbolic link (give the directory it points to)"
refuse symlink-slash link/ \
    "it is a symbolic link (give the directory it points to)"
# A site of an earlier reeks that lost its cache: not recognized.
cp -R "$sb/site" "$sb/nocache"
rm "$sb/nocache/.reeks-site"
refuse no-marker-no-cache nocache "it is not empty, and not a site reeks made (no .reeks-site file in it, no nocache.reeks-cache beside it)"
rm -rf "$sb/nocache"

# ---- built ----------------------------------------------------------------

# builds NAME OUT: build --out OUT succeeds, and OUT has the marker.
builds() {
	name=$1
	if ! build --out "$2" >"$out/$name.out" 2>"$out/$name.err"; then
		fail "the build failed:"; sed 's/^/    /' "$out/$name.err"
	elif [ "$(cat "$sb/$2/.reeks-site")" != "A site made by reeks build, which replaces this directory whole." ]
	then
		fail "no .reeks-site in $2"
	else
		ok
	fi
}
builds missing new
mkdir "$sb/empty"
builds empty empty
builds own-site site
# A site of the previous reeks: no .reeks-site, its cache beside it.
cp -R "$sb/site" "$sb/earlier"
rm "$sb/earlier/.reeks-site"
cp "$sb/site.reeks-cache" "$sb/earlier.reeks-cache"
builds earlier-site earlier
rm -rf "$sb/new" "$sb/new.reeks-cache" "$sb/empty" "$sb/empty.reeks-cache" \
    "$sb/earlier" "$sb/earlier.reeks-cache"

# ---- start-up cleanup -------------------------------------------------------

# A build of data/ over the site, killed once its staging directory holds
# pages: what it leaves is removed by the next build. A backup made
# with cp -R (a site, .reeks-site and all) and a directory of the user's
# with a staging name are not.
name=cleanup
cp -R "$sb/site" "$sb/site.old-20240101"
mkdir "$sb/site.new-20240102"
echo "mine" >"$sb/site.new-20240102/keep.txt"
listing | grep 'site\.old-20240101\|site\.new-20240102' >"$out/kept.before"
stale=
for try in 1 2 3 4 5 6 7 8; do
	(cd "$sb" && exec "$reeks" build -q --base-url "$base" \
	    --data "$top/data" --out site) >/dev/null 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null &&
	    [ ! -d "$sb/site.new-$pid/en" ]; do
		:
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ -d "$sb/site.new-$pid" ]; then
		stale=$sb/site.new-$pid
		break
	fi
done
echo "/* a change */" >>"$sb/templates/style.css"
if [ -z "$stale" ]; then
	fail "no kill left a staging directory in 8 tries"
elif ! build --out site 2>"$out/cleanup.err"; then
	fail "the build failed:"; sed 's/^/    /' "$out/cleanup.err"
elif [ -e "$stale" ]; then
	fail "the killed build's $stale is still there"
elif ! listing | grep 'site\.old-20240101\|site\.new-20240102' |
    cmp -s "$out/kept.before" -; then
	fail "the backup or the user's directory changed:"
	listing | grep 'site\.old-20240101\|site\.new-20240102' |
	    diff "$out/kept.before" - | head -10 | sed 's/^/    /'
else
	ok
fi
rm -rf "$sb/site.old-20240101" "$sb/site.new-20240102"

# ---- planted links ---------------------------------------------------------

# A link at the name an earlier reeks gave the cache's temporary file
# (beside the site, with the build's process id, which exec keeps) is not
# followed: the file it points to is unchanged, and the build succeeds
# with its cache written.
name=planted-cache-link
echo "not reeks's" >"$box/outside"
before=$(sha256sum <"$box/outside")
echo "/* another change */" >>"$sb/templates/style.css"
(cd "$sb" && exec sh -c 'ln -s "$1" "site.reeks-cache.new-$$" &&
    exec "$2" build -q --base-url "$3" --out site' sh "$box/outside" \
    "$reeks" "$base") 2>"$out/$name.err"
status=$?
if [ "$status" -ne 0 ]; then
	fail "exit status $status:"; sed 's/^/    /' "$out/$name.err"
elif [ "$(sha256sum <"$box/outside")" != "$before" ]; then
	fail "the file outside was written through the link"
elif [ -L "$sb/site.reeks-cache" ] ||
    [ "$(head -c 12 "$sb/site.reeks-cache")" != "reeks-cache " ]; then
	fail "no cache written"
else
	ok
fi
rm -f "$sb"/site.reeks-cache.new-*

# A link at the staging directory's name: the build fails cleanly (exit
# 1, the site as it was) and does not write through it.
name=planted-stage-link
mkdir -p "$box/elsewhere"
listing | grep -v 'site\.new-\|style\.css' >"$out/before.site"
echo "/* a third change */" >>"$sb/templates/style.css"
(cd "$sb" && exec sh -c 'ln -s "$1" "site.new-$$" &&
    exec "$2" build -q --base-url "$3" --out site' sh "$box/elsewhere" \
    "$reeks" "$base") 2>"$out/$name.err"
status=$?
if [ "$status" -ne 1 ] ||
    ! grep -q "^cannot create site\.new-[0-9]*: File exists$" \
    "$out/$name.err"; then
	fail "exit status $status:"; sed 's/^/    /' "$out/$name.err"
elif [ -n "$(ls -A "$box/elsewhere")" ]; then
	fail "written through the link: $(ls -A "$box/elsewhere")"
elif ! listing | grep -v 'site\.new-\|style\.css' |
    cmp -s "$out/before.site" -; then
	fail "the site changed"
else
	ok
fi
rm -f "$sb"/site.new-*

# ---- the cache's hashes -----------------------------------------------------

# A digit changed in the recorded SHA-256 of a reused .gz: the rebuild
# publishes the file's real hash (SHA256SUMS, catalog.rdf, the downloads
# page), never the changed one, and does not save it again.
name=cache-gz-hash
line=$(awk '$8 != "-" && $9 ~ /\.gz$/ { print; exit }' "$sb/site.reeks-cache")
sha=${line%% *}
gz=$(echo "$line" | awk '{ print $9 }')
case $sha in 0*) bad=1${sha#0} ;; *) bad=0${sha#?} ;; esac
sed -i "s/^$sha /$bad /" "$sb/site.reeks-cache"
echo "/* a fourth change */" >>"$sb/templates/style.css"
if [ -z "$line" ] || ! grep -q "^$bad " "$sb/site.reeks-cache"; then
	fail "no .gz in the cache to change"
elif ! build --out site 2>"$out/$name.err"; then
	fail "the build failed:"; sed 's/^/    /' "$out/$name.err"
else
	real=$(sha256sum <"$sb/site/$gz" | cut -c1-64)
	if grep -rlq "$bad" "$sb/site" "$sb/site.reeks-cache"; then
		fail "the changed hash was published: $(grep -rl "$bad" \
		    "$sb/site" "$sb/site.reeks-cache" | tr '\n' ' ')"
	elif ! (cd "$sb/site/data" && sha256sum -c --quiet SHA256SUMS) \
	    >"$out/$name.sums" 2>&1; then
		fail "SHA256SUMS does not match:"; sed 's/^/    /' "$out/$name.sums"
	elif ! grep -q "$real" "$sb/site/data/catalog.rdf" ||
	    ! grep -q "$real" "$sb/site/en/downloads.html"; then
		fail "$gz's hash $real is not in catalog.rdf and downloads.html"
	else
		ok
	fi
fi

# A page edited in place (same size, same inode) and given back its
# modification time: its change time moved, so the default check finds it
# and writes the page again (the old one trusted size, inode and
# modification time, and kept it); so does --verify, which rereads every
# file; both when nothing else changed and when the build has other work.
name=touch-r
page=$sb/site/en/about.html
cp "$page" "$out/about.html"
edit_page() {
	touch -r "$page" "$out/stamp"
	printf 'X' | dd of="$page" bs=1 seek=200 conv=notrunc 2>/dev/null
	touch -r "$out/stamp" "$page"
}
edit_page
ino=$(stat -c %i "$page")
if cmp -s "$page" "$out/about.html"; then
	fail "the edit did not stick"
elif ! build --out site 2>"$out/$name.err"; then
	fail "the build failed:"; sed 's/^/    /' "$out/$name.err"
elif ! cmp -s "$page" "$out/about.html"; then
	fail "the default check kept the edited page (inode $ino)"
else
	ok
fi
name=touch-r-with-changes
edit_page
echo "/* a fourth and a half change */" >>"$sb/templates/style.css"
if ! build --out site 2>"$out/$name.err"; then
	fail "the build failed:"; sed 's/^/    /' "$out/$name.err"
elif ! cmp -s "$page" "$out/about.html"; then
	fail "the default check kept the edited page"
else
	ok
fi
name=verify
edit_page
if ! build --out site --verify 2>"$out/$name.err"; then
	fail "the build failed:"; sed 's/^/    /' "$out/$name.err"
elif ! cmp -s "$page" "$out/about.html"; then
	fail "--verify kept the edited page (inode $ino)"
else
	ok
fi
name=verify-with-changes
edit_page
echo "/* a fifth change */" >>"$sb/templates/style.css"
if ! build --out site --verify 2>"$out/$name.err"; then
	fail "the build failed:"; sed 's/^/    /' "$out/$name.err"
elif ! cmp -s "$page" "$out/about.html"; then
	fail "--verify kept the edited page"
else
	ok
fi

# The racy case. Every entry of the cache whose change or modification
# time is not older than the cache's "time" (the moment the identities
# were taken, on the file system's clock) must be marked racy.
name=racy-marked
cache=$sb/site.reeks-cache
ct=$(sed -n 's/^time \([0-9]*\)$/\1/p' "$cache")
# (The times compared as strings of 19 digits: awk's numbers are doubles.)
if ! awk -v t="$ct" 'NR > 1 && $1 != "build" && $1 != "warning" &&
	    $1 != "time" {
	    n++; late = ($5 "") >= (t "") || ($6 "") >= (t "")
	    if (NF != 9 || late != ($7 == "racy")) bad++ }
	    END { exit !(n > 0 && bad == 0) }' "$cache"; then
	fail "an entry not older than the cache is not marked racy, or" \
	    "one older is: cache time $ct"
	head -5 "$cache" | sed 's/^/    /'
else
	ok
fi
# A change in the same tick as the build's write leaves the file's size
# and times as recorded: made here by editing the page and then putting
# its new times into its cache entry, as if they had not moved. Marked
# racy, the page is hashed and written again; trusted, it would be kept.
name=racy-reused
rel=en/about.html
printf 'Y' | dd of="$page" bs=1 seek=300 conv=notrunc 2>/dev/null
mt=$(stat -c %.9Y "$page" | tr -d .)
ch=$(stat -c %.9Z "$page" | tr -d .)
awk -v p="$rel" -v mt="$mt" -v ch="$ch" '$NF == p && NF == 9 {
	$5 = mt; $6 = ch; $7 = "racy" } { print }' "$cache" >"$out/cache"
cat "$out/cache" >"$cache"
if ! grep -q " racy [-0-9a-f]* $rel\$" "$cache"; then
	fail "no racy entry for $rel in the cache"
elif ! build --out site 2>"$out/$name.err"; then
	fail "the build failed:"; sed 's/^/    /' "$out/$name.err"
elif ! cmp -s "$page" "$out/about.html"; then
	fail "a racy entry was trusted: the edited page was kept"
else
	ok
fi
# The same with other work to do: the page is reused through linkable().
name=racy-with-changes
printf 'Y' | dd of="$page" bs=1 seek=300 conv=notrunc 2>/dev/null
mt=$(stat -c %.9Y "$page" | tr -d .)
ch=$(stat -c %.9Z "$page" | tr -d .)
awk -v p="$rel" -v mt="$mt" -v ch="$ch" '$NF == p && NF == 9 {
	$5 = mt; $6 = ch; $7 = "racy" } { print }' "$cache" >"$out/cache"
cat "$out/cache" >"$cache"
echo "/* a sixth change */" >>"$sb/templates/style.css"
if ! build --out site 2>"$out/$name.err"; then
	fail "the build failed:"; sed 's/^/    /' "$out/$name.err"
elif ! cmp -s "$page" "$out/about.html"; then
	fail "a racy entry was trusted: the edited page was kept"
else
	ok
fi

echo "out: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
