/* A scenario step's vcpu= (docs/spec-language.md, Scenarios) through the
 * loader and the conformance generator: the step table carries each
 * call's vCPU, the refusals injected after a call are made by that
 * call's vCPU, and only an image whose scenarios call from vCPU 1 asks
 * engines for it (the vCPUs note); vcpu= beyond vCPU 1 is refused. A
 * format 2 ABI's steps of vCPU 1 run there as jobs (spec/xen.xml). */
#include "abi/load.h"
#include "emit/emit.h"
#include "tests/harness.h"
#include "util/file.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CASE "fixtures/spec-invalid/SCENARIO_INVALID/vcpu-beyond-1/spec.xml"

static char *read_text(const char *dir, const char *name)
{
	struct pvabi_file_buf b;
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return pvabi_file_read(path, 16u << 20, 0, &b, NULL, 0) ? NULL : b.data;
}

/* text with every from replaced by to; malloc'd. */
static char *replace(const char *text, const char *from, const char *to)
{
	size_t nf = strlen(from), nt = strlen(to), n = 0;
	const char *p;
	char *out, *o;

	for (p = text; (p = strstr(p, from)); p += nf)
		n++;
	out = malloc(strlen(text) + n * (nt > nf ? nt - nf : 0) + 1);
	if (!out)
		return NULL;
	for (o = out, p = text; *p;)
		if (!strncmp(p, from, nf)) {
			memcpy(o, to, nt);
			o += nt;
			p += nf;
		} else {
			*o++ = *p++;
		}
	*o = '\0';
	return out;
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;

	for (; (text = strstr(text, what)); text += strlen(what))
		n++;
	return n;
}

/* The generated suite of the case's spec with n edits (from, to), or
 * NULL; the first diagnostic's rule and message in rule (empty when
 * there was none). */
static char *suite_of(const char *const (*edits)[2], size_t ne, char *rule, size_t n)
{
	char dir[] = "/tmp/pvabi-scen-vcpu-XXXXXX", path[4200], *text, *spec, *c = NULL;
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;
	struct pvabi_gen g = { .outdir = dir, .d = &d, .spec_name = "spec.xml" };
	struct dirent *e;
	DIR *dd;

	size_t i;

	spec = read_text(pvabi_test_srcdir(), CASE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
	for (i = 0; i < ne; i++) {
		text = replace(spec, edits[i][0], edits[i][1]);
		free(spec);
		spec = text;
		CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
	}
	s = pvabi_spec_load_mem(spec, strlen(spec), "spec.xml", &d);
	if (s && mkdtemp(dir)) {
		g.spec = s;
		g.rev = (int)s->nrevs - 1;
		if (pvabi_emit_conformance(&g) == 0)
			c = read_text(dir, "mini_conformance.c");
		if ((dd = opendir(dir))) {
			while ((e = readdir(dd)))
				if (e->d_name[0] != '.') {
					snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
					unlink(path);
				}
			closedir(dd);
		}
		rmdir(dir);
	}
	snprintf(rule, n, "%s %s", d.n ? d.v[0].rule : "", d.n ? d.v[0].msg : "");
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
	free(spec);
	return c;
}

static void test_step_table(void)
{
	static const char *const as2[][2] = { { "", "" } };
	static const char *const as0[][2] = { { "vcpu=\"2\"", "vcpu=\"0\"" } };
	char rule[512], *c;

	/* vCPU 2 refused; as vCPU 1 (and vCPU 0 elsewhere) it generates */
	c = suite_of(as2, 0, rule, sizeof(rule));
	CU_ASSERT_PTR_NULL(c);
	CU_ASSERT_PTR_NOT_NULL(strstr(rule, "SCENARIO_INVALID scenario third_vcpu: vcpu 2"));
	free(c);
	c = suite_of(as0, 1, rule, sizeof(rule));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	/* one step in each revision's group of the scenario; vCPU 0 is the
	 * default, never written */
	CU_ASSERT_TRUE(count(c, ".vcpu = 1") >= 1);
	CU_ASSERT_EQUAL(count(c, ".vcpu = "), count(c, ".vcpu = 1"));
	CU_ASSERT_EQUAL(count(c, "PVABI_GUEST_VCPUS(2);"), 1);
	free(c);
}

static void test_no_vcpu_no_note(void)
{
	static const char *const none[][2] = { { " vcpu=\"", " retry=\"" } };
	char rule[512], *c = suite_of(none, 1, rule, sizeof(rule));

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(count(c, ".vcpu = "), 0);
	CU_ASSERT_EQUAL(count(c, "PVABI_GUEST_VCPUS"), 0);
	free(c);
}

/* halt's refusing vector is injected after the first halt that
 * succeeds, made by the vCPU that made it. */
static void test_injected_refusal_same_vcpu(void)
{
	static const char *const halt[][2] = {
		{ "<arg name=\"why\" type=\"reason\"/>\n    <raises error=\"EINVAL\"/>",
		  "<arg name=\"why\" type=\"reason\"/>\n    <raises error=\"EINVAL\"/>\n"
		  "    <vector args=\"why=7\" expect=\"error=EINVAL\"/>" },
		{ "<call op=\"set_timer\" args=\"deadline=1\" vcpu=\"2\"",
		  "<call op=\"halt\" args=\"why=poweroff\" vcpu=\"1\"" },
	};
	char rule[512], *c = suite_of(halt, 2, rule, sizeof(rule));

	if (!c)
		printf("\n  %s\n", rule);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	/* in each revision's group: get_info's call, halt's call, and halt's
	 * refusal after it */
	CU_ASSERT_TRUE(count(c, ".vcpu = 1") >= 3);
	CU_ASSERT_EQUAL(count(c, ".vcpu = 1") % 3, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(c, "why=7"));
	free(c);
}

/* The format 2 suite of revision id of spec/xen.xml, or NULL. */
static char *xen_suite(const char *id)
{
	char dir[] = "/tmp/pvabi-scen-vcpu2-XXXXXX", path[4200], *c = NULL;
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load(pvabi_test_path(pvabi_test_srcdir(), "spec/xen.xml"), &d);
	struct pvabi_gen g = { .outdir = dir, .d = &d, .spec_name = "spec/xen.xml", .spec = s };

	for (g.rev = 0; s && g.rev < (int)s->nrevs && strcmp(s->revs[g.rev].id, id); g.rev++)
		;
	if (s && g.rev < (int)s->nrevs && mkdtemp(dir)) {
		if (pvabi_emit_conformance(&g) == 0)
			c = read_text(dir, "xen_conformance.c");
		snprintf(path, sizeof(path), "rm -rf '%s'", dir);
		if (system(path))
			CU_FAIL("could not remove the suite's directory");
	}
	pvabi_diag_print(&d, stdout);
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
	return c;
}

/* Format 2: a call of vCPU 1 goes through a function of its own run
 * there as a job, a wait of vCPU 1 waits there on vCPU 1's count, the
 * scenario starts vCPU 1 first or is skipped, and only an image with
 * such steps asks for vCPU 1 (spec/xen.xml has scenarios of vCPU 1 from
 * 3.2.2, and reads its <fixed> values from vCPU 1 in every version). */
static void test_format2_generated(void)
{
	char *c = xen_suite("4.14.0"), *old = xen_suite("3.1.1");

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	CU_ASSERT_EQUAL(count(c, "PVABI_GUEST_VCPUS(2);"), 1);
	/* evtchn_ipi_other_vcpu's send, timer_singleshot_vcpu1's arm and
	 * stop, and five asks of each of bind_virq's three <one-per> probes */
	CU_ASSERT_EQUAL(count(c, "rc = (long)pvabi_c2_on(1u, t"), 3 + 15);
	CU_ASSERT_EQUAL(count(c, "static int64_t t"), 3 + 15);
	CU_ASSERT_EQUAL(count(c, "return (int64_t)xen_vcpu_op_set_singleshot_timer((uint32_t)x[0], "
				 "(struct xen_vcpu_set_singleshot_timer *)(uintptr_t)x[1]);"), 1);
	CU_ASSERT_EQUAL(count(c, "pvabi_c2_wait_on(1u, up[1] + "), 4);
	CU_ASSERT_EQUAL(count(c, "\"upcalls on vCPU 1\""), 4);
	/* and the seven <fixed> of xen_version read again from vCPU 1 */
	CU_ASSERT_EQUAL(count(c, "return PVABI_C2_NO_VCPU;"), 2 + 3 + 7);
	/* the scenarios of vCPU 0 alone count as before */
	CU_ASSERT(count(c, "uint64_t up0 = pvabi_c2_upcalls();") >= 5);
	/* before 3.2.2 only the readings of the <fixed> values run there */
	CU_ASSERT_EQUAL(count(old, "PVABI_GUEST_VCPUS(2);"), 1);
	CU_ASSERT_EQUAL(count(old, "pvabi_c2_on("), 7);
	CU_ASSERT_EQUAL(count(old, "rc = (long)pvabi_c2_on(1u, fx"), 7);
	free(c);
	free(old);
}

const struct pvabi_test_case scen_vcpu_cases[] = {
	{ "vcpu in the step table", test_step_table },
	{ "no vcpu, no note", test_no_vcpu_no_note },
	{ "injected refusal on the same vcpu", test_injected_refusal_same_vcpu },
	{ "format 2 generated", test_format2_generated },
	{ NULL, NULL },
};
