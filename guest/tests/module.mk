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

# The hostile guest, per ABI: the revision's errors come from its
# generated guest header (the block after "/* Errors"). MINI_GEN is
# defined by a later fragment, hence $$(MINI_GEN).
define abi_errors_h
	$(call msg,GEN,$(patsubst $(O)/%,%,$(1)))
	$(Q)mkdir -p $(dir $(1))
	$(Q){ echo '/* Generated from $(notdir $(2)): the ABI errors. */'; \
	  echo 'static const int64_t pvabi_abi_errors[] = {'; \
	  sed -n '/^\/\* Errors/,/^$$/s/^#define [A-Z0-9_]* (\(-[0-9][0-9]*\))$$/\t\1,/p' $(2); \
	  echo '};'; } >$(1).tmp
	$(Q)grep -q '^	-' $(1).tmp || { echo "$(2): no errors found" >&2; rm -f $(1).tmp; exit 1; }
	$(Q)mv $(1).tmp $(1)
endef

$(O)/guest/gen/mini/abi_errors.h: $$(MINI_GEN)/1.2/mini_guest.h
	$(call abi_errors_h,$@,$<)

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
