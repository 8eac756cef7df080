# The Xen ABI (spec/xen.xml) checked against Xen's public headers: the
# crosscheck header of every revision compiled with libxen-dev's headers
# for x86-64 and x86-32.
$(O)/tests/test-xen-headers: $(call objs,emit/tests/xen/test_xen_headers.c emit/tests/xcheck.c tests/fixtures.c) \
		$$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ)
	$(call link_rule,$(XML2_LIBS) $(CUNIT_LIBS))

TESTS += $(O)/tests/test-xen-headers

# The generated conformance suite of every interface version
# (gen --target conformance: vectors and scenarios through the typed
# stubs), built into a Xen guest image each: guest/xen/suite.c, the
# runner guest/rt/conformance2.c (with guest/rt/pvclock.c for <clock>) and
# the revision's xen_conformance.c.
# Building them is the check that the generated code compiles for every
# revision; running them on a Xen is the xen engine's.
ifneq ($(XEN_GUEST_GEN),)
$(XEN_GUEST_GEN)/%/xen_conformance.c: $(XEN_SPEC) $(XEN_REGISTRY) $(O)/pvabi-gen \
		$(XEN_GUEST_GEN)/%/xen_guest.h
	$(call msg,GEN,$(patsubst $(O)/%,%,$@))
	$(Q)cd $(SRC) && $(abspath $(O))/pvabi-gen gen --target conformance --rev $* \
		--spec spec/xen.xml --registry spec/xen-versions.xml --output $(abspath $(@D))

# The runtime of a suite: with vCPU 1's start and jobs for the scenarios'
# steps of vcpu="1" (guest/rt/conformance2_vcpu.c).
XEN_SUITE_RT := $(GUEST_RT) guest/rt/conformance2.c guest/rt/conformance2_gap.c guest/rt/pvclock.c \
	guest/rt/conformance2_now.c \
	guest/rt/conformance2_vcpu.c guest/rt/smp.c guest/rt/smp_tramp.S

# $(call xen_suite_rules,REV)
define xen_suite_rules
$(O)/guest/obj/gen/xen/guest/$(1)/xen_conformance.o: $(XEN_GUEST_GEN)/$(1)/xen_guest.h
$(call guest_variant_objs,xen-$(1),guest/xen/suite.c): $(XEN_GUEST_GEN)/$(1)/xen_guest.h
$(call guest_variant_objs,xen-$(1),guest/xen/suite.c): private EXTRA_CFLAGS = -I$(XEN_GUEST_GEN)/$(1)
$(O)/guest/xen/$(1)/suite.elf: $(call guest_objs,$(XEN_SUITE_RT)) \
		$(call guest_variant_objs,xen-$(1),guest/xen/suite.c) \
		$(O)/guest/obj/gen/xen/guest/$(1)/xen_conformance.o $(GUEST_PVH) \
		$(SRC)/guest/boot/guest.ld
	$$(call guest_image,$$@,$$(filter %.o,$$^))
endef
$(foreach r,$(XEN_GUEST_REVS),$(eval $(call xen_suite_rules,$(r))))

XEN_SUITE_IMAGES := $(foreach r,$(XEN_GUEST_REVS),$(O)/guest/xen/$(r)/suite.elf)
guests: $(XEN_SUITE_IMAGES)

# The 4.14.0 suites of seeded copies of spec/xen.xml whose event
# scenarios expect what Xen does not do: test-xen-events boots them and
# wants each seed to fail at its exact step, the rest to pass. One seed
# per resource: a scenario that fails stops before its cleanup (a timer
# scenario leaves VIRQ_TIMER bound, and the next bind is refused), so the
# timer scenario a copy does not seed is left out of it, and so is the
# probe of VIRQ_TIMER's <one-per> in the three whose timer scenarios fail.
#   seeded:  an upcall from a masked port; a timer set for 200 ms that
#            fires no earlier than 900 ms (timer_future_flag left out);
#            a CPUID leaf past the maximum of Xen's block answering as
#            Intel's highest basic leaf instead of all zero
#   seeded2: a past deadline with VCPU_SSHOTTMR_future answered only by
#            ETIME (timer_deadline left out, and the scenarios of vCPU 1,
#            which want nothing on vCPU 0 while the seeded scenario's
#            timer, armed before its failing step, still fires there)
XEN_SEEDS_seeded := -e '/<scenario name="evtchn_masked_upcall"/,/<\/scenario>/s/count="0" exact="true" within-ns="50000000"/count="1" exact="true" within-ns="50000000"/' \
	-e 's/<check value="$$fired-$$now" expect="=199900000\.\./<check value="$$fired-$$now" expect="=900000000../' \
	-e '/<scenario name="timer_future_flag"/,/<\/scenario>/d' \
	-e 's/<grows value="eax" unserved="zero">/<grows value="eax" unserved="basic">/' \
	-e '/<now field=/,/<\/now>/d' \
	-e '/<now is="absolute" past="fires" zero="cancels" early=/,/<\/now>/d' \
	-e '/<scenario name="set_timer_op_/,/<\/scenario>/d' \
	-e 's/<one-per field="virq" in="0 1" scope="vcpu"/<one-per field="virq" in="1" scope="vcpu"/'
XEN_SEEDS_seeded2 := -e 's/expect="ret=-62\.\.0" bind="r"/expect="ret=-62..-1" bind="r"/' \
	-e '/<scenario name="timer_deadline"/,/<\/scenario>/d' \
	-e '/<scenario name="evtchn_ipi_other_vcpu"/,/<\/scenario>/d' \
	-e '/<scenario name="timer_singleshot_vcpu1"/,/<\/scenario>/d' \
	-e '/<now field=/,/<\/now>/d' \
	-e '/<now is="absolute" past="fires" zero="cancels" early=/,/<\/now>/d' \
	-e '/<scenario name="set_timer_op_/,/<\/scenario>/d' \
	-e 's/<one-per field="virq" in="0 1" scope="vcpu"/<one-per field="virq" in="1" scope="vcpu"/'

#   seeded3: the steps of vCPU 1 seen from the wrong vCPU: an IPI port
#            bound to vCPU 0 whose upcall is awaited on vCPU 1, and
#            vCPU 1's one-shot timer armed from vCPU 0 (Xen: EINVAL); the
#            bind's expect follows the vCPU it asks for
XEN_SEEDS_seeded3 := -e '/<scenario name="evtchn_ipi_other_vcpu"/,/<\/scenario>/s/command="bind_ipi" args="arg.vcpu=1"/command="bind_ipi" args="arg.vcpu=0"/' \
	-e '/<scenario name="evtchn_ipi_other_vcpu"/,/<\/scenario>/s/expect="ret=0 arg.port&gt;=1 arg.vcpu=1"/expect="ret=0 arg.port\&gt;=1 arg.vcpu=0"/' \
	-e '/<scenario name="timer_singleshot_vcpu1"/,/<\/scenario>/s/command="set_singleshot_timer" vcpu="1"/command="set_singleshot_timer"/' \
	-e '/<now field=/,/<\/now>/d' \
	-e '/<now is="absolute" past="fires" zero="cancels" early=/,/<\/now>/d' \
	-e '/<scenario name="set_timer_op_/,/<\/scenario>/d' \
	-e 's/<one-per field="virq" in="0 1" scope="vcpu"/<one-per field="virq" in="1" scope="vcpu"/'

#   seeded4: the one-shot deadline's <now> misdeclared: without
#            VCPU_SSHOTTMR_future a relative value (Xen's is absolute
#            system time: 700001 ns after boot is long past and fires at
#            once, early), and with it a past value refused with ETIME in
#            every release (4.17.3 and later fire it). The seeded specs
#            above leave the <now>s out: a timer or event scenario that
#            fails stops before its cleanup (VIRQ_TIMER left bound, an
#            upcall left pending), and every probe's setup would fail.
XEN_SEEDS_seeded4 := -e 's/when="extra_args.flags=0" is="absolute" past="fires"/when="extra_args.flags=0" is="relative"/' \
	-e 's/past="error=ETIME fires@4\.17\.3"/past="error=ETIME"/'

#   seeded-oneper: the scopes of EVTCHNOP_bind_virq's <one-per> swapped
#            for two VIRQs: VIRQ_DOM_EXC (global in Xen: vCPU 0 alone)
#            declared per vCPU, and VIRQ_DEBUG (per vCPU in Xen) declared
#            per guest; each is red at its probe's first ask on vCPU 1,
#            VIRQ_TIMER's probe and everything else green
XEN_SEEDS_seeded-oneper := -e 's/<one-per field="virq" in="0 1" scope="vcpu"/<one-per field="virq" in="0 3" scope="vcpu"/' \
	-e 's/<one-per field="virq" in="3" scope="guest"/<one-per field="virq" in="1" scope="guest"/'

#   seeded-timerop: set_timer_op's timeout misdeclared relative (Xen's
#            is absolute system time: 1 and 700001 ns after boot are long
#            past and fire at once, early, and a cancel armed "1 s ahead"
#            has fired before the 0 that should stop it): red at exactly
#            the three probes of that <now>. The other seeds above leave
#            set_timer_op's <now> and scenarios out, as they leave the
#            one-shot timer's <now>s out: a timer scenario that fails
#            leaves VIRQ_TIMER bound, and every later bind is refused.
XEN_SEEDS_seeded-timerop := -e 's/<now is="absolute" past="fires" zero="cancels" early=/<now is="relative" zero="cancels" early=/'

# $(call xen_seeded_rules,NAME)
define xen_seeded_rules
$(O)/gen/xen-$(1)/4.14.0/xen.xml: $(XEN_SPEC) $(SRC)/emit/tests/xen/module.mk
	$$(Q)mkdir -p $$(@D)
	$$(Q)sed $$(XEN_SEEDS_$(1)) $$< > $$@.tmp && ! cmp -s $$< $$@.tmp && mv $$@.tmp $$@
$(O)/gen/xen-$(1)/4.14.0/xen_guest.h: $(XEN_GUEST_GEN)/4.14.0/xen_guest.h
	$$(Q)mkdir -p $$(@D) && cp $$< $$@
$(O)/gen/xen-$(1)/4.14.0/xen_conformance.c: $(O)/gen/xen-$(1)/4.14.0/xen.xml $(XEN_REGISTRY) \
		$(O)/pvabi-gen $(O)/gen/xen-$(1)/4.14.0/xen_guest.h
	$$(call msg,GEN,$$(patsubst $(O)/%,%,$$@))
	$$(Q)$(O)/pvabi-gen gen --target conformance --rev 4.14.0 --spec $$< \
		--registry $(XEN_REGISTRY) --output $$(@D)
$(O)/guest/obj/gen/xen-$(1)/4.14.0/xen_conformance.o: $(O)/gen/xen-$(1)/4.14.0/xen_guest.h
$(O)/guest/xen/$(1)/suite.elf: $(call guest_objs,$(XEN_SUITE_RT)) \
		$(call guest_variant_objs,xen-4.14.0,guest/xen/suite.c) \
		$(O)/guest/obj/gen/xen-$(1)/4.14.0/xen_conformance.o $(GUEST_PVH) \
		$(SRC)/guest/boot/guest.ld
	$$(call guest_image,$$@,$$(filter %.o,$$^))
guests: $(O)/guest/xen/$(1)/suite.elf
endef
$(foreach n,seeded seeded2 seeded3 seeded4 seeded-oneper seeded-timerop,$(eval $(call xen_seeded_rules,$(n))))

# seeded-end: SCHEDOP_shutdown numbered 5, which is SCHEDOP_shutdown_code
# (xen/common/sched/core.c): the same struct, but Xen only notes the code
# and returns 0, so the guest that asked to stop runs on; test-xen-runend
# wants it red at exactly the run end. The generator refuses a spec that
# renumbers a command of a released revision (RELEASED_REVISION_MODIFIED),
# so the copy is the header such a spec gives: the 4.14.0 suite over a
# guest header whose SCHEDOP_shutdown is 5.
$(O)/gen/xen-seeded-end/4.14.0/xen_guest.h: $(XEN_GUEST_GEN)/4.14.0/xen_guest.h \
		$(SRC)/emit/tests/xen/module.mk
	$(Q)mkdir -p $(@D)
	$(Q)sed 's/^#define XEN_SCHED_OP_SHUTDOWN 2$$/#define XEN_SCHED_OP_SHUTDOWN 5/' $< > $@.tmp && \
		! cmp -s $< $@.tmp && mv $@.tmp $@
$(O)/gen/xen-seeded-end/4.14.0/xen_conformance.c: $(XEN_GUEST_GEN)/4.14.0/xen_conformance.c
	$(Q)mkdir -p $(@D) && cp $< $@
$(O)/guest/obj/gen/xen-seeded-end/4.14.0/xen_conformance.o: $(O)/gen/xen-seeded-end/4.14.0/xen_guest.h
$(O)/guest/xen/seeded-end/suite.elf: $(call guest_objs,$(XEN_SUITE_RT)) \
		$(call guest_variant_objs,xen-4.14.0,guest/xen/suite.c) \
		$(O)/guest/obj/gen/xen-seeded-end/4.14.0/xen_conformance.o $(GUEST_PVH) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))
guests: $(O)/guest/xen/seeded-end/suite.elf

# seeded-refout: refusals that write, as a platform would that fills the
# struct before it checks (the Xen it runs on writes nothing when it
# refuses: event_channel.c copies the struct back only on success): a
# refused EVTCHNOP_status writes status 0 (closed), a refused
# EVTCHNOP_bind_virq writes port 0. The copy is the 4.14.0 suite over a
# guest header whose two typed stubs do so after a refusal;
# test-xen-events wants it red at exactly the refused status vector and
# the refused binds of the <one-per> probes.
$(O)/gen/xen-seeded-refout/4.14.0/xen_guest.h: $(XEN_GUEST_GEN)/4.14.0/xen_guest.h \
		$(SRC)/emit/tests/xen/module.mk
	$(Q)mkdir -p $(@D)
	$(Q)sed -e '/^XEN_STUB long xen_event_channel_op_status(/,/^}/s/^\treturn \(.*\);$$/\tlong r_ = \1;\n\n\tif (r_)\n\t\targ->status = 0;\n\treturn r_;/' \
		-e '/^XEN_STUB long xen_event_channel_op_bind_virq(/,/^}/s/^\treturn \(.*\);$$/\tlong r_ = \1;\n\n\tif (r_)\n\t\targ->port = 0;\n\treturn r_;/' \
		$< > $@.tmp && [ "$$(cmp -l $< $@.tmp 2>/dev/null | wc -l)" -gt 0 ] && \
		[ "$$(grep -c 'long r_ = ' $@.tmp)" = 2 ] && mv $@.tmp $@
$(O)/gen/xen-seeded-refout/4.14.0/xen_conformance.c: $(XEN_GUEST_GEN)/4.14.0/xen_conformance.c
	$(Q)mkdir -p $(@D) && cp $< $@
$(O)/guest/obj/gen/xen-seeded-refout/4.14.0/xen_conformance.o: $(O)/gen/xen-seeded-refout/4.14.0/xen_guest.h
$(O)/guest/xen/seeded-refout/suite.elf: $(call guest_objs,$(XEN_SUITE_RT)) \
		$(call guest_variant_objs,xen-4.14.0,guest/xen/suite.c) \
		$(O)/guest/obj/gen/xen-seeded-refout/4.14.0/xen_conformance.o $(GUEST_PVH) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))
guests: $(O)/guest/xen/seeded-refout/suite.elf

# seeded-fixed: a value fixed for the guest's life that moves, as a
# hypervisor would that builds XENVER_get_features' submap 0 from state
# the guest's calls change (has_pirq evaluated per call, say) instead of
# what the domain was created as: from the second query on, submap 0
# also reports XENFEAT_hvm_pirqs (bit 10). The get_features vector
# checks only the result and the submap index, so it stays green; the
# copy is the 4.14.0 suite over a guest header whose get_features stub
# does so, and test-xen-events wants it red at exactly the two readings
# of submap 0 again (vCPU 0 and vCPU 1), every other test green.
$(O)/gen/xen-seeded-fixed/4.14.0/xen_guest.h: $(XEN_GUEST_GEN)/4.14.0/xen_guest.h \
		$(SRC)/emit/tests/xen/module.mk
	$(Q)mkdir -p $(@D)
	$(Q)sed -e '/^XEN_STUB long xen_xen_version_get_features(/,/^}/s/^\treturn \(.*\);$$/\tstatic unsigned int n_;\n\tlong r_ = \1;\n\n\tif (!r_ \&\& !arg->submap_idx \&\& n_++)\n\t\targ->submap |= 1u << 10;\n\treturn r_;/' \
		$< > $@.tmp && [ "$$(grep -c 'long r_ = ' $@.tmp)" = 1 ] && mv $@.tmp $@
$(O)/gen/xen-seeded-fixed/4.14.0/xen_conformance.c: $(XEN_GUEST_GEN)/4.14.0/xen_conformance.c
	$(Q)mkdir -p $(@D) && cp $< $@
$(O)/guest/obj/gen/xen-seeded-fixed/4.14.0/xen_conformance.o: $(O)/gen/xen-seeded-fixed/4.14.0/xen_guest.h
$(O)/guest/xen/seeded-fixed/suite.elf: $(call guest_objs,$(XEN_SUITE_RT)) \
		$(call guest_variant_objs,xen-4.14.0,guest/xen/suite.c) \
		$(O)/guest/obj/gen/xen-seeded-fixed/4.14.0/xen_conformance.o $(GUEST_PVH) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))
guests: $(O)/guest/xen/seeded-fixed/suite.elf

# seeded-fault: a struct the hypervisor cannot read answered as if it
# were a struct it refused, as a hypervisor would that checks what it
# was given before it checks that the copy succeeded: SCHEDOP_shutdown
# at an address no page table of the guest maps answers EINVAL (the
# error the first description listed) instead of EFAULT. The copy is the
# 4.14.0 suite over a guest header whose shutdown stub does so for an
# address past the guest's mapped memory (from 2^39 on: the runtime maps
# the first GiB and the APICs' below 4 GiB); test-xen-events wants it
# red at exactly the two vectors of unreadable data, every other test
# green.
$(O)/gen/xen-seeded-fault/4.14.0/xen_guest.h: $(XEN_GUEST_GEN)/4.14.0/xen_guest.h \
		$(SRC)/emit/tests/xen/module.mk
	$(Q)mkdir -p $(@D)
	$(Q)sed -e '/^XEN_STUB long xen_sched_op_shutdown(/,/^}/s/^\treturn \(.*\);$$/\tif ((uintptr_t)arg >> 39)\n\t\treturn XEN_EINVAL;\n\treturn \1;/' \
		$< > $@.tmp && [ "$$(grep -c 'return XEN_EINVAL;' $@.tmp)" = 1 ] && mv $@.tmp $@
$(O)/gen/xen-seeded-fault/4.14.0/xen_conformance.c: $(XEN_GUEST_GEN)/4.14.0/xen_conformance.c
	$(Q)mkdir -p $(@D) && cp $< $@
$(O)/guest/obj/gen/xen-seeded-fault/4.14.0/xen_conformance.o: $(O)/gen/xen-seeded-fault/4.14.0/xen_guest.h
$(O)/guest/xen/seeded-fault/suite.elf: $(call guest_objs,$(XEN_SUITE_RT)) \
		$(call guest_variant_objs,xen-4.14.0,guest/xen/suite.c) \
		$(O)/guest/obj/gen/xen-seeded-fault/4.14.0/xen_conformance.o $(GUEST_PVH) \
		$(SRC)/guest/boot/guest.ld
	$(call guest_image,$@,$(filter %.o,$^))
guests: $(O)/guest/xen/seeded-fault/suite.elf
endif

# The conformance target of spec/xen.xml: every revision's suite compiled
# in both modes, refusals of vectors that do not resolve, and the
# platform targets' refusal.
$(O)/tests/test-xen-conformance: $(call objs,emit/tests/xen/test_xen_conformance.c tests/fixtures.c) \
		$$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ)
	$(call link_rule,$(XML2_LIBS) $(CUNIT_LIBS))

TESTS += $(O)/tests/test-xen-conformance
