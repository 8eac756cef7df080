# Platform-side seeded breaks (README.md): each FILE/NAME.sed edits a copy
# of platform/pvp/FILE.c, as a hypervisor developer could; the copy is
# built against the reference dispatch and linked, in place of FILE.c's
# object, into $(O)/mutants/NAME/pvabi. same-* are behaviour-preserving
# rewrites. test-mutation gates every program and prints the score.
MUTANTS_DIR := $(SRC)/platform/pvp/mutants
MUTANT_SEDS := $(sort $(wildcard $(MUTANTS_DIR)/*/*.sed))
# NAME -> FILE, from the directory that holds NAME.sed.
mutant_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(MUTANT_SEDS)))))
MUTANTS := $(basename $(notdir $(MUTANT_SEDS)))

# The copy must differ from the reference, or the seed has rotted (the
# source it edits changed): refused, never built as a silent no-op.
define mutant_rules
$(O)/gen/mutants/$(1)/platform/pvp/$(2).c: $(if $(3),$(3),$(MUTANTS_DIR))/$(2)/$(1).sed $(SRC)/platform/pvp/$(2).c
	$$(call msg,SED,mutants/$(1)/$(2).c)
	$$(Q)mkdir -p $$(@D)
	$$(Q)sed -f $$< $(SRC)/platform/pvp/$(2).c > $$@.tmp && \
		{ ! cmp -s $$@.tmp $(SRC)/platform/pvp/$(2).c || \
		  { echo "$$<: changes nothing in platform/pvp/$(2).c" >&2; rm -f $$@.tmp; exit 1; }; } && \
		mv $$@.tmp $$@

$(eval $(call pvp_platform_flags,$(call gen_objs,$(O)/gen/mutants/$(1)/platform/pvp/$(2).c),$(PVP_GEN)/platform))

$(O)/mutants/$(1)/pvabi: $$(CLI_OBJS) $$(PVABI_LIB_OBJS) $$(CELL_RESULT_OBJS) $$(MATRIX_OBJS) \
		$$(filter-out $(O)/obj/platform/pvp/$(2).o,$$(PVP_PLATFORM_OBJS)) \
		$(call gen_objs,$(O)/gen/mutants/$(1)/platform/pvp/$(2).c)
	$$(call link_rule,$$(XML2_LIBS))
endef
$(foreach m,$(MUTANTS),$(eval $(call mutant_rules,$(m),$(call mutant_file,$(m)))))

MUTANT_PROGRAMS := $(patsubst %,$(O)/mutants/%/pvabi,$(MUTANTS))

$(O)/tests/test-mutation: $(call objs,conformance/tests/test_mutation.c) $$(CONFORMANCE_OBJS) \
		$$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) \
		$(HARNESS_OBJ) | $(O)/pvabi $(MUTANT_PROGRAMS) $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-mutation

# A declared input case catches the seeded break that mishandles it.
$(O)/tests/test-partition: $(call objs,conformance/tests/test_partition.c) $$(CONFORMANCE_OBJS) \
		$$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) \
		$(HARNESS_OBJ) | $(O)/pvabi $(O)/mutants/cancel-future-refused/pvabi $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-partition

# Test-local seeds (conformance/tests/edge-seeds): platforms that mishandle
# a range edge, which test-edges must see caught by the edge probes. Built
# like the gate's seeds, not among them: test-mutation's score is not
# theirs.
EDGE_SEEDS_DIR := $(SRC)/conformance/tests/edge-seeds
EDGE_SEED_SEDS := $(sort $(wildcard $(EDGE_SEEDS_DIR)/*/*.sed))
EDGE_SEEDS := $(basename $(notdir $(EDGE_SEED_SEDS)))
edge_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(EDGE_SEED_SEDS)))))
$(foreach m,$(EDGE_SEEDS),$(eval $(call mutant_rules,$(m),$(call edge_seed_file,$(m)),$(EDGE_SEEDS_DIR))))

$(O)/tests/test-edges: $(call objs,conformance/tests/test_edges.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(EDGE_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-edges

# Test-local seeds of the delivery class (conformance/tests/deliver-seeds):
# platforms that deliver an event to another vCPU than its port's, which
# test-deliver must see caught by the scenarios that wait on the vCPU
# the event targets. Built like the gate's seeds, not among them.
DELIVER_SEEDS_DIR := $(SRC)/conformance/tests/deliver-seeds
DELIVER_SEED_SEDS := $(sort $(wildcard $(DELIVER_SEEDS_DIR)/*/*.sed))
DELIVER_SEEDS := $(basename $(notdir $(DELIVER_SEED_SEDS)))
deliver_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(DELIVER_SEED_SEDS)))))
$(foreach m,$(DELIVER_SEEDS),$(eval $(call mutant_rules,$(m),$(call deliver_seed_file,$(m)),$(DELIVER_SEEDS_DIR))))

$(O)/tests/test-deliver: $(call objs,conformance/tests/test_deliver.c conformance/tests/progrun.c) \
		$$(CONFORMANCE_OBJS) $$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $$(SPEC_OBJS) \
		$$(SCHEMA_OBJ) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(DELIVER_SEEDS)) \
		$(O)/mutants/deliver-to-caller/pvabi $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-deliver

# Test-local seeds (conformance/tests/batch-seeds): platforms that leave
# the wrong state behind a failing request of a batch, which test-batch
# must see caught by the batch probes. Built like the gate's seeds, not
# among them.
BATCH_SEEDS_DIR := $(SRC)/conformance/tests/batch-seeds
BATCH_SEED_SEDS := $(sort $(wildcard $(BATCH_SEEDS_DIR)/*/*.sed))
BATCH_SEEDS := $(basename $(notdir $(BATCH_SEED_SEDS)))
batch_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(BATCH_SEED_SEDS)))))
$(foreach m,$(BATCH_SEEDS),$(eval $(call mutant_rules,$(m),$(call batch_seed_file,$(m)),$(BATCH_SEEDS_DIR))))

$(O)/tests/test-batch: $(call objs,conformance/tests/test_batch.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(BATCH_SEEDS)) \
		$(patsubst %,$(O)/mutants/%/pvabi,batch-continues) $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-batch

# Test-local seeds (conformance/tests/full-seeds): platforms whose
# refusal in a full handle table leaves something behind for one value of
# the refused argument, which test-full must see caught by the probes of
# that value in the full table. Built like the gate's seeds, not among
# them.
FULL_SEEDS_DIR := $(SRC)/conformance/tests/full-seeds
FULL_SEED_SEDS := $(sort $(wildcard $(FULL_SEEDS_DIR)/*/*.sed))
FULL_SEEDS := $(basename $(notdir $(FULL_SEED_SEDS)))
full_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(FULL_SEED_SEDS)))))
$(foreach m,$(FULL_SEEDS),$(eval $(call mutant_rules,$(m),$(call full_seed_file,$(m)),$(FULL_SEEDS_DIR))))

$(O)/tests/test-full: $(call objs,conformance/tests/test_full.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(FULL_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-full

# Test-local seeds (conformance/tests/now-seeds): platforms that mishandle
# a value against their own clock in one mode, which test-now must see
# caught by the <now> probes. Built like the edge seeds, not scored.
NOW_SEEDS_DIR := $(SRC)/conformance/tests/now-seeds
NOW_SEED_SEDS := $(sort $(wildcard $(NOW_SEEDS_DIR)/*/*.sed))
NOW_SEEDS := $(basename $(notdir $(NOW_SEED_SEDS)))
now_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(NOW_SEED_SEDS)))))
$(foreach m,$(NOW_SEEDS),$(eval $(call mutant_rules,$(m),$(call now_seed_file,$(m)),$(NOW_SEEDS_DIR))))

$(O)/tests/test-now: $(call objs,conformance/tests/test_now.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(NOW_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-now

# Test-local seeds (conformance/tests/mono-seeds): platforms whose clock
# goes back across a call the guest may make, a trigger other than the
# gate's holdout (a refused set_timer, a refused TSC write);
# build/tests/test-mono checks that the readings of <monotonic> outputs
# catch each, naming the call, and that the reference stays green.
MONO_SEEDS_DIR := $(SRC)/conformance/tests/mono-seeds
MONO_SEED_SEDS := $(sort $(wildcard $(MONO_SEEDS_DIR)/*/*.sed))
MONO_SEEDS := $(basename $(notdir $(MONO_SEED_SEDS)))
mono_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(MONO_SEED_SEDS)))))
$(foreach m,$(MONO_SEEDS),$(eval $(call mutant_rules,$(m),$(call mono_seed_file,$(m)),$(MONO_SEEDS_DIR))))

$(O)/tests/test-mono: $(call objs,conformance/tests/test_mono.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(MONO_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-mono

# Test-local seeds (conformance/tests/tied-seeds): platforms whose wall
# clock is not the host's, which test-tied must see caught by the tied
# checks (docs/spec-language.md, Tied values). Built like the edge seeds,
# not scored.
TIED_SEEDS_DIR := $(SRC)/conformance/tests/tied-seeds
TIED_SEED_SEDS := $(sort $(wildcard $(TIED_SEEDS_DIR)/*/*.sed))
TIED_SEEDS := $(basename $(notdir $(TIED_SEED_SEDS)))
tied_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(TIED_SEED_SEDS)))))
$(foreach m,$(TIED_SEEDS),$(eval $(call mutant_rules,$(m),$(call tied_seed_file,$(m)),$(TIED_SEEDS_DIR))))

$(O)/tests/test-tied: $(call objs,conformance/tests/test_tied.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(TIED_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-tied

# Test-local seeds (conformance/tests/readback-seeds): platforms that
# store a value write_msr accepts with the wrong width (another register
# than the gate's holdout), which test-readback must see caught by the
# read-backs of every value a write accepts, and only by them.
READBACK_SEEDS_DIR := $(SRC)/conformance/tests/readback-seeds
READBACK_SEED_SEDS := $(sort $(wildcard $(READBACK_SEEDS_DIR)/*/*.sed))
READBACK_SEEDS := $(basename $(notdir $(READBACK_SEED_SEDS)))
readback_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(READBACK_SEED_SEDS)))))
$(foreach m,$(READBACK_SEEDS),$(eval $(call mutant_rules,$(m),$(call readback_seed_file,$(m)),$(READBACK_SEEDS_DIR))))

$(O)/tests/test-readback: $(call objs,conformance/tests/test_readback.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(READBACK_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-readback

# Test-local seeds (conformance/tests/sizes-seeds): platforms whose size
# guard reports or writes the wrong bytes, or that leave an output of a
# successful call unwritten, which test-sizes must see caught by the
# size-guard probes and the poisoned buffers. Built like the edge seeds,
# not scored.
SIZES_SEEDS_DIR := $(SRC)/conformance/tests/sizes-seeds
SIZES_SEED_SEDS := $(sort $(wildcard $(SIZES_SEEDS_DIR)/*/*.sed))
SIZES_SEEDS := $(basename $(notdir $(SIZES_SEED_SEDS)))
sizes_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(SIZES_SEED_SEDS)))))
$(foreach m,$(SIZES_SEEDS),$(eval $(call mutant_rules,$(m),$(call sizes_seed_file,$(m)),$(SIZES_SEEDS_DIR))))

$(O)/tests/test-sizes: $(call objs,conformance/tests/test_sizes.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(SIZES_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-sizes

# Test-local seeds (conformance/tests/due-seeds): platforms that serve
# one call that changes a timer's source (a close, an allocation) before
# the expiry that fell due while the guest made no call, triggers other
# than the gate's holdout; build/tests/test-due checks that the probes of
# events that fall due between calls catch each, and that the reference
# stays green. Built like the edge seeds, not scored.
DUE_SEEDS_DIR := $(SRC)/conformance/tests/due-seeds
DUE_SEED_SEDS := $(sort $(wildcard $(DUE_SEEDS_DIR)/*/*.sed))
DUE_SEEDS := $(basename $(notdir $(DUE_SEED_SEDS)))
due_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(DUE_SEED_SEDS)))))
$(foreach m,$(DUE_SEEDS),$(eval $(call mutant_rules,$(m),$(call due_seed_file,$(m)),$(DUE_SEEDS_DIR))))

$(O)/tests/test-due: $(call objs,conformance/tests/test_due.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(DUE_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-due

# Test-local seeds (conformance/tests/exact-seeds): platforms that deliver
# another number of interrupts than the grant promises, in the grant
# state the gate's holdout does not touch; build/tests/test-exact checks
# that the exact counts by the grant catch each, and that the reference
# stays green. Built like the edge seeds, not scored.
EXACT_SEEDS_DIR := $(SRC)/conformance/tests/exact-seeds
EXACT_SEED_SEDS := $(sort $(wildcard $(EXACT_SEEDS_DIR)/*/*.sed))
EXACT_SEEDS := $(basename $(notdir $(EXACT_SEED_SEDS)))
exact_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(EXACT_SEED_SEDS)))))
$(foreach m,$(EXACT_SEEDS),$(eval $(call mutant_rules,$(m),$(call exact_seed_file,$(m)),$(EXACT_SEEDS_DIR))))

$(O)/tests/test-exact: $(call objs,conformance/tests/test_exact.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(EXACT_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-exact
