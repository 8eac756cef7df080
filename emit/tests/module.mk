# Generator tests: the mini spec generated for each revision and for the
# platform, compiled into one program that calls every stub through a
# loopback transport into the generated dispatch. Generated files live in
# $(O)/gen and are remade when the spec, the schema or pvabi changes.
MINI_REVS := 1.0 1.1 1.2
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

$(MINI_GEN)/platform/mini_platform.h $(MINI_GEN)/platform/mini_dispatch.c &: $(MINI_INPUTS)
	$(call mini_gen,$(MINI_GEN)/platform,--target platform)

$(MINI_GEN)/platform/mini_skeleton.c: $(MINI_INPUTS)
	$(call mini_gen,$(MINI_GEN)/platform,--target skeleton)

MINI_PLATFORM_H := $(MINI_GEN)/platform/mini_platform.h

# One object per revision from the same caller source.
$(O)/obj/gen-tests/loop_rev_%.o: $(SRC)/emit/tests/loop_rev.c $(MINI_GEN)/%/mini_guest.h
	$(call msg,CC,loop_rev.c [$*])
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(MINI_GEN)/$* -DLOOP_SUFFIX=$(subst .,_,$*) -c -o $@ $<

$(O)/obj/gen-tests/%.o: $(MINI_GEN)/platform/%.c $(MINI_PLATFORM_H)
	$(call msg,CC,$*.c [generated])
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(MINI_GEN)/platform -c -o $@ $<

$(O)/obj/gen-tests/loop.o: $(SRC)/emit/tests/loop.c $(MINI_PLATFORM_H)
	$(call msg,CC,loop.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(MINI_GEN)/platform -c -o $@ $<

$(O)/obj/gen-tests/golden.o: $(SRC)/emit/tests/golden.c
	$(call msg,CC,golden.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

GEN_TEST_OBJS := $(O)/obj/gen-tests/loop.o $(O)/obj/gen-tests/golden.o \
	$(O)/obj/gen-tests/mini_dispatch.o $(O)/obj/gen-tests/mini_skeleton.o \
	$(patsubst %,$(O)/obj/gen-tests/loop_rev_%.o,$(MINI_REVS))

# The manual's emitter is tested in the same program, on the library.
$(O)/tests/test-gen: $(GEN_TEST_OBJS) $(call objs,emit/tests/test_docs.c emit/tests/test_headers.c \
		tests/fixtures.c emit/tests/test_hostile_gen.c) \
		$$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ)
	$(call link_rule,$(XML2_LIBS) $(CUNIT_LIBS))

TESTS += $(O)/tests/test-gen

# The mini dispatch driven by the model: every op of every revision.
$(O)/obj/gen-tests/model_calls_mini.o: $(SRC)/emit/tests/model_calls.c $(MINI_PLATFORM_H)
	$(call msg,CC,model_calls.c [mini])
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -DABI=mini -DABI_UP=MINI -DABI_SPEC='"fixtures/gen/mini.xml"' \
		-DABI_PLATFORM_H=$(MINI_PLATFORM_H) -c -o $@ $<

$(O)/tests/test-dispatch-mini: $(O)/obj/gen-tests/model_calls_mini.o \
		$(O)/obj/gen-tests/mini_dispatch.o $(O)/obj/gen-tests/mini_skeleton.o \
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
