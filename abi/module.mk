# The ABI front end of the compiler: XML loader, model, checker,
# fingerprints and registry. The emitters (emit/) are linked beside it
# into the same library of the pvabi program.
ABI_SRCS := $(patsubst $(SRC)/%,%,$(wildcard $(SRC)/abi/*.c))
ABI_OBJS := $(call objs,$(ABI_SRCS))
SPEC_OBJS := $(ABI_OBJS) $(UTIL_OBJS)

# The schemas are compiled into the program, so an installed pvabi
# validates exactly what it was built to read.
SCHEMA_C := $(O)/gen/spec/schemas.c
SCHEMA_OBJ := $(call gen_objs,$(SCHEMA_C))
PVABI_LIB_OBJS += $(ABI_OBJS) $(SCHEMA_OBJ)

$(SCHEMA_C): $(SRC)/spec/schema/pvabi-spec.rng $(SRC)/spec/schema/abi-versions.rng $(SRC)/mk/embed.sh
	$(call msg,GEN,$(notdir $@))
	$(Q)mkdir -p $(@D)
	$(Q)sh $(SRC)/mk/embed.sh $@ \
		pvabi_schema_spec_rng $(SRC)/spec/schema/pvabi-spec.rng \
		pvabi_schema_registry_rng $(SRC)/spec/schema/abi-versions.rng

# The tests share fixture helpers with the emitter tests (tests/fixtures.c)
# and run the built program too (exit codes, check output).
ABI_TEST_OBJS := $(call objs,$(patsubst $(SRC)/%,%,$(wildcard $(SRC)/abi/tests/*.c)) \
	tests/fixtures.c tests/jsoncheck.c tests/refspec.c)

$(O)/tests/test-abi: $(ABI_TEST_OBJS) $$(SPEC_OBJS) $(SCHEMA_OBJ) $(HARNESS_OBJ) | $(O)/pvabi
	$(call link_rule,$(XML2_LIBS) $(CUNIT_LIBS))

TESTS += $(O)/tests/test-abi
