# Guest images for the engines' own tests and benchmarks (not conformance
# suites): a guest that crashes or hangs on purpose, a hostile guest that
# attacks the call-frame transport, and the call-cost guest.
GUEST_APP_RT := $(filter-out guest/image.c,$(GUEST_SUITE_RT))
# The mini images are built on the newest mini revision's suite; MINI_GEN
# and MINI_NEWEST_REV come from a later fragment (emit/tests/module.mk).
MINI_SUITE_OBJ = $(O)/guest/obj/gen/mini/$(MINI_NEWEST_REV)/mini_conformance.o

# crash.elf mode=ud2|triple|spin|hlt|ring
$(O)/guest/tests/crash.elf: $(call guest_objs,$(GUEST_APP_RT) guest/tests/crash.c) $(GUEST_MB) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

# badrec.elf bad=size0|plan|len|magic: result records gone bad
$(O)/guest/tests/badrec.elf: $(call guest_objs,$(GUEST_APP_RT) guest/tests/badrec.c) $(GUEST_MB) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

# smp.elf mode=ring|nostart|ap-spin|both-spin|ap-exit|ap-triple: two vCPUs
$(O)/guest/tests/smp.elf: $(call guest_objs,$(GUEST_APP_RT) guest/tests/smp.c) $(GUEST_MB) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

# calls.elf: the call loop without negotiation, for a platform that
# answers every frame (auto engine calibration); mini/calls.elf
# negotiates the mini ABI first so calls reach the mini handlers.
CALLS_NEG_OBJ := $(call guest_variant_objs,neg,guest/bench_calls.c)
$(CALLS_NEG_OBJ): private EXTRA_CFLAGS = -DPVABI_CALLS_NEGOTIATE

$(O)/guest/calls.elf: $(call guest_objs,$(GUEST_APP_RT) guest/bench_calls.c) $(GUEST_MB) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

$(O)/guest/mini/calls.elf: $(call guest_objs,$(GUEST_APP_RT)) $(CALLS_NEG_OBJ) \
		$(GUEST_MB) $$(MINI_SUITE_OBJ) $(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

# The hostile guest, per ABI: the revision's errors as one array, made by
# the generator (--target errors). MINI_INPUTS, mini_gen and
# MINI_NEWEST_REV are defined by a later fragment, hence $$(MINI_INPUTS).
$(O)/guest/gen/mini/abi_errors.h: $$(MINI_INPUTS)
	$(call mini_gen,$(@D),--target errors --rev $(MINI_NEWEST_REV) --file abi_errors.h \
		--symbol pvabi_abi_errors)

MINI_HOSTILE_OBJS := $(call guest_variant_objs,mini,guest/hostile.c guest/hostile_check.c)
$(MINI_HOSTILE_OBJS): $(O)/guest/gen/mini/abi_errors.h
$(MINI_HOSTILE_OBJS): private EXTRA_CFLAGS = -I$(O)/guest/gen/mini

$(O)/guest/mini/hostile.elf: $(call guest_objs,$(GUEST_APP_RT)) $(MINI_HOSTILE_OBJS) \
		$(GUEST_MB) $$(MINI_SUITE_OBJ) $(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

TEST_GUEST_IMAGES := $(O)/guest/tests/crash.elf $(O)/guest/tests/badrec.elf $(O)/guest/tests/smp.elf $(O)/guest/calls.elf $(O)/guest/mini/calls.elf \
	$(O)/guest/mini/hostile.elf
guests: $(TEST_GUEST_IMAGES)
