# pvabi: one entry point for build, tests, benchmarks and install.
#
#   make [all]            build the pvabi program and libraries into $(O)
#   make matrix           the main job: the compatibility matrix of every frozen
#                         guest image and the draft image against the current
#                         and every released platform, on the best engine here
#                         (installs missing deps); reports in $(O)/matrix
#   make gate             pvabi check + the full matrix: the release verdict
#   make xen-matrix       the frozen Xen images on every cached Xen release and
#                         XEN_MATRIX_ARGS='--xen xen.gz' builds (ci/xen-matrix)
#   make kvm-matrix       the frozen KVM guests (spec/kvm.xml) on host profiles of
#                         every Linux release the spec knows and today's host,
#                         engines kvm, qemu-kvm and qemu-tcg (a SKIP, with why);
#                         reports in $(O)/kvm-matrix
#   make abi              check the spec and registry, show the newest revision
#   make check            build and run every test suite (installs missing deps)
#   make bench            run the benchmarks, results under bench/results/
#   make fuzz             build the libFuzzer harnesses with clang into $(O)/fuzz
#                         and run each FUZZ_TIME seconds (docs/fuzzing.md)
#   make install          install the pvabi program, its man page, bash completion,
#                         schemas and reference files, and the negotiator library
#                         (host and freestanding archives, header, pkg-config
#                         files) under PREFIX (default /usr/local), staged
#                         under DESTDIR when given
#   make clean            remove $(O)
#
# Knobs: O=dir (out-of-tree build, default build), V=1 (echo commands),
# WERROR=0 (warnings are not fatal), SANITIZE=1 (ASan + UBSan), CC=clang.

O        ?= build
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBDIR   ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man
WERROR   ?= 1
SANITIZE ?= 0
V        ?= 0

SRC := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2)
endif

XML2_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML2_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
CUNIT_LIBS  := -lcunit

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wvla -Wpointer-arith
ifeq ($(WERROR),1)
WARN += -Werror
endif

CFLAGS   ?= -O2 -g
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -I$(SRC) -I$(O)/gen $(XML2_CFLAGS)
LDFLAGS  ?=
ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

ALL_CFLAGS = $(BASE_CFLAGS) $(CFLAGS)

# Every module describes itself in a fragment; fragments append to these.
# INSTALL_TARGETS: phony targets that install a module's part of `make
# install` into $(DESTDIR) under the directories above.
BINS  :=
INSTALL_TARGETS :=
TESTS :=
# Objects only the full program links (the runner and the platform built
# from generated code); recursive, as modules later in the order add to it.
RUNNER_OBJS =
BENCHES :=
CLEAN_EXTRA :=

.PHONY: all tests abi matrix gate check test bench install install-prog clean deps xen-matrix kvm-matrix
all:

# Fragments are included in directory order; a rule naming another
# module's variables in its prerequisites writes them as $$(VAR).
.SECONDEXPANSION:
# Generated intermediates (headers, suites, objects) are kept, not remade.
.SECONDARY:

include $(SRC)/mk/rules.mk

# The shared CUnit harness every test program links (defined before the
# fragments so each can name it).
HARNESS_OBJ := $(call objs,tests/harness.c)
# The helpers every host-side library links (util/: file reading and
# writing, JSON and XML escaping, UTF-8), named here for the same reason.
UTIL_OBJS := $(call objs,$(patsubst $(SRC)/%,%,$(wildcard $(SRC)/util/*.c)))
include $(wildcard $(SRC)/*/module.mk $(SRC)/*/*/module.mk \
	$(SRC)/*/*/*/module.mk $(SRC)/*/*/*/*/module.mk)

# Linked here, after every fragment has added its objects. The generator
# runs as $(O)/pvabi-gen (every command but the runner's): the reference
# platform inside the full program is built from code it generates.
$(O)/pvabi-gen: $(CLI_GEN_OBJS) $(PVABI_LIB_OBJS)
	$(call link_rule,$(XML2_LIBS))

$(O)/pvabi: $(CLI_OBJS) $(PVABI_LIB_OBJS) $(RUNNER_OBJS)
	$(call link_rule,$(XML2_LIBS))

all: $(BINS)

deps:
	$(Q)$(SRC)/ci/install-deps

# Each test program prints its own CUnit summary; the aggregate line at the
# end is what CI reads. CHECK_SKIP names test programs (test-NAME) left out
# of this run, neither built nor run, and CHECK_SKIP_WHY says why: each is
# printed and counted as skipped (ci/test's passes use it; docs/hacking.md).
CHECK_SKIP ?=
CHECK_SKIP_WHY ?=
CHECK_TESTS = $(filter-out $(addprefix $(O)/tests/,$(CHECK_SKIP)),$(TESTS))
ifneq ($(filter check test,$(MAKECMDGOALS)),)
ifneq ($(filter-out $(notdir $(TESTS)),$(CHECK_SKIP)),)
$(error CHECK_SKIP names no test program: $(filter-out $(notdir $(TESTS)),$(CHECK_SKIP)))
endif
endif

# Every test program built, none run (a tree of the same name exists, so
# the target must be phony).
tests: all $$(TESTS)

check: deps all $$(CHECK_TESTS)
	$(Q)PVABI_SRC=$(SRC) PVABI_BUILD=$(abspath $(O)) \
		PVABI_MAKE_VARS="CC='$(CC)' SANITIZE=$(SANITIZE) WERROR=$(WERROR)" \
		PVABI_CHECK_SKIP="$(CHECK_SKIP)" PVABI_CHECK_SKIP_WHY="$(CHECK_SKIP_WHY)" \
		$(SRC)/ci/run-tests $(O) $(CHECK_TESTS)

test: check

# The main job. MATRIX_ARGS passes options on (e.g. MATRIX_ARGS='--engine kvm').
matrix: deps all
	$(Q)cd $(SRC) && $(abspath $(O))/pvabi matrix --out $(abspath $(O))/matrix $(MATRIX_ARGS)

gate: deps all
	$(Q)cd $(SRC) && $(abspath $(O))/pvabi gate --out $(abspath $(O))/gate $(MATRIX_ARGS)

# The KVM matrix: rows the frozen kvmclock guests, columns the host
# profiles spec/kvm.xml's releases declare (KVM_MATRIX_ARGS passes options
# on, e.g. '--engine kvm').
KVM_MATRIX_ENGINES ?= kvm,qemu-kvm,qemu-tcg
kvm-matrix: deps all
	$(Q)cd $(SRC) && $(abspath $(O))/pvabi matrix --spec spec/kvm.xml \
		--registry spec/kvm-versions.xml --engine $(KVM_MATRIX_ENGINES) \
		--out $(abspath $(O))/kvm-matrix $(KVM_MATRIX_ARGS)

# The Xen matrix: the frozen Xen images and this tree's fresh Xen suites
# on every cached Xen release and any --xen build (XEN_MATRIX_ARGS='--xen
# path/to/xen.gz'); reports in $(O)/xen-matrix.
xen-matrix: deps all $$(XEN_SUITE_IMAGES)
	$(Q)$(SRC)/ci/xen-matrix --pvabi $(abspath $(O))/pvabi --out $(abspath $(O))/xen-matrix \
		$(XEN_MATRIX_ARGS)

# The spec's history and registry checked, then the newest revision's view
# and fingerprint.
abi: deps all
	$(Q)cd $(SRC) && $(abspath $(O))/pvabi check
	$(Q)cd $(SRC) && $(abspath $(O))/pvabi show

bench: deps all $(BENCHES)
	$(Q)cd $(SRC) && PVABI_BIN=$(abspath $(O))/pvabi PVABI_SRC=$(SRC) PVABI_BUILD=$(abspath $(O)) \
		PVABI_SCHEMA=$(SRC)/spec/schema/pvabi-spec.rng \
		$(SRC)/ci/run-bench $(O) $(SRC)/bench/results $(abspath $(BENCHES))

# The program needs nothing from the source tree: its schemas are
# compiled in. share/pvabi holds copies of them for other tools, the
# reference spec and registry, and the auto engine's calibration image
# (found there as ../share/pvabi/calls.elf from the program).
install: install-prog $(INSTALL_TARGETS)

install-prog: all
	$(call msg,INSTALL,$(DESTDIR)$(BINDIR)/pvabi)
	$(Q)install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/pvabi/schema
	$(Q)install -m 0755 $(O)/pvabi $(DESTDIR)$(BINDIR)/pvabi
	$(Q)install -m 0644 $(SRC)/spec/schema/*.rng $(DESTDIR)$(DATADIR)/pvabi/schema/
	$(Q)install -m 0644 $(SRC)/spec/platform.xml $(SRC)/ABI-VERSIONS.xml $(DESTDIR)$(DATADIR)/pvabi/
	$(Q)install -m 0644 $(O)/guest/calls.elf $(DESTDIR)$(DATADIR)/pvabi/calls.elf

clean:
	$(Q)rm -rf $(O) $(CLEAN_EXTRA)

-include $(shell find $(O) -name '*.d' 2>/dev/null)
