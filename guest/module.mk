# The guest runtime. Its pure parts (formatter, TAP writer, status
# aggregation, command lines, the judge's comparisons) are also built for
# the host and unit-tested there.
GUEST_PURE := guest/rt/fmt.c guest/rt/tap.c guest/rt/tapline.c guest/rt/conrec.c guest/rt/cmdline.c \
	guest/rt/suite_check.c guest/rt/conformance2_gap.c

$(O)/tests/test-guest-runtime: $(call objs,guest/tests/test_runtime.c guest/tests/test_check.c guest/tests/test_gap.c \
		$(GUEST_PURE)) $(HARNESS_OBJ)
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-guest-runtime

# Freestanding guest images: 64-bit code in an ELF32 container (QEMU's
# multiboot loader refuses ELF64), loaded at 1 MiB. Always built with GCC
# whatever CC is: the images are fixtures, the toolchain is part of them.
GUEST_CC ?= gcc
GUEST_OBJCOPY ?= objcopy
GUEST_CFLAGS := -std=c11 -O2 -g -m64 -ffreestanding -fno-pic -fno-pie -mno-red-zone \
	-mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-builtin -nostdinc -isystem $(shell $(GUEST_CC) -print-file-name=include) \
	$(WARN) -I$(SRC) -I$(O)/gen
GUEST_LDFLAGS := -m64 -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-T,$(SRC)/guest/boot/guest.ld -Wl,-z,max-page-size=4096

GUEST_RT := guest/boot/entry.S guest/rt/isr.S guest/rt/boot.c guest/rt/console.c \
	guest/rt/idt.c guest/rt/exception.c guest/rt/libc.c guest/rt/fmt.c guest/rt/tap.c \
	guest/rt/tapline.c guest/rt/conrec.c guest/rt/cmdline.c guest/rt/upcall.c guest/rt/msr.c
guest_objs = $(patsubst %,$(O)/guest/obj/%.o,$(basename $(1)))

# The guest's object trees (mk/rules.mk): $(O)/guest/obj/X.o from the
# sources, $(O)/guest/obj/gen/X.o from generated ones (a revision's
# suite, which finds its header beside it), and variant trees
# $(O)/guest/obj/NAME/X.o for sources built again with other flags:
# $(call guest_variant_objs,NAME,guest/a.c ...).
$(eval $(call obj_tree,$(O)/guest/obj,$(SRC),GUEST_CC,GUEST_CFLAGS,GUESTCC))
$(eval $(call obj_tree,$(O)/guest/obj/gen,$(O)/gen,GUEST_CC,GUEST_CFLAGS,GUESTCC))
guest_variant = $(if $(GUEST_VARIANT_$(1)),,$(eval GUEST_VARIANT_$(1) := 1)$(eval \
	$(call obj_tree,$(O)/guest/obj/$(1),$(SRC),GUEST_CC,GUEST_CFLAGS,GUESTCC)))
guest_variant_objs = $(call guest_variant,$(1))$(patsubst %,$(O)/guest/obj/$(1)/%.o,$(basename $(2)))

# $(call guest_image,out,objects,header-object): link, then rewrap as ELF32.
define guest_image
	$(call msg,IMAGE,$(notdir $(1)))
	$(Q)mkdir -p $(dir $(1))
	$(Q)$(GUEST_CC) $(GUEST_LDFLAGS) -o $(1).elf64 $(2)
	$(Q)$(GUEST_OBJCOPY) -O elf32-i386 --strip-debug $(1).elf64 $(1)
endef

GUEST_MB := $(call guest_objs,guest/boot/multiboot.S)
GUEST_PVH := $(call guest_objs,guest/boot/pvh.S)

$(O)/guest/empty.elf: $(call guest_objs,$(GUEST_RT) guest/empty.c) $(GUEST_MB) $(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

$(O)/guest/empty-pvh.elf: $(call guest_objs,$(GUEST_RT) guest/empty.c) $(GUEST_PVH) $(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

# Which hypervisor leaves and MSRs a platform offers (guest/msr_probe.c).
$(O)/guest/msr-probe.elf: $(call guest_objs,$(GUEST_RT) guest/msr_probe.c) $(GUEST_MB) $(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

GUEST_IMAGES := $(O)/guest/empty.elf $(O)/guest/empty-pvh.elf $(O)/guest/msr-probe.elf
.PHONY: guests
guests: $(GUEST_IMAGES)
all: guests

# Conformance images: the runtime, the runner, the negotiator built
# freestanding, and one revision's generated suite.
GUEST_SUITE_RT := $(GUEST_RT) guest/rt/transport.c guest/rt/console_mem.c guest/rt/suite.c guest/rt/suite_args.c \
	guest/rt/scen_steps.c guest/rt/suite_probe.c guest/rt/suite_fixed.c guest/rt/suite_batch.c guest/rt/suite_check.c guest/rt/suite_handle.c \
	guest/rt/suite_vcpu.c guest/rt/suite_mono.c guest/rt/suite_rate.c guest/rt/suite_conv.c guest/rt/suite_excl.c guest/rt/suite_mono_read.c guest/rt/suite_out.c \
	guest/rt/negotiate.c guest/rt/smp.c guest/rt/smp_tramp.S \
	guest/rt/suite_full.c guest/rt/suite_refused.c guest/rt/suite_sweep.c guest/rt/suite_least.c \
	guest/rt/suite_between.c guest/rt/suite_cost.c \
	guest/image.c negotiator/wire.c negotiator/negotiate.c negotiator/text.c

# What a failed scenario holds, released (docs/spec-language.md#release-
# after-a-failed-scenario).
GUEST_SUITE_RT += guest/rt/suite_release.c

# $(call conformance_image,out,suite-object)
define conformance_image
	$(call guest_image,$(1),$(call guest_objs,$(GUEST_SUITE_RT)) $(GUEST_MB) $(2))
endef

# Code a conformance image runs once per boot (negotiation records and
# explanations, the memory console's set-up) is built for size: the
# images stay small as the suites grow, and nothing here is on the path
# each check takes.
$(call guest_objs,negotiator/text.c guest/rt/console_mem.c): private EXTRA_CFLAGS += -Os
