# reeks: GNU Makefile.
#
#   make            build libreeks (static and shared) and the reeks command
#   make site       validate data/ and generate site/
#   make check      run every test
#   make install    install to $(DESTDIR)$(PREFIX)
#   make deps       install missing build packages (Debian, as root)
#   make clean      remove everything the build made

.SUFFIXES:
.DEFAULT_GOAL := all
.PRECIOUS: tests/%.o
.DELETE_ON_ERROR:

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include
LIBDIR     ?= $(PREFIX)/lib
DATADIR    ?= $(PREFIX)/share
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

VERSION := $(shell sed -n 's/^\#define REEKS_VERSION "\(.*\)"/\1/p' lib/reeks.h)
SOMAJOR := 0
SONAME  := libreeks.so.$(SOMAJOR)

CC      ?= cc
PKG_CONFIG ?= pkg-config

# ---- dependencies -------------------------------------------------------
#
# The build needs these pkg-config modules, from these Debian packages.
# When one is missing, 'make deps' runs before anything else: as root on
# Debian it installs them with apt-get; elsewhere it prints the command and
# stops.
PKG_MODULES := libxml-2.0 zlib libmd check json-c minizip
DEB_PACKAGES := libxml2-dev zlib1g-dev libmd-dev check pkg-config libjson-c-dev \
	libminizip-dev unzip libxml2-utils

NO_DEPS_GOALS := deps clean
ifeq ($(filter $(NO_DEPS_GOALS),$(MAKECMDGOALS)),)
ifneq ($(shell $(PKG_CONFIG) --exists $(PKG_MODULES) 2>/dev/null && echo ok),ok)
$(info reeks: a required package is missing; running 'make deps' first)
DEPS_STATUS := $(shell $(MAKE) --no-print-directory deps >&2 && echo ok)
ifneq ($(DEPS_STATUS),ok)
$(error reeks: missing build packages; see the message above)
endif
endif
endif

deps:
	@if $(PKG_CONFIG) --exists $(PKG_MODULES) 2>/dev/null; then \
		echo "reeks: all build packages are installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "reeks: apt-get install -y $(DEB_PACKAGES)"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $(DEB_PACKAGES) >/dev/null && \
		$(PKG_CONFIG) --exists $(PKG_MODULES); \
	else \
		echo "reeks: missing build packages. Install them with:"; \
		echo "  sudo apt-get install $(DEB_PACKAGES)"; \
		exit 1; \
	fi

# ---- flags --------------------------------------------------------------

WARNINGS := -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes \
	-Wwrite-strings -Wshadow -Wpointer-arith -Wformat=2 -Wvla
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARNINGS) $(CFLAGS)

XML_CFLAGS  := $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null)
XML_LIBS    := $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null)
ZLIB_CFLAGS := $(shell $(PKG_CONFIG) --cflags zlib 2>/dev/null)
ZLIB_LIBS   := $(shell $(PKG_CONFIG) --libs zlib 2>/dev/null)
MD_CFLAGS   := $(shell $(PKG_CONFIG) --cflags libmd 2>/dev/null)
MD_LIBS     := $(shell $(PKG_CONFIG) --libs libmd 2>/dev/null)
MINIZIP_CFLAGS := $(shell $(PKG_CONFIG) --cflags minizip 2>/dev/null)
MINIZIP_LIBS   := $(shell $(PKG_CONFIG) --libs minizip 2>/dev/null)
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
# json-c reads the official Mustache spec tests: tests/check_mustache only.
JSONC_CFLAGS := $(shell $(PKG_CONFIG) --cflags json-c 2>/dev/null)
JSONC_LIBS   := $(shell $(PKG_CONFIG) --libs json-c 2>/dev/null)

LIB_CFLAGS = $(ALL_CFLAGS) -fPIC -fvisibility=hidden -DREEKS_BUILDING \
	$(XML_CFLAGS)
LIB_LIBS   = $(XML_LIBS) -lm

# ---- the library --------------------------------------------------------

LIB_SRC := lib/arena.c lib/diag.c lib/value.c lib/load.c lib/store.c lib/claim.c \
	lib/distrib.c lib/stats.c lib/derive.c
LIB_OBJ := $(LIB_SRC:.c=.o) lib/schema.o
LIB_HDR := lib/reeks.h lib/internal.h

all: lib/libreeks.a lib/libreeks.so gen/reeks

lib/%.o: lib/%.c $(LIB_HDR)
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

# The schema is compiled into the library, so that what reeks validates
# against is exactly the data/reeks.xsd that is published.
lib/schema.c: data/reeks.xsd
	{ echo '/* Generated from data/reeks.xsd by make: do not edit. */'; \
	  echo '#include "internal.h"'; \
	  echo 'const unsigned char schema_xsd_bytes[] = {'; \
	  od -An -v -tx1 data/reeks.xsd | \
	    sed -e 's/  */ /g' -e 's/^ //' -e 's/ *$$//' \
	        -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '};'; \
	  echo 'const size_t schema_xsd_len = sizeof schema_xsd_bytes;'; \
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

GEN_SRC := gen/main.c gen/export.c gen/buf.c gen/format.c gen/chart.c \
	gen/out.c gen/calc.c
GEN_SRC += gen/mustache-parse.c gen/mustache-render.c gen/mustache-value.c
GEN_SRC += gen/site.c gen/catalog.c gen/errlist.c gen/feed.c gen/statscmd.c
GEN_SRC += gen/gzip.c gen/bundle.c gen/datapackage.c gen/dcat.c \
	gen/downloads.c
GEN_OBJ := $(GEN_SRC:.c=.o)
MUSTACHE_OBJ := $(filter gen/mustache%.o,$(GEN_OBJ))
GEN_HDR := $(wildcard gen/*.h) lib/reeks.h
GEN_CFLAGS = $(ALL_CFLAGS) -Ilib $(XML_CFLAGS) $(ZLIB_CFLAGS) $(MD_CFLAGS) \
	$(MINIZIP_CFLAGS)
GEN_LIBS   = $(XML_LIBS) $(ZLIB_LIBS) $(MD_LIBS) $(MINIZIP_LIBS) -lm

gen/%.o: gen/%.c $(GEN_HDR)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<

# The command links the same archive as the tests.
gen/reeks: $(GEN_OBJ) lib/libreeks.a
	$(CC) $(ALL_CFLAGS) -o $@ $(GEN_OBJ) lib/libreeks.a $(GEN_LIBS) \
		$(LDFLAGS)

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

# ---- tests --------------------------------------------------------------

TEST_NAMES := check_value check_load check_store check_stats check_mustache check_downloads
TEST_BIN   := $(addprefix tests/,$(TEST_NAMES))
TEST_CFLAGS = $(ALL_CFLAGS) -Ilib $(CHECK_CFLAGS)

tests/%.o: tests/%.c tests/testutil.h $(LIB_HDR)
	$(CC) $(TEST_CFLAGS) -c -o $@ $<

# The template engine's tests also link the engine, and json-c for the
# official spec files in tests/mustache-spec/.
tests/check_mustache.o: tests/check_mustache.c gen/mustache.h
	$(CC) $(TEST_CFLAGS) -Igen $(JSONC_CFLAGS) -c -o $@ $<

tests/check_mustache: tests/check_mustache.o $(MUSTACHE_OBJ) \
		tests/testutil.o lib/libreeks.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(MUSTACHE_OBJ) tests/testutil.o \
		lib/libreeks.a $(CHECK_LIBS) $(JSONC_LIBS) $(LIB_LIBS) \
		$(LDFLAGS)

# The downloads tests link the generator (all of it but main.o).
tests/check_downloads.o: tests/check_downloads.c tests/testutil.h $(GEN_HDR)
	$(CC) $(TEST_CFLAGS) -Igen $(XML_CFLAGS) $(ZLIB_CFLAGS) \
		$(MINIZIP_CFLAGS) -c -o $@ $<

tests/check_downloads: tests/check_downloads.o tests/testutil.o \
		$(filter-out gen/main.o,$(GEN_OBJ)) lib/libreeks.a
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/testutil.o \
		$(filter-out gen/main.o,$(GEN_OBJ)) lib/libreeks.a \
		$(CHECK_LIBS) $(GEN_LIBS) $(LDFLAGS)

tests/check_%: tests/check_%.o tests/testutil.o lib/libreeks.a
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/testutil.o lib/libreeks.a \
		$(CHECK_LIBS) $(LIB_LIBS) $(LDFLAGS)

check: all $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do \
		echo "== $$t"; $$t; \
	done
	@echo "== reeks check --data data"
	@gen/reeks check --data data
	@echo "== tests/calc.sh"
	@sh tests/calc.sh gen/reeks
	@echo "== tests/downloads.sh"
	@[ tests/node/node_modules/.package-lock.json -nt \
	    tests/node/package-lock.json ] || \
	    npm ci --prefix tests/node --silent --no-audit --no-fund >/dev/null
	@sh tests/downloads.sh
	@echo "== tests/site.sh"
	@sh tests/site.sh gen/reeks
	@echo "== tests/install.sh"
	@sh tests/install.sh
	@echo "== tests/cli.sh"
	@sh tests/cli.sh gen/reeks

# Rewrite the golden files from the current output, on purpose; review
# the diff before committing it.
regress-update: all
	sh tests/cli.sh gen/reeks --update
	sh tests/site.sh gen/reeks --update
	git diff --stat -- tests/golden

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

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/reeks $(DESTDIR)$(INCLUDEDIR)/reeks.h \
		$(DESTDIR)$(LIBDIR)/libreeks.a \
		$(DESTDIR)$(LIBDIR)/libreeks.so.$(VERSION) \
		$(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libreeks.so \
		$(DESTDIR)$(PKGCONFIGDIR)/reeks.pc \
		$(DESTDIR)$(DATADIR)/reeks/reeks.xsd
	-rmdir $(DESTDIR)$(DATADIR)/reeks

clean:
	rm -f lib/*.o lib/schema.c lib/schema.c.tmp lib/libreeks.a \
		lib/libreeks.so* gen/*.o gen/reeks \
		tests/*.o $(TEST_BIN)
	rm -rf site tests/out

.PHONY: all deps site check regress-update install uninstall clean
