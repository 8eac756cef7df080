# Guest images for the engines' own tests and benchmarks (not conformance
# suites): a guest that crashes or hangs on purpose, a hostile guest that
# attacks the call-frame transport, and the call-cost guest.
GUEST_APP_RT := $(filter-out guest/image.c,$(GUEST_SUITE_RT))
MINI_SUITE_OBJ := $(O)/guest/obj/gen/mini/1.2/mini_conformance.o

# crash.elf mode=ud2|triple|spin|hlt|ring
$(O)/guest/tests/crash.elf: $(call guest_objs,$(GUEST_APP_RT) guest/tests/crash.c) $(GUEST_MB) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

# calls.elf: the call loop without negotiation, for a platform that
# answers every frame (auto engine calibration); mini/calls.elf
# negotiates the mini ABI first so calls reach the mini handlers.
$(O)/guest/obj/guest/bench_calls-neg.o: $(SRC)/guest/bench_calls.c
	$(call msg,GUESTCC,guest/bench_calls.c [neg])
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -DPVABI_CALLS_NEGOTIATE -MMD -MP -c -o $@ $<

$(O)/guest/calls.elf: $(call guest_objs,$(GUEST_APP_RT) guest/bench_calls.c) $(GUEST_MB) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

$(O)/guest/mini/calls.elf: $(call guest_objs,$(GUEST_APP_RT)) $(O)/guest/obj/guest/bench_calls-neg.o \
		$(GUEST_MB) $(MINI_SUITE_OBJ) $(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

# The hostile guest, per ABI: the revision's errors as one array, made by
# the generator (--target errors). MINI_INPUTS and mini_gen are defined by
# a later fragment, hence $$(MINI_INPUTS).
$(O)/guest/gen/mini/abi_errors.h: $$(MINI_INPUTS)
	$(call mini_gen,$(@D),--target errors --rev 1.2 --file abi_errors.h --symbol pvabi_abi_errors)

$(O)/guest/obj/mini/%.o: $(SRC)/guest/%.c $(O)/guest/gen/mini/abi_errors.h
	$(call msg,GUESTCC,'guest/$*.c [mini]')
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -I$(O)/guest/gen/mini -MMD -MP -c -o $@ $<

$(O)/guest/mini/hostile.elf: $(call guest_objs,$(GUEST_APP_RT)) $(O)/guest/obj/mini/hostile.o \
		$(O)/guest/obj/mini/hostile_check.o $(GUEST_MB) $(MINI_SUITE_OBJ) $(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

TEST_GUEST_IMAGES := $(O)/guest/tests/crash.elf $(O)/guest/calls.elf $(O)/guest/mini/calls.elf \
	$(O)/guest/mini/hostile.elf
guests: $(TEST_GUEST_IMAGES)
