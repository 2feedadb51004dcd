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
#   make secret-attack  an independent attack on the published figures (also in make check-full)
#   make install [PREFIX=/usr/local] [DESTDIR=]   install obs, its data, man page, completion
#   make uninstall [PREFIX=/usr/local] [DESTDIR=] remove them
#   make attack-sample  both attackers on the sample's run (out/obs.sqlite of make run)
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
INCS := -I.
OPT := -O2 -g
ifeq ($(SAN),1)
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
endif
CFLAGS_ALL = -std=c11 $(OPT) $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(OPT) -pthread $(LDFLAGS)

ALL_SRCS := $(shell find $(SRC_DIRS) -name '*.c' -not -path '*/fuzz/*' | sort)
MAIN_SRC := engine/cli/main.c
LIB_SRCS := $(filter-out $(MAIN_SRC),$(ALL_SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TEST_SUPPORT := $(wildcard tests/unit/support/*.c)
TEST_SUPPORT_OBJS := $(TEST_SUPPORT:%.c=$(BUILD)/obj/%.o)

.PHONY: install uninstall all run test check-full unit-tests check-tests fuzz fuzz-run bench clean help sample kill-test secret-attack attack-sample
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

# Benchmark programs (tests/bench/*.c), linked like the tests.
$(BUILD)/bench/%: $(BUILD)/obj/tests/bench/%.o $(BUILD)/libobs.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

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

# The outside attacker (tests/oracle/outsider_attack.py) on the public export of
# the sample's run, its findings checked against the internal export, the funder
# insider included, then obs audit-secret --combinaisons (the audit's attacker)
# on a copy of the base; exit 0 only when neither recovers a masked cell.
# ATTACK_DB= another base.
ATTACK_DB ?= out/obs.sqlite
attack-sample: $(BUILD)/obs
	@test -f $(ATTACK_DB) || { echo "$(ATTACK_DB) absent : lancez d'abord make run"; exit 1; }
	@rm -rf build/attack-sample && mkdir -p build/attack-sample
	@$(BUILD)/obs export $(ATTACK_DB) --csv > build/attack-sample/public.csv
	@$(BUILD)/obs export $(ATTACK_DB) --csv --internal > build/attack-sample/internal.csv
	@python3 -B tests/oracle/outsider_attack.py build/attack-sample/public.csv datasets/reference \
	    --internal build/attack-sample/internal.csv --config datasets/sample/obs.ini --insider \
	    --max-print 20 > build/attack-sample/attack.txt; rc=$$?; \
	    grep -v " <- " build/attack-sample/attack.txt; \
	    echo "leaks listed in build/attack-sample/attack.txt ($$(grep -c ' <- ' build/attack-sample/attack.txt) lines shown)"; \
	    cp $(ATTACK_DB) build/attack-sample/audit.sqlite; \
	    $(BUILD)/obs audit-secret build/attack-sample/audit.sqlite --combinaisons --toutes \
	    > build/attack-sample/audit.txt 2>&1; rc2=$$?; grep -v "obs: erreur : fuite" build/attack-sample/audit.txt; \
	    echo "leaks named in build/attack-sample/audit.txt"; [ $$rc -ne 0 ] && exit $$rc; exit $$rc2

fuzz:
	@sh tests/fuzz/build.sh build/fuzz

bench: all $(BUILD)/bench/bench_maps
	@sh engine/tools/bench-maps.sh ./obs $(BUILD)/bench/bench_maps
	@sh engine/tools/bench.sh ./obs
	@sh engine/tools/bench-national.sh ./obs
	@sh engine/tools/bench-sirene.sh ./obs
	@sh engine/tools/bench-map-render.sh ./obs

clean:
	rm -rf build obs

help:
	@sed -n '2,16p' Makefile

# Installation: the binary is linked again with the data folder compiled in
# (engine/core/data_dir.c), so that an installed obs finds its reference data,
# catalog and layouts without the source tree (OBS_DATA_DIR overrides it).
PREFIX ?= /usr/local
DESTDIR ?=
INST_BIN := $(PREFIX)/bin
INST_DATA := $(PREFIX)/share/obs
INST_MAN := $(PREFIX)/share/man/man1
INST_COMPL := $(PREFIX)/share/bash-completion/completions

install: $(BUILD)/obj/$(MAIN_SRC:.c=.o) $(BUILD)/libobs.a
	@mkdir -p $(BUILD)/install
	$(CC) $(CFLAGS_ALL) -DOBS_DATA_DIR='"$(INST_DATA)"' -c engine/core/data_dir.c -o $(BUILD)/install/data_dir.o
	$(CC) $(LDFLAGS_ALL) -o $(BUILD)/install/obs $(BUILD)/obj/$(MAIN_SRC:.c=.o) $(BUILD)/install/data_dir.o $(BUILD)/libobs.a $(PKG_LIBS)
	install -d $(DESTDIR)$(INST_BIN) $(DESTDIR)$(INST_MAN) $(DESTDIR)$(INST_COMPL) \
	    $(DESTDIR)$(INST_DATA)/datasets/reference/geo $(DESTDIR)$(INST_DATA)/indicators/catalog \
	    $(DESTDIR)$(INST_DATA)/reports/layouts
	install -m 755 $(BUILD)/install/obs $(DESTDIR)$(INST_BIN)/obs
	install -m 644 datasets/reference/*.csv datasets/reference/README.md $(DESTDIR)$(INST_DATA)/datasets/reference/
	install -m 644 datasets/reference/geo/*.geojson datasets/reference/geo/README.md $(DESTDIR)$(INST_DATA)/datasets/reference/geo/
	install -m 644 indicators/catalog/*.sql $(DESTDIR)$(INST_DATA)/indicators/catalog/
	install -m 644 reports/layouts/*.ini $(DESTDIR)$(INST_DATA)/reports/layouts/
	install -m 644 docs/obs.1 $(DESTDIR)$(INST_MAN)/obs.1
	install -m 644 engine/tools/obs.bash-completion $(DESTDIR)$(INST_COMPL)/obs

uninstall:
	rm -f $(DESTDIR)$(INST_BIN)/obs $(DESTDIR)$(INST_MAN)/obs.1 $(DESTDIR)$(INST_COMPL)/obs
	rm -rf $(DESTDIR)$(INST_DATA)
	-rmdir --ignore-fail-on-non-empty $(DESTDIR)$(INST_BIN) $(DESTDIR)$(INST_MAN) \
	    $(DESTDIR)$(PREFIX)/share/man $(DESTDIR)$(INST_COMPL) $(DESTDIR)$(PREFIX)/share/bash-completion \
	    $(DESTDIR)$(PREFIX)/share 2>/dev/null
