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

# Its platform code goes to $(O)/gen/breaks/NAME, so the dispatch's
# object is one of $(O)/obj/gen's.
$(O)/gen/breaks/%/pvp_platform.h $(O)/gen/breaks/%/pvp_dispatch.c $(O)/gen/breaks/%/pvp_state.c &: \
		$(O)/breaks/%/platform.xml $(O)/breaks/%/gen-registry.xml $(O)/pvabi-gen
	$(call msg,GEN,gen/breaks/$*)
	$(Q)mkdir -p $(O)/gen/breaks/$*
	$(Q)$(O)/pvabi-gen gen --spec $(O)/breaks/$*/platform.xml \
		--registry $(O)/breaks/$*/gen-registry.xml --target platform -o $(O)/gen/breaks/$*

# $(call break_program,NAME): the full program with NAME's platform: the
# handlers and the runner's cell (which includes the platform header)
# built against it in the variant tree $(O)/obj/break-NAME.
define break_program
$$(call variant_objs,break-$(1),conformance/runcell.c): $(O)/gen/breaks/$(1)/pvp_platform.h
$$(call variant_objs,break-$(1),conformance/runcell.c): private EXTRA_CFLAGS = -I$(O)/gen/breaks/$(1)

$(O)/breaks/$(1)/pvabi: $$(CLI_OBJS) $$(PVABI_LIB_OBJS) $$(CELL_RESULT_OBJS) \
		$$(filter-out %/runcell.o,$$(MATRIX_OBJS)) \
		$$(call variant_objs,break-$(1),conformance/runcell.c) \
		$(call pvp_platform_objs,break-$(1),$(O)/gen/breaks/$(1))
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
