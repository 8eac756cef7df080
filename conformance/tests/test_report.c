/* Every report, parsed back: JUnit as XML, the page as HTML, the JSON by
 * a strict validator (tests/jsoncheck.c); the table and progress line. */
#include "conformance/report.h"
#include "conformance/result_io.h"
#include "conformance/tests/report_fixture.h"
#include "tests/jsoncheck.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_validator(void)
{
	static const char ok[] = "{\"a\":[1,-2.5,true,null,\"\\u00e9\"],\"b\":{}}";

	CU_ASSERT(fx_json_valid(ok, strlen(ok)));
	CU_ASSERT(!fx_json_valid("{\"a\":[1,]}", 10));
	CU_ASSERT(!fx_json_valid("{\"a\":\"\x01\"}", 8));
	CU_ASSERT(!fx_json_valid("{\"a\":01}", 8));
	CU_ASSERT(!fx_json_valid("{} {}", 5));
}

static char *table(const struct pvabi_cell_result *r, size_t n, int colour)
{
	FILE *f = tmpfile();
	char *buf;
	long len;

	if (!f)
		return NULL;
	pvabi_report_table(f, r, n, colour);
	len = ftell(f);
	rewind(f);
	buf = calloc((size_t)len + 1, 1);
	if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len)
		buf[0] = '\0';
	fclose(f);
	return buf;
}

static void test_table(void)
{
	struct pvabi_cell_result r[RF_NSET];
	char *t;

	rf_result_set(r);
	t = table(r, RF_NSET, -1); /* not a terminal: no colour */
	CU_ASSERT_FATAL(t != NULL);
	CU_ASSERT_PTR_NULL(strchr(t, '\033'));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "PASS@1.2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "REFUSED"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "current kvm"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "1.2 kvm"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "6 cells, 3 green (1 at a lower revision, 1 refused"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "2.0~current~kvm: crash: it broke"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "first failing check"));
	CU_ASSERT_PTR_NULL(strstr(t, "1.0~current~kvm:"));
	/* rows: 1.0 before 2.0 before the draft; "current" is the first column */
	CU_ASSERT(strstr(t, "\n1.0 ") < strstr(t, "\n2.0 ") && strstr(t, "\n2.0 ") < strstr(t, "\n2.1-draft"));
	CU_ASSERT(strstr(t, "current kvm") < strstr(t, "1.2 kvm"));
	free(t);
	t = table(r, RF_NSET, 1);
	CU_ASSERT(t && strstr(t, "\033[32mPASS"));
	free(t);
	rf_free_set(r);
}

static void test_progress(void)
{
	struct pvabi_cell_result r;
	FILE *f = tmpfile();
	char buf[512] = "";

	rf_sample(&r, "1.0", "current", "kvm", PVABI_V_PASS, "pass");
	CU_ASSERT_FATAL(f != NULL);
	pvabi_report_progress(f, 12, 30, &r, 0);
	r.verdict = PVABI_V_FAIL;
	snprintf(r.reason, sizeof(r.reason), "it broke");
	pvabi_report_progress(f, 13, 30, &r, 0);
	rewind(f);
	CU_ASSERT(fread(buf, 1, sizeof(buf) - 1, f) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "[12/30] 1.0~current~kvm PASS 0.21s\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "[13/30] 1.0~current~kvm FAIL 0.21s  it broke\n"));
	fclose(f);
	pvabi_cell_result_free(&r);
}

static long xpath_count(xmlDoc *doc, const char *expr)
{
	xmlXPathContext *ctx = xmlXPathNewContext(doc);
	xmlXPathObject *o = ctx ? xmlXPathEvalExpression((const xmlChar *)expr, ctx) : NULL;
	long n = o && o->nodesetval ? o->nodesetval->nodeNr : -1;

	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return n;
}

static void check_junit(const char *path)
{
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET);

	CU_ASSERT_FATAL(doc != NULL);
	CU_ASSERT_EQUAL(xpath_count(doc, "/testsuites/testsuite"), RF_NSET);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='prediction']"), RF_NSET);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase"), RF_NSET * 2 + 2);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='prediction']/failure"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='prediction']/error[@type='CRASH']"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='prediction']/skipped"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@time='0.011']/failure"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='negotiate'][@time='0.001']"), RF_NSET);
	CU_ASSERT_EQUAL(xpath_count(doc, "/testsuites[@failures='2'][@errors='1'][@skipped='2']"), 1);
	xmlFreeDoc(doc);
}

static void check_html(const char *path)
{
	size_t len;
	char *text = rf_slurp(path, &len);
	htmlDocPtr doc;

	CU_ASSERT_FATAL(text != NULL);
	doc = htmlReadMemory(text, (int)len, path, "UTF-8",
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	CU_ASSERT_FATAL(doc != NULL);
	CU_ASSERT_EQUAL(xpath_count(doc, "//td[@data-cell]"), RF_NSET);
	CU_ASSERT_EQUAL(xpath_count(doc, "//td[@class='v-CRASH']"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//td[@class='v-PASS']"), 2); /* PASS and PASS@1.2 */
	CU_ASSERT_EQUAL(xpath_count(doc, "//script"), 0); /* the guest's did not get in */
	CU_ASSERT_EQUAL(xpath_count(doc, "//section"), RF_NSET);
	CU_ASSERT_PTR_NULL(strstr(text, "<script>alert"));
	CU_ASSERT_PTR_NULL(strstr(text, "http://"));
	CU_ASSERT_PTR_NULL(strstr(text, "https://"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "log line 1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Log cut at 64 KiB"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "&lt;/pre&gt;"));
	xmlFreeDoc(doc);
	free(text);
}

static void check_json(const char *path)
{
	size_t len;
	char *text = rf_slurp(path, &len);

	CU_ASSERT_FATAL(text != NULL);
	CU_ASSERT(fx_json_valid(text, len));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"guest_record\":{\"side\":\"guest\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"platform_record\":\"{\\\"side\\\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\xc3\xa9")); /* UTF-8 kept intact */
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\\ufffd"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\\u0001"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"cells\":6,\"green\":3,\"all_green\":false"));
	free(text);
}

/* A log with a closing tag, and one longer than the page's cap. */
static void logs(const struct pvabi_cell_result *r)
{
	char path[1024];
	FILE *f;
	int i;

	mkdir(rf_at("rep"), 0755);
	mkdir(rf_at("rep/cells"), 0755);
	snprintf(path, sizeof(path), "%s/rep/cells/%s.log", rf_tmp, r[0].cell.id);
	rf_put(path, "log line 1\n</pre><script>alert(2)</script>\n");
	snprintf(path, sizeof(path), "%s/rep/cells/%s.log", rf_tmp, r[1].cell.id);
	f = fopen(path, "w");
	CU_ASSERT_FATAL(f != NULL);
	for (i = 0; i < 10000; i++)
		fprintf(f, "line %d of a long log\n", i);
	fclose(f);
}

static void test_reports(void)
{
	struct pvabi_cell_result r[RF_NSET];
	char err[512];
	struct stat st;

	rf_result_set(r);
	logs(r);
	CU_ASSERT_EQUAL_FATAL(pvabi_report_write_all(rf_at("rep"), r, RF_NSET, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(stat(rf_at("rep/matrix.txt"), &st), 0);
	check_junit(rf_at("rep/junit.xml"));
	check_html(rf_at("rep/index.html"));
	check_json(rf_at("rep/results.json"));
	CU_ASSERT_EQUAL(pvabi_report_write_all(rf_at("rep/matrix.txt/x"), r, RF_NSET, err, sizeof(err)), -1);
	rf_free_set(r);
}

static void test_reports_empty(void)
{
	char err[512], *text;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(pvabi_report_write_all(rf_at("none"), NULL, 0, err, sizeof(err)), 0);
	text = rf_slurp(rf_at("none/results.json"), &len);
	CU_ASSERT(text && fx_json_valid(text, len));
	free(text);
	text = rf_slurp(rf_at("none/junit.xml"), &len);
	CU_ASSERT(text && strstr(text, "tests=\"0\""));
	free(text);
}

/* --- red cells: what broke, in every report --------------------------- */

static void split(const char *name, const char *want_name, const char *want_exp,
		  const char *want_got)
{
	struct pvabi_check c;
	struct pvabi_report_check rc;

	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "%s", name);
	pvabi_report_check(&c, &rc);
	CU_ASSERT_STRING_EQUAL(rc.name, want_name);
	CU_ASSERT_STRING_EQUAL(rc.expected, want_exp);
	CU_ASSERT_STRING_EQUAL(rc.got, want_got);
	if (strcmp(rc.name, want_name) || strcmp(rc.expected, want_exp) || strcmp(rc.got, want_got))
		printf("\n  %s -> [%s] [%s] [%s]\n", name, rc.name, rc.expected, rc.got);
}

/* Check names as frozen images print them: the run-time value leaves the
 * name, and reads back in the expectation's notation. */
static void test_check_split(void)
{
	split("cpuid: leaf=0x40000001 subleaf=0 -> ret=0x10000 (got 65537)",
	      "cpuid: leaf=0x40000001 subleaf=0 -> ret=0x10000", "ret=0x10000", "0x10001");
	split("shutdown: reason=7 -> error=EINVAL (got -1002)", "shutdown: reason=7 -> error=EINVAL",
	      "error=EINVAL", "-1002");
	split("console_write: len=5 buf='hello' -> ret=5 (got 4)",
	      "console_write: len=5 buf='hello' -> ret=5", "ret=5", "4");
	split("unknown op id is refused: -1002", "unknown op id is refused", "", "-1002");
	split("yield outside revision or feature: -1002 (want -1001)",
	      "yield outside revision or feature", "-1001", "-1002");
	split("negotiated revision 1.0, features 0x0", "negotiated revision", "", "1.0, features 0x0");
	split("second negotiation answers ALREADY_NEGOTIATED (BAD_SIZE)",
	      "second negotiation answers ALREADY_NEGOTIATED", "", "BAD_SIZE");
	split("get_time: () -> ret>=1 (got 0)", "get_time: () -> ret>=1", "ret>=1", "0");
	split("negotiate", "negotiate", "", "");
	split("a (parenthesised remark)", "a (parenthesised remark)", "", "");
	split("cpuid: leaf=0 subleaf=0 -> ret=0 regs.eax=0x40000001 (got 0)",
	      "cpuid: leaf=0 subleaf=0 -> ret=0 regs.eax=0x40000001", "ret=0 regs.eax=0x40000001",
	      "0 (the return matched; an out field differs)");
}

/* Four red cells, three broken the same way (one without an outcome),
 * and a spec check with one breaking finding, as a gate writes them. */
static void red_set(struct pvabi_cell_result *r)
{
	static const char *const img[] = { "1.0", "1.1", "1.2", "2.0" };
	int i;

	for (i = 0; i < 4; i++) {
		rf_sample(&r[i], img[i], "current", "kvm", PVABI_V_FAIL, "fail");
		rf_add_check(&r[i], 1, 0, "yield: () -> ret=0 (got 0)", "", 1);
		rf_add_check(&r[i], 0, 0, i < 3 ? "unknown op id is refused: -1002"
					   : "cpuid: leaf=0x40000000 -> ret=0x40000001 (got 1073741826)",
			     "", 1);
	}
	r[2].outcome[0] = '\0';
}

static void test_red_reports(void)
{
	struct pvabi_cell_result r[4];
	struct pvabi_finding x = { "RELEASED_REVISION_MODIFIED", PVABI_SEV_BREAKING, "spec.xml", 42,
				   "1.0", (char *)"op:yield", (char *)"op:yield changed", NULL, 0, 0 };
	struct pvabi_findings fd = { .v = &x, .n = 1, .cap = 1 };
	char err[512], *t;
	size_t len;
	xmlDoc *doc;

	red_set(r);
	CU_ASSERT_EQUAL_FATAL(pvabi_report_write_all_with(rf_at("red"), r, 4, &fd, err, sizeof(err)), 0);
	t = rf_slurp(rf_at("red/matrix.txt"), &len);
	CU_ASSERT(t && strstr(t, "3 cells: check 'unknown op id is refused' got -1002") != NULL);
	CU_ASSERT(t && strstr(t, "1 cell: check 'cpuid: leaf=0x40000000 -> ret=0x40000001' "
					     "expected ret=0x40000001, got 0x40000002") != NULL);
	CU_ASSERT(t && strstr(t, "spec check: 1 breaking finding\n  RELEASED_REVISION_MODIFIED: spec.xml:42") != NULL);
	free(t);
	t = rf_slurp(rf_at("red/results.json"), &len);
	CU_ASSERT(t && fx_json_valid(t, len));
	CU_ASSERT(t && strstr(t, "\"outcome\":\"\"") == NULL);
	CU_ASSERT(t && strstr(t, "\"first_failure\":{\"index\":3,\"check\":\"unknown op id is refused\",\"expected\":\"\",\"got\":\"-1002\"") != NULL);
	CU_ASSERT(t && strstr(t, "\"spec_check\":{\"breaking\":1,\"findings\":[{\"rule\":\"RELEASED_REVISION_MODIFIED\"") != NULL);
	free(t);
	doc = xmlReadFile(rf_at("red/junit.xml"), NULL, XML_PARSE_NONET);
	CU_ASSERT_FATAL(doc != NULL);
	/* the same name in every run, the run's values in the message */
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='unknown op id is refused']"
				    "/failure[@message='got -1002']"), 3);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='yield: () -> ret=0']"), 4);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[contains(@name,'(got')]"), 0);
	CU_ASSERT_EQUAL(xpath_count(doc, "//property[@name='outcome'][@value='']"), 0);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testsuite[@name='spec check']/testcase/failure"
				    "[@type='RELEASED_REVISION_MODIFIED']"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "/testsuites[@failures='9']"), 1); /* 4 + 4 + 1 */
	xmlFreeDoc(doc);
	t = rf_slurp(rf_at("red/index.html"), &len);
	doc = htmlReadMemory(t, (int)len, "index.html", "UTF-8",
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	CU_ASSERT_FATAL(doc != NULL);
	CU_ASSERT_EQUAL(xpath_count(doc, "//p[@class='axes']"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//p[@class='verdict red']"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//th[@class='axis']"), 2);
	CU_ASSERT_EQUAL(xpath_count(doc, "//td[@data-cell]/a[starts-with(@href,'#c')]"), 4);
	CU_ASSERT_EQUAL(xpath_count(doc, "//ol[@class='causes']/li"), 2 + 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//ol[@class='causes']/li//a"), 4);
	CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id]/p[@class='why']"), 4);
	CU_ASSERT_EQUAL(xpath_count(doc, "//ol[@class='causes']/li[contains(., \"3 cells: check "
				    "'unknown op id is refused' got -1002\")]"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "Spec check: 1 breaking finding"));
	xmlFreeDoc(doc);
	free(t);
	for (len = 0; len < 4; len++)
		pvabi_cell_result_free(&r[len]);
}

static const struct pvabi_test_case cases[] = {
	{ "validator", test_validator },
	{ "table", test_table },
	{ "progress", test_progress },
	{ "reports", test_reports },
	{ "reports_empty", test_reports_empty },
	{ "check_split", test_check_split },
	{ "red_reports", test_red_reports },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "reports", cases, rf_setup, rf_teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
