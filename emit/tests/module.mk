# Generator tests: the mini spec generated for each revision and for the
# platform, compiled into one program that calls every stub through a
# loopback transport into the generated dispatch. Generated files live in
# $(O)/gen and are remade when the spec, the schema or pvabi changes.
# MINI_REVS, MINI_NEWEST_REV: from the mini registry.
include $(call revs_fragment,mini,$(SRC)/fixtures/gen/mini-versions.xml)
MINI_GEN := $(O)/gen/mini
MINI_INPUTS := $(SRC)/fixtures/gen/mini.xml $(SRC)/fixtures/gen/mini-versions.xml \
	$(SRC)/spec/schema/pvabi-spec.rng $(O)/pvabi-gen

# Run from the source tree with relative paths: stamps name the spec as a
# user would, so output is the same on every machine.
define mini_gen
	$(call msg,GEN,$(patsubst $(O)/%,%,$(1)))
	$(Q)mkdir -p $(1)
	$(Q)cd $(SRC) && $(abspath $(O))/pvabi-gen gen --spec fixtures/gen/mini.xml \
		--registry fixtures/gen/mini-versions.xml $(2) -o $(abspath $(1))
endef

$(MINI_GEN)/%/mini_guest.h: $(MINI_INPUTS)
	$(call mini_gen,$(@D),--target guest --rev $*)

$(MINI_GEN)/platform/mini_platform.h $(MINI_GEN)/platform/mini_dispatch.c \
		$(MINI_GEN)/platform/mini_state.c &: $(MINI_INPUTS)
	$(call mini_gen,$(MINI_GEN)/platform,--target platform)

$(MINI_GEN)/platform/mini_skeleton.c: $(MINI_INPUTS)
	$(call mini_gen,$(MINI_GEN)/platform,--target skeleton)

MINI_PLATFORM_H := $(MINI_GEN)/platform/mini_platform.h

# The mini platform's generated objects, for every program that links it.
# The dispatch with the state it shares with the handlers (mini_state.c).
MINI_DISPATCH_OBJ := $(call gen_objs,$(MINI_GEN)/platform/mini_dispatch.c \
	$(MINI_GEN)/platform/mini_state.c)
MINI_SKELETON_OBJ := $(call gen_objs,$(MINI_GEN)/platform/mini_skeleton.c)

# One object per revision from the same caller source, each in a variant
# tree of its own.
define loop_rev_obj
$(call variant_objs,mini-$(1),emit/tests/loop_rev.c): $(MINI_GEN)/$(1)/mini_guest.h
$(call variant_objs,mini-$(1),emit/tests/loop_rev.c): private EXTRA_CFLAGS = \
	-I$(MINI_GEN)/$(1) -DLOOP_SUFFIX=$(subst .,_,$(1))
endef
$(foreach r,$(MINI_REVS),$(eval $(call loop_rev_obj,$(r))))

LOOP_OBJ := $(call objs,emit/tests/loop.c)
$(LOOP_OBJ): $(MINI_PLATFORM_H)
$(LOOP_OBJ): private EXTRA_CFLAGS = -I$(MINI_GEN)/platform

GEN_TEST_OBJS := $(LOOP_OBJ) $(call objs,emit/tests/golden.c) $(MINI_DISPATCH_OBJ) \
	$(MINI_SKELETON_OBJ) $(foreach r,$(MINI_REVS),$(O)/obj/mini-$(r)/emit/tests/loop_rev.o)

# The manual's emitter is tested in the same program, on the library.
$(O)/tests/test-gen: $(GEN_TEST_OBJS) $(call objs,emit/tests/test_docs.c emit/tests/test_docs_decl.c emit/tests/test_headers.c \
		tests/fixtures.c emit/tests/test_hostile_gen.c emit/tests/test_scen_vcpu.c emit/tests/test_caller.c) \
		$$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ)
	$(call link_rule,$(XML2_LIBS) $(CUNIT_LIBS))

TESTS += $(O)/tests/test-gen

# The mini dispatch driven by the model: every op of every revision.
MINI_MODEL_CALLS_OBJ := $(call variant_objs,mini,emit/tests/model_calls.c)
$(MINI_MODEL_CALLS_OBJ): $(MINI_PLATFORM_H)
$(MINI_MODEL_CALLS_OBJ): private EXTRA_CFLAGS = -DABI=mini -DABI_UP=MINI \
	-DABI_SPEC='"fixtures/gen/mini.xml"' -DABI_PLATFORM_H=$(MINI_PLATFORM_H)

$(O)/tests/test-dispatch-mini: $(MINI_MODEL_CALLS_OBJ) $(MINI_DISPATCH_OBJ) $(MINI_SKELETON_OBJ) \
		$$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ)
	$(call link_rule,$(XML2_LIBS) $(CUNIT_LIBS))

TESTS += $(O)/tests/test-dispatch-mini

# Mini conformance images: the guest toolchain and runner exercised on the
# small spec (the reference ABI's images are built in guest/).
$(MINI_GEN)/%/mini_conformance.c: $(MINI_INPUTS) $(MINI_GEN)/%/mini_guest.h
	$(call mini_gen,$(@D),--target conformance --rev $*)

$(O)/guest/mini/%/conformance.elf: $(O)/guest/obj/gen/mini/%/mini_conformance.o \
		$$(call guest_objs,$$(GUEST_SUITE_RT)) $$(GUEST_MB) $(SRC)/guest/boot/guest.ld
	$(call conformance_image,$@,$<)

MINI_IMAGES := $(patsubst %,$(O)/guest/mini/%/conformance.elf,$(MINI_REVS))
guests: $(MINI_IMAGES)
