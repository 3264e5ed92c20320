# reeks: GNU Makefile.
#
#   make            build libreeks (static and shared) and the reeks command
#   make site       validate data/ and generate site/
#   make check      run every test
#   make install    install to $(DESTDIR)$(PREFIX)
#   make deps       install what make check needs (tools/deps build test web
#                   deb)
#   make clean      remove everything the build made
#   make check-asan, check-oom, valgrind, fuzz, coverage, lint: robustness and
#                   security checks (see that section below)
#   make bench      speed and memory at 1,000 and 10,000 series, beside
#                   Hugo (not part of make check)

.SUFFIXES:
.DEFAULT_GOAL := all
.PRECIOUS: tests/%.o tests/fuzz/%.o
.DELETE_ON_ERROR:

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include
LIBDIR     ?= $(PREFIX)/lib
DATADIR    ?= $(PREFIX)/share
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
MANDIR     ?= $(DATADIR)/man

VERSION := $(shell sed -n 's/^\#define REEKS_VERSION "\(.*\)"/\1/p' lib/reeks.h)
SOMAJOR := 0
SONAME  := libreeks.so.$(SOMAJOR)

CC      ?= cc
PKG_CONFIG ?= pkg-config

# ---- dependencies -------------------------------------------------------
#
# tools/deps is the one place that installs packages: by group (build,
# test, web, dev, bench), only what is missing, with apt-get as root on
# Debian; elsewhere it says what to install and stops. Nothing is installed
# while this file is read: the objects wait for deps-build (an order-only
# prerequisite, so it never makes them out of date), the test programs for
# deps-test, make check for deps (the web group too), the robustness
# targets and make bench for their own (see the end of this file).
# DEPS=true skips it all.
DEPS ?= sh tools/deps

deps-build:
	@$(DEPS) build
deps-test: deps-build
	@$(DEPS) test
deps-web: deps-test
	@$(DEPS) web
deps-dev: deps-build
	@$(DEPS) dev
deps-bench: deps-build
	@$(DEPS) bench
deps-serve:
	@$(DEPS) serve
# tests/deb.sh: dpkg-buildpackage, debhelper, lintian.
deps-deb:
	@$(DEPS) deb
deps: deps-build deps-test deps-web deps-deb

# ---- flags --------------------------------------------------------------

WARNINGS := -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes \
	-Wwrite-strings -Wshadow -Wpointer-arith -Wformat=2 -Wvla
CFLAGS   ?= -O2 -g
# CPPFLAGS, CFLAGS and LDFLAGS are the builder's (Debian's hardening flags
# from dpkg-buildflags in debian/rules).
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(CPPFLAGS) $(WARNINGS) \
	$(CFLAGS)

# $(call pkgconfig,VAR,ARGS): pkg-config's answer, asked when a recipe
# first needs VAR (after the deps targets have run), then kept in VAR.
pkgconfig = $(eval $(1) := $(shell $(PKG_CONFIG) $(2) 2>/dev/null))$($(1))
XML_CFLAGS  = $(call pkgconfig,XML_CFLAGS,--cflags libxml-2.0)
XML_LIBS    = $(call pkgconfig,XML_LIBS,--libs libxml-2.0)
ZLIB_CFLAGS = $(call pkgconfig,ZLIB_CFLAGS,--cflags zlib)
ZLIB_LIBS   = $(call pkgconfig,ZLIB_LIBS,--libs zlib)
# SHA-256 (gen/util/sha256.c) is OpenSSL's.
CRYPTO_CFLAGS = $(call pkgconfig,CRYPTO_CFLAGS,--cflags libcrypto)
CRYPTO_LIBS   = $(call pkgconfig,CRYPTO_LIBS,--libs libcrypto)
MINIZIP_CFLAGS = $(call pkgconfig,MINIZIP_CFLAGS,--cflags minizip)
# minizip is linked from a copy of Debian's static libminizip.a (from
# libminizip-dev, beside its pkg-config file, else where $(CC) finds it)
# whose malloc and free are gen/out/zipmem.c's: minizip 1.1 writes through an
# unchecked malloc(), and zipmem.c never lets it fail (see gen/out/zipmem.h).
MINIZIP_SYSLIB = $(or $(wildcard $(shell $(PKG_CONFIG) --variable=libdir \
	minizip 2>/dev/null)/libminizip.a),$(shell $(CC) \
	-print-file-name=libminizip.a 2>/dev/null))
MINIZIP_A      := gen/out/libminizip-reeks.a
MINIZIP_LIBS    = $(MINIZIP_A) $(ZLIB_LIBS)
OBJCOPY ?= objcopy
NM      ?= nm
CHECK_CFLAGS = $(call pkgconfig,CHECK_CFLAGS,--cflags check)
CHECK_LIBS   = $(call pkgconfig,CHECK_LIBS,--libs check)
# json-c reads the official Mustache spec tests: mustache/tests/check_mustache
# only.
# The spreadsheet download (gen/data/xlsx.c): Debian's libxlsxwriter-dev.
XLSX_CFLAGS = $(call pkgconfig,XLSX_CFLAGS,--cflags xlsxwriter)
XLSX_LIBS   = $(call pkgconfig,XLSX_LIBS,--libs xlsxwriter)
JSONC_CFLAGS = $(call pkgconfig,JSONC_CFLAGS,--cflags json-c)
JSONC_LIBS   = $(call pkgconfig,JSONC_LIBS,--libs json-c)

LIB_CFLAGS = $(ALL_CFLAGS) -fPIC -fvisibility=hidden -DREEKS_BUILDING \
	$(XML_CFLAGS) $(CRYPTO_CFLAGS) -pthread
LIB_LIBS   = $(XML_LIBS) $(CRYPTO_LIBS) -lm -pthread

# ---- the library --------------------------------------------------------

LIB_SRC := lib/arena.c lib/diag.c lib/value.c lib/load.c \
	lib/xmlread.c \
	lib/read.c lib/text.c \
	lib/store.c lib/claim.c \
	lib/distrib.c lib/stats.c lib/derive.c lib/input.c
LIB_SRC += lib/rate.c
LIB_SRC += lib/gamma.c
LIB_SRC += lib/xmlmem.c
LIB_SRC += lib/nest.c
LIB_SRC += lib/par.c lib/numfmt.c
LIB_SRC += lib/digest.c
LIB_SRC += lib/loadcache.c lib/loadcodec.c
LIB_OBJ := $(LIB_SRC:.c=.o) lib/schema.o
LIB_HDR := lib/reeks.h lib/internal.h lib/loader.h lib/shared.h

all: lib/libreeks.a lib/libreeks.so gen/reeks

lib/%.o: lib/%.c $(LIB_HDR)
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

# The schema is compiled into the library, so that what reeks validates
# against is exactly the data/reeks.xsd that is published.
lib/schema.c: data/reeks.xsd
	{ echo '/* Generated from data/reeks.xsd by make: do not edit. */'; \
	  echo '#include "internal.h"'; \
	  echo 'const unsigned char reeks_schema_xsd_bytes[] = {'; \
	  od -An -v -tx1 data/reeks.xsd | \
	    sed -e 's/  */ /g' -e 's/^ //' -e 's/ *$$//' \
	        -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '};'; \
	  echo 'const size_t reeks_schema_xsd_len = sizeof reeks_schema_xsd_bytes;'; \
	} > $@.tmp && mv $@.tmp $@

lib/libreeks.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

lib/libreeks.so.$(VERSION): $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,$(SONAME) -o $@ \
		$(LIB_OBJ) $(LIB_LIBS) $(LDFLAGS)

lib/libreeks.so: lib/libreeks.so.$(VERSION)
	ln -sf libreeks.so.$(VERSION) lib/$(SONAME)
	ln -sf libreeks.so.$(VERSION) $@

# The pkg-config file is written at install time, for the PREFIX given
# then; paths under the prefix are written relative to it.
PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|' \
	-e 's|@LIBDIR@|$(patsubst $(PREFIX)%,$${prefix}%,$(LIBDIR))|' \
	-e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)%,$${prefix}%,$(INCLUDEDIR))|' \
	-e 's|@VERSION@|$(VERSION)|'

# ---- the command --------------------------------------------------------

# The template engine: a static library of its own (mustache/mustache.h).
MUSTACHE_SRC := mustache/parse.c mustache/errors.c mustache/render.c \
	mustache/value.c
MUSTACHE_OBJ := $(MUSTACHE_SRC:.c=.o)
MUSTACHE_A   := mustache/libmustache.a
MUSTACHE_HDR := mustache/mustache.h mustache/mustache-internal.h lib/reeks.h \
	lib/shared.h

mustache/%.o: mustache/%.c $(MUSTACHE_HDR)
	$(CC) $(ALL_CFLAGS) -Ilib -c -o $@ $<

$(MUSTACHE_A): $(MUSTACHE_OBJ)
	rm -f $@ && $(AR) rcs $@ $(MUSTACHE_OBJ)

# gen/, by stage: cli/ (the subcommands), site/ (the pages), data/ (the
# downloads and catalogues), out/ (writing the site), util/ (what they
# share).
GEN_SRC := $(addprefix gen/cli/,main.c args.c calc.c stats.c release.c)
GEN_SRC += gen/cli/init.c
GEN_SRC += $(addprefix gen/site/,build.c fingerprint.c model.c pages.c \
	series.c jsonld.c topic.c chart.c charttext.c bars.c catalog.c)
GEN_SRC += gen/site/compare.c gen/site/cite.c gen/site/lines.c \
	gen/site/comparison.c
# gen/site/chartfile.c: the charts' PNGs, rendered with librsvg.
GEN_SRC += gen/site/chartfile.c gen/site/releases.c
GEN_SRC += gen/site/history.c
GEN_SRC += gen/site/keys.c
GEN_SRC += $(addprefix gen/data/,downloads.c csv.c xml.c json.c select.c \
	datapackage.c dcat.c bundle.c readme.c feed.c xlsx.c)
# gen/out/zipmem.c: minizip's allocator (see MINIZIP_A).
GEN_SRC += gen/site/rates.c gen/data/rates.c gen/data/releases.c
GEN_SRC += $(addprefix gen/out/,stage.c tree.c cache.c stream.c gzip.c zipmem.c)
GEN_SRC += gen/out/pieces.c
GEN_SRC += gen/out/group.c
GEN_SRC += $(addprefix gen/util/,buf.c escape.c jsonw.c xmlw.c errlist.c \
	format.c sha256.c)
# gen/cli/skel.c (generated): what 'reeks init' writes.
GEN_OBJ := $(GEN_SRC:.c=.o) gen/cli/skel.o
# What the tests and fuzzers link: gen/ without the commands that call
# back into main.c (the command line, releases).
GEN_LIB_OBJ := $(filter-out gen/cli/main.o gen/cli/release.o \
	gen/cli/init.o gen/cli/skel.o,$(GEN_OBJ))
GEN_HDR := $(wildcard gen/*.h gen/*/*.h) lib/reeks.h lib/shared.h \
	mustache/mustache.h
GEN_CFLAGS = $(ALL_CFLAGS) -Ilib $(XML_CFLAGS) $(ZLIB_CFLAGS) $(CRYPTO_CFLAGS) \
	$(MINIZIP_CFLAGS) $(XLSX_CFLAGS) -pthread
GEN_CFLAGS += -Igen -Imustache
GEN_LIBS   = $(MUSTACHE_A) lib/libreeks.a $(XML_LIBS) $(ZLIB_LIBS) \
	$(CRYPTO_LIBS) \
	$(MINIZIP_LIBS) $(XLSX_LIBS) -lm -pthread
# librsvg (librsvg2-dev) draws the charts' PNGs.
RSVG_CFLAGS = $(call pkgconfig,RSVG_CFLAGS,--cflags librsvg-2.0)
RSVG_LIBS   = $(call pkgconfig,RSVG_LIBS,--libs librsvg-2.0)
GEN_LIBS   += $(RSVG_LIBS)
gen/site/chartfile.o: GEN_CFLAGS += $(RSVG_CFLAGS)

gen/%.o: gen/%.c $(GEN_HDR)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<

# minizip with its malloc and free renamed (MINIZIP_SYSLIB above); made
# again when the system's archive changes. Any other allocator it came to
# call would bypass gen/out/zipmem.c: that is an error.
$(MINIZIP_A): $(wildcard $(MINIZIP_SYSLIB))
	@[ -f "$(MINIZIP_SYSLIB)" ] || { echo "reeks: no static minizip" \
	    "(libminizip.a, in Debian's libminizip-dev) beside" \
	    "'$(PKG_CONFIG) --variable=libdir minizip' or where $(CC)" \
	    "looks"; exit 1; }
	$(OBJCOPY) --redefine-sym malloc=reeks_zip_malloc \
		--redefine-sym free=reeks_zip_free $(MINIZIP_SYSLIB) $@.tmp
	@if $(NM) $@.tmp | grep -Eq ' U (malloc|free|calloc|realloc|strdup)$$'; \
	then echo "reeks: $(MINIZIP_SYSLIB) calls an allocator other than" \
	    "malloc and free; gen/out/zipmem.c must learn it"; rm -f $@.tmp; \
	    exit 1; fi
	mv $@.tmp $@

# The command links the same archive as the tests.
gen/reeks: $(GEN_OBJ) lib/libreeks.a $(MUSTACHE_A) $(MINIZIP_A)
	$(CC) $(ALL_CFLAGS) -o $@ $(GEN_OBJ) lib/libreeks.a $(GEN_LIBS) \
		$(LDFLAGS)

# What 'reeks init DIR' writes (gen/cli/init.c), embedded in the command
# so that an installed reeks needs no file beside it: the example dataset
# (skel/), the schema, and every template, message catalogue, the
# stylesheet and cite.js, as DIR/NAME=FILE.
SKEL_MAP := README.md=skel/README.md LICENSE=skel/LICENSE \
	$(foreach f,meta.xml sources.xml example.xml changes.xml,\
	    data/$(f)=skel/data/$(f)) data/reeks.xsd=data/reeks.xsd \
	$(foreach f,$(sort $(wildcard templates/*.mustache)) \
	    templates/messages.en templates/messages.nl templates/style.css \
	    templates/cite.js,$(f)=$(f))
gen/cli/skel.c: tools/embed $(foreach m,$(SKEL_MAP),$(lastword $(subst =, ,$(m))))
	sh tools/embed $@ $(SKEL_MAP)

# ---- the site -----------------------------------------------------------

# The site: validated data in, site/ out, replaced whole only when the
# build succeeds. BASE_URL is the address the site is published at: it
# goes into the catalogues (DCAT, sitemap, feed) and citations. The
# default suits a local preview; set it when publishing:
#   make site BASE_URL=https://example.org/reeks/
BASE_URL ?= http://localhost:8080/
site: gen/reeks
	gen/reeks build --data data --templates templates --out site \
		--base-url $(BASE_URL)

# Preview the built site over HTTP, with the nginx configuration that
# doc/deploy.md describes (doc/nginx/reeks.conf through tools/serve), at
# http://127.0.0.1:$(SERVE_PORT)/ (the port of the default BASE_URL).
SERVE_PORT ?= 8080
serve: site deps-serve
	sh tools/serve site $(SERVE_PORT) / tests/out/serve-preview

# ---- tests --------------------------------------------------------------

# tests/pngcheck: the charts' SVGs and PNGs checked with librsvg and
# cairo (tests/png.sh).
tests/pngcheck: tests/pngcheck.c | deps-build
	$(CC) $(ALL_CFLAGS) $(RSVG_CFLAGS) -o $@ $< $(RSVG_LIBS) $(LDFLAGS)

TEST_NAMES := check_value check_load check_store check_stats \
	check_downloads check_robust check_format check_chart check_catalog \
	check_escape check_api check_numfmt check_errlist check_compare \
	check_segments check_rate check_lines
TEST_BIN   := $(addprefix tests/,$(TEST_NAMES))
# The template engine's own tests live with it, in mustache/tests/.
TEST_BIN   += mustache/tests/check_mustache
TEST_CFLAGS = $(ALL_CFLAGS) -Ilib $(CHECK_CFLAGS)

tests/%.o: tests/%.c tests/testutil.h $(LIB_HDR)
	$(CC) $(TEST_CFLAGS) -c -o $@ $<

# The template engine's tests (mustache/tests/) link the engine, and json-c
# for the official spec files in mustache/tests/spec/.
# check_mustache.c the engine's own tests, spec.c the spec files'.
mustache/tests/%.o: mustache/tests/%.c mustache/tests/spec.h \
		mustache/mustache.h
	$(CC) $(TEST_CFLAGS) -Imustache $(JSONC_CFLAGS) -c -o $@ $<

mustache/tests/check_mustache: mustache/tests/check_mustache.o \
		mustache/tests/spec.o $(MUSTACHE_A) lib/libreeks.a
	$(CC) $(ALL_CFLAGS) -o $@ $< mustache/tests/spec.o $(MUSTACHE_A) \
		lib/libreeks.a \
		$(CHECK_LIBS) $(JSONC_LIBS) $(LIB_LIBS) $(LDFLAGS)

# The downloads tests link the generator (all of it but main.o), with
# malloc wrapped (test_zip_out_of_memory fails one).
tests/check_downloads.o: tests/check_downloads.c tests/testutil.h $(GEN_HDR)
	$(CC) $(TEST_CFLAGS) -Igen -Imustache $(XML_CFLAGS) $(ZLIB_CFLAGS) \
		$(MINIZIP_CFLAGS) -c -o $@ $<

tests/check_downloads: tests/check_downloads.o tests/testutil.o \
		$(GEN_LIB_OBJ) lib/libreeks.a \
		$(MUSTACHE_A) $(MINIZIP_A)
	$(CC) $(ALL_CFLAGS) -Wl,--wrap=malloc -o $@ $< tests/testutil.o \
		$(GEN_LIB_OBJ) lib/libreeks.a \
		$(CHECK_LIBS) $(GEN_LIBS) $(LDFLAGS)

# The tests of gen/'s number formatter, charts and catalogues link the
# generator as the downloads tests do (malloc not wrapped).
GEN_TESTS := tests/check_format tests/check_chart tests/check_catalog \
	tests/check_errlist tests/check_compare tests/check_lines
$(GEN_TESTS:=.o): tests/%.o: tests/%.c tests/testutil.h $(GEN_HDR)
	$(CC) $(TEST_CFLAGS) -Igen -Imustache $(XML_CFLAGS) -c -o $@ $<

$(GEN_TESTS): %: %.o tests/testutil.o $(GEN_LIB_OBJ) \
		lib/libreeks.a $(MUSTACHE_A) $(MINIZIP_A)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/testutil.o \
		$(GEN_LIB_OBJ) lib/libreeks.a \
		$(CHECK_LIBS) $(GEN_LIBS) $(LDFLAGS)

# The escapers (gen/util/escape.c), with what they call.
tests/check_escape.o: tests/check_escape.c gen/util/escape.h gen/util/buf.h \
		mustache/mustache.h
	$(CC) $(TEST_CFLAGS) -Igen -Imustache -c -o $@ $<

tests/check_escape: tests/check_escape.o gen/util/escape.o gen/util/buf.o \
		$(MUSTACHE_A) lib/libreeks.a
	$(CC) $(ALL_CFLAGS) -o $@ $< gen/util/escape.o gen/util/buf.o \
		$(MUSTACHE_A) lib/libreeks.a $(CHECK_LIBS) $(LIB_LIBS) $(LDFLAGS)

tests/check_%: tests/check_%.o tests/testutil.o lib/libreeks.a
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/testutil.o lib/libreeks.a \
		$(CHECK_LIBS) $(LIB_LIBS) $(LDFLAGS)

# The fuzz targets (tests/fuzz/), linked with a plain main() that replays
# their seed corpus and regression files: make check runs these, and
# make fuzz links the same targets with libFuzzer.
FUZZ_TARGETS := load template calc unzip loadcache
FUZZ_REPLAY  := $(addprefix tests/fuzz/replay-,$(FUZZ_TARGETS))

tests/fuzz/%.o: tests/fuzz/%.c tests/fuzz/fuzz.h $(GEN_HDR)
	$(CC) $(TEST_CFLAGS) -Igen -Imustache $(XML_CFLAGS) -c -o $@ $<

tests/fuzz/replay-%: tests/fuzz/%.o tests/fuzz/replay.o $(GEN_LIB_OBJ) \
		lib/libreeks.a $(MUSTACHE_A) $(MINIZIP_A)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.o $(GEN_LIB_OBJ) \
		lib/libreeks.a $(GEN_LIBS) $(LDFLAGS)

# The allocation-failure injector (tests/oom.sh): a shared object for
# LD_PRELOAD, built with flags of its own (never a sanitizer's).
OOM_SHIM := tests/oom/failmalloc.so
$(OOM_SHIM): tests/oom/failmalloc.c
	$(CC) -std=c11 -O2 -g -Wall -Wextra -fPIC -shared \
		-Wl,-soname,libreeksfailmalloc.so -o $@ $< -ldl

# make check fails a sample of the allocations (every OOM_CHECK_STRIDE-th,
# about a minute); make check-oom fails every one (see tests/oom.sh).
OOM_CHECK_STRIDE ?= 53

# $(call check_step,NAME,COMMAND): a step of make check: its name, then
# the command, then how many seconds it took (so that a slow step shows
# in make check's and CI's logs); the command's status is the step's.
define check_step
t0=$$(date +%s); echo "== $(1)"; $(2); st=$$?; \
echo "-- $(1): $$(( $$(date +%s) - t0 )) s"; exit $$st
endef

check: deps all $(TEST_BIN) $(FUZZ_REPLAY) $(OOM_SHIM) \
		tests/bench/gen-data tests/pngcheck
	@set -e; for t in $(TEST_BIN); do \
		echo "== $$t"; $$t; \
	done
	@echo "== lib/libreeks.a: every global named reeks_"
	@! $(NM) -g --defined-only lib/libreeks.a | \
	    awk '$$3 !~ /^(reeks_|__odr_asan\.reeks_)/ && NF == 3 { print; n++ } \
	        END { exit !n }'
	@echo "== tests/fuzz: corpus and regression files"
	@set -e; for t in $(FUZZ_TARGETS); do \
		tests/fuzz/replay-$$t tests/fuzz/corpus/$$t \
		    tests/fuzz/regress/$$t; \
	done
	@echo "== lib/temme.py: the coefficients in lib/gamma.c"
	@mkdir -p tests/out && python3 lib/temme.py >tests/out/temme.txt && \
	    sed -n '/^static const double temme_c/,/^};/p' lib/gamma.c | \
	    sed '1d;$$d' | diff -u tests/out/temme.txt - && echo "temme: same"
	@echo "== reeks check --data data"
	@gen/reeks check --data data
	@$(call check_step,tests/load.sh,sh tests/load.sh gen/reeks)
	@$(call check_step,tests/loadcache.sh,sh tests/loadcache.sh gen/reeks)
	@$(call check_step,tests/release.sh,sh tests/release.sh gen/reeks)
	@$(call check_step,tests/calc.sh,sh tests/calc.sh gen/reeks)
	@$(MAKE) --no-print-directory node-modules
	@$(call check_step,tests/downloads.sh,sh tests/downloads.sh)
	@$(call check_step,tests/catalog-releases.sh,sh tests/catalog-releases.sh gen/reeks)
	@$(call check_step,tests/site.sh,sh tests/site.sh gen/reeks)
	@$(call check_step,tests/lines.sh,sh tests/lines.sh gen/reeks)
	@$(call check_step,tests/xlsx.sh,sh tests/xlsx.sh gen/reeks)
	@$(call check_step,tests/snippets.sh,sh tests/snippets.sh gen/reeks)
	@$(call check_step,tests/png.sh,sh tests/png.sh gen/reeks tests/pngcheck)
	@$(call check_step,tests/bigseries.sh,sh tests/bigseries.sh gen/reeks tests/bench/gen-data)
	@$(call check_step,tests/pieces.sh,sh tests/pieces.sh gen/reeks tests/bench/gen-data)
	@$(call check_step,tests/hostile.sh,sh tests/hostile.sh gen/reeks)
	@$(call check_step,tests/crash.sh,sh tests/crash.sh gen/reeks)
	@$(call check_step,tests/out.sh,sh tests/out.sh gen/reeks)
	@$(call check_step,tests/incremental.sh,sh tests/incremental.sh gen/reeks tests/bench/gen-data)
	@$(call check_step,tests/web.sh,sh tests/web.sh gen/reeks)
	@$(call check_step,tests/serve.sh,sh tests/serve.sh gen/reeks)
	@$(call check_step,tests/init.sh,sh tests/init.sh gen/reeks)
	@$(call check_step,tests/tutorial.sh,sh tests/tutorial.sh gen/reeks)
	@$(call check_step,tests/install.sh,sh tests/install.sh)
	@$(call check_step,tests/deb.sh,sh tests/deb.sh)
	@$(call check_step,tests/man.sh,sh tests/man.sh gen/reeks)
	@$(call check_step,tests/cli.sh,sh tests/cli.sh gen/reeks)
	@$(call check_step,tests/noprint.sh,sh tests/noprint.sh)
	@$(call check_step,tests/oom.sh (one allocation in $(OOM_CHECK_STRIDE) fails),OOM_STRIDE=$(OOM_CHECK_STRIDE) OOM_VALGRIND=4 OOM_JOBS=2 \
	    sh tests/oom.sh gen/reeks $(OOM_SHIM))

# The tests' Node modules (tests/node/package-lock.json), installed when
# the lock file is newer than they are.
node-modules:
	@[ tests/node/node_modules/.package-lock.json -nt \
	    tests/node/package-lock.json ] || \
	    npm ci --prefix tests/node --silent --no-audit --no-fund >/dev/null

# The man pages in doc/ (tests/man.sh): mandoc -Tlint, man -l, every
# option of 'reeks COMMAND --help' in reeks(1), the examples of
# libreeks(3) and reeks-data(5) built and run. Part of make check.
check-man: deps-test all
	sh tests/man.sh gen/reeks

# Every allocation of a small build and check fails in turn (tests/oom.sh),
# and OOM_VALGRIND (40) of them under valgrind; OOM_STRIDE=S fails every
# Sth (CI: every 11th, 10 under valgrind).
OOM_STRIDE   ?= 1
OOM_VALGRIND ?= 40
check-oom: all $(OOM_SHIM)
	OOM_STRIDE=$(OOM_STRIDE) OOM_VALGRIND=$(OOM_VALGRIND) OOM_JOBS=2 \
	    sh tests/oom.sh gen/reeks $(OOM_SHIM)

# Rewrite the golden files and the loader cases' expectations
# (tests/load/*.expect) from the current output, on purpose; review the
# diff before committing it.
regress-update: all
	sh tests/cli.sh gen/reeks --update
	sh tests/site.sh gen/reeks --update
	sh tests/load.sh gen/reeks --update
	sh tests/release.sh gen/reeks --update
	sh tests/catalog-releases.sh gen/reeks --update
	sh tests/lines.sh gen/reeks --update
	git diff --stat -- tests/golden tests/load tests/release tests/catalog

# ---- robustness and security --------------------------------------------
#
#   make check-asan  make check, built with AddressSanitizer and UBSan
#   make check-oom   every allocation of a small build fails in turn:
#                    out of memory, exit 1, the old site kept (tests/oom.sh)
#   make valgrind    the Check tests and the command's end-to-end runs
#                    under valgrind memcheck: no error, no leak
#   make fuzz        each libFuzzer target for FUZZ_SECONDS
#   make coverage    make check built with --coverage; line and branch
#                    coverage of lib/ and gen/ (gcovr)
#   make lint        cppcheck and clang-tidy, configured in tests/lint/
#
# check-asan, fuzz and coverage build in their own copy of the source
# tree under tests/out/, so that no instrumented object is left in the
# normal build. They need tools/deps' dev group: 'make deps-dev' installs
# it (as root on Debian) and each target runs it first.

# $(call copy_tree,DIR): bring DIR up to date as a copy of the source
# tree: the files git knows and new ones it does not ignore, with their
# times (so make there rebuilds only what changed), and the Node modules
# of this tree. The browser test is left out there: it tests pages, not
# the C code; so is the Debian package's (its own build, not this one).
define copy_tree
$(MAKE) --no-print-directory node-modules
mkdir -p $(1)
git ls-files -z --cached --others --exclude-standard | \
	tar --null --ignore-failed-read -T - -cf - 2>/dev/null | \
	tar -xf - -C $(1)
ln -sfn $(CURDIR)/tests/node/node_modules $(1)/tests/node/node_modules
[ ! -f $(1)/tests/web.sh ] || \
	echo 'echo "web: not run in this build"' >$(1)/tests/web.sh
[ ! -f $(1)/tests/serve.sh ] || \
	echo 'echo "serve: not run in this build"' >$(1)/tests/serve.sh
[ ! -f $(1)/tests/deb.sh ] || \
	echo 'echo "deb: not run in this build"' >$(1)/tests/deb.sh
endef

SAN_CC    ?= clang
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
ASAN_DIR  := tests/out/asan
ASAN_ENV  := ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lint/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1

check-asan: deps-dev deps-test
	@$(call copy_tree,$(ASAN_DIR))
	$(ASAN_ENV) $(MAKE) --no-print-directory -C $(ASAN_DIR) check \
		CC=$(SAN_CC) CFLAGS='-O1 -g $(SAN_FLAGS)'

# Every Check test (CK_FORK=no, so valgrind sees the tests themselves),
# the fuzz corpus, reeks on data/, and the end-to-end scripts in
# VALGRIND_SCRIPTS (tests/cli.sh and tests/site.sh; CI leaves them out)
# with reeks run by valgrind.
VALGRIND_SCRIPTS ?= cli site
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect \
	--suppressions=$(CURDIR)/tests/lint/valgrind.supp

valgrind: deps-dev deps-test all $(TEST_BIN) $(FUZZ_REPLAY)
	VALGRIND='$(VALGRIND)' TEST_BIN='$(TEST_BIN)' \
		FUZZ_TARGETS='$(FUZZ_TARGETS)' \
		VALGRIND_SCRIPTS='$(VALGRIND_SCRIPTS)' sh tests/valgrind.sh

# libFuzzer: each target runs FUZZ_SECONDS from its seed corpus (and what
# earlier runs found, kept in tests/out/fuzz/corpus/). A crash stops the
# run; the input is saved in tests/out/fuzz/crashes/TARGET/: fix the bug,
# and add the input to tests/fuzz/regress/TARGET/, named after the bug,
# so that make check replays it from then on.
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 16384
FUZZ_DIR     := tests/out/fuzz
FUZZ_BIN     := $(addprefix tests/fuzz/fuzz-,$(FUZZ_TARGETS))

fuzz: deps-dev deps-test
	@$(call copy_tree,$(FUZZ_DIR)/src)
	$(MAKE) --no-print-directory -C $(FUZZ_DIR)/src $(FUZZ_BIN) \
		CC=clang CFLAGS='-O1 -g -fsanitize=fuzzer-no-link $(SAN_FLAGS)'
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/crashes/$$t; \
		echo "== fuzz $$t: $(FUZZ_SECONDS) s"; \
		if ! $(FUZZ_DIR)/src/tests/fuzz/fuzz-$$t \
		    -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
		    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		    -dict=tests/fuzz/$$t.dict \
		    -artifact_prefix=$(FUZZ_DIR)/crashes/$$t/ \
		    $(FUZZ_DIR)/corpus/$$t tests/fuzz/corpus/$$t \
		    >$(FUZZ_DIR)/$$t.log 2>&1; then \
			grep -v '^#' $(FUZZ_DIR)/$$t.log | tail -40; \
			echo "fuzz $$t: crash; the input is in" \
			    "$(FUZZ_DIR)/crashes/$$t/ (see $(FUZZ_DIR)/$$t.log)"; \
			exit 1; \
		fi; \
		grep -E '^(Done|stat::number_of_executed_units|#[0-9]+ *DONE)' \
		    $(FUZZ_DIR)/$$t.log; \
	done

$(FUZZ_BIN): tests/fuzz/fuzz-%: tests/fuzz/%.o $(GEN_LIB_OBJ) lib/libreeks.a \
		$(MUSTACHE_A) $(MINIZIP_A)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(GEN_LIB_OBJ) \
		lib/libreeks.a $(GEN_LIBS) $(LDFLAGS)

# Coverage of make check: gcc --coverage with no optimization, gcovr.
# The targets for lib/ are 90% of lines and 75% of branches.
COV_DIR := tests/out/coverage
COV_LIB_LINES    ?= 90
COV_LIB_BRANCHES ?= 75

# COV_SANITIZE=1 builds it also with AddressSanitizer and UBSan (gcc's,
# with check-asan's options and suppressions, at -O1): CI's one
# instrumented run, so that the suite runs under the sanitizers and for
# coverage at once instead of twice (about 12 minutes saved).
COV_SANITIZE ?=
# tests/crash.sh kills a build of data/ 20 times in make check; a build
# takes about 28 s instrumented, so this run kills it fewer times (the
# kills test the atomic swap, which the plain make check covers).
COV_CRASH_KILLS ?= 4
COV_FLAGS = $(if $(COV_SANITIZE),-O1 -g --coverage $(SAN_FLAGS),-O0 -g --coverage)

# A failing test fails the target, after the report of what ran.
coverage: deps-dev deps-test
	@$(call copy_tree,$(COV_DIR))
	find $(COV_DIR) -name '*.gcda' -delete
	@status=0; \
	$(if $(COV_SANITIZE),$(ASAN_ENV)) CRASH_KILLS=$(COV_CRASH_KILLS) \
	$(MAKE) --no-print-directory -C $(COV_DIR) check \
		CFLAGS='$(COV_FLAGS)' LDFLAGS='$(COV_FLAGS)' || status=$$?; \
	cd $(COV_DIR) && \
	echo "== gen/ (per file: $(COV_DIR)/gen.txt)" && \
	gcovr -r . --filter 'gen/' --exclude-unreachable-branches \
		--txt gen.txt --print-summary && \
	echo "== lib/ (per file: $(COV_DIR)/lib.txt)" && \
	gcovr -r . --filter 'lib/' --exclude 'lib/schema\.c' \
		--exclude-unreachable-branches --txt lib.txt --print-summary \
		--fail-under-line $(COV_LIB_LINES) \
		--fail-under-branch $(COV_LIB_BRANCHES) && \
	exit $$status

# Static analysis: every finding is an error. tests/lint/ holds the
# checks chosen and the reason for each one left out.
LINT_SRC     = $(LIB_SRC) $(GEN_SRC)
CPPCHECK = cppcheck -q --std=c11 --inline-suppr \
	--enable=warning,style,performance,portability \
	--suppressions-list=tests/lint/cppcheck.supp --library=posix \
	-D__GNUC__ -D_POSIX_C_SOURCE=200809L -Ilib -Igen -Imustache \
	--template='{file}:{line}: {severity}: {message} [{id}]'
# Four files a run, two runs at a time; "N warnings generated" (stderr)
# is noise, the findings are on stdout.
CLANG_TIDY = xargs -P 2 -n 4 sh -c 'clang-tidy --quiet \
	--config-file=tests/lint/clang-tidy.yaml "$$@" -- $(GEN_CFLAGS) \
	$(patsubst -I%,-isystem %,$(RSVG_CFLAGS)) \
	2>/dev/null' clang-tidy

lint: deps-dev
	@echo "== cppcheck"
	@$(CPPCHECK) --error-exitcode=1 $(LINT_SRC)
	@echo "== clang-tidy"
	@echo $(LINT_SRC) | $(CLANG_TIDY)

# ---- benchmark ------------------------------------------------------------
#
# make bench: synthetic data at 1,000 and 10,000 series (tests/bench/
# gen-data), built by reeks and by Hugo in the same run; the figures go to
# tests/out/bench/results.txt (see doc/performance.md). It needs Hugo and
# GNU time: tools/deps' bench group.

tests/bench/gen-data: tests/bench/gen-data.c
	$(CC) $(ALL_CFLAGS) -o $@ $< -lm $(LDFLAGS)

bench: deps-bench gen/reeks tests/bench/gen-data
	sh tests/bench/bench.sh gen/reeks

# make bench-micro: processor time of a number formatted by
# fixed_format() and buf_printf() against snprintf (the figures in
# gen/util/buf.h), and SHA-256 throughput over a 500 MB file.
tests/bench/numfmt: tests/bench/numfmt.c gen/util/buf.o
	$(CC) $(GEN_CFLAGS) -o $@ $< gen/util/buf.o -lm $(LDFLAGS)

tests/bench/hashrate: tests/bench/hashrate.c gen/util/sha256.o
	$(CC) $(GEN_CFLAGS) -o $@ $< gen/util/sha256.o $(CRYPTO_LIBS) \
		$(LDFLAGS)

# tests/bench/deflate: zlib against libdeflate on a 1,000-series bench
# site's whole-dataset files and 300 of its series' files (the figures in
# doc/performance.md).
DEFLATE_CFLAGS = $(call pkgconfig,DEFLATE_CFLAGS,--cflags libdeflate)
DEFLATE_LIBS   = $(call pkgconfig,DEFLATE_LIBS,--libs libdeflate)
tests/bench/deflate: tests/bench/deflate.c gen/out/gzip.o | deps-bench
	$(CC) $(GEN_CFLAGS) $(DEFLATE_CFLAGS) -o $@ $< gen/out/gzip.o \
		$(DEFLATE_LIBS) $(ZLIB_LIBS) $(LDFLAGS)

BENCH_SITE := tests/out/bench/deflate-site
bench-micro: tests/bench/numfmt tests/bench/hashrate tests/bench/deflate \
		gen/reeks tests/bench/gen-data
	tests/bench/numfmt
	@mkdir -p tests/out/bench
	@[ -f tests/out/bench/500M ] || \
	    head -c 500000000 /dev/urandom >tests/out/bench/500M
	tests/bench/hashrate tests/out/bench/500M
	@[ -f $(BENCH_SITE)/data/reeks.csv ] || { rm -rf $(BENCH_SITE)* && \
	    tests/bench/gen-data -n 1000 -m 50 -o $(BENCH_SITE)-data && \
	    REEKS_NO_PNG=1 gen/reeks build -q --data $(BENCH_SITE)-data \
	    --out $(BENCH_SITE) --base-url https://example.org/ 2>/dev/null; }
	tests/bench/deflate whole $(addprefix $(BENCH_SITE)/data/reeks.,csv \
	    xml json) series $$(ls $(BENCH_SITE)/data/series/*.csv \
	    $(BENCH_SITE)/data/series/*.xml $(BENCH_SITE)/data/series/*.json | \
	    awk 'NR % 10 == 1')
	tests/bench/deflate -p 1000 pieces $(addprefix \
	    $(BENCH_SITE)/data/reeks.,csv xml json)

# ---- install ------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(DATADIR)/reeks
	install -m 755 gen/reeks $(DESTDIR)$(BINDIR)/reeks
	install -m 644 lib/reeks.h $(DESTDIR)$(INCLUDEDIR)/reeks.h
	install -m 644 lib/libreeks.a $(DESTDIR)$(LIBDIR)/libreeks.a
	install -m 755 lib/libreeks.so.$(VERSION) \
		$(DESTDIR)$(LIBDIR)/libreeks.so.$(VERSION)
	ln -sf libreeks.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf libreeks.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libreeks.so
	$(PC_SED) lib/reeks.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/reeks.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/reeks.pc
	install -m 644 data/reeks.xsd $(DESTDIR)$(DATADIR)/reeks/reeks.xsd
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
		$(DESTDIR)$(MANDIR)/man5
	install -m 644 doc/reeks.1 $(DESTDIR)$(MANDIR)/man1/reeks.1
	install -m 644 doc/libreeks.3 $(DESTDIR)$(MANDIR)/man3/libreeks.3
	install -m 644 doc/reeks-data.5 doc/reeks-templates.5 \
		$(DESTDIR)$(MANDIR)/man5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/reeks $(DESTDIR)$(INCLUDEDIR)/reeks.h \
		$(DESTDIR)$(LIBDIR)/libreeks.a \
		$(DESTDIR)$(LIBDIR)/libreeks.so.$(VERSION) \
		$(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libreeks.so \
		$(DESTDIR)$(PKGCONFIGDIR)/reeks.pc \
		$(DESTDIR)$(DATADIR)/reeks/reeks.xsd
	rm -f $(DESTDIR)$(MANDIR)/man1/reeks.1 \
		$(DESTDIR)$(MANDIR)/man3/libreeks.3 \
		$(DESTDIR)$(MANDIR)/man5/reeks-data.5 \
		$(DESTDIR)$(MANDIR)/man5/reeks-templates.5
	-rmdir $(DESTDIR)$(DATADIR)/reeks

clean:
	rm -f gen/cli/skel.c gen/cli/skel.c.tmp
	rm -f lib/*.o lib/schema.c lib/schema.c.tmp lib/libreeks.a \
		lib/libreeks.so* gen/*.o gen/reeks $(MINIZIP_A) $(MINIZIP_A).tmp \
		tests/*.o $(TEST_BIN) tests/fuzz/*.o $(FUZZ_REPLAY) $(OOM_SHIM) \
		tests/bench/gen-data tests/bench/numfmt tests/bench/hashrate \
		site.reeks-cache
	rm -f gen/*/*.o mustache/*.o $(MUSTACHE_A) mustache/tests/*.o \
		mustache/tests/check_mustache
	rm -rf site tests/out

# ---- what each target needs installed (tools/deps) ----------------------
#
# Order-only: the check runs first, and never makes anything out of date.
$(LIB_OBJ) lib/schema.c $(MUSTACHE_OBJ) $(GEN_OBJ) $(MINIZIP_A) \
	tests/bench/gen-data: | deps-build
$(addsuffix .o,$(TEST_BIN)) tests/testutil.o tests/fuzz/replay.o \
	$(addprefix tests/fuzz/,$(addsuffix .o,$(FUZZ_TARGETS))) \
	$(OOM_SHIM): | deps-test

.PHONY: all deps deps-serve serve site check check-man node-modules check-oom regress-update install uninstall clean \
	deps-dev check-asan valgrind fuzz coverage lint bench deps-build \
	deps-test deps-web deps-deb deps-bench bench-micro
