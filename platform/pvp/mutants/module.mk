# Platform-side seeded breaks (README.md): each FILE/NAME.sed edits a copy
# of platform/pvp/FILE.c, as a hypervisor developer could; the copy is
# built against the reference dispatch and linked, in place of FILE.c's
# object, into $(O)/mutants/NAME/pvabi. same-* are behaviour-preserving
# rewrites. test-mutation gates every program and prints the score.
MUTANTS_DIR := $(SRC)/platform/pvp/mutants
MUTANT_SEDS := $(sort $(wildcard $(MUTANTS_DIR)/*/*.sed))
# NAME -> FILE, from the directory that holds NAME.sed.
mutant_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(MUTANT_SEDS)))))
MUTANTS := $(basename $(notdir $(MUTANT_SEDS)))

# The copy must differ from the reference, or the seed has rotted (the
# source it edits changed): refused, never built as a silent no-op.
define mutant_rules
$(O)/gen/mutants/$(1)/platform/pvp/$(2).c: $(if $(3),$(3),$(MUTANTS_DIR))/$(2)/$(1).sed $(SRC)/platform/pvp/$(2).c
	$$(call msg,SED,mutants/$(1)/$(2).c)
	$$(Q)mkdir -p $$(@D)
	$$(Q)sed -f $$< $(SRC)/platform/pvp/$(2).c > $$@.tmp && \
		{ ! cmp -s $$@.tmp $(SRC)/platform/pvp/$(2).c || \
		  { echo "$$<: changes nothing in platform/pvp/$(2).c" >&2; rm -f $$@.tmp; exit 1; }; } && \
		mv $$@.tmp $$@

$(eval $(call pvp_platform_flags,$(call gen_objs,$(O)/gen/mutants/$(1)/platform/pvp/$(2).c),$(PVP_GEN)/platform))

$(O)/mutants/$(1)/pvabi: $$(CLI_OBJS) $$(PVABI_LIB_OBJS) $$(CELL_RESULT_OBJS) $$(MATRIX_OBJS) \
		$$(filter-out $(O)/obj/platform/pvp/$(2).o,$$(PVP_PLATFORM_OBJS)) \
		$(call gen_objs,$(O)/gen/mutants/$(1)/platform/pvp/$(2).c)
	$$(call link_rule,$$(XML2_LIBS))
endef
$(foreach m,$(MUTANTS),$(eval $(call mutant_rules,$(m),$(call mutant_file,$(m)))))

# $(call seed_dir,VAR,DIR): test-local seeds (DIR/FILE/NAME.sed), each
# built like the gate's seeds into $(O)/mutants/NAME/pvabi but not among
# them (test-mutation's score is not theirs); VAR_SEEDS lists their names.
seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(2)))))
define seed_dir
$(1)_SEEDS_DIR := $(2)
$(1)_SEED_SEDS := $$(sort $$(wildcard $(2)/*/*.sed))
$(1)_SEEDS := $$(basename $$(notdir $$($(1)_SEED_SEDS)))
$$(foreach m,$$($(1)_SEEDS),$$(eval $$(call mutant_rules,$$(m),$$(call seed_file,$$(m),$$($(1)_SEED_SEDS)),$(2))))
endef

# $(call seed_test,NAME,VAR[,MORE]): build/tests/test-NAME, from
# conformance/tests/test_NAME.c (- as _), runs the fresh images on the reference
# and on VAR's seeds (and the gate's seeds MORE).
define seed_test
$(O)/tests/test-$(1): $(call objs,conformance/tests/test_$(subst -,_,$(1)).c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$($(2)_SEEDS) $(3)) \
		$$$$(PVP_IMAGES)
	$$(call link_rule,$$(CUNIT_LIBS) $$(XML2_LIBS))

TESTS += $(O)/tests/test-$(1)
endef

MUTANT_PROGRAMS := $(patsubst %,$(O)/mutants/%/pvabi,$(MUTANTS))

# The behaviour-preserving rewrites, gated together (test-mutation): group
# K links the K-th rewrite (by name) of each handler file, so a group
# replaces each file at most once and its rewrites share no line. A green
# group clears every member: a false alarm would need another file's
# rewrite to undo it exactly. A red group is gated again member by
# member, from their own programs, so a false alarm is still named.
# $(O)/mutants/same-groups lists them, one group a line ("K name...").
SAME_MUTANTS := $(filter same-%,$(MUTANTS))
SAME_FILES := $(sort $(foreach m,$(SAME_MUTANTS),$(call mutant_file,$(m))))
same_of_file = $(sort $(foreach m,$(SAME_MUTANTS),$(if $(filter $(1),$(call mutant_file,$(m))),$(m))))
same_group = $(strip $(foreach f,$(SAME_FILES),$(word $(1),$(call same_of_file,$(f)))))
SAME_GROUP_IDS := 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16
$(if $(strip $(foreach f,$(SAME_FILES),$(word 17,$(call same_of_file,$(f))))),\
  $(error platform/pvp/mutants: more than 16 same-* rewrites of one file; add group ids))
SAME_GROUPS := $(foreach k,$(SAME_GROUP_IDS),$(if $(call same_group,$(k)),$(k)))

define same_group_rules
$(O)/mutants/same-group-$(1)/pvabi: $$(CLI_OBJS) $$(PVABI_LIB_OBJS) $$(CELL_RESULT_OBJS) $$(MATRIX_OBJS) \
		$$(filter-out $(foreach m,$(2),$(O)/obj/platform/pvp/$(call mutant_file,$(m)).o),$$(PVP_PLATFORM_OBJS)) \
		$(foreach m,$(2),$(call gen_objs,$(O)/gen/mutants/$(m)/platform/pvp/$(call mutant_file,$(m)).c))
	$$(call link_rule,$$(XML2_LIBS))
endef
$(foreach k,$(SAME_GROUPS),$(eval $(call same_group_rules,$(k),$(call same_group,$(k)))))

SAME_GROUP_PROGRAMS := $(patsubst %,$(O)/mutants/same-group-%/pvabi,$(SAME_GROUPS))

# Rewritten only when the grouping changes, so that an added rewrite
# reaches test-mutation and nothing else relinks.
$(O)/mutants/same-groups: FORCE
	$(Q)mkdir -p $(@D)
	$(Q)printf '%s\n' $(foreach k,$(SAME_GROUPS),"$(k) $(call same_group,$(k))") > $@.tmp && \
		{ cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@; }

.PHONY: FORCE
FORCE:

# Named by the phony goals themselves: .SECONDARY keeps make from building
# a missing program that only an up-to-date test names (order-only), so a
# seed added to a built tree would reach the gate unbuilt.
.PHONY: mutants
mutants: $(MUTANT_PROGRAMS) $(SAME_GROUP_PROGRAMS) $(O)/mutants/same-groups
tests check: mutants

$(O)/tests/test-mutation: $(call objs,conformance/tests/test_mutation.c) $$(CONFORMANCE_OBJS) \
		$$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) \
		$(HARNESS_OBJ) | $(O)/pvabi $(MUTANT_PROGRAMS) $(SAME_GROUP_PROGRAMS) \
		$(O)/mutants/same-groups $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-mutation

# A declared input case catches the seeded break that mishandles it, and
# each class of byte the breaks that refuse or drop it.
$(O)/tests/test-partition: $(call objs,conformance/tests/test_partition.c) $$(CONFORMANCE_OBJS) \
		$$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) \
		$(HARNESS_OBJ) | $(O)/pvabi $(O)/mutants/cancel-future-refused/pvabi \
		$(O)/mutants/log-control-refused/pvabi $(O)/mutants/console-high-dropped/pvabi $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-partition

# Test-local seeds (conformance/tests/edge-seeds): platforms that mishandle
# a range edge, which test-edges must see caught by the edge probes. Built
# like the gate's seeds, not among them: test-mutation's score is not
# theirs.
$(eval $(call seed_dir,EDGE,$(SRC)/conformance/tests/edge-seeds))

$(eval $(call seed_test,edges,EDGE))

# Test-local seeds of the delivery class (conformance/tests/deliver-seeds):
# platforms that deliver an event to another vCPU than its port's, which
# test-deliver must see caught by the scenarios that wait on the vCPU
# the event targets. Built like the gate's seeds, not among them.
$(eval $(call seed_dir,DELIVER,$(SRC)/conformance/tests/deliver-seeds))

$(O)/tests/test-deliver: $(call objs,conformance/tests/test_deliver.c conformance/tests/progrun.c) \
		$$(CONFORMANCE_OBJS) $$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $$(SPEC_OBJS) \
		$$(SCHEMA_OBJ) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(DELIVER_SEEDS)) \
		$(O)/mutants/deliver-to-caller/pvabi $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-deliver

# Test-local seeds (conformance/tests/batch-seeds): platforms that leave
# the wrong state behind a failing request of a batch, which test-batch
# must see caught by the batch probes. Built like the gate's seeds, not
# among them.
$(eval $(call seed_dir,BATCH,$(SRC)/conformance/tests/batch-seeds))

$(eval $(call seed_test,batch,BATCH,batch-continues))

# Test-local seeds (conformance/tests/full-seeds): platforms whose
# refusal in a full handle table leaves something behind for one value of
# the refused argument, which test-full must see caught by the probes of
# that value in the full table. Built like the gate's seeds, not among
# them.
$(eval $(call seed_dir,FULL,$(SRC)/conformance/tests/full-seeds))

$(eval $(call seed_test,full,FULL))

# Test-local seeds (conformance/tests/runend-seeds): platforms that record
# another end of the run than the guest asked, which test-runend must see
# caught by the run-end check alone. Built like the gate's seeds, not
# among them.
$(eval $(call seed_dir,RUNEND,$(SRC)/conformance/tests/runend-seeds))

$(eval $(call seed_test,runend,RUNEND,shutdown-ap-offline shutdown-ap-oldest-reasons))
# a guest that stops without asking: a triple fault
$(O)/tests/test-runend: | $(O)/guest/tests/crash.elf

# Test-local seeds (conformance/tests/refused-seeds): platforms that
# leave something behind a refused negotiation (the refusal recorded as
# the agreement, one op served without one), which test-refused must see
# caught by the checks after the refusals an image provokes. Built like
# the gate's seeds, not among them.
$(eval $(call seed_dir,REFUSED,$(SRC)/conformance/tests/refused-seeds))

$(eval $(call seed_test,refused,REFUSED))

# Test-local seeds (conformance/tests/now-seeds): platforms that mishandle
# a value against their own clock in one mode, which test-now must see
# caught by the <now> probes. Built like the edge seeds, not scored.
$(eval $(call seed_dir,NOW,$(SRC)/conformance/tests/now-seeds))

$(eval $(call seed_test,now,NOW))

# Test-local seeds (conformance/tests/mono-seeds): platforms whose clock
# goes back across a call the guest may make, a trigger other than the
# gate's holdout (a refused set_timer, a refused TSC write);
# build/tests/test-mono checks that the readings of <monotonic> outputs
# catch each, naming the call, and that the reference stays green.
$(eval $(call seed_dir,MONO,$(SRC)/conformance/tests/mono-seeds))

$(eval $(call seed_test,mono,MONO))

# Test-local seeds (conformance/tests/tied-seeds): platforms whose wall
# clock is not the host's, which test-tied must see caught by the tied
# checks (docs/spec-language.md, Tied values). Built like the edge seeds,
# not scored.
$(eval $(call seed_dir,TIED,$(SRC)/conformance/tests/tied-seeds))

$(eval $(call seed_test,tied,TIED))

# Test-local seeds (conformance/tests/readback-seeds): platforms that
# store a value write_msr accepts with the wrong width (another register
# than the gate's holdout), which test-readback must see caught by the
# read-backs of every value a write accepts, and only by them.
$(eval $(call seed_dir,READBACK,$(SRC)/conformance/tests/readback-seeds))

$(eval $(call seed_test,readback,READBACK))

# Test-local seeds (conformance/tests/grows-seeds): platforms that serve
# a CPUID leaf past the maximum they report (another range than the
# gate's holdout), which test-grows must see caught by the probes past
# each <grows> maximum, and only by the probes they break.
GROWS_SEEDS_DIR := $(SRC)/conformance/tests/grows-seeds
GROWS_SEED_SEDS := $(sort $(wildcard $(GROWS_SEEDS_DIR)/*/*.sed))
GROWS_SEEDS := $(basename $(notdir $(GROWS_SEED_SEDS)))
grows_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(GROWS_SEED_SEDS)))))
$(foreach m,$(GROWS_SEEDS),$(eval $(call mutant_rules,$(m),$(call grows_seed_file,$(m)),$(GROWS_SEEDS_DIR))))

$(O)/tests/test-grows: $(call objs,conformance/tests/test_grows.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(GROWS_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-grows

# Test-local seeds (conformance/tests/vector-seeds): platforms that
# inject an event with another vector than its port's binding (another
# port's, the previous binding's), which test-vector must see caught by
# the waits that judge each upcall's vector, and only where they differ.
VECTOR_SEEDS_DIR := $(SRC)/conformance/tests/vector-seeds
VECTOR_SEED_SEDS := $(sort $(wildcard $(VECTOR_SEEDS_DIR)/*/*.sed))
VECTOR_SEEDS := $(basename $(notdir $(VECTOR_SEED_SEDS)))
vector_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(VECTOR_SEED_SEDS)))))
$(foreach m,$(VECTOR_SEEDS),$(eval $(call mutant_rules,$(m),$(call vector_seed_file,$(m)),$(VECTOR_SEEDS_DIR))))

$(O)/tests/test-vector: $(call objs,conformance/tests/test_vector.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(VECTOR_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-vector

# Test-local seeds (conformance/tests/rate-seeds): platforms whose
# time_info clock drifts against get_time (a loss at each snapshot, a
# wrong rate) or whose steal time exceeds the clock it is measured in,
# other clocks and outputs than the gate's holdouts (the TSC, a summed
# steal total); build/tests/test-rate must see each caught by the
# clocks judged against each other (runs-with=, bounded-by=), and
# only there (or, for steal time in the wrong unit, across a halt too:
# excludes=).
RATE_SEEDS_DIR := $(SRC)/conformance/tests/rate-seeds
RATE_SEED_SEDS := $(sort $(wildcard $(RATE_SEEDS_DIR)/*/*.sed))
RATE_SEEDS := $(basename $(notdir $(RATE_SEED_SEDS)))
rate_seed_file = $(notdir $(patsubst %/,%,$(dir $(filter %/$(1).sed,$(RATE_SEED_SEDS)))))
$(foreach m,$(RATE_SEEDS),$(eval $(call mutant_rules,$(m),$(call rate_seed_file,$(m)),$(RATE_SEEDS_DIR))))

$(O)/tests/test-rate: $(call objs,conformance/tests/test_rate.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $(patsubst %,$(O)/mutants/%/pvabi,$(RATE_SEEDS)) \
		$$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-rate

# Test-local seeds (conformance/tests/sizes-seeds): platforms whose size
# guard reports or writes the wrong bytes, or that leave an output of a
# successful call unwritten, which test-sizes must see caught by the
# size-guard probes and the poisoned buffers. Built like the edge seeds,
# not scored.
$(eval $(call seed_dir,SIZES,$(SRC)/conformance/tests/sizes-seeds))

$(eval $(call seed_test,sizes,SIZES))

# Test-local seeds (conformance/tests/due-seeds): platforms that serve
# one call that changes a timer's source (a close, an allocation) before
# the expiry that fell due while the guest made no call, triggers other
# than the gate's holdout; build/tests/test-due checks that the probes of
# events that fall due between calls catch each, and that the reference
# stays green. Built like the edge seeds, not scored.
$(eval $(call seed_dir,DUE,$(SRC)/conformance/tests/due-seeds))

$(eval $(call seed_test,due,DUE))

# build/tests/test-replace: the gate's seeds of each replacement of a
# moment judged in both directions (a later deadline, an earlier one, a
# cancel) and by a value that takes effect at once, each red at its own
# direction's probes only, and the reference green. No test-local seeds.
$(eval $(call seed_test,replace,REPLACE,timer-keeps-earlier timer-relative-from-armed timer-relative-cancel-kept \
	past-deadline-keeps-armed timer-sooner-stacked))

# Test-local seeds (conformance/tests/exact-seeds): platforms that deliver
# another number of interrupts than the grant promises, in the grant
# state the gate's holdout does not touch; build/tests/test-exact checks
# that the exact counts by the grant catch each, and that the reference
# stays green. Built like the edge seeds, not scored.
$(eval $(call seed_dir,EXACT,$(SRC)/conformance/tests/exact-seeds))

$(eval $(call seed_test,exact,EXACT))

# Test-local seeds (conformance/tests/unsigned-seeds): platforms whose
# TSC runs in the top half of its 64 bits, on every vCPU (correct: every
# check must hold) or on the boot vCPU only (a break only an unsigned
# comparison of the two vCPUs' readings sees); build/tests/test-unsigned
# checks both. Built like the edge seeds, not scored.
$(eval $(call seed_dir,UNSIGNED,$(SRC)/conformance/tests/unsigned-seeds))

$(eval $(call seed_test,unsigned,UNSIGNED))

# Test-local seeds (conformance/tests/kind-seeds): platforms whose refusal
# for what a handle is (evtchn_send's EPERM for a timer or debug port)
# holds in some of the handle's states only, or leaves an effect behind,
# which test-kind must see caught by exactly the <refused-kind> probes.
# Built like the edge seeds, not scored.
$(eval $(call seed_dir,KIND,$(SRC)/conformance/tests/kind-seeds))

$(eval $(call seed_test,kind,KIND))

# Test-local seeds (conformance/tests/stale-seeds): platforms that answer
# one call with a value kept from an earlier one, on one path only, where
# the spec's own order of calls leaves the right value there;
# build/tests/test-stale checks that exactly the pairs of calls read
# after another value catch each. Built like the edge seeds, not scored.
$(eval $(call seed_dir,STALE,$(SRC)/conformance/tests/stale-seeds))

$(eval $(call seed_test,stale,STALE))

# Test-local seeds (conformance/tests/span-seeds): platforms that compute
# a span's formula (flush_tlb_range's va + npages * 4096) in a narrower or
# signed type, which test-span must see caught by exactly the <span>
# probes where the intermediate crosses that width. Built like the edge
# seeds, not scored.
$(eval $(call seed_dir,SPAN,$(SRC)/conformance/tests/span-seeds))

$(eval $(call seed_test,span,SPAN))

# Test-local seeds (conformance/tests/xvcpu-seeds): platforms that look up
# what a handle holds through the calling vCPU instead of the handle (a
# close that frees the caller's timer port), which test-xvcpu must see
# caught by exactly the scenarios that make each call on a handle from
# the other vCPU. Built like the edge seeds, not scored.
$(eval $(call seed_dir,XVCPU,$(SRC)/conformance/tests/xvcpu-seeds))

$(eval $(call seed_test,xvcpu,XVCPU))

# Test-local seeds (conformance/tests/keep-seeds): platforms that keep
# state the spec gives the vCPU with the handle that carries it (an armed
# deadline with its timer port), which test-keep must see caught by
# exactly the scenarios of state kept apart from a handle. Built like the
# edge seeds, not scored.
$(eval $(call seed_dir,KEEP,$(SRC)/conformance/tests/keep-seeds))

$(eval $(call seed_test,keep,KEEP))

# Test-local seeds (conformance/tests/vlimit-seeds): platforms whose own
# value of a limit moves with the guest's state or lies below the vCPUs
# the guest ran (the vcpus limit capped once the port table is full),
# which test-vlimit must see caught by exactly the platform limits read
# again at the end of the run. Built like the edge seeds, not scored.
$(eval $(call seed_dir,VLIMIT,$(SRC)/conformance/tests/vlimit-seeds))

$(eval $(call seed_test,vlimit,VLIMIT))

# Test-local seeds (conformance/tests/fixed-seeds): platforms that answer
# an output the spec fixes for the guest's life (<fixed>) differently
# later in the run (the TSC frequency once a timer fired, the revision
# leaf on vCPU 1), which test-fixed must see caught by exactly the
# fixed outputs read again. Built like the edge seeds, not scored.
$(eval $(call seed_dir,FIXED,$(SRC)/conformance/tests/fixed-seeds))

$(eval $(call seed_test,fixed,FIXED))

# Test-local seeds (conformance/tests/refout-seeds): platforms that write
# an out-buffer the guest gave and then refuse the call, on a path the
# spec's other classes do not reach, which test-refout must see caught by
# exactly the judgement of every refusal's outputs. Built like the edge
# seeds, not scored.
$(eval $(call seed_dir,REFOUT,$(SRC)/conformance/tests/refout-seeds))

$(eval $(call seed_test,refout,REFOUT))

# Test-local seeds (conformance/tests/tick-seeds): platforms that run the
# work that fell due only on some ops (or only on a ring without a call),
# which test-tick must see caught by exactly the scenarios in which one
# call of each op must deliver what fell due. Built like the edge seeds,
# not scored.
$(eval $(call seed_dir,TICK,$(SRC)/conformance/tests/tick-seeds))

$(eval $(call seed_test,tick,TICK))

# Test-local seeds (conformance/tests/uniq-seeds): platforms that count a
# handle the spec allows once per guest per vCPU, or once per vCPU per
# guest, which test-uniq must see caught by exactly the <one-per> probes
# made from two vCPUs. Built like the edge seeds, not scored.
$(eval $(call seed_dir,UNIQ,$(SRC)/conformance/tests/uniq-seeds))

$(eval $(call seed_test,uniq,UNIQ))

# build/tests/test-idem: the gate's two seeds of a call that succeeded,
# repeated exactly (an exact retry of a bind answered 0; a bound timer
# port bound again to its own vCPU answered 0), each red at exactly the
# repeat probes it breaks, and the reference green. No test-local seeds.
$(eval $(call seed_test,idem,IDEM,bind-same-idempotent bind-timer-repoint))

# build/tests/test-edgebuf: the gate's two seeds of a handler that touches
# guest memory past an argument's extent (negotiate reading its own
# buffer's 256 bytes of a 40-byte offer; log_write copying whole words),
# each red at exactly the probes that place that argument's buffer at the
# end of guest memory, and the reference green. No test-local seeds.
$(eval $(call seed_test,edgebuf,EDGEBUF,offer-read-max-layout log-read-words))
# build/tests/test-tscconv: a TSC reading converted with time_info's
# snapshot against get_time; the gate's two seeds of the class (the
# shift's sign reversed, system_time_ns taken at a millisecond), each red
# at the conversions, and the reference green. No test-local seeds.
$(eval $(call seed_test,tscconv,TSCCONV,tsc-shift-reversed info-time-tick-ms))
# build/tests/test-reqfield: the gate's two seeds of a batch that checks
# a request by an earlier one on its table (a run checked by its first
# request; a table page checked once, compared by frame), each red at
# exactly the probe of the one kind of refusal it skips, and the
# reference green. No test-local seeds.
$(eval $(call seed_test,reqfield,REQFIELD,batch-run-checked-once batch-frame-checked-once))
# build/tests/test-prior: the gate's two seeds of a page-table check keyed
# on the entry an update replaces (its present bit; only the bits that
# change), each red at exactly the probes over the state it mishandles,
# and the reference green. No test-local seeds.
$(eval $(call seed_test,prior,PRIOR,pte-check-old-entry pte-check-changed-bits))
# build/tests/test-many: the gate's two seeds of work due on several
# vCPUs at once (the tick raises one expiry per pass; one interrupt per
# vCPU and vector per pass), each red at exactly the probe in which one
# call must deliver every vCPU's expiry, and the reference green. No
# test-local seeds.
$(eval $(call seed_test,many,MANY,tick-first-due-only tick-vector-merged))

# build/tests/test-served: every value a reported maximum promises,
# served; the gate's two seeds of the class (the all-zero extended leaves
# skipped as unused rows, leaf 0's maximum counted from the table), each
# red at exactly the range it breaks, and a test-local seed
# (conformance/tests/served-seeds) whose extended range outgrows the
# sweep's cap, green, its line saying how much was swept.
$(eval $(call seed_dir,SERVED,$(SRC)/conformance/tests/served-seeds))

$(eval $(call seed_test,served,SERVED,cpuid-zero-leaf-unused cpuid-basic-max-counted))

# build/tests/test-canonwidth: every boundary computed from a width an
# answer reports, probed at both sides; the gate's two seeds of the class
# (write_msr's canonical check at 57 bits, its upper half tested on bits
# 63..48), each red at exactly the probes that show its break, and the
# reference green. No test-local seeds.
$(eval $(call seed_test,canonwidth,CANONWIDTH,canonical-la57 canonical-upper-16-bits))

# build/tests/test-pagesplit: every pointer argument's buffer placed
# across a page boundary; the gate's two seeds of the class (log_write's
# record read through the page it starts in, get_time_info's snapshot
# copied out through the page it starts in), each red at exactly the
# probe of the argument it cuts, and the reference green. No test-local
# seeds.
$(eval $(call seed_test,pagesplit,PAGESPLIT,log-page-split info-page-end))

# build/tests/test-caps: every cap a feature's doc states on a count the
# platform keeps, reached and passed; the gate's two seeds of the class
# (the 256th send on a full evtchn_fifo queue refused; the queued count
# wrapping past 255), each red at exactly the probes whose raises show
# its break, and the reference green. No test-local seeds.
$(eval $(call seed_test,caps,CAPS,fifo-full-refused fifo-count-wraps))

# build/tests/test-bits: every bit of a stored value the doc's checks do
# not name, toggled in an accepted value, stored and read back; the
# gate's two seeds of the class (bit 7 of a present entry refused as a
# large page's, A and D cleared on store), each red at exactly the probes
# that show its break, and the reference green. No test-local seeds.
$(eval $(call seed_test,bits,BITS,pte-large-page-reserved pte-accessed-dirty-cleared))

# build/tests/test-reuse: an allocation after a reused handle while
# handles above it are held, in a table that is not full; the gate's two
# seeds of the class (the allocation hint taken without looking; a scan
# that passes over unbound ports only, so a bound one looks free), each
# red at exactly the scenarios that show its break, and the reference
# green. No test-local seeds.
$(eval $(call seed_test,reuse,REUSE,alloc-hint-trusted alloc-bound-looks-free))
