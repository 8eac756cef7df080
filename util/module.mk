# util/: one helper for each job every host-side module shares (reading a
# whole file, writing files atomically, JSON and XML escaping, UTF-8).
# UTIL_OBJS is defined in the top Makefile, before the fragments, so each
# module can link it; the modules' object lists carry it.
PVABI_LIB_OBJS += $(UTIL_OBJS)

$(O)/tests/test-util: $(call objs,$(patsubst $(SRC)/%,%,$(wildcard $(SRC)/util/tests/*.c))) \
		$(UTIL_OBJS) $(HARNESS_OBJ)
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-util
