# mtls-sim — build, run, test.
#
#   make run     install missing packages, build, start the interface
#   make test    install missing packages, build, run the whole suite
#                (unit tests, sanitizer build, valgrind, openssl/tshark/tmux checks)
#   make bench   benchmarks (not part of test)
#   make deps    only install what is missing (Debian: apt-get)

# gcc is the compiler `make deps` installs, so it is the default; `make CC=clang`
# still works. (make's own default, cc, is whatever provides it: on a machine
# where only clang arrived with the fuzzing packages, that would be clang.)
ifeq ($(origin CC),default)
CC = gcc
endif
PREFIX  ?= /usr/local
DESTDIR ?=
PKGS     = libsodium ncursesw
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wmissing-prototypes \
           -Wstrict-prototypes -Wformat=2
CFLAGS  ?= -O2
# Debug information in DWARF 4 whichever compiler builds: Debian 12's valgrind
# (3.19) cannot read the DWARF 5 that clang 14 writes by default, and gives up.
DEBUG_FLAGS = -g -gdwarf-4
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -DMTLS_DATADIR='"$(PREFIX)/share/mtls-sim"'
ALL_CFLAGS = -std=c11 -Isrc $(WARN) $(CFLAGS) $(DEBUG_FLAGS) $(CPPFLAGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

# Debian packages, as "command-or-file:package". The build needs BUILD_DEPS;
# the test suite needs TEST_DEPS too. README.md lists the same packages.
BUILD_DEPS = gcc:gcc \
       /usr/include/stdio.h:libc6-dev \
       pkg-config:pkg-config \
       /usr/include/sodium.h:libsodium-dev \
       /usr/include/ncursesw/curses.h:libncurses-dev
TEST_DEPS = /usr/include/cmocka.h:libcmocka-dev \
       pgrep:procps \
       openssl:openssl \
       /usr/include/openssl/x509_vfy.h:libssl-dev \
       tshark:tshark \
       tmux:tmux \
       gnutls-cli:gnutls-bin \
       valgrind:valgrind \
       python3:python3 \
       chromium:chromium \
       tidy:tidy \
       groff:groff-base \
       man:man-db \
       /usr/bin/time:time \
       clang:clang \
       /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev
DEPS = $(BUILD_DEPS) $(TEST_DEPS)
# tests/fresh_machine.sh (by hand, not part of make test) needs debootstrap too
FRESH_DEPS = debootstrap:debootstrap
# missing_pkgs LIST: the packages of LIST whose command or file is absent.
missing_pkgs = for d in $(1); do what=$${d%%:*}; pkg=$${d\#\#*:}; \
	  case $$what in /*) [ -e "$$what" ] ;; *) command -v "$$what" >/dev/null 2>&1 ;; esac \
	    || printf ' %s' "$$pkg"; done

BUILD   = build
# the tree: src/ and its layer folders (base, crypto, pki, tls, tls/msg, tls12,
# run, model, teach, view/batch, view/tui)
SRCDIRS = src/ $(sort $(dir $(wildcard src/*/*.c src/*/*/*.c)))
SRC     = $(sort $(foreach d,$(SRCDIRS),$(wildcard $(d)*.c)))
HDR     = $(sort $(foreach d,$(SRCDIRS),$(wildcard $(d)*.h)))
LIBSRC  = $(filter-out src/main.c,$(SRC))
OBJ     = $(LIBSRC:src/%.c=$(BUILD)/obj/%.o)
TESTSRC = $(sort $(wildcard tests/test_*.c))
TESTBIN = $(TESTSRC:tests/%.c=$(BUILD)/%)
TOOLSRC = $(sort $(wildcard tests/tool_*.c))
TOOLBIN = $(TOOLSRC:tests/%.c=$(BUILD)/%)
ASAN_OBJ = $(LIBSRC:src/%.c=$(BUILD)/asan/%.o)
ASAN_TESTBIN = $(TESTSRC:tests/%.c=$(BUILD)/asan/%)
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all run test deps need-build need-test bench clean install uninstall check-unit check-asan check-valgrind fresh-machine \
        check-tools check-fuzz fuzz golden

all: mtls-sim

mtls-sim: $(OBJ) $(BUILD)/obj/main.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS) -lm

$(BUILD)/obj/%.o: src/%.c $(HDR) | $(BUILD)/obj need-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/asan/%.o: src/%.c $(HDR) | $(BUILD)/asan need-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Werror $(ASAN_FLAGS) -c -o $@ $<

$(BUILD)/test_%: tests/test_%.c $(wildcard tests/*.h) $(OBJ) | $(BUILD) need-test
	$(CC) $(ALL_CFLAGS) -Werror -Isrc -o $@ $< $(OBJ) $(LIBS) $(TEST_LIBS) -lm

$(BUILD)/tool_%: tests/tool_%.c $(OBJ) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Werror -Isrc -o $@ $< $(OBJ) $(LIBS) -lm

$(BUILD)/bench: tests/bench.c $(OBJ) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Werror -Isrc -o $@ $< $(OBJ) $(LIBS) -lm

$(BUILD)/asan/test_%: tests/test_%.c $(wildcard tests/*.h) $(ASAN_OBJ) | $(BUILD)/asan need-test
	$(CC) $(ALL_CFLAGS) -Werror $(ASAN_FLAGS) -Isrc -o $@ $< $(ASAN_OBJ) $(LIBS) $(TEST_LIBS) -lm

$(BUILD) $(BUILD)/obj $(BUILD)/asan:
	mkdir -p $@

# lesson.c has the installed data directory built in: rebuild it when PREFIX
# changes (make install PREFIX=/usr after a plain make).
PREFIX_STAMP = $(BUILD)/prefix$(subst /,_,$(PREFIX))
$(PREFIX_STAMP): | $(BUILD)
	rm -f $(BUILD)/prefix_*
	touch $@
$(BUILD)/obj/teach/lesson.o $(BUILD)/asan/teach/lesson.o: $(PREFIX_STAMP)

# Install what is missing, saying what and how much, with apt-get's progress.
# Without root and without sudo it names the packages and stops (exit 1).
deps:
	@missing=$$($(call missing_pkgs,$(DEPS))); \
	[ -n "$$missing" ] || exit 0; \
	echo "make deps: $$(echo $$missing | wc -w) Debian packages are missing:$$missing"; \
	hand="apt-get install --no-install-recommends$$missing"; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "make deps: this machine has no apt-get; install the equivalents by hand ($$hand)" >&2; exit 1; \
	fi; \
	sudo=""; \
	if [ "$$(id -u)" -ne 0 ]; then \
	  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else \
	    echo "make deps: installing needs root, and sudo is not installed: run 'make deps' as root, or as root: $$hand" >&2; \
	    exit 1; \
	  fi; \
	fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	if ! $$sudo apt-get install -s -q --no-install-recommends $$missing >/dev/null 2>&1; then \
	  echo "make deps: apt-get update (the package lists are missing or out of date)"; \
	  $$sudo apt-get update -q || exit 1; \
	fi; \
	echo "make deps: installing them and what they need (on a fresh Debian 12 about 133 packages, 182 MB to download, and about 124 MB more for chromium)"; \
	$$sudo apt-get install -y -q --no-install-recommends $$missing || \
	  { $$sudo apt-get update -q && $$sudo apt-get install -y -q --no-install-recommends $$missing; } || exit 1; \
	echo "make deps: done"

# A build on a machine that lacks the compiler or a library stops with one
# line naming what is missing, instead of a raw compiler error. Order-only:
# it runs before the first compile and never makes anything out of date.
need-build:
	@missing=$$($(call missing_pkgs,$(BUILD_DEPS))); \
	command -v $(firstword $(CC)) >/dev/null 2>&1 || [ "$(firstword $(CC))" = gcc ] || \
	  { echo "mtls-sim: cannot build: the compiler '$(firstword $(CC))' (CC) is not installed" >&2; exit 1; }; \
	if [ -z "$$missing" ] && ! pkg-config --exists $(PKGS); then missing=" the pkg-config files of $(PKGS)"; fi; \
	[ -z "$$missing" ] || { echo "mtls-sim: cannot build, missing:$$missing; 'make deps' installs it (as root)" >&2; exit 1; }
need-test: need-build
	@missing=$$($(call missing_pkgs,/usr/include/cmocka.h:libcmocka-dev)); \
	[ -z "$$missing" ] || { echo "mtls-sim: cannot build the tests, missing:$$missing; 'make deps' installs it (as root)" >&2; exit 1; }

run: deps
	@$(MAKE) --no-print-directory mtls-sim
	./mtls-sim $(ARGS)

# The whole suite. Each stage stops the run on its first failure.
test: deps
	@$(MAKE) --no-print-directory mtls-sim
	@$(MAKE) --no-print-directory check-unit
	@$(MAKE) --no-print-directory check-asan
	@$(MAKE) --no-print-directory check-valgrind
	@$(MAKE) --no-print-directory check-tools
	@$(MAKE) --no-print-directory check-fuzz
	@echo "make test: all stages passed"

check-unit: $(TESTBIN)
	@sh tests/run_unit.sh $(TESTBIN)

check-asan: $(ASAN_TESTBIN)
	@STAGE=sanitizer ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 sh tests/run_unit.sh $(ASAN_TESTBIN)

check-valgrind: $(TESTBIN) mtls-sim
	@sh tests/run_valgrind.sh $(TESTBIN)

check-tools: mtls-sim $(TOOLBIN)
	@sh tests/run_tools.sh

# Fuzz targets (libFuzzer, with ASan and UBSan). `make fuzz` runs each for
# FUZZ_SECONDS; make test runs a short, seeded smoke run of each.
FUZZ_CC = clang
FUZZ_FLAGS = -std=c11 -Wall -Wextra -Werror -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
             -D_POSIX_C_SOURCE=200809L -Isrc $(shell pkg-config --cflags libsodium)
FUZZ_SECONDS ?= 60
FUZZBIN = $(BUILD)/fuzz_parse $(BUILD)/fuzz_handshake $(BUILD)/fuzz_lessons $(BUILD)/fuzz_keys \
          $(BUILD)/fuzz_options
# the --keys parser lives with the interface, which the other targets leave out
$(BUILD)/fuzz_keys: FUZZ_FLAGS += src/view/tui/tui_keys.c src/view/tui/tui_text.c $(shell pkg-config --cflags ncursesw)

$(BUILD)/fuzz_%: tests/fuzz_%.c $(LIBSRC) $(HDR) | $(BUILD)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(filter-out src/view/tui/%.c,$(LIBSRC)) \
	    $(shell pkg-config --libs libsodium) -lm

check-fuzz: $(FUZZBIN)
	@sh tests/run_fuzz.sh $(FUZZBIN)

fuzz: $(FUZZBIN)
	@for f in $(FUZZBIN); do mkdir -p $(BUILD)/corpus-$${f##*/}; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(BUILD)/corpus-$${f##*/} || exit 1; done

# The README's two commands on a fresh Debian 12 root (as root; see README).
fresh-machine: deps
	@$(MAKE) --no-print-directory deps DEPS="$(FRESH_DEPS)"
	@$(MAKE) --no-print-directory mtls-sim
	@sh tests/fresh_machine.sh

golden: mtls-sim
	@sh tests/regen_golden.sh
	@sh tests/check_lessons.sh --regen
	@sh tests/check_tui.sh --regen

bench: deps
	@$(MAKE) --no-print-directory mtls-sim
	@sh tests/bench.sh

install: mtls-sim
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/mtls-sim/lessons \
	    $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 mtls-sim $(DESTDIR)$(PREFIX)/bin/mtls-sim
	if [ -f man/mtls-sim.1 ]; then install -m 644 man/mtls-sim.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi
	for f in lessons/*; do [ -f "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/mtls-sim/lessons/; done; true

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/mtls-sim $(DESTDIR)$(PREFIX)/share/man/man1/mtls-sim.1
	rm -rf $(DESTDIR)$(PREFIX)/share/mtls-sim

clean:
	rm -rf $(BUILD) mtls-sim
