# End-to-end tests of the pvabi program.
$(O)/tests/test-cli: $(call objs,cli/tests/test_release.c) $(HARNESS_OBJ) | $(O)/pvabi
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-cli
