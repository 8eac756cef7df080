# `auto` engine selection, and the engines' robustness tests: nothing left
# behind whatever way a run ends, and a hostile guest against the mini
# platform. Included after conformance/module.mk.

ENGINE_TEST_OBJS = $$(CONFORMANCE_OBJS) $$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) \
	$$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ)

$(O)/tests/test-engine-auto: $(call objs,conformance/tests/test_engine_auto.c) $(ENGINE_TEST_OBJS) \
		| $(O)/guest/calls.elf $(O)/guest/tests/crash.elf
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-engine-auto

$(O)/tests/test-lifecycle: $(call objs,conformance/tests/test_lifecycle.c) $(ENGINE_TEST_OBJS) \
		| $(O)/guest/tests/crash.elf $(O)/guest/xen/crash.elf
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-lifecycle

# The hostile guests against the mini and the reference platform.
HOSTILE_TEST_OBJ := $(call objs,conformance/tests/test_hostile_guest.c)
$(HOSTILE_TEST_OBJ): $$(MINI_PLATFORM_H) $$(PVP_PLATFORM_H)
$(HOSTILE_TEST_OBJ): private EXTRA_CFLAGS = -I$(MINI_GEN)/platform -I$(PVP_GEN)/platform

$(O)/tests/test-hostile-guest: $(HOSTILE_TEST_OBJ) $(MINI_HOST_OBJ) \
		$$(MINI_DISPATCH_OBJ) $$(PVP_PLATFORM_OBJS) $(ENGINE_TEST_OBJS) \
		| $(O)/guest/mini/hostile.elf $(O)/guest/pvp/hostile.elf
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-hostile-guest

# --engine-cmd: the template grammar, and through the program: the exact
# argv with hostile paths, a missing command, a hanging one.
$(O)/tests/test-engine-cmd: $(call objs,conformance/tests/test_engine_cmd.c \
		conformance/tests/progrun.c conformance/engine_cmd.c) $(UTIL_OBJS) $(HARNESS_OBJ) \
		| $(O)/pvabi $$(PVP_IMAGES) $(O)/platform/pvabi-vm $(O)/guest/tests/crash.elf
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-engine-cmd

# pvabi run: the limits every engine shares (timeout resolution, command
# line length) and errors that name their cause, on every engine here;
# result records gone bad (badrec.elf), and a seeded break's failing
# scenario explained in the TAP (the msr-write-dropped platform).
$(O)/tests/test-run: $(call objs,conformance/tests/test_run.c conformance/tests/progrun.c) \
		$(ENGINE_TEST_OBJS) | $(O)/pvabi $(O)/guest/empty.elf $(O)/guest/tests/crash.elf \
		$(O)/guest/tests/badrec.elf $(O)/mutants/msr-write-dropped/pvabi \
		$(O)/guest/xen/empty.elf $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-run

# With every engine made unavailable, programs that boot images skip each
# case with the engine's reason and fail none; a seed that alone says its
# engine is missing still fails. Runs the programs below, in milliseconds.
$(O)/tests/test-no-engine: $(call objs,conformance/tests/test_no_engine.c \
		conformance/tests/progrun.c) $(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/tests/test-edges \
		$(O)/tests/test-batch $(O)/tests/test-exact $(O)/tests/test-tied \
		$(O)/tests/test-runend $(O)/tests/test-xen-runend
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-no-engine

# matrix and gate: a selection that matches no cell is a usage error.
$(O)/tests/test-selection: $(call objs,conformance/tests/test_selection.c \
		conformance/tests/progrun.c) $(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-selection

# Matrix runs and JSON output through the program: the results
# directory's lock, no stale report after an interrupted rerun, --resume
# checking the cells it keeps, UTF-8 kept and JSON valid for any name.
$(O)/tests/test-matrix-runs: $(call objs,conformance/tests/test_matrix_runs.c \
		conformance/tests/progrun.c tests/jsoncheck.c) $(UTIL_OBJS) $(HARNESS_OBJ) \
		| $(O)/pvabi $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-matrix-runs

# The gate's --stop-at-red: the first red cell stops the run, cleanly,
# and the reports say the matrix is partial.
$(O)/tests/test-stop: $(call objs,conformance/tests/test_stop.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-stop

# The xen engine: console splitter and build lookup, then the PVH probe
# guest on every cached Xen release (skipped without QEMU or the cache).
$(O)/tests/test-engine-xen: $(call objs,conformance/tests/test_engine_xen.c) $(ENGINE_TEST_OBJS) \
		| $(O)/guest/xen/probe.elf
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-engine-xen

# Events and timers on a real Xen: the generated suites' event scenarios
# on every cached release, and a seeded suite failing at its steps.
$(O)/tests/test-xen-events: $(call objs,conformance/tests/test_xen_events.c) $(ENGINE_TEST_OBJS) \
		| $(O)/guest/xen/4.14.0/suite.elf $(O)/guest/xen/3.2.2/suite.elf \
		$(O)/guest/xen/seeded/suite.elf $(O)/guest/xen/seeded2/suite.elf \
		$(O)/guest/xen/seeded3/suite.elf $(O)/guest/xen/seeded4/suite.elf \
		$(O)/guest/xen/seeded-oneper/suite.elf $(O)/guest/xen/seeded-refout/suite.elf \
		$(O)/guest/xen/seeded-timerop/suite.elf $(O)/guest/xen/seeded-fault/suite.elf
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-xen-events

# How a Xen guest's run ends: the command per interface version, Xen's
# shutdown lines, and on the newest cached Xen every reason, a seeded
# suite red at the run end alone, and an unannounced stop.
$(O)/tests/test-xen-runend: $(call objs,conformance/tests/test_xen_runend.c conformance/runend.c \
		conformance/tests/progrun.c) $(ENGINE_TEST_OBJS) \
		| $(O)/pvabi $(O)/guest/xen/4.14.0/suite.elf $(O)/guest/xen/seeded-end/suite.elf \
		$(O)/guest/xen/crash.elf
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-xen-runend

# The Xen matrix (ci/xen-matrix) of the frozen Xen images and the fresh
# suites on the newest
# cached Xen release (skipped without QEMU or the cache).
$(O)/tests/test-xen-matrix: $(call objs,conformance/tests/test_xen_matrix.c \
		conformance/tests/progrun.c) $(ENGINE_TEST_OBJS) | $(O)/pvabi $$(XEN_SUITE_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-xen-matrix

# The KVM matrix: host profiles and predictions from spec/kvm.xml, then
# pvabi matrix on the frozen kvmclock guests (skipped without /dev/kvm or
# QEMU), and a host ignoring its column's profile turning it red.
$(O)/tests/test-kvm-matrix: $(call objs,conformance/tests/test_kvm_matrix.c \
		conformance/tests/progrun.c) $(CELL_RESULT_TEST_OBJS) | $(O)/pvabi
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-kvm-matrix

# The generated KVM suites (spec/kvm.xml's vectors and scenarios, one image
# per revision): every revision's as a fresh row of the KVM matrix, and on
# seeded hosts that must turn them red (an MSR denied where its bit is
# offered; MSRs served where their bits are not). Skipped without /dev/kvm.
$(O)/tests/test-kvm-suite: $(call objs,conformance/tests/test_kvm_suite.c \
		conformance/tests/progrun.c) $(CELL_RESULT_TEST_OBJS) | $(O)/pvabi $$(KVM_SUITES) \
		$(O)/platform/pvabi-vm
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-kvm-suite

# The calls of each class of check a fresh image counts (guest/rt/suite_cost.c).
$(O)/tests/test-cost: $(call objs,conformance/tests/test_cost.c conformance/tests/progrun.c) \
		$(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi $$(PVP_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-cost
