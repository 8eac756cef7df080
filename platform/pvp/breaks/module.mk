# Seeded ABI breaks of the reference platform (README.md): each NAME.sed
# edits a copy of the spec, the platform is regenerated from it and the
# whole program relinked as $(O)/breaks/NAME/pvabi; NAME.registry.sed
# gives the registry a platform runs with instead. Included after
# platform/pvp/module.mk, whose pvp_platform_objs builds the variants.
BREAKS_DIR := $(SRC)/platform/pvp/breaks
BREAKS_SPEC := $(patsubst $(BREAKS_DIR)/%.sed,%,$(filter-out %.registry.sed,$(wildcard $(BREAKS_DIR)/*.sed)))
BREAKS_REGISTRY := $(filter-out drafts,$(patsubst $(BREAKS_DIR)/%.registry.sed,%,$(wildcard $(BREAKS_DIR)/*.registry.sed)))

$(O)/breaks/%/platform.xml: $(BREAKS_DIR)/%.sed $(SRC)/spec/platform.xml
	$(call msg,SED,breaks/$*/platform.xml)
	$(Q)mkdir -p $(@D)
	$(Q)sed -f $< $(SRC)/spec/platform.xml > $@.tmp && ! cmp -s $@.tmp $(SRC)/spec/platform.xml && mv $@.tmp $@

# The registry the edited spec is generated with: every revision a draft.
$(O)/breaks/%/gen-registry.xml: $(BREAKS_DIR)/drafts.registry.sed $(SRC)/ABI-VERSIONS.xml
	$(Q)mkdir -p $(@D)
	$(Q)sed -f $< $(SRC)/ABI-VERSIONS.xml > $@

$(O)/breaks/%/ABI-VERSIONS.xml: $(BREAKS_DIR)/%.registry.sed $(SRC)/ABI-VERSIONS.xml
	$(call msg,SED,breaks/$*/ABI-VERSIONS.xml)
	$(Q)mkdir -p $(@D)
	$(Q)sed -f $< $(SRC)/ABI-VERSIONS.xml > $@.tmp && ! cmp -s $@.tmp $(SRC)/ABI-VERSIONS.xml && mv $@.tmp $@

$(O)/breaks/%/gen/pvp_platform.h $(O)/breaks/%/gen/pvp_dispatch.c &: \
		$(O)/breaks/%/platform.xml $(O)/breaks/%/gen-registry.xml $(O)/pvabi-gen
	$(call msg,GEN,breaks/$*/gen)
	$(Q)$(O)/pvabi-gen gen --spec $(O)/breaks/$*/platform.xml \
		--registry $(O)/breaks/$*/gen-registry.xml --target platform -o $(O)/breaks/$*/gen

# $(call break_program,NAME): the full program with NAME's platform.
define break_program
$(O)/obj/pvp-break-$(1)/runcell.o: $(SRC)/conformance/runcell.c $(O)/breaks/$(1)/gen/pvp_platform.h
	$$(call msg,CC,conformance/runcell.c [$(1)])
	$(Q)mkdir -p $$(@D)
	$(Q)$$(CC) $$(ALL_CFLAGS) -I$(O)/breaks/$(1)/gen -MMD -MP -c -o $$@ $$<

$(O)/breaks/$(1)/pvabi: $$(CLI_OBJS) $$(PVABI_LIB_OBJS) $$(CELL_RESULT_OBJS) \
		$$(filter-out %/runcell.o,$$(MATRIX_OBJS)) $(O)/obj/pvp-break-$(1)/runcell.o \
		$(call pvp_platform_objs,break-$(1),$(O)/breaks/$(1)/gen)
	$$(call link_rule,$$(XML2_LIBS))
endef
$(foreach b,$(BREAKS_SPEC),$(eval $(call break_program,$(b))))

BREAK_PROGRAMS := $(patsubst %,$(O)/breaks/%/pvabi,$(BREAKS_SPEC))
BREAK_REGISTRIES := $(patsubst %,$(O)/breaks/%/ABI-VERSIONS.xml,$(BREAKS_REGISTRY))

# The gate against every seeded break, plus resume, shards and a killed run.
$(O)/tests/test-gate: $(call objs,conformance/tests/test_gate.c) $$(CONFORMANCE_OBJS) \
		$$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) \
		$(HARNESS_OBJ) | $(O)/pvabi $(BREAK_PROGRAMS) $(BREAK_REGISTRIES) $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-gate
