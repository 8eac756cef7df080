# The spec compiler: loader, model, checker, fingerprints, registry.
SPEC_SRCS := $(wildcard $(SRC)/spec/compiler/*.c)
SPEC_OBJS := $(call objs,$(patsubst $(SRC)/%,%,$(SPEC_SRCS)))

# The schemas are compiled into the program, so an installed pvabi
# validates exactly what it was built to read.
SCHEMA_C := $(O)/gen/spec/schemas.c
SCHEMA_OBJ := $(O)/obj/gen/spec/schemas.o
PVABI_LIB_OBJS += $(SPEC_OBJS) $(SCHEMA_OBJ)

$(SCHEMA_C): $(SRC)/spec/schema/pvabi-spec.rng $(SRC)/spec/schema/abi-versions.rng $(SRC)/mk/embed.sh
	$(call msg,GEN,$(notdir $@))
	$(Q)mkdir -p $(@D)
	$(Q)sh $(SRC)/mk/embed.sh $@ \
		pvabi_schema_spec_rng $(SRC)/spec/schema/pvabi-spec.rng \
		pvabi_schema_registry_rng $(SRC)/spec/schema/abi-versions.rng

$(SCHEMA_OBJ): $(SCHEMA_C)
	$(call msg,CC,$(notdir $<))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

SPEC_TEST_SRCS := $(wildcard $(SRC)/spec/compiler/tests/*.c)
SPEC_TEST_OBJS := $(call objs,$(patsubst $(SRC)/%,%,$(SPEC_TEST_SRCS)))

# The tests run the built program too (golden output, exit codes).
$(O)/tests/test-spec: $(SPEC_TEST_OBJS) $(SPEC_OBJS) $(SCHEMA_OBJ) $(HARNESS_OBJ) | $(O)/pvabi
	$(call link_rule,$(XML2_LIBS) $(CUNIT_LIBS))

TESTS += $(O)/tests/test-spec
