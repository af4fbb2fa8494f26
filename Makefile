# mtls-sim — build, run, test.
#
#   make run     install missing packages, build, start the interface
#   make test    install missing packages, build, run the whole suite
#                (unit tests, sanitizer build, valgrind, openssl/tshark/tmux checks)
#   make bench   benchmarks (not part of test)
#   make deps    only install what is missing (Debian: apt-get)

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
PKGS     = libsodium ncursesw
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wmissing-prototypes \
           -Wstrict-prototypes -Wformat=2
CFLAGS  ?= -O2 -g
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -DMTLS_DATADIR='"$(PREFIX)/share/mtls-sim"'
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(CPPFLAGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

# Debian packages the build and the test suite need, as "command-or-file:package".
DEPS = /usr/include/sodium.h:libsodium-dev \
       /usr/include/ncursesw/curses.h:libncurses-dev \
       pkg-config:pkg-config \
       /usr/include/cmocka.h:libcmocka-dev \
       openssl:openssl \
       tshark:tshark \
       tmux:tmux \
       valgrind:valgrind \
       python3:python3 \
       groff:groff-base \
       /usr/bin/time:time \
       clang:clang \
       /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev

BUILD   = build
SRC     = $(sort $(wildcard src/*.c))
LIBSRC  = $(filter-out src/main.c,$(SRC))
OBJ     = $(LIBSRC:src/%.c=$(BUILD)/obj/%.o)
TESTSRC = $(sort $(wildcard tests/test_*.c))
TESTBIN = $(TESTSRC:tests/%.c=$(BUILD)/%)
TOOLSRC = $(sort $(wildcard tests/tool_*.c))
TOOLBIN = $(TOOLSRC:tests/%.c=$(BUILD)/%)
ASAN_OBJ = $(LIBSRC:src/%.c=$(BUILD)/asan/%.o)
ASAN_TESTBIN = $(TESTSRC:tests/%.c=$(BUILD)/asan/%)
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all run test deps bench clean install uninstall check-unit check-asan check-valgrind \
        check-tools check-fuzz fuzz golden

all: mtls-sim

mtls-sim: $(OBJ) $(BUILD)/obj/main.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS) -lm

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/asan/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)/asan
	$(CC) $(ALL_CFLAGS) -Werror $(ASAN_FLAGS) -c -o $@ $<

$(BUILD)/test_%: tests/test_%.c $(wildcard tests/*.h) $(OBJ) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Werror -Isrc -o $@ $< $(OBJ) $(LIBS) $(TEST_LIBS) -lm

$(BUILD)/tool_%: tests/tool_%.c $(OBJ) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Werror -Isrc -o $@ $< $(OBJ) $(LIBS) -lm

$(BUILD)/bench: tests/bench.c $(OBJ) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Werror -Isrc -o $@ $< $(OBJ) $(LIBS) -lm

$(BUILD)/asan/test_%: tests/test_%.c $(wildcard tests/*.h) $(ASAN_OBJ) | $(BUILD)/asan
	$(CC) $(ALL_CFLAGS) -Werror $(ASAN_FLAGS) -Isrc -o $@ $< $(ASAN_OBJ) $(LIBS) $(TEST_LIBS) -lm

$(BUILD) $(BUILD)/obj $(BUILD)/asan:
	mkdir -p $@

# lesson.c has the installed data directory built in: rebuild it when PREFIX
# changes (make install PREFIX=/usr after a plain make).
PREFIX_STAMP = $(BUILD)/prefix$(subst /,_,$(PREFIX))
$(PREFIX_STAMP): | $(BUILD)
	rm -f $(BUILD)/prefix_*
	touch $@
$(BUILD)/obj/lesson.o $(BUILD)/asan/lesson.o: $(PREFIX_STAMP)

deps:
	@missing=""; \
	for d in $(DEPS); do \
	  what=$${d%%:*}; pkg=$${d##*:}; \
	  case $$what in /*) [ -e "$$what" ] ;; *) command -v "$$what" >/dev/null 2>&1 ;; esac \
	    || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "make deps: installing missing packages:$$missing"; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "make deps: no apt-get on this machine; install these packages by hand:$$missing" >&2; exit 1; \
	fi; \
	sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	export DEBIAN_FRONTEND=noninteractive; \
	$$sudo apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
	{ $$sudo apt-get update -q && $$sudo apt-get install -y -q --no-install-recommends $$missing; }

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
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 sh tests/run_unit.sh $(ASAN_TESTBIN)

check-valgrind: $(TESTBIN) mtls-sim
	@sh tests/run_valgrind.sh $(TESTBIN)

check-tools: mtls-sim $(TOOLBIN)
	@sh tests/run_tools.sh

# Fuzz targets (libFuzzer, with ASan and UBSan). `make fuzz` runs each for
# FUZZ_SECONDS; make test runs a short, seeded smoke run of each.
FUZZ_CC = clang
FUZZ_FLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
             -D_POSIX_C_SOURCE=200809L -Isrc $(shell pkg-config --cflags libsodium)
FUZZ_SECONDS ?= 60
FUZZBIN = $(BUILD)/fuzz_parse $(BUILD)/fuzz_handshake $(BUILD)/fuzz_lessons $(BUILD)/fuzz_keys \
          $(BUILD)/fuzz_options
# the --keys parser lives with the interface, which the other targets leave out
$(BUILD)/fuzz_keys: FUZZ_FLAGS += src/tui_keys.c src/tui_text.c $(shell pkg-config --cflags ncursesw)

$(BUILD)/fuzz_%: tests/fuzz_%.c $(LIBSRC) $(wildcard src/*.h) | $(BUILD)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(filter-out src/tui%.c,$(LIBSRC)) \
	    $(shell pkg-config --libs libsodium) -lm

check-fuzz: $(FUZZBIN)
	@for f in $(FUZZBIN); do \
	  mkdir -p $(BUILD)/corpus-$${f##*/}; \
	  $$f -seed=1 -runs=4000 -max_len=2048 $(BUILD)/corpus-$${f##*/} >$(BUILD)/$${f##*/}.log 2>&1 \
	    || { tail -30 $(BUILD)/$${f##*/}.log; echo "FAILED: $$f"; exit 1; }; \
	  echo "fuzz smoke: $${f##*/}: 4000 runs, no crash"; \
	done

fuzz: $(FUZZBIN)
	@for f in $(FUZZBIN); do mkdir -p $(BUILD)/corpus-$${f##*/}; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(BUILD)/corpus-$${f##*/} || exit 1; done

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
