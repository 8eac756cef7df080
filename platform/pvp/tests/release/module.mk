# Test-local seeds (conformance/tests/release-seeds): platforms with one
# break that fails a scenario half-way, holding what it acquired, which
# test-scen-release must see released (and, with release=off, see turn
# later scenarios red). Built like the edge seeds, not scored. Included
# after platform/pvp/mutants/module.mk (deeper), whose mutant_rules it
# uses.
RELEASE_SEEDS_DIR := $(SRC)/conformance/tests/release-seeds
RELEASE_SEED_SEDS := $(sort $(wildcard $(RELEASE_SEEDS_DIR)/*/*.sed))
RELEASE_SEEDS := $(basename $(notdir $(RELEASE_SEED_SEDS)))
release_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(RELEASE_SEED_SEDS)))))
$(foreach m,$(RELEASE_SEEDS),$(eval $(call mutant_rules,$(m),$(call release_seed_file,$(m)),$(RELEASE_SEEDS_DIR))))

$(O)/tests/test-scen-release: $(call objs,conformance/tests/test_scen_release.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(RELEASE_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-scen-release
