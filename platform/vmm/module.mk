# The kvm engine's VMM: a library over /dev/kvm (platform/vmm/vmm.h), a
# small program to run one image by hand, its tests and its benchmark.
VMM_OBJS := $(call objs,platform/vmm/vmm.c platform/vmm/vmm_exit.c platform/vmm/vmm_setup.c \
	platform/vmm/vmm_host.c platform/vmm/vmm_kvmpv.c platform/vmm/vmm_io.c platform/vmm/vmm_timer.c \
	platform/vmm/vmm_result.c platform/vmm/vmm_smp.c platform/vmm/vmm_apic.c \
	platform/vmm/elf.c platform/vmm/elf_read.c platform/vmm/elf_note.c) $(UTIL_OBJS)
PVABI_LIB_OBJS += $(VMM_OBJS)

# pvabi-vm IMAGE [--cmdline S] [--timeout SECONDS] [--mem MiB]: limits
# and exit codes are pvabi run's (conformance/engine.h, cell.h).
$(O)/platform/pvabi-vm: $(call objs,platform/vmm/main.c conformance/engine_limits.c) $(VMM_OBJS)
	$(call link_rule,)

BINS += $(O)/platform/pvabi-vm

# The loader against malformed images, then boots of the runtime's empty
# images and of hand-assembled guests built in memory by the test; the
# program itself is run too.
VMM_TEST_OBJS := $(call objs,$(addprefix platform/vmm/tests/,test_vmm.c test_loader.c test_notes.c \
	test_config.c test_boot.c test_devices.c test_irq.c test_cli.c test_kvmpv.c test_kvmclock.c \
	vmm_image.c vmm_fixture.c))

$(O)/tests/test-vmm: $(VMM_TEST_OBJS) $(VMM_OBJS) $(HARNESS_OBJ) \
		| $(O)/guest/empty.elf $(O)/guest/empty-pvh.elf $(O)/guest/msr-probe.elf $(O)/guest/tests/smp.elf \
		  $$(KVM_GUESTS) $(O)/platform/pvabi-vm
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-vmm

# The mini conformance images through the doorbell, served by the mini
# platform (platform/tests/mini_host.c, built by conformance/module.mk).
VMM_MINI_TEST_OBJ := $(call objs,platform/vmm/tests/test_vmm_mini.c)
$(VMM_MINI_TEST_OBJ): $$(MINI_PLATFORM_H)
$(VMM_MINI_TEST_OBJ): private EXTRA_CFLAGS = -I$(MINI_GEN)/platform

$(O)/tests/test-vmm-mini: $(VMM_MINI_TEST_OBJ) $$(MINI_HOST_OBJ) $$(MINI_DISPATCH_OBJ) \
		$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $(HARNESS_OBJ) | $$(MINI_IMAGES)
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-vmm-mini

# Lifecycles per second and boot-to-exit of empty.elf (skips without /dev/kvm).
$(O)/bench/bench-vmm: $(call objs,platform/vmm/bench_vmm.c) $(VMM_OBJS) $$(UTIL_OBJS) | $(O)/guest/empty.elf
	$(call link_rule,)

BENCHES += $(O)/bench/bench-vmm
