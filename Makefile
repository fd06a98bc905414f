# Solidarity Directory - build, run, test.
#
#   make run      install missing Debian packages, build, create the database, serve on :8080
#   make test     install missing Debian packages, build, run every test (also under ASan+UBSan)
#   make browser  only the browser tests: every page in chromium, axe-core, the path by clicking
#   make          build build/solidarityd
#   make bench    benchmark against nginx at 1k, 10k and 100k organizations
#   make install  install the binary (PREFIX, DESTDIR)
#   make clean

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
PKGS     = libmicrohttpd sqlite3 jansson libmaxminddb libsodium zlib
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2
DEFS     = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

# BUILD is the output folder; the sanitizer build uses another one with other flags.
BUILD   ?= build
SANFLAGS =

ALL_CFLAGS = $(WARN) $(DEFS) $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -Iserver -I$(BUILD)/gen
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

SERVER_SRC = $(filter-out server/main.c,$(wildcard server/*.c))
SERVER_OBJ = $(SERVER_SRC:server/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded.o \
             $(BUILD)/obj/catalogs.o
LIB        = $(BUILD)/libsd.a
BIN        = $(BUILD)/solidarityd

# Files compiled into the binary: migrations, templates, static assets, synonyms.
EMBED_FILES = $(sort $(wildcard schema/*.sql) \
              $(wildcard client-web/templates/*.html) \
              $(wildcard client-web/static/*) \
              fixtures/synonyms.json fixtures/places.json fixtures/common-passphrases.txt)

# The interface catalogs, compiled by tools/pocompile into constant tables: one .po file
# per language (English, the source language, has none).
PO_FILES   = $(sort $(wildcard client-web/i18n/*.po))

# The lists of embedded files and of catalogs, written again when they change each time
# make reads this file, so that a file removed or renamed makes the generated source again
# as a changed one does. They cannot be targets: with .SECONDARY a missing one looks made.
write_list = $(shell mkdir -p $(BUILD)/gen && printf '%s\n' $(2) > $(1).new && \
    { cmp -s $(1).new $(1) && rm -f $(1).new || mv $(1).new $(1); })
$(call write_list,$(BUILD)/gen/embedded.list,$(EMBED_FILES))
$(call write_list,$(BUILD)/gen/catalogs.list,$(PO_FILES))

LANG_H     = $(BUILD)/gen/languages.h

UNIT_SRC   = $(wildcard tests/unit/test_*.c)
UNIT_BIN   = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HTTP_SRC   = $(wildcard tests/http/test_*.c)
HTTP_BIN   = $(HTTP_SRC:tests/http/%.c=$(BUILD)/tests/%)
TEST_SUPPORT_SRC = $(wildcard tests/support/*.c)
TEST_SUPPORT_OBJ = $(TEST_SUPPORT_SRC:tests/support/%.c=$(BUILD)/obj/support-%.o)
TEST_LIBS  = $(shell pkg-config --libs cmocka libcurl 2>/dev/null)
FUZZ_SRC   = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
REPLAY_BIN = $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)
FUZZ_SECONDS ?= 60

.PHONY: all run test check unit http replay catalogs fuzz sanitize deps install clean db bench browser
.SECONDARY:

all: $(BIN)

$(BUILD)/obj $(BUILD)/gen $(BUILD)/tests:
	mkdir -p $@

$(BUILD)/embed: tools/embed.c server/minify.c server/minify.h | $(BUILD)/obj
	$(CC) $(WARN) $(DEFS) -O1 -Iserver -o $@ tools/embed.c server/minify.c

$(BUILD)/gen/embedded.c: $(BUILD)/embed $(EMBED_FILES) $(BUILD)/gen/embedded.list | $(BUILD)/gen
	$(BUILD)/embed $@ $(EMBED_FILES)

$(BUILD)/obj/embedded.o: $(BUILD)/gen/embedded.c | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/pocompile: tools/pocompile.c server/po.c server/po.h server/buf.c server/buf.h \
                    server/utf8.c server/utf8.h server/i18n_hash.h | $(BUILD)/obj
	$(CC) $(WARN) $(DEFS) -O1 -Iserver -o $@ tools/pocompile.c server/po.c server/buf.c server/utf8.c

$(LANG_H) $(BUILD)/gen/catalogs.c &: $(BUILD)/pocompile $(PO_FILES) $(BUILD)/gen/catalogs.list \
                                      | $(BUILD)/gen
	$(BUILD)/pocompile $(LANG_H) $(BUILD)/gen/catalogs.c $(PO_FILES)

$(BUILD)/obj/catalogs.o: $(BUILD)/gen/catalogs.c server/i18n_table.h | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: server/%.c server/*.h $(LANG_H) | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(SERVER_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/obj/support-%.o: tests/support/%.c tests/support/*.h server/*.h $(LANG_H) | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -Itests/support -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(TEST_SUPPORT_OBJ) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Itests/support $(ALL_LDFLAGS) -o $@ $< $(TEST_SUPPORT_OBJ) $(LIB) $(PKG_LIBS) $(TEST_LIBS)

$(BUILD)/tests/%: tests/http/%.c $(LIB) $(TEST_SUPPORT_OBJ) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Itests/support $(ALL_LDFLAGS) -o $@ $< $(TEST_SUPPORT_OBJ) $(LIB) $(PKG_LIBS) $(TEST_LIBS)

# Each fuzz harness also builds as a plain program that replays its seed corpus.
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/*.h $(LIB)
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(PKG_LIBS)

# --- installing what the build and the tests need (Debian 12) ---------------------------
deps:
	@sh tools/install-deps.sh

# --- the directory ----------------------------------------------------------------------
DB ?= solidarity.db

db: $(BIN)
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN) init --db $(DB)
	$(BIN) import --db $(DB) fixtures/montreal-endorsers.json
	$(BIN) import --db $(DB) fixtures/demo-services.json

run: deps
	$(MAKE) db
	$(BIN) serve --db $(DB) --listen 127.0.0.1:8080

# --- tests --------------------------------------------------------------------------------
unit: $(UNIT_BIN)
	@sh tests/run-tests.sh $(UNIT_BIN)

# The GeoIP test database: a real MaxMind DB file made from a readable source.
GEOIP_TEST_DB = $(BUILD)/geoip-test.mmdb

$(GEOIP_TEST_DB): fixtures/geoip-test.json tools/mkmmdb.pl | $(BUILD)/obj
	perl tools/mkmmdb.pl fixtures/geoip-test.json $@

http: $(BIN) $(HTTP_BIN) $(GEOIP_TEST_DB)
	@SOLIDARITYD=$(BIN) SD_GEOIP_TEST_DB=$(GEOIP_TEST_DB) sh tests/run-tests.sh $(HTTP_BIN)

replay: $(REPLAY_BIN)
	@for n in $(FUZZ_NAMES); do printf '%s: ' $$n; $(BUILD)/fuzz/replay_$$n tests/fuzz/corpus/$$n || exit 1; done

# Adding a language is adding one .po file: pocompile on a copy of the catalogs plus a
# German one, the server's lookups built on the result; broken catalogs stop the build.
catalogs: $(BUILD)/pocompile
	@CC="$(CC)" CFLAGS="$(WARN) $(DEFS) -O1 $(SANFLAGS)" sh tests/tools/test_pocompile.sh $(BUILD)/pocompile

check: unit http replay catalogs

# Browser tests (tests/browser): Debian's chromium driven by playwright-core, with axe-core;
# both come from the npm lock file, installed again when the lock file is newer.
tests/browser/node_modules: tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund
	touch $@

browser: $(BIN) tests/browser/node_modules
	node tests/browser/run.mjs $(BIN)

# Coverage-guided fuzzing with clang's libFuzzer, FUZZ_SECONDS per harness (not part of
# `make test`). New inputs go to build-fuzz/corpus/NAME; the seeds are not modified.
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-O1 -g" \
	    SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libsd.a
	@for n in $(FUZZ_NAMES); do \
	    clang $(WARN) $(DEFS) -O1 -g -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -Iserver -Ibuild-fuzz/gen \
	        -o build-fuzz/fuzz_$$n tests/fuzz/fuzz_$$n.c build-fuzz/libsd.a $(PKG_LIBS) || exit 1; \
	    mkdir -p build-fuzz/corpus/$$n; \
	    build-fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) build-fuzz/corpus/$$n tests/fuzz/corpus/$$n || exit 1; \
	done

sanitize:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	    SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" check

test: deps
	$(MAKE) check
	$(MAKE) browser
	$(MAKE) sanitize

# The benchmark (docs/BENCHMARKS.md); not part of `make test`. bench/floor.c is the least
# a response made the directory's way costs, measured beside nginx.
FLOOR = $(BUILD)/bench/floor

$(FLOOR): bench/floor.c $(LIB)
	@mkdir -p $(BUILD)/bench
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)

bench:
	@sh tools/install-deps.sh bench
	$(MAKE) $(BIN) $(FLOOR)
	bash bench/run.sh $(BIN) $(FLOOR)

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/solidarityd

clean:
	rm -rf build build-asan build-fuzz
