# The conformance runner: engines, and later the matrix, oracle and gate.
CONFORMANCE_OBJS := $(call objs,conformance/engine.c conformance/engine_kvm.c \
	conformance/engine_qemu.c conformance/profile.c)
PVABI_LIB_OBJS += $(CONFORMANCE_OBJS)

# Engine tests against the mini platform (platform/tests/mini_host.c) and
# the mini conformance images.
$(O)/obj/gen-tests/mini_host.o: $(SRC)/platform/tests/mini_host.c $$(MINI_PLATFORM_H)
	$(call msg,CC,platform/tests/mini_host.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(MINI_GEN)/platform -c -o $@ $<

$(O)/obj/gen-tests/test_engine_qemu.o: $(SRC)/conformance/tests/test_engine_qemu.c $$(MINI_PLATFORM_H)
	$(call msg,CC,conformance/tests/test_engine_qemu.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(MINI_GEN)/platform -c -o $@ $<

$(O)/tests/test-engine-qemu: $(O)/obj/gen-tests/test_engine_qemu.o $(O)/obj/gen-tests/mini_host.o \
		$(O)/obj/gen-tests/mini_dispatch.o $$(CONFORMANCE_OBJS) $$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) \
		$$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ) | $$(MINI_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-engine-qemu
