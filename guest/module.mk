# The guest runtime. Its pure parts (formatter, TAP writer, status
# aggregation) are also built for the host and unit-tested there.
GUEST_PURE := guest/rt/fmt.c guest/rt/tap.c

$(O)/tests/test-guest-runtime: $(call objs,guest/tests/test_runtime.c $(GUEST_PURE)) $(HARNESS_OBJ)
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-guest-runtime
