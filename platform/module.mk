# The platform layer: the frame server shared by every engine, and the
# reference platform's handlers.
PLATFORM_HOST_OBJS := $(call objs,platform/host.c platform/irq.c)
PVABI_LIB_OBJS += $(PLATFORM_HOST_OBJS)

$(O)/tests/test-platform-host: $(call objs,platform/tests/test_host.c) $(PLATFORM_HOST_OBJS) $(HARNESS_OBJ)
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-platform-host
