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
