# The spec compiler: loader, model, checker, fingerprint, emitters.
SPEC_SRCS := $(wildcard $(SRC)/spec/compiler/*.c)
SPEC_OBJS := $(call objs,$(patsubst $(SRC)/%,%,$(SPEC_SRCS)))
PVABI_LIB_OBJS += $(SPEC_OBJS)

SPEC_TEST_SRCS := $(wildcard $(SRC)/spec/compiler/tests/*.c)
SPEC_TEST_OBJS := $(call objs,$(patsubst $(SRC)/%,%,$(SPEC_TEST_SRCS)))

$(O)/tests/test-spec: $(SPEC_TEST_OBJS) $(SPEC_OBJS) $(HARNESS_OBJ)
	$(call link_rule,$(XML2_LIBS) $(CUNIT_LIBS))

TESTS += $(O)/tests/test-spec
