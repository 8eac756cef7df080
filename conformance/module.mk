# The conformance runner: engines (kvm, qemu-tcg, qemu-kvm, auto), the
# matrix, its oracle and reports.
CONFORMANCE_OBJS := $(call objs,conformance/engine.c conformance/engine_kvm.c \
	conformance/engine_qemu.c conformance/engine_auto.c conformance/engine_cmd.c \
	conformance/engine_limits.c conformance/profile.c conformance/qemu_bin.c \
	conformance/engine_xen.c conformance/xen_build.c conformance/xen_console.c) $(UTIL_OBJS)
PVABI_LIB_OBJS += $(CONFORMANCE_OBJS)

# The memory console's result records, read and rendered with the
# guest's own formatter and TAP line writer built for the host.
CONREC_OBJS := $(call objs,conformance/conmem.c conformance/conrec_read.c guest/rt/fmt.c \
	guest/rt/tapline.c)

# One cell against the reference platform, and the matrix runner: they
# link the platform built from generated code, so only the full program
# (not the generator stage) has them.
$(call objs,conformance/runcell.c): $$(PVP_PLATFORM_H)
$(call objs,conformance/runcell.c): private EXTRA_CFLAGS = -I$(PVP_GEN)/platform

MATRIX_OBJS := $(call objs,conformance/runcell.c conformance/matrix_plan.c conformance/matrix_run.c \
	conformance/matrix_dir.c conformance/matrix_feat.c conformance/matrix_collect.c \
	conformance/runend.c) $(CONREC_OBJS)
RUNNER_OBJS += $(MATRIX_OBJS) $(PVP_PLATFORM_OBJS)

# Engine tests against the mini platform (platform/tests/mini_host.c) and
# the mini conformance images.
# Objects built against the generated mini platform header.
MINI_HOST_OBJ := $(call objs,platform/tests/mini_host.c)
$(MINI_HOST_OBJ) $(call objs,conformance/tests/test_engine_qemu.c): $$(MINI_PLATFORM_H)
$(MINI_HOST_OBJ) $(call objs,conformance/tests/test_engine_qemu.c): \
	private EXTRA_CFLAGS = -I$(MINI_GEN)/platform

$(O)/tests/test-engine-qemu: $(call objs,conformance/tests/test_engine_qemu.c) $(MINI_HOST_OBJ) \
		$$(MINI_DISPATCH_OBJ) $$(CONFORMANCE_OBJS) $$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) \
		$$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ) | $$(MINI_IMAGES)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-engine-qemu

# Two vCPUs on every engine (guest/tests/smp.elf, a platform answering
# each call with the vCPU that rang).
$(O)/tests/test-engine-smp: $(call objs,conformance/tests/test_engine_smp.c) \
		$$(CONFORMANCE_OBJS) $$(VMM_OBJS) $$(PLATFORM_HOST_OBJS) \
		$$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ) | $(O)/guest/tests/smp.elf
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-engine-smp

# --- cell results: oracle, TAP parser, result files, reports -------------
# Linked into the full program only (the runner's commands use them);
# pvabi report's command (cli/runner/cmd_report.c) parses and calls
# conformance/report_merge.c.
CELL_RESULT_OBJS := $(call objs,conformance/cell.c conformance/oracle.c conformance/rule.c \
	conformance/oracle_host.c conformance/host_profile.c \
	conformance/judge.c conformance/invariant.c conformance/revname.c conformance/hostclock.c \
	conformance/tapparse.c conformance/jsonread.c conformance/result_write.c \
	conformance/result_read.c conformance/result_dir.c conformance/report.c conformance/report_all.c \
	conformance/report_merge.c \
	conformance/report_text.c conformance/report_feat.c conformance/report_junit.c conformance/report_json.c conformance/report_html.c \
	conformance/report_check.c conformance/report_findings.c)
RUNNER_OBJS += $(CELL_RESULT_OBJS)

CELL_RESULT_TEST_OBJS = $(CELL_RESULT_OBJS) $(call objs,conformance/profile.c) \
	$$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ)

# Both test the real ABI: its spec and registry loaded by tests/refspec.c.
$(O)/tests/test-oracle: $(call objs,conformance/tests/test_oracle.c tests/refspec.c) \
		$(CELL_RESULT_TEST_OBJS)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

$(O)/tests/test-tapparse: $(call objs,conformance/tests/test_tapparse.c) $(CELL_RESULT_TEST_OBJS)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

# A value fixed unless the host clock steps, judged against the watch.
$(O)/tests/test-hostclock: $(call objs,conformance/tests/test_hostclock.c) $(CELL_RESULT_TEST_OBJS)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

# The independent oracle against the negotiator, the invariants, the
# feature axis's plan.
$(O)/tests/test-rule: $(call objs,conformance/tests/test_rule.c conformance/matrix_feat.c \
		tests/refspec.c) $(CELL_RESULT_TEST_OBJS)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

# The report tests share sample results (report_fixture.c); the command's
# exit codes are checked through the built program, never by linking it.
REPORT_FIXTURE_OBJ := $(call objs,conformance/tests/report_fixture.c)

$(O)/tests/test-result-files: $(call objs,conformance/tests/test_result_files.c) \
		$(REPORT_FIXTURE_OBJ) $(CELL_RESULT_TEST_OBJS)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

$(O)/tests/test-report: $(call objs,conformance/tests/test_report.c tests/jsoncheck.c) \
		$(REPORT_FIXTURE_OBJ) $(CELL_RESULT_TEST_OBJS)
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

$(O)/tests/test-report-merge: $(call objs,conformance/tests/test_report_merge.c) \
		$(REPORT_FIXTURE_OBJ) $(CELL_RESULT_TEST_OBJS) | $(O)/pvabi
	$(call link_rule,$(CUNIT_LIBS) $(XML2_LIBS))

TESTS += $(O)/tests/test-oracle $(O)/tests/test-rule $(O)/tests/test-tapparse $(O)/tests/test-hostclock \
	$(O)/tests/test-result-files $(O)/tests/test-report \
	$(O)/tests/test-report-merge
# --- end cell results ------------------------------------------------------

# Result records and the memory console's header, against hostile input.
$(O)/tests/test-conrec: $(call objs,conformance/tests/test_conrec.c conformance/tests/test_conrec_hostile.c \
		conformance/tests/test_conrec_refs.c conformance/tests/test_conmem.c guest/rt/tap.c guest/rt/conrec.c) \
		$(CONREC_OBJS) $$(PLATFORM_HOST_OBJS) $(HARNESS_OBJ)
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-conrec
