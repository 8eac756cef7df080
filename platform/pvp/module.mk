# The reference ABI (spec/platform.xml, "pvp"): its generated platform
# dispatch and per-revision guest suites, the reference platform
# (platform/pvp/*.c), its conformance images and its tests. Modelled on
# the mini ABI (emit/tests/module.mk).
#
# Variables for other modules:
#   PVP_REVS            every window revision an image is built for, and
#   PVP_RELEASED_REVS,  those released and the newest, read from
#   PVP_NEWEST_REV      ABI-VERSIONS.xml when the build runs
#   PVP_GEN             generated files: $(PVP_GEN)/platform, $(PVP_GEN)/<rev>
#   PVP_PLATFORM_H      the generated platform header
#   PVP_PLATFORM_OBJS   the reference platform: handlers + generated dispatch
#                       (link with $(PLATFORM_HOST_OBJS) $(NEG_OBJS))
#   PVP_PLATFORM_SRCS   the handler sources
#   PVP_IMAGES          $(O)/guest/pvp/<rev>/conformance.elf, one per revision
#   PVP_FIXTURES        the frozen images fixtures/guests/pvp/<rev>/conformance.elf
# and a function for platforms built from other generated dispatches
# (e.g. a mutated spec):
#   $(call pvp_platform_objs,VARIANT,GENDIR)
# builds the same handler sources against GENDIR/pvp_platform.h into the
# variant tree $(O)/obj/VARIANT/ and GENDIR/pvp_dispatch.c and pvp_state.c (GENDIR under
# $(O)/gen) into $(O)/obj/gen/, and expands to those objects. GENDIR's
# files need rules of their own (see pvp_gen below).
# PVP_REVS, PVP_RELEASED_REVS, PVP_NEWEST_REV: from the registry.
include $(call revs_fragment,pvp,$(SRC)/ABI-VERSIONS.xml)
PVP_GEN := $(O)/gen/pvp
PVP_PLATFORM_H := $(PVP_GEN)/platform/pvp_platform.h
PVP_INPUTS := $(SRC)/spec/platform.xml $(SRC)/ABI-VERSIONS.xml \
	$(SRC)/spec/schema/pvabi-spec.rng $(O)/pvabi-gen

# Run from the source tree with relative paths, like the mini rules, so
# the stamps in generated files are the same on every machine.
# $(call pvp_gen,outdir,target-args)
define pvp_gen
	$(call msg,GEN,$(patsubst $(O)/%,%,$(1)))
	$(Q)mkdir -p $(1)
	$(Q)cd $(SRC) && $(abspath $(O))/pvabi-gen gen --spec spec/platform.xml \
		--registry ABI-VERSIONS.xml $(2) -o $(abspath $(1))
endef

$(PVP_GEN)/platform/pvp_platform.h $(PVP_GEN)/platform/pvp_dispatch.c \
		$(PVP_GEN)/platform/pvp_state.c &: $(PVP_INPUTS)
	$(call pvp_gen,$(PVP_GEN)/platform,--target platform)

$(PVP_GEN)/platform/pvp_skeleton.c: $(PVP_INPUTS)
	$(call pvp_gen,$(PVP_GEN)/platform,--target skeleton)

$(PVP_GEN)/%/pvp_guest.h: $(PVP_INPUTS)
	$(call pvp_gen,$(@D),--target guest --rev $*)

$(PVP_GEN)/%/pvp_conformance.c: $(PVP_INPUTS) $(PVP_GEN)/%/pvp_guest.h
	$(call pvp_gen,$(@D),--target conformance --rev $*)

# --- the platform -----------------------------------------------------------
PVP_PLATFORM_SRCS := $(patsubst $(SRC)/%,%,$(wildcard $(SRC)/platform/pvp/*.c))

# The handlers include pvp_platform.h through pvp.h, so it comes first.
define pvp_platform_flags
$(1): $(2)/pvp_platform.h
$(1): private EXTRA_CFLAGS = -I$(2)
endef

pvp_platform_objs = $(eval $(call pvp_platform_flags,$(call \
	variant_objs,$(1),$(PVP_PLATFORM_SRCS)),$(2)))$(call \
	variant_objs,$(1),$(PVP_PLATFORM_SRCS)) $(call gen_objs,$(2)/pvp_dispatch.c $(2)/pvp_state.c)

# The reference platform is no variant: its objects mirror the sources.
PVP_PLATFORM_OBJS := $(call objs,$(PVP_PLATFORM_SRCS)) \
	$(call gen_objs,$(PVP_GEN)/platform/pvp_dispatch.c $(PVP_GEN)/platform/pvp_state.c)
$(eval $(call pvp_platform_flags,$(call objs,$(PVP_PLATFORM_SRCS)),$(PVP_GEN)/platform))

# --- conformance images -------------------------------------------------------
# The mini images' runtime linked with one revision's generated suite.
$(O)/guest/pvp/%/conformance.elf: $(O)/guest/obj/gen/pvp/%/pvp_conformance.o \
		$$(call guest_objs,$$(GUEST_SUITE_RT)) $$(GUEST_MB) $(SRC)/guest/boot/guest.ld
	$(call conformance_image,$@,$<)

PVP_IMAGES := $(patsubst %,$(O)/guest/pvp/%/conformance.elf,$(PVP_REVS))
PVP_FIXTURES := $(patsubst %,$(SRC)/fixtures/guests/pvp/%/conformance.elf,$(PVP_RELEASED_REVS))
guests: $(PVP_IMAGES)

# Freezing a fresh image into fixtures/ (never overwrites one):
#   make freeze ABI=pvp REV=<a released revision>
.PHONY: freeze
ifneq ($(ABI)$(REV),)
freeze: $(O)/guest/$(ABI)/$(REV)/conformance.elf
endif
freeze:
	$(Q)test -n "$(ABI)" -a -n "$(REV)" || { echo "usage: make freeze ABI=pvp REV=R" >&2; exit 2; }
	$(Q)cd $(SRC) && ci/freeze-guest $(ABI) $(REV) $(abspath $(O))/guest/$(ABI)/$(REV)/conformance.elf

# Replacing a frozen image that asserts what its revision never promised
# (the old sha256 and the reason stay in the new MANIFEST):
#   make refreeze ABI=pvp REV=<a frozen revision> REASON="why the old image is wrong"
.PHONY: refreeze
ifneq ($(ABI)$(REV),)
refreeze: $(O)/guest/$(ABI)/$(REV)/conformance.elf
endif
refreeze:
	$(Q)test -n "$(ABI)" -a -n "$(REV)" -a -n "$$REASON" || \
		{ echo 'usage: make refreeze ABI=pvp REV=R REASON="..."' >&2; exit 2; }
	$(Q)cd $(SRC) && ci/refreeze-guest $(ABI) $(REV) \
		$(abspath $(O))/guest/$(ABI)/$(REV)/conformance.elf "$$REASON"

# --- tests --------------------------------------------------------------------
# Every test source includes the generated platform header.
PVP_TEST_SRCS := $(patsubst $(SRC)/%,%,$(wildcard $(SRC)/platform/pvp/tests/*.c))
$(eval $(call pvp_platform_flags,$(call objs,$(PVP_TEST_SRCS)),$(PVP_GEN)/platform))

# Handler semantics and hostile frames (no VM needed).
PVP_TEST_OBJS := $(call objs,$(filter-out %/test_boot.c,$(PVP_TEST_SRCS)))

$(O)/tests/test-pvp: $(PVP_TEST_OBJS) $(PVP_PLATFORM_OBJS) $$(PLATFORM_HOST_OBJS) \
		$$(NEG_OBJS) $(HARNESS_OBJ)
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-pvp

# The generated pvp dispatch driven by the model (as test-dispatch-mini).
PVP_MODEL_CALLS_OBJ := $(call variant_objs,pvp,emit/tests/model_calls.c)
$(PVP_MODEL_CALLS_OBJ): $(PVP_PLATFORM_H)
$(PVP_MODEL_CALLS_OBJ): private EXTRA_CFLAGS = -DABI=pvp -DABI_UP=PVP \
	-DABI_SPEC='"spec/platform.xml"' -DABI_PLATFORM_H=$(PVP_PLATFORM_H)

$(O)/tests/test-dispatch-pvp: $(PVP_MODEL_CALLS_OBJ) \
		$(call gen_objs,$(PVP_GEN)/platform/pvp_dispatch.c $(PVP_GEN)/platform/pvp_state.c \
			$(PVP_GEN)/platform/pvp_skeleton.c) \
		$$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ)
	$(call link_rule,$(XML2_LIBS) $(CUNIT_LIBS))

TESTS += $(O)/tests/test-dispatch-pvp

# Every fresh image and every frozen fixture booted against the current
# platform under the own KVM VMM and QEMU TCG (each skips, saying why).
$(O)/tests/test-pvp-boot: $(call objs,platform/pvp/tests/test_boot.c) \
		$(PVP_PLATFORM_OBJS) $$(CONFORMANCE_OBJS) $$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) \
		$$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ) | $(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-pvp-boot

# The hostile guest (guest/hostile.c) for the reference ABI, built on the
# newest window revision's suite and errors; conformance/tests/test_hostile_guest.c
# runs it against this platform on every usable engine. hostile_abi.h names
# the ops the guest treats specially: shutdown (never issued) and the two
# that write page-table entries into guest memory (their valid tables lie
# only in scratch pages the guest reserves).
PVP_HOSTILE_REV = $(PVP_NEWEST_REV)

$(O)/guest/gen/pvp/abi_errors.h: $(PVP_INPUTS)
	$(call pvp_gen,$(@D),--target errors --rev $(PVP_HOSTILE_REV) --file abi_errors.h \
		--symbol pvabi_abi_errors)

$(O)/guest/gen/pvp/hostile_abi.h: $(PVP_INPUTS) $(PVP_GEN)/$(PVP_HOSTILE_REV)/pvp_guest.h
	$(call pvp_gen,$(@D),--target alias --rev $(PVP_HOSTILE_REV) --file hostile_abi.h \
		--alias HOSTILE_OP_SHUTDOWN=op:shutdown --alias HOSTILE_OP_MMU_UPDATE=op:mmu_update \
		--alias HOSTILE_OP_MMU_UPDATE_BATCH=op:mmu_update_batch \
		--alias hostile_mmu_req=struct:mmu_update_req)

PVP_HOSTILE_OBJS := $(call guest_variant_objs,pvp,guest/hostile.c guest/hostile_check.c \
	guest/hostile_mmu.c)
$(PVP_HOSTILE_OBJS): $(O)/guest/gen/pvp/abi_errors.h $(O)/guest/gen/pvp/hostile_abi.h
$(PVP_HOSTILE_OBJS): private EXTRA_CFLAGS = -DPVABI_HOSTILE_ABI -I$(O)/guest/gen/pvp \
	-I$(PVP_GEN)/$(PVP_HOSTILE_REV)

$(O)/guest/pvp/hostile.elf: $$(call guest_objs,$$(GUEST_APP_RT)) $(PVP_HOSTILE_OBJS) \
		$$(GUEST_MB) $(O)/guest/obj/gen/pvp/$$(PVP_HOSTILE_REV)/pvp_conformance.o \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

guests: $(O)/guest/pvp/hostile.elf
