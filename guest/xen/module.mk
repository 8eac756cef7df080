# Hand-written guests for a real Xen, booted as its first domain (PVH):
# the runtime, Xen's hypercall page, and a program. probe.elf checks the
# calls every Xen answers alike plus what its command line expects;
# xen-empty.elf only installs the page and exits, the baseline of a boot.
GUEST_XEN_RT := $(GUEST_RT) guest/xen/hypercall.c

$(O)/guest/xen/probe.elf: $(call guest_objs,$(GUEST_XEN_RT) guest/xen/probe.c) $(GUEST_PVH) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

$(O)/guest/xen/empty.elf: $(call guest_objs,$(GUEST_XEN_RT) guest/xen/empty.c) $(GUEST_PVH) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

GUEST_XEN_IMAGES := $(O)/guest/xen/probe.elf $(O)/guest/xen/empty.elf
guests: $(GUEST_XEN_IMAGES)

# The crash guest (guest/tests/crash.c) as a PVH first domain, for the
# xen engine's lifecycle tests: it cannot print (Xen owns COM1), it only
# has to spin, fault or triple-fault.
$(O)/guest/xen/crash.elf: $(call guest_objs,$(GUEST_RT) guest/tests/crash.c) $(GUEST_PVH) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))

GUEST_XEN_IMAGES += $(O)/guest/xen/crash.elf
guests: $(O)/guest/xen/crash.elf

# Conformance images of the Xen ABI, one per interface version of
# spec/xen.xml: guest/xen/conformance.c over the guest header the
# generator writes for that revision ($(O)/gen/xen/guest/REV/xen_guest.h).
# Built only where the tree has the Xen spec.
ifneq ($(wildcard $(SRC)/spec/xen.xml),)
XEN_SPEC := $(SRC)/spec/xen.xml
XEN_REGISTRY := $(SRC)/spec/xen-versions.xml
include $(call revs_fragment,xen-guest,$(XEN_REGISTRY))
XEN_GUEST_GEN := $(O)/gen/xen/guest

$(XEN_GUEST_GEN)/%/xen_guest.h: $(XEN_SPEC) $(XEN_REGISTRY) $(O)/pvabi-gen
	$(call msg,GEN,$(patsubst $(O)/%,%,$@))
	$(Q)mkdir -p $(@D)
	$(Q)$(O)/pvabi-gen gen --target guest --rev $* --spec $(XEN_SPEC) \
		--registry $(XEN_REGISTRY) --output $(@D)

# $(call xen_conformance_rules,REV)
define xen_conformance_rules
$(call guest_variant_objs,xen-$(1),guest/xen/conformance.c): $(XEN_GUEST_GEN)/$(1)/xen_guest.h
$(call guest_variant_objs,xen-$(1),guest/xen/conformance.c): private EXTRA_CFLAGS = -I$(XEN_GUEST_GEN)/$(1)
$(O)/guest/xen/$(1)/conformance.elf: $(call guest_objs,$(GUEST_RT)) \
		$(call guest_variant_objs,xen-$(1),guest/xen/conformance.c) $(GUEST_PVH) \
		$(SRC)/guest/boot/guest.ld
	$$(call guest_image,$$@,$$(filter %.o,$$^))
endef
$(foreach r,$(XEN_GUEST_REVS),$(eval $(call xen_conformance_rules,$(r))))

XEN_CONFORMANCE_IMAGES := $(foreach r,$(XEN_GUEST_REVS),$(O)/guest/xen/$(r)/conformance.elf)
guests: $(XEN_CONFORMANCE_IMAGES)
endif
