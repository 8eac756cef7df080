/* Result files (round trip, corrupt and hostile files), every report
 * (parsed back: JUnit as XML, the page as HTML, the JSON by a strict
 * validator here), and `pvabi report merge/render`. */
#include "cli/commands.h"
#include "cli/runner/runner.h"
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "conformance/result_io.h"
#include "tests/harness.h"
#include "tests/jsoncheck.h"
#include "util/file.h"

#include <fcntl.h>
#include <ftw.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *pvabi_progname = "pvabi";

#define R(a, b) PVABI_NEG_REV(a, b)

static char tmp[256];

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(p);
}

static int setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/pvabi-report-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void)
{
	return nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *at(const char *rel)
{
	return pvabi_test_path(tmp, rel);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CU_ASSERT_FATAL(f != NULL);
	fputs(text, f);
	fclose(f);
}

static char *slurp(const char *path, size_t *len)
{
	struct pvabi_file_buf b;

	if (len)
		*len = 0;
	if (pvabi_file_read(path, 64u << 20, 0, &b, NULL, 0))
		return NULL;
	if (len)
		*len = b.len;
	return b.data;
}

/* --- sample results -------------------------------------------------------- */

static void add_check(struct pvabi_cell_result *r, int ok, int skip, const char *name,
		      const char *diag, double ms)
{
	struct pvabi_check *c;

	r->checks = realloc(r->checks, (r->nchecks + 1) * sizeof(*c));
	c = &r->checks[r->nchecks++];
	memset(c, 0, sizeof(*c));
	c->ok = (uint8_t)ok;
	c->skip = (uint8_t)skip;
	c->ms = ms;
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->diag, sizeof(c->diag), "%s", diag);
	r->passed += ok && !skip;
	r->failed += !ok;
	r->skipped += skip;
}

static void sample(struct pvabi_cell_result *r, const char *image, const char *platform,
		   const char *engine, enum pvabi_verdict v, const char *outcome)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->cell.id, sizeof(r->cell.id), "%s~%s~%s", image, platform, engine);
	snprintf(r->cell.image, sizeof(r->cell.image), "%s", image);
	snprintf(r->cell.image_rev, sizeof(r->cell.image_rev), "%.3s", image);
	snprintf(r->cell.image_path, sizeof(r->cell.image_path), "fixtures/guests/%s/conf.elf", image);
	snprintf(r->cell.platform, sizeof(r->cell.platform), "%s", platform);
	snprintf(r->cell.engine, sizeof(r->cell.engine), "%s", engine);
	r->cell.image_frozen = 1;
	r->cell.pred.kind = PVABI_PRED_PASS_LOWER;
	r->cell.pred.rev = R(1, 2);
	r->cell.pred.granted = 0x3;
	snprintf(r->cell.pred.why, sizeof(r->cell.pred.why), "Image %s negotiates 1.2.", image);
	r->verdict = v;
	snprintf(r->outcome, sizeof(r->outcome), "%s", outcome);
	r->exit_code = v == PVABI_V_PASS ? 0 : 1;
	r->negotiated = R(1, 2);
	r->neg_status = PVABI_NEG_OK;
	r->ms = 210.5;
	snprintf(r->guest_record, sizeof(r->guest_record),
		 "{\"side\":\"guest\",\"status\":\"OK\",\"revision\":\"1.2\"}");
	snprintf(r->reason, sizeof(r->reason), "%s", v == PVABI_V_PASS ? "as predicted" : "it broke");
	add_check(r, 1, 0, "negotiate", "", 1.25);
}

/* A result with every hostile byte the guest could have put in it. */
static void hostile(struct pvabi_cell_result *r)
{
	sample(r, "2.1-draft", "current", "kvm", PVABI_V_FAIL, "fail");
	snprintf(r->reason, sizeof(r->reason), "<b>&amp; \"quoted\" 'x' \x01\x7f \xff\xfe é ]]>");
	snprintf(r->platform_record, sizeof(r->platform_record), "{\"side\":\"platform\",\"x\":");
	add_check(r, 0, 0, "</check><script>alert(1)</script> \xc3", "diag \"<&>\"\t\x02", 10.5);
	add_check(r, 1, 1, "skipped one", "no feature", 0.5);
}

/* --- result files ------------------------------------------------------------ */

static void test_roundtrip(void)
{
	struct pvabi_cell_result w, r;
	char err[512];

	hostile(&w);
	CU_ASSERT_EQUAL_FATAL(pvabi_result_write(at("rt"), &w, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(pvabi_result_read(at("rt/cells/2.1-draft~current~kvm.xml"), &r, err,
						sizeof(err)), 0);
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

	sample(&w, "1.0", "current", "kvm", PVABI_V_PASS, "refused");
	w.cell.pred.kind = PVABI_PRED_REFUSED;
	w.cell.pred.neg_status = PVABI_NEG_NO_COMMON_REVISION;
	w.neg_status = ~0u;
	w.negotiated = 0;
	w.exit_code = -1;
	CU_ASSERT_EQUAL_FATAL(pvabi_result_write(at("rt"), &w, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(pvabi_result_read(at("rt/cells/1.0~current~kvm.xml"), &r, err,
						sizeof(err)), 0);
	CU_ASSERT(r.neg_status == ~0u && r.exit_code == -1 && r.negotiated == 0);
	CU_ASSERT_EQUAL(r.cell.pred.neg_status, PVABI_NEG_NO_COMMON_REVISION);
	CU_ASSERT_EQUAL(pvabi_result_read(at("rt/cells/1.0~current~kvm.xml"), &r2, err,
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

	put(at(name), text);
	CU_ASSERT_EQUAL(pvabi_result_read(at(name), &r, err, sizeof(err)), -1);
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

	sample(&w, "1.1", "1.0", "kvm", PVABI_V_PASS, "pass");
	CU_ASSERT_EQUAL_FATAL(pvabi_result_write(tmp, &w, err, sizeof(err)), 0);
	good = slurp(at("cells/1.1~1.0~kvm.xml"), &len);
	CU_ASSERT_FATAL(good != NULL);
	good[len / 2] = '\0';
	expect_bad("half.xml", good, ":");
	expect_bad("empty.xml", "", NULL);
	expect_bad("garbage.xml", "\x7f" "ELF\x01\x02", NULL);
	expect_bad("root.xml", "<other/>", "not a cell result");
	expect_bad("dtd.xml", "<?xml version=\"1.0\"?><!DOCTYPE cell-result [<!ENTITY x \"y\">]>"
			      "<cell-result format=\"1\"/>", "DOCTYPE");
	free(good);
	good = slurp(at("cells/1.1~1.0~kvm.xml"), &len);
	CU_ASSERT_FATAL(good != NULL);
	memcpy(strstr(good, "verdict=\"PASS\""), "verdict=\"WHAT\"", 14);
	expect_bad("verdict.xml", good, "WHAT");
	free(good);
	good = slurp(at("cells/1.1~1.0~kvm.xml"), &len);
	memcpy(strstr(good, "id=\"1.1~1.0~kvm\""), "id=\"../../etc/x\"", 16);
	expect_bad("escape.xml", good, "invalid cell id");
	free(good);
	CU_ASSERT_EQUAL(pvabi_result_read(at("missing.xml"), &r, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "missing.xml"));
	snprintf(w.cell.id, sizeof(w.cell.id), "../up");
	CU_ASSERT_EQUAL(pvabi_result_write(tmp, &w, err, sizeof(err)), -1);
	pvabi_cell_result_free(&w);
}

static void test_load_dir(void)
{
	static const char *const ids[] = { "2.0", "1.0", "1.3" };
	struct pvabi_cell_result w, *res;
	char err[512];
	size_t n, i;

	for (i = 0; i < 3; i++) {
		sample(&w, ids[i], "current", "kvm", PVABI_V_PASS, "pass");
		CU_ASSERT_EQUAL(pvabi_result_write(at("ld"), &w, err, sizeof(err)), 0);
		pvabi_cell_result_free(&w);
	}
	put(at("ld/cells/x.xml.tmp.ABCDEF"), "half a file");
	put(at("ld/cells/1.0~current~kvm.log"), "a log");
	CU_ASSERT_EQUAL_FATAL(pvabi_result_load_dir(at("ld"), &res, &n, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_STRING_EQUAL(res[0].cell.id, "1.0~current~kvm");
	CU_ASSERT_STRING_EQUAL(res[2].cell.id, "2.0~current~kvm");
	pvabi_results_free(res, n);
	rename(at("ld/cells/1.3~current~kvm.xml"), at("ld/cells/1.4~current~kvm.xml"));
	CU_ASSERT_EQUAL(pvabi_result_load_dir(at("ld"), &res, &n, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "1.4~current~kvm.xml"));
	CU_ASSERT(res == NULL && n == 0);
	CU_ASSERT_EQUAL(pvabi_result_load_dir(at("nowhere"), &res, &n, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "nowhere/cells"));
}

static void test_validator(void)
{
	static const char ok[] = "{\"a\":[1,-2.5,true,null,\"\\u00e9\"],\"b\":{}}";

	CU_ASSERT(fx_json_valid(ok, strlen(ok)));
	CU_ASSERT(!fx_json_valid("{\"a\":[1,]}", 10));
	CU_ASSERT(!fx_json_valid("{\"a\":\"\x01\"}", 8));
	CU_ASSERT(!fx_json_valid("{\"a\":01}", 8));
	CU_ASSERT(!fx_json_valid("{} {}", 5));
}

/* --- reports ------------------------------------------------------------ */

#define NSET 6

static void result_set(struct pvabi_cell_result *r)
{
	sample(&r[0], "1.0", "current", "kvm", PVABI_V_PASS, "pass");
	sample(&r[1], "2.0", "1.2", "kvm", PVABI_V_PASS, "pass-lower");
	sample(&r[2], "1.0", "1.2", "kvm", PVABI_V_PASS, "refused");
	sample(&r[3], "2.0", "current", "kvm", PVABI_V_CRASH, "crash");
	sample(&r[4], "1.0", "current", "qemu-tcg", PVABI_V_SKIP, "unavailable");
	hostile(&r[5]);
}

static void free_set(struct pvabi_cell_result *r)
{
	size_t i;

	for (i = 0; i < NSET; i++)
		pvabi_cell_result_free(&r[i]);
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
	struct pvabi_cell_result r[NSET];
	char *t;

	result_set(r);
	t = table(r, NSET, -1); /* not a terminal: no colour */
	CU_ASSERT_FATAL(t != NULL);
	CU_ASSERT_PTR_NULL(strchr(t, '\033'));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "PASS@1.2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "REFUSED"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "current kvm"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "1.2 kvm"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "6 cells, 3 green (1 at a lower revision, 1 refused"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "2.0~current~kvm: it broke"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "first failing check"));
	CU_ASSERT_PTR_NULL(strstr(t, "1.0~current~kvm:"));
	/* rows: 1.0 before 2.0 before the draft; "current" is the first column */
	CU_ASSERT(strstr(t, "\n1.0 ") < strstr(t, "\n2.0 ") && strstr(t, "\n2.0 ") < strstr(t, "\n2.1-draft"));
	CU_ASSERT(strstr(t, "current kvm") < strstr(t, "1.2 kvm"));
	free(t);
	t = table(r, NSET, 1);
	CU_ASSERT(t && strstr(t, "\033[32mPASS"));
	free(t);
	free_set(r);
}

static void test_progress(void)
{
	struct pvabi_cell_result r;
	FILE *f = tmpfile();
	char buf[512] = "";

	sample(&r, "1.0", "current", "kvm", PVABI_V_PASS, "pass");
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
	CU_ASSERT_EQUAL(xpath_count(doc, "/testsuites/testsuite"), NSET);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='prediction']"), NSET);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase"), NSET * 2 + 2);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='prediction']/failure"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='prediction']/error[@type='CRASH']"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='prediction']/skipped"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@time='0.011']/failure"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@name='1 negotiate'][@time='0.001']"), NSET);
	CU_ASSERT_EQUAL(xpath_count(doc, "/testsuites[@failures='2'][@errors='1'][@skipped='2']"), 1);
	xmlFreeDoc(doc);
}

static void check_html(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);
	htmlDocPtr doc;

	CU_ASSERT_FATAL(text != NULL);
	doc = htmlReadMemory(text, (int)len, path, "UTF-8",
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	CU_ASSERT_FATAL(doc != NULL);
	CU_ASSERT_EQUAL(xpath_count(doc, "//td[@data-cell]"), NSET);
	CU_ASSERT_EQUAL(xpath_count(doc, "//td[@class='v-CRASH']"), 1);
	CU_ASSERT_EQUAL(xpath_count(doc, "//td[@class='v-PASS']"), 2); /* PASS and PASS@1.2 */
	CU_ASSERT_EQUAL(xpath_count(doc, "//script"), 1); /* the guest's did not get in */
	CU_ASSERT_EQUAL(xpath_count(doc, "//section"), NSET);
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
	char *text = slurp(path, &len);

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

	mkdir(at("rep"), 0755);
	mkdir(at("rep/cells"), 0755);
	snprintf(path, sizeof(path), "%s/rep/cells/%s.log", tmp, r[0].cell.id);
	put(path, "log line 1\n</pre><script>alert(2)</script>\n");
	snprintf(path, sizeof(path), "%s/rep/cells/%s.log", tmp, r[1].cell.id);
	f = fopen(path, "w");
	CU_ASSERT_FATAL(f != NULL);
	for (i = 0; i < 10000; i++)
		fprintf(f, "line %d of a long log\n", i);
	fclose(f);
}

static void test_reports(void)
{
	struct pvabi_cell_result r[NSET];
	char err[512];
	struct stat st;

	result_set(r);
	logs(r);
	CU_ASSERT_EQUAL_FATAL(pvabi_report_write_all(at("rep"), r, NSET, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(stat(at("rep/matrix.txt"), &st), 0);
	check_junit(at("rep/junit.xml"));
	check_html(at("rep/index.html"));
	check_json(at("rep/results.json"));
	CU_ASSERT_EQUAL(pvabi_report_write_all(at("rep/matrix.txt/x"), r, NSET, err, sizeof(err)), -1);
	free_set(r);
}

static void test_reports_empty(void)
{
	char err[512], *text;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(pvabi_report_write_all(at("none"), NULL, 0, err, sizeof(err)), 0);
	text = slurp(at("none/results.json"), &len);
	CU_ASSERT(text && fx_json_valid(text, len));
	free(text);
	text = slurp(at("none/junit.xml"), &len);
	CU_ASSERT(text && strstr(text, "tests=\"0\""));
	free(text);
}

/* --- pvabi report ------------------------------------------------------- */

static int report(const char *a1, const char *a2, const char *a3, const char *a4)
{
	char *argv[6] = { "report", (char *)a1, (char *)a2, (char *)a3, (char *)a4, NULL };
	int argc = 1 + !!a1 + !!a2 + !!a3 + !!a4;

	int saved, devnull, rc;

	/* The command prints its table; the test log needs only stderr. */
	fflush(stdout);
	saved = dup(1);
	devnull = open("/dev/null", O_WRONLY);
	dup2(devnull, 1);
	rc = pvabi_cmd_report(argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(devnull);
	return rc;
}

static void shard(const char *dir, struct pvabi_cell_result *r, size_t n)
{
	char err[512];
	size_t i;

	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL(pvabi_result_write(dir, &r[i], err, sizeof(err)), 0);
}

static void test_merge(void)
{
	struct pvabi_cell_result r[NSET], *res;
	char path[1024], err[512];
	size_t n;

	result_set(r);
	shard(at("s1"), r, 3);
	shard(at("s2"), r + 2, 3); /* r[2] in both, the same */
	snprintf(path, sizeof(path), "%s/s2/cells/%s.log", tmp, r[3].cell.id);
	put(path, "crash log\n");
	CU_ASSERT_EQUAL(report("merge", at("out"), at("s1"), at("s2")), PVABI_EXIT_BREAKING);
	CU_ASSERT_EQUAL_FATAL(pvabi_result_load_dir(at("out"), &res, &n, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_STRING_EQUAL(res[4].cell.id, "2.0~current~kvm");
	CU_ASSERT_PTR_NOT_NULL(strstr(res[4].log, "out/cells/2.0~current~kvm.log"));
	pvabi_results_free(res, n);
	snprintf(path, sizeof(path), "%s/out/cells/%s.log", tmp, r[3].cell.id);
	CU_ASSERT_EQUAL(access(path, R_OK), 0);
	CU_ASSERT_EQUAL(access(at("out/index.html"), R_OK), 0);
	CU_ASSERT_EQUAL(access(at("out/results.json"), R_OK), 0);
	/* merging again into the same OUT: its cells are an input too */
	CU_ASSERT_EQUAL(report("merge", at("out"), at("s1"), NULL), PVABI_EXIT_BREAKING);
	r[2].ms += 1; /* the same cell, other content */
	shard(at("s3"), r + 2, 1);
	CU_ASSERT_EQUAL(report("merge", at("out2"), at("s1"), at("s3")), PVABI_EXIT_USAGE);
	CU_ASSERT_EQUAL(access(at("out2/index.html"), R_OK), -1);
	free_set(r);
}

static void test_render(void)
{
	struct pvabi_cell_result r[NSET];

	result_set(r);
	shard(at("green"), r, 3);
	CU_ASSERT_EQUAL(report("render", at("green"), NULL, NULL), PVABI_EXIT_OK);
	CU_ASSERT_EQUAL(access(at("green/junit.xml"), R_OK), 0);
	CU_ASSERT_EQUAL(report("merge", at("green2"), at("green"), NULL), PVABI_EXIT_OK);
	shard(at("green"), r + 4, 1); /* skipped: not green, not failing */
	CU_ASSERT_EQUAL(report("render", at("green"), NULL, NULL), PVABI_EXIT_OK);
	shard(at("green"), r + 3, 1);
	CU_ASSERT_EQUAL(report("render", at("green"), NULL, NULL), PVABI_EXIT_BREAKING);
	put(at("green/cells/1.0~current~kvm.xml"), "<cell-result");
	CU_ASSERT_EQUAL(report("render", at("green"), NULL, NULL), PVABI_EXIT_USAGE);
	CU_ASSERT_EQUAL(report("render", at("absent"), NULL, NULL), PVABI_EXIT_USAGE);
	CU_ASSERT_EQUAL(report("merge", at("o3"), at("absent"), NULL), PVABI_EXIT_USAGE);
	CU_ASSERT_EQUAL(report(NULL, NULL, NULL, NULL), PVABI_EXIT_USAGE);
	CU_ASSERT_EQUAL(report("merge", at("o4"), NULL, NULL), PVABI_EXIT_USAGE);
	CU_ASSERT_EQUAL(report("frobnicate", NULL, NULL, NULL), PVABI_EXIT_USAGE);
	CU_ASSERT_EQUAL(report("--help", NULL, NULL, NULL), PVABI_EXIT_OK);
	mkdir(at("emptyshard"), 0755);
	mkdir(at("emptyshard/cells"), 0755);
	CU_ASSERT_EQUAL(report("render", at("emptyshard"), NULL, NULL), PVABI_EXIT_BREAKING);
	free_set(r);
}

static const struct pvabi_test_case file_cases[] = {
	{ "roundtrip", test_roundtrip },
	{ "refused_roundtrip", test_refused_roundtrip },
	{ "corrupt", test_corrupt },
	{ "load_dir", test_load_dir },
	{ NULL, NULL },
};

static const struct pvabi_test_case report_cases[] = {
	{ "validator", test_validator },
	{ "table", test_table },
	{ "progress", test_progress },
	{ "reports", test_reports },
	{ "reports_empty", test_reports_empty },
	{ "merge", test_merge },
	{ "render", test_render },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "result_files", file_cases, setup, teardown },
	{ "reports", report_cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
