# The negotiator: one freestanding source set built four ways.
#  - host objects, linked into the pvabi program (and the tests, the bench);
#  - $(O)/negotiator/libpvabi-neg.a and .so, the host library `make install`
#    installs for other projects (below);
#  - $(O)/negotiator/libpvabi-neg-32.a and -64.a for guest kernels, built
#    with their own flags (no libc, no sanitizers, no SSE, no red zone).
NEG_SRCS := $(wildcard $(SRC)/negotiator/*.c)
NEG_REL := $(patsubst $(SRC)/%,%,$(NEG_SRCS))
NEG_OBJS := $(call objs,$(NEG_REL))
PVABI_LIB_OBJS += $(NEG_OBJS)

# Guest kernels have no FPU/SSE state to spare and take interrupts on the
# current stack (hence no red zone). GCC may turn loops into memset calls,
# which a guest kernel need not provide; clang does not know the flag.
NEG_FREE_OPT ?= -O2 -g
NEG_NO_LIBCALLS := $(shell $(CC) -fno-tree-loop-distribute-patterns -E -x c /dev/null \
	>/dev/null 2>&1 && echo -fno-tree-loop-distribute-patterns)
NEG_FREE_CFLAGS = -std=c11 $(WARN) -I$(SRC) $(NEG_FREE_OPT) -ffreestanding \
	-fno-stack-protector -fno-pic -fno-asynchronous-unwind-tables \
	-mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-80387 $(NEG_NO_LIBCALLS)

# Their object trees, $(O)/obj-guest32 and -64 (mk/rules.mk).
NEG32_CFLAGS = -m32 $(NEG_FREE_CFLAGS)
NEG64_CFLAGS = -m64 $(NEG_FREE_CFLAGS)
$(eval $(call obj_tree,$(O)/obj-guest32,$(SRC),CC,NEG32_CFLAGS,CC32))
$(eval $(call obj_tree,$(O)/obj-guest64,$(SRC),CC,NEG64_CFLAGS,CC64))

# The archive is only kept when its members reference nothing outside it
# (no memcpy, no libgcc helper, no stack protector) and define nothing but
# pvabi_neg_* names, so a guest can link it with -nostdlib and no clashes.
# (nm -u alone lists each member's references, even the ones another
# member defines; hence the set difference.)
define neg_archive
	$(call msg,AR,$(patsubst $(O)/%,%,$@))
	$(Q)mkdir -p $(@D)
	$(Q)rm -f $@ $@.tmp $@.syms
	$(Q)$(AR) rcs $@.tmp $^
	$(Q)nm -g $@.tmp >$@.syms
	$(Q)bad=$$(awk '$$1 == "U" { u[$$2] = 1 } NF == 3 { d[$$3] = 1 } \
		END { for (s in u) if (!(s in d)) print "undefined " s; \
		      for (s in d) if (s !~ /^pvabi_neg_/) print "foreign " s }' $@.syms) && \
	rm -f $@.syms && \
	if [ -n "$$bad" ]; then echo "$@:" $$bad >&2; rm -f $@.tmp; exit 1; fi
	$(Q)mv $@.tmp $@
endef

NEG_ARCHIVE_32 := $(O)/negotiator/libpvabi-neg-32.a
NEG_ARCHIVE_64 := $(O)/negotiator/libpvabi-neg-64.a

$(NEG_ARCHIVE_32): $(patsubst %.c,$(O)/obj-guest32/%.o,$(NEG_REL))
	$(neg_archive)

$(NEG_ARCHIVE_64): $(patsubst %.c,$(O)/obj-guest64/%.o,$(NEG_REL))
	$(neg_archive)

BINS += $(NEG_ARCHIVE_32) $(NEG_ARCHIVE_64)

# Proof that the archives link into a program with no libc at all (any
# missing symbol fails the link) and run the same as the host build: the
# tests execute these and compare their output byte for byte.
$(O)/negotiator/link-check-%: $(O)/obj-guest%/negotiator/tests/guest/link_check.o \
		$(O)/negotiator/libpvabi-neg-%.a
	$(call msg,LD,$(patsubst $(O)/%,%,$@))
	$(Q)$(CC) -m$* $(NEG_FREE_CFLAGS) -nostdlib -static -o $@ $(filter %.o %.a,$^)

NEG_LINK_CHECKS := $(O)/negotiator/link-check-32 $(O)/negotiator/link-check-64

NEG_TEST_SRCS := $(wildcard $(SRC)/negotiator/tests/*.c)
NEG_TEST_OBJS := $(call objs,$(patsubst $(SRC)/%,%,$(NEG_TEST_SRCS)))

# The tests inspect the guest archives and run the built program.
$(O)/tests/test-negotiator: $(NEG_TEST_OBJS) $(NEG_OBJS) $(HARNESS_OBJ) \
		| $(NEG_ARCHIVE_32) $(NEG_ARCHIVE_64) $(NEG_LINK_CHECKS) $(O)/pvabi
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-negotiator

$(O)/bench/bench-negotiate: $(call objs,bench/bench_negotiate.c) $(NEG_OBJS) $$(UTIL_OBJS)
	$(call link_rule,)

BENCHES += $(O)/bench/bench-negotiate

# What another project links, installed by `make install`: the library
# built for the host (static and shared, position independent, never with
# the sanitizers of a SANITIZE=1 build, so any program can link it), the
# freestanding archives above for 32- and 64-bit guest kernels, the header
# and one pkg-config file per build.
PVABI_LIB_VERSION := $(shell sed -n 's/^\#define PVABI_VERSION "\(.*\)"$$/\1/p' $(SRC)/cli/version.h)
NEG_SONAME := libpvabi-neg.so.$(firstword $(subst ., ,$(PVABI_LIB_VERSION)))
NEG_HOST_CFLAGS = -std=c11 $(WARN) -I$(SRC) $(NEG_FREE_OPT) -fPIC

# Its object tree, $(O)/obj-host (mk/rules.mk).
$(eval $(call obj_tree,$(O)/obj-host,$(SRC),CC,NEG_HOST_CFLAGS,CC))

NEG_HOST_OBJS := $(patsubst %.c,$(O)/obj-host/%.o,$(NEG_REL))
NEG_LIB_A := $(O)/negotiator/libpvabi-neg.a
NEG_LIB_SO := $(O)/negotiator/libpvabi-neg.so.$(PVABI_LIB_VERSION)

# Unlike the guest archives, the host library may call libc (a compiler
# is free to emit memcpy for a struct copy there).
$(NEG_LIB_A): $(NEG_HOST_OBJS)
	$(call msg,AR,$(patsubst $(O)/%,%,$@))
	$(Q)rm -f $@.tmp
	$(Q)$(AR) rcs $@.tmp $^ && mv $@.tmp $@

$(NEG_LIB_SO): $(NEG_HOST_OBJS)
	$(call msg,LD,$(patsubst $(O)/%,%,$@))
	$(Q)$(CC) -shared -Wl,-soname,$(NEG_SONAME) -Wl,-z,defs -o $@.tmp $^ && mv $@.tmp $@

BINS += $(NEG_LIB_A) $(NEG_LIB_SO)

# $(call neg_pc,NAME,DESCRIPTION,LIBS,EXTRA): a pkg-config file into
# $(DESTDIR)$(LIBDIR)/pkgconfig; the header is <pvabi_neg.h> (or
# <pvabi/pvabi_neg.h> without the Cflags).
define neg_pc
	$(Q)printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' $(4) '' \
		'Name: $(1)' 'Description: $(2)' 'Version: $(PVABI_LIB_VERSION)' \
		'Cflags: -I$${includedir}/pvabi' 'Libs: -L$${libdir} $(3)' \
		>$(DESTDIR)$(LIBDIR)/pkgconfig/$(1).pc
endef

.PHONY: install-neg
install-neg: $(NEG_LIB_A) $(NEG_LIB_SO) $(NEG_ARCHIVE_32) $(NEG_ARCHIVE_64)
	$(call msg,INSTALL,$(DESTDIR)$(LIBDIR)/libpvabi-neg.a)
	$(Q)install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/pvabi
	$(Q)install -m 0644 $(SRC)/negotiator/pvabi_neg.h $(DESTDIR)$(INCLUDEDIR)/pvabi/pvabi_neg.h
	$(Q)install -m 0644 $(NEG_LIB_A) $(DESTDIR)$(LIBDIR)/libpvabi-neg.a
	$(Q)install -m 0755 $(NEG_LIB_SO) $(DESTDIR)$(LIBDIR)/$(notdir $(NEG_LIB_SO))
	$(Q)ln -sf $(notdir $(NEG_LIB_SO)) $(DESTDIR)$(LIBDIR)/$(NEG_SONAME)
	$(Q)ln -sf $(NEG_SONAME) $(DESTDIR)$(LIBDIR)/libpvabi-neg.so
	$(Q)install -m 0644 $(NEG_ARCHIVE_32) $(DESTDIR)$(LIBDIR)/libpvabi-neg-freestanding32.a
	$(Q)install -m 0644 $(NEG_ARCHIVE_64) $(DESTDIR)$(LIBDIR)/libpvabi-neg-freestanding64.a
	$(call neg_pc,pvabi-neg,pvabi version negotiator (host build),-lpvabi-neg,)
	$(call neg_pc,pvabi-neg-freestanding64,pvabi version negotiator for 64-bit guest kernels \
		(no libc; link with -nostdlib),-lpvabi-neg-freestanding64,'arch_cflags=-m64')
	$(call neg_pc,pvabi-neg-freestanding32,pvabi version negotiator for 32-bit guest kernels \
		(no libc; link with -nostdlib),-lpvabi-neg-freestanding32,'arch_cflags=-m32')

INSTALL_TARGETS += install-neg
