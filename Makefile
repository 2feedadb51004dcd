# obs — the ESS observatory engine.
#   make          build ./obs
#   make run      build and run the main job on the embedded sample (out/)
#   make test     unit + end-to-end tests, normally and under ASan+UBSan, then
#                 20 s of fuzzing (times: docs/testing.md)
#   make check-full  the long checks make test leaves out: the full sample under
#                 ASan+UBSan, valgrind, kill-test, 5 minutes of fuzzing
#   make fuzz     build the libFuzzer targets (clang)
#   make bench    national-scale benchmarks (never part of make test)
#   make kill-test  crash safety: obs run killed at 100 points (in make check-full)
#   make secret-attack  an independent attack on the published figures (also in make test)
# BUILD=dir puts objects elsewhere; SAN=1 builds with AddressSanitizer and UBSan;
# JOBS=n end-to-end scripts and compilations at once (default 2).

BUILD ?= build
SAN ?= 0
JOBS ?= 2
SUITE ?= test
CC ?= cc
SRC_DIRS := engine indicators datasets reports

# Flags of the Debian libraries, written by the dependency check (which installs
# what is missing when it can). GNU make remakes the included file first.
ifeq ($(filter clean help,$(MAKECMDGOALS)),)
include $(BUILD)/deps.mk
endif

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla
DEFS := -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DOBS_SOURCE_DIR='"$(CURDIR)"'
INCS := -Iengine -Iindicators -Idatasets -Ireports
OPT := -O2 -g
ifeq ($(SAN),1)
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
endif
CFLAGS_ALL = -std=c11 $(OPT) $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(OPT) -pthread $(LDFLAGS)

ALL_SRCS := $(shell find $(SRC_DIRS) -name '*.c' -not -path '*/fuzz/*' | sort)
MAIN_SRC := engine/main.c
LIB_SRCS := $(filter-out $(MAIN_SRC),$(ALL_SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TEST_SUPPORT := $(wildcard tests/unit/support/*.c)
TEST_SUPPORT_OBJS := $(TEST_SUPPORT:%.c=$(BUILD)/obj/%.o)

.PHONY: all run test check-full unit-tests check-tests fuzz fuzz-run bench clean help sample kill-test secret-attack
.DEFAULT_GOAL := all
.SECONDARY:

all: $(BUILD)/obs
ifeq ($(BUILD),build)
ifeq ($(SAN),0)
all: obs
obs: $(BUILD)/obs
	ln -sf $(BUILD)/obs obs
endif
endif

$(BUILD)/deps.mk: engine/tools/check-deps.sh
	@mkdir -p $(BUILD)
	@sh engine/tools/check-deps.sh > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libobs.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/obs: $(BUILD)/obj/$(MAIN_SRC:.c=.o) $(BUILD)/libobs.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(TEST_SUPPORT_OBJS) $(BUILD)/libobs.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

run: all
	@sh engine/tools/run-sample.sh ./obs

# The test suite, once normally and once under the sanitizers, then short
# fuzzing. Which end-to-end script runs in which pass: tests/suites.txt.
test:
	@sh engine/tools/check-test-tools.sh
	@$(MAKE) --no-print-directory -j$(JOBS) check-tests
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=build/san SAN=1 check-tests
	@sh tests/fuzz/run-short.sh

# The long checks: the end-to-end scripts make test leaves out (normally and
# under the sanitizers), obs run killed at 100 points, 5 minutes of fuzzing.
# make test and make check-full together run every check.
check-full:
	@sh engine/tools/check-test-tools.sh
	@$(MAKE) --no-print-directory -j$(JOBS) SUITE=full check-tests
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=build/san SAN=1 SUITE=full check-tests
	@$(MAKE) --no-print-directory kill-test
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-300} sh tests/fuzz/run-short.sh

# SUITE=test: the unit tests and make test's end-to-end scripts;
# SUITE=full: make check-full's end-to-end scripts.
check-tests: $(BUILD)/obs $(if $(filter test,$(SUITE)),$(TEST_BINS))
	@OBS=$(BUILD)/obs SAN=$(SAN) SUITE=$(SUITE) JOBS=$(JOBS) sh tests/run-tests.sh \
		$(if $(filter test,$(SUITE)),$(TEST_BINS))

unit-tests: $(TEST_BINS)

# Crash safety, at length: obs run killed at 100 points, each followed by a
# run that must give the uninterrupted results.
kill-test: $(BUILD)/obs
	@sh engine/tools/kill-anywhere.sh $(BUILD)/obs build/kill-test 100

# Statistical secrecy against an independent attacker who combines every
# additive equation of the published figures (exact linear algebra).
secret-attack: $(BUILD)/obs
	@rm -rf build/secret-attack && mkdir -p build/secret-attack
	@OBS=$(CURDIR)/$(BUILD)/obs WORK=$(CURDIR)/build/secret-attack SRC=$(CURDIR) sh tests/oracle/secret_attack.sh

fuzz:
	@sh tests/fuzz/build.sh build/fuzz

bench: all
	@sh engine/tools/bench.sh ./obs
	@sh engine/tools/bench-national.sh ./obs

clean:
	rm -rf build obs

help:
	@sed -n '2,13p' Makefile
