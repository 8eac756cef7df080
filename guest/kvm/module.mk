# KVM guests generated from spec/kvm.xml: guest/kvm/kvmclock.c built
# against the guest header of two revisions, one guest per generation:
# kvmclock-old.elf knows only what 2.6.25 had (the 0x11/0x12 pair),
# kvmclock-new.elf what 3.6.0 had (CLOCKSOURCE2, steal time, PV EOI).
# make kvm-matrix runs their frozen copies (fixtures/guests/kvm/) on every
# host profile; platform/vmm/tests/test_kvmclock.c on the own VMM's
# reference and contradictory profiles.
KVM_GEN := $(O)/gen/kvm
KVM_INPUTS := $(SRC)/spec/kvm.xml $(SRC)/spec/kvm-versions.xml \
	$(SRC)/spec/schema/pvabi-spec.rng $(O)/pvabi-gen
KVM_OLD_REV := 2.6.25
KVM_NEW_REV := 3.6.0

$(KVM_GEN)/%/kvm_guest.h: $(KVM_INPUTS)
	$(call msg,GEN,$(patsubst $(O)/%,%,$(@D)))
	$(Q)mkdir -p $(@D)
	$(Q)cd $(SRC) && $(abspath $(O))/pvabi-gen gen --spec spec/kvm.xml \
		--registry spec/kvm-versions.xml --target guest --rev $* -o $(abspath $(@D))

# $(call kvm_guest,generation,revision)
define kvm_guest
KVM_$(1)_OBJS := $$(call guest_variant_objs,kvm-$(1),guest/kvm/kvmclock.c)
$$(KVM_$(1)_OBJS): $(KVM_GEN)/$(2)/kvm_guest.h
$$(KVM_$(1)_OBJS): private EXTRA_CFLAGS = -I$(KVM_GEN)/$(2)

$(O)/guest/kvm/kvmclock-$(1).elf: $$(call guest_objs,$$(GUEST_RT)) $$(KVM_$(1)_OBJS) $$(GUEST_MB) \
		$(SRC)/guest/boot/guest.ld
	$$(call guest_image,$$@,$$(filter %.o,$$^))
endef

$(eval $(call kvm_guest,old,$(KVM_OLD_REV)))
$(eval $(call kvm_guest,new,$(KVM_NEW_REV)))

KVM_GUESTS := $(O)/guest/kvm/kvmclock-old.elf $(O)/guest/kvm/kvmclock-new.elf
guests: $(KVM_GUESTS)

# The conformance suite of every revision of spec/kvm.xml
# (gen --target conformance): guest/kvm/suite.c, the runner
# guest/rt/conformance2.c and the revision's kvm_conformance.c, one image
# per revision at $(O)/guest/kvm/REV/conformance.elf, where
# `pvabi matrix --spec spec/kvm.xml --fresh` finds the rows REV-fresh.
include $(call revs_fragment,kvm-guest,$(SRC)/spec/kvm-versions.xml)

$(KVM_GEN)/%/kvm_conformance.c: $(KVM_INPUTS) $(KVM_GEN)/%/kvm_guest.h
	$(call msg,GEN,$(patsubst $(O)/%,%,$@))
	$(Q)mkdir -p $(@D)
	$(Q)cd $(SRC) && $(abspath $(O))/pvabi-gen gen --spec spec/kvm.xml \
		--registry spec/kvm-versions.xml --target conformance --rev $* -o $(abspath $(@D))

# $(call kvm_suite,revision)
define kvm_suite
$(O)/guest/obj/gen/kvm/$(1)/kvm_conformance.o: $(KVM_GEN)/$(1)/kvm_guest.h
$(call guest_variant_objs,kvm-$(1),guest/kvm/suite.c): $(KVM_GEN)/$(1)/kvm_guest.h
$(call guest_variant_objs,kvm-$(1),guest/kvm/suite.c): private EXTRA_CFLAGS = -I$(KVM_GEN)/$(1)

$(O)/guest/kvm/$(1)/conformance.elf: $$(call guest_objs,$$(GUEST_RT) guest/rt/conformance2.c guest/rt/conformance2_gap.c) \
		$$(call guest_variant_objs,kvm-$(1),guest/kvm/suite.c) \
		$(O)/guest/obj/gen/kvm/$(1)/kvm_conformance.o $$(GUEST_MB) $(SRC)/guest/boot/guest.ld
	$$(call guest_image,$$@,$$(filter %.o,$$^))
endef
$(foreach r,$(KVM_GUEST_REVS),$(eval $(call kvm_suite,$(r))))

KVM_SUITES := $(foreach r,$(KVM_GUEST_REVS),$(O)/guest/kvm/$(r)/conformance.elf)
guests: $(KVM_SUITES)
