# A test-local platform that behaves by what it offers instead of what it
# granted (evtchn/queue-by-offer.sed, built like the seeded breaks of
# platform/pvp/mutants into $(O)/mutants/queue-by-offer/pvabi), and
# test-by-offer, which runs the fresh images against it and the reference
# platform. Included after platform/pvp/mutants/module.mk (deeper), whose
# mutant_rules it reuses with its own directory of seeds.
BY_OFFER_SAVED_DIR := $(MUTANTS_DIR)
MUTANTS_DIR := $(SRC)/platform/pvp/tests/by-offer
$(eval $(call mutant_rules,queue-by-offer,evtchn))
MUTANTS_DIR := $(BY_OFFER_SAVED_DIR)

$(O)/tests/test-by-offer: $(call objs,platform/pvp/tests/by-offer/test_by_offer.c \
		conformance/tests/progrun.c) $(UTIL_OBJS) $(HARNESS_OBJ) \
		| $(O)/pvabi $(O)/mutants/queue-by-offer/pvabi $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-by-offer
