/* Result files: a round trip of every field, corrupt and hostile files
 * refused with the path and line, directories loaded. */
#include "conformance/report.h"
#include "conformance/result_io.h"
#include "conformance/tests/report_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define R(a, b) PVABI_NEG_REV(a, b)

/* --- result files ------------------------------------------------------------ */

static void test_roundtrip(void)
{
	struct pvabi_cell_result w, r;
	char err[512];

	rf_hostile(&w);
	w.waited.waits = 72;
	w.waited.declared_ns = 107000000ull;
	w.waited.event_ticks = 8225553ull;
	w.waited.ticks = 1ull << 52;
	w.waited.tsc_khz = 2096332ull;
	snprintf(w.end_asked, sizeof(w.end_asked), "3");
	snprintf(w.end_recorded, sizeof(w.end_recorded), "none");
	CU_ASSERT_EQUAL_FATAL(pvabi_result_write(rf_at("rt"), &w, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(pvabi_result_read(rf_at("rt/cells/2.1-draft~current~kvm.xml"), &r, err,
						sizeof(err)), 0);
	CU_ASSERT(r.waited.waits == 72 && r.waited.declared_ns == 107000000ull);
	CU_ASSERT(r.waited.event_ticks == 8225553ull && r.waited.ticks == 1ull << 52);
	CU_ASSERT_EQUAL(r.waited.tsc_khz, 2096332ull);
	CU_ASSERT_STRING_EQUAL(r.cell.id, w.cell.id);
	CU_ASSERT_STRING_EQUAL(r.cell.image_path, w.cell.image_path);
	CU_ASSERT(r.cell.image_frozen && r.cell.pred.kind == PVABI_PRED_PASS_LOWER);
	CU_ASSERT(r.cell.pred.rev == R(1, 2) && r.cell.pred.granted == 0x3);
	CU_ASSERT_STRING_EQUAL(r.cell.pred.why, w.cell.pred.why);
	CU_ASSERT(r.verdict == PVABI_V_FAIL && r.exit_code == 1 && r.negotiated == R(1, 2));
	CU_ASSERT(r.neg_status == PVABI_NEG_OK && r.passed == 1 && r.failed == 1 && r.skipped == 1);
	CU_ASSERT_DOUBLE_EQUAL(r.ms, 210.5, 1e-9);
	CU_ASSERT_STRING_EQUAL(r.reason, "<b>&amp; \"quoted\" 'x'    ?? é ]]>");
	CU_ASSERT_STRING_EQUAL(r.guest_record, w.guest_record);
	CU_ASSERT_STRING_EQUAL(r.platform_record, w.platform_record);
	CU_ASSERT_STRING_EQUAL(r.end_asked, "3");
	CU_ASSERT_STRING_EQUAL(r.end_recorded, "none");
	CU_ASSERT_EQUAL_FATAL(r.nchecks, 3);
	CU_ASSERT_STRING_EQUAL(r.checks[1].name, "</check><script>alert(1)</script> ?");
	CU_ASSERT_STRING_EQUAL(r.checks[1].diag, "diag \"<&>\"  ");
	CU_ASSERT(r.checks[2].skip && r.checks[2].ok && !r.checks[1].ok);
	CU_ASSERT_DOUBLE_EQUAL(r.checks[1].ms, 10.5, 1e-9);
	pvabi_cell_result_free(&w);
	pvabi_cell_result_free(&r);
}

static void test_refused_roundtrip(void)
{
	struct pvabi_cell_result w, r, r2;
	char err[512];

	rf_sample(&w, "1.0", "current", "kvm", PVABI_V_PASS, "refused");
	w.cell.pred.kind = PVABI_PRED_REFUSED;
	w.cell.pred.neg_status = PVABI_NEG_NO_COMMON_REVISION;
	w.neg_status = ~0u;
	w.negotiated = 0;
	w.exit_code = -1;
	CU_ASSERT_EQUAL_FATAL(pvabi_result_write(rf_at("rt"), &w, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(pvabi_result_read(rf_at("rt/cells/1.0~current~kvm.xml"), &r, err,
						sizeof(err)), 0);
	CU_ASSERT(r.neg_status == ~0u && r.exit_code == -1 && r.negotiated == 0);
	CU_ASSERT_EQUAL(r.cell.pred.neg_status, PVABI_NEG_NO_COMMON_REVISION);
	CU_ASSERT(!r.waited.waits && !r.waited.ticks); /* no line: no <waited> */
	CU_ASSERT_EQUAL(pvabi_result_read(rf_at("rt/cells/1.0~current~kvm.xml"), &r2, err,
					  sizeof(err)), 0);
	CU_ASSERT(pvabi_result_same(&r, &r2));
	snprintf(r2.log, sizeof(r2.log), "elsewhere.log"); /* paths do not count */
	CU_ASSERT(pvabi_result_same(&r, &r2));
	r2.checks[0].ok = 0;
	CU_ASSERT(!pvabi_result_same(&r, &r2));
	pvabi_cell_result_free(&w);
	pvabi_cell_result_free(&r);
	pvabi_cell_result_free(&r2);
}

static void expect_bad(const char *name, const char *text, const char *why)
{
	struct pvabi_cell_result r;
	char err[512] = "";

	rf_put(rf_at(name), text);
	CU_ASSERT_EQUAL(pvabi_result_read(rf_at(name), &r, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, name));
	if (why && !strstr(err, why)) {
		fprintf(stderr, "%s: '%s' lacks '%s'\n", name, err, why);
		CU_FAIL("message");
	}
	CU_ASSERT(r.checks == NULL && r.nchecks == 0);
}

static void test_corrupt(void)
{
	struct pvabi_cell_result w, r;
	char err[512], *good;
	size_t len;

	rf_sample(&w, "1.1", "1.0", "kvm", PVABI_V_PASS, "pass");
	CU_ASSERT_EQUAL_FATAL(pvabi_result_write(rf_tmp, &w, err, sizeof(err)), 0);
	good = rf_slurp(rf_at("cells/1.1~1.0~kvm.xml"), &len);
	CU_ASSERT_FATAL(good != NULL);
	good[len / 2] = '\0';
	expect_bad("half.xml", good, ":");
	expect_bad("empty.xml", "", NULL);
	expect_bad("garbage.xml", "\x7f" "ELF\x01\x02", NULL);
	expect_bad("root.xml", "<other/>", "not a cell result");
	expect_bad("dtd.xml", "<?xml version=\"1.0\"?><!DOCTYPE cell-result [<!ENTITY x \"y\">]>"
			      "<cell-result format=\"1\"/>", "DOCTYPE");
	free(good);
	good = rf_slurp(rf_at("cells/1.1~1.0~kvm.xml"), &len);
	CU_ASSERT_FATAL(good != NULL);
	memcpy(strstr(good, "verdict=\"PASS\""), "verdict=\"WHAT\"", 14);
	expect_bad("verdict.xml", good, "WHAT");
	free(good);
	good = rf_slurp(rf_at("cells/1.1~1.0~kvm.xml"), &len);
	memcpy(strstr(good, "id=\"1.1~1.0~kvm\""), "id=\"../../etc/x\"", 16);
	expect_bad("escape.xml", good, "invalid cell id");
	free(good);
	CU_ASSERT_EQUAL(pvabi_result_read(rf_at("missing.xml"), &r, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "missing.xml"));
	snprintf(w.cell.id, sizeof(w.cell.id), "../up");
	CU_ASSERT_EQUAL(pvabi_result_write(rf_tmp, &w, err, sizeof(err)), -1);
	pvabi_cell_result_free(&w);
}

static void test_load_dir(void)
{
	static const char *const ids[] = { "2.0", "1.0", "1.3" };
	struct pvabi_cell_result w, *res;
	char err[512];
	size_t n, i;

	for (i = 0; i < 3; i++) {
		rf_sample(&w, ids[i], "current", "kvm", PVABI_V_PASS, "pass");
		CU_ASSERT_EQUAL(pvabi_result_write(rf_at("ld"), &w, err, sizeof(err)), 0);
		pvabi_cell_result_free(&w);
	}
	rf_put(rf_at("ld/cells/x.xml.tmp.ABCDEF"), "half a file");
	rf_put(rf_at("ld/cells/1.0~current~kvm.log"), "a log");
	CU_ASSERT_EQUAL_FATAL(pvabi_result_load_dir(rf_at("ld"), &res, &n, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_STRING_EQUAL(res[0].cell.id, "1.0~current~kvm");
	CU_ASSERT_STRING_EQUAL(res[2].cell.id, "2.0~current~kvm");
	pvabi_results_free(res, n);
	rename(rf_at("ld/cells/1.3~current~kvm.xml"), rf_at("ld/cells/1.4~current~kvm.xml"));
	CU_ASSERT_EQUAL(pvabi_result_load_dir(rf_at("ld"), &res, &n, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "1.4~current~kvm.xml"));
	CU_ASSERT(res == NULL && n == 0);
	CU_ASSERT_EQUAL(pvabi_result_load_dir(rf_at("nowhere"), &res, &n, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "nowhere/cells"));
}

/* Paths inside the result directory are stored relative to it: the
 * directory copied elsewhere (a CI artifact) still finds its log. */
static void test_relative_paths(void)
{
	struct pvabi_cell_result w, r;
	char err[512], cmd[1024];
	char *page;

	rf_sample(&w, "1.0", "current", "kvm", PVABI_V_PASS, "pass");
	snprintf(w.log, sizeof(w.log), "%s/rel/cells/%s.log", rf_tmp, w.cell.id);
	snprintf(w.tap, sizeof(w.tap), "/elsewhere/%s.tap", w.cell.id);
	CU_ASSERT_EQUAL_FATAL(pvabi_result_write(rf_at("rel"), &w, err, sizeof(err)), 0);
	rf_put(w.log, "the moved log\n");
	CU_ASSERT_EQUAL(pvabi_result_read(rf_at("rel/cells/1.0~current~kvm.xml"), &r, err,
					  sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(r.log, "cells/1.0~current~kvm.log");
	CU_ASSERT_STRING_EQUAL(r.tap, "/elsewhere/1.0~current~kvm.tap"); /* outside: as it was */
	snprintf(cmd, sizeof(cmd), "mv '%s/rel' '%s/moved'", rf_tmp, rf_tmp);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi_report_write_all(rf_at("moved"), &r, 1, err, sizeof(err)), 0);
	page = rf_slurp(rf_at("moved/index.html"), NULL);
	CU_ASSERT(page && strstr(page, "the moved log") != NULL);
	free(page);
	pvabi_cell_result_free(&r);
	pvabi_cell_result_free(&w);
}

/* A shard's file whose verdict its own checks contradict (damaged or
 * edited) is refused by merge and render, which read directories, not
 * shown green. */
static void test_tampered_green(void)
{
	struct pvabi_cell_result w, *res;
	char err[512], *text, *at;
	size_t n;

	rf_sample(&w, "1.0", "current", "kvm", PVABI_V_PASS, "pass");
	CU_ASSERT_EQUAL_FATAL(pvabi_result_write(rf_at("tg"), &w, err, sizeof(err)), 0);
	text = rf_slurp(rf_at("tg/cells/1.0~current~kvm.xml"), NULL);
	at = text ? strstr(text, "failed=\"0\"") : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	at[8] = '2';
	rf_put(rf_at("tg/cells/1.0~current~kvm.xml"), text);
	CU_ASSERT_EQUAL(pvabi_result_load_dir(rf_at("tg"), &res, &n, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "disagree with its 1 checks"));
	free(text);
	/* counts that agree with a failed check: still never green */
	rf_add_check(&w, 0, 0, "broken", "", 1.0);
	CU_ASSERT_EQUAL_FATAL(pvabi_result_write(rf_at("tg"), &w, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(pvabi_result_load_dir(rf_at("tg"), &res, &n, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "verdict PASS with 1 failed checks, which is never green"));
	pvabi_cell_result_free(&w);
}

/* A result file from a shard nobody checked names a log outside its
 * directory (the merging job's /proc/self/environ, a key): the report
 * names the path and never reads it. */
static void test_foreign_log(void)
{
	static const char *const names[] = { "abs", "../secret.txt", "cells/../../secret.txt" };
	struct pvabi_cell_result w;
	char err[512];
	char *page;
	size_t i;

	rf_put(rf_at("secret.txt"), "TOPSECRET\n");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		rf_sample(&w, "1.0", "current", "kvm", PVABI_V_PASS, "pass");
		snprintf(w.log, sizeof(w.log), "%s", i ? names[i] : rf_at("secret.txt"));
		CU_ASSERT_EQUAL(pvabi_report_write_all(rf_at("shard"), &w, 1, err, sizeof(err)), 0);
		page = rf_slurp(rf_at("shard/index.html"), NULL);
		CU_ASSERT_FATAL(page != NULL);
		CU_ASSERT_PTR_NULL(strstr(page, "TOPSECRET"));
		CU_ASSERT_PTR_NOT_NULL(strstr(page, "outside this report's directory: not included"));
		free(page);
		pvabi_cell_result_free(&w);
	}
}

static const struct pvabi_test_case cases[] = {
	{ "roundtrip", test_roundtrip },
	{ "refused_roundtrip", test_refused_roundtrip },
	{ "corrupt", test_corrupt },
	{ "load_dir", test_load_dir },
	{ "relative_paths", test_relative_paths },
	{ "foreign_log", test_foreign_log },
	{ "tampered_green", test_tampered_green },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "result_files", cases, rf_setup, rf_teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
