# The Xen ABI (spec/xen.xml) checked against Xen's public headers: the
# crosscheck header of every revision compiled with libxen-dev's headers
# for x86-64 and x86-32.
$(O)/tests/test-xen-headers: $(call objs,emit/tests/xen/test_xen_headers.c tests/fixtures.c) \
		$$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ)
	$(call link_rule,$(XML2_LIBS) $(CUNIT_LIBS))

TESTS += $(O)/tests/test-xen-headers
