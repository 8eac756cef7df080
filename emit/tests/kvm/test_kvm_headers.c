/* The KVM ABI against the kernel's own headers: the crosscheck header of
 * spec/kvm.xml's newest revision (the release of the installed uapi
 * headers) is compiled with linux-libc-dev's asm/kvm_para.h and
 * linux/kvm_para.h for x86-64 and x86-32, so every MSR number, feature
 * bit, hypercall number, error and flag with a c-name, and kvm_steal_time,
 * kvm_vcpu_pv_apf_data and kvm_clock_pairing field by field, must equal
 * the kernel's; the pvclock structs, which the kernel does not export,
 * against the layout msr.rst documents (pvclock_documented.h). Every
 * older revision is compiled too, with what the installed (6.1) headers
 * can judge: an assertion of revision R that reads the same in the
 * newest revision is kept; one that differs (a struct changed since R,
 * an item removed since) is flagged by name and left out, and what R
 * lacks is absent from R's header. Seeded differences prove a failing
 * assertion names the item. Skips, with the reason, only where
 * linux-libc-dev is not installed. */
#include "emit/emit.h"
#include "tests/fixtures.h"
#include "tests/harness.h"
#include "emit/tests/xcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KVM_SPEC "spec/kvm.xml"
#define KVM_HEADER "/usr/include/linux/kvm_para.h"
#define NEWEST "6.1.0"

static struct xc x = { "", KVM_SPEC, "kvm_crosscheck.h" };

static int begin(void)
{
	return xc_begin(&x, "kvm");
}

static int end(void)
{
	return xc_end(&x);
}

/* The including source: the kernel's headers (KVM_EPERM is EPERM), the
 * documented pvclock layout, then the generated assertions. */
static int write_main(void)
{
	return xc_write_main(&x, "#include <errno.h>\n#include <stdint.h>\n#include <asm/kvm_para.h>\n"
				 "#include <linux/kvm_para.h>\n#include \"pvclock_documented.h\"\n");
}

static int gen(const struct pvabi_spec *s, int rev)
{
	return xc_gen(&x, s, rev);
}

/* Compiles the assertions of the last gen() in one mode, the documented
 * pvclock layout beside them; 0 when every one holds. */
static int compile(enum pvabi_mode m, char *out, size_t cap)
{
	char flags[4200];

	snprintf(flags, sizeof(flags), "-I%s", pvabi_test_path(pvabi_test_srcdir(), "emit/tests/kvm"));
	return xc_compile(&x, m, flags, out, cap);
}

/* 1 when the kernel's headers are missing here (the case's skip said:
 * its caller returns), else 0. */
static int headers_missing(void)
{
	if (!access(KVM_HEADER, R_OK))
		return 0;
	pvabi_test_skip(__FILE__, __LINE__, "linux-libc-dev is not installed (" KVM_HEADER
			" missing); ci/install-deps installs it");
	return 1;
}

#define NEED_HEADERS()                   \
	do {                             \
		if (headers_missing())   \
			return;          \
	} while (0)

static void test_newest_both_modes(void)
{
	struct pvabi_spec *s;
	char out[8192];
	int m, rev;

	NEED_HEADERS();
	s = xc_load(&x, NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	rev = pvabi_spec_rev(s, NEWEST);
	CU_ASSERT_EQUAL_FATAL(rev, (int)s->nrevs - 1);
	CU_ASSERT_EQUAL_FATAL(write_main(), 0);
	CU_ASSERT_EQUAL_FATAL(gen(s, rev), 0);
	/* a header that asserted nothing would pass vacuously */
	CU_ASSERT(xc_assertions(&x) >= 100);
	for (m = 0; m < PVABI_MODE_COUNT; m++)
		if (compile((enum pvabi_mode)m, out, sizeof(out)) != 0)
			FX_FAIL("kvm %s on %s differs from the kernel's headers:\n%s", NEWEST,
				pvabi_mode_name((enum pvabi_mode)m), out);
	pvabi_spec_free(s);
}

/* One assertion line of revision rev: kept (1) when it reads the same
 * in the newest revision's header, else written as a comment (0) with
 * its message appended to names. */
static int judge_line(FILE *f, const char *line, const char *rev, const char *newest_text,
		      char *names, size_t n)
{
	char from[48], same[1100];
	const char *at, *msg;
	size_t k = strlen(names);

	snprintf(from, sizeof(from), " %s x86_", rev);
	at = strstr(line, from);
	if (!at)
		return -1;
	snprintf(same, sizeof(same), "%.*s %s x86_%s", (int)(at - line), line, NEWEST,
		 at + strlen(from));
	if (strstr(newest_text, same)) {
		fprintf(f, "%s\n", line);
		return 1;
	}
	fprintf(f, "/* flagged: %s */\n", line);
	msg = strstr(line, ", \"");
	/* each item once: its x86-64 line names it */
	if (msg && k + 4 < n && !strncmp(at + strlen(from), "64", 2))
		snprintf(names + k, n - k, "%s%.*s", k ? "; " : "",
			 (int)(at - msg - 3 > 0 ? at - msg - 3 : 0), msg + 3);
	return 0;
}

/* R's header reduced to what the installed headers can judge: returns
 * how many assertions were kept, *flagged how many were not (named in
 * names), or -1. */
static long judgeable(const char *rev, const char *newest_text, size_t *flagged, char *names,
		      size_t n)
{
	char path[128], line[1024], *text, *p, *nl;
	long kept = 0;
	FILE *f;
	int r;

	snprintf(path, sizeof(path), "%s/kvm_crosscheck.h", x.dir);
	if (!(text = fx_read(path, NULL)) || !(f = fopen(path, "w"))) {
		free(text);
		return -1;
	}
	*flagged = 0;
	names[0] = '\0';
	for (p = text; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		snprintf(line, sizeof(line), "%.*s", (int)(nl ? nl - p : (long)strlen(p)), p);
		r = strncmp(line, "PVABI_XC(", 9) ? -1 : judge_line(f, line, rev, newest_text, names, n);
		if (r < 0)
			fprintf(f, "%s\n", line);
		kept += r > 0;
		*flagged += r == 0;
	}
	free(text);
	return fclose(f) ? -1 : kept;
}

/* Revision rev against the installed headers in both modes, reduced to
 * what they can judge; the count of assertions kept. */
static long older_revision(const struct pvabi_spec *s, int rev, const char *newest_text)
{
	char out[8192], names[4096];
	size_t flagged = 0;
	long kept;
	int m;

	CU_ASSERT_EQUAL_FATAL(gen(s, rev), 0);
	kept = judgeable(s->revs[rev].id, newest_text, &flagged, names, sizeof(names));
	CU_ASSERT_FATAL(kept >= 0);
	printf("\n  kvm %s: %ld assertions judged, %zu flagged (changed or removed since): %s",
	       s->revs[rev].id, kept, flagged, flagged ? names : "none");
	for (m = 0; m < PVABI_MODE_COUNT; m++)
		if (compile((enum pvabi_mode)m, out, sizeof(out)) != 0)
			FX_FAIL("kvm %s on %s differs from the kernel's headers:\n%s", s->revs[rev].id,
				pvabi_mode_name((enum pvabi_mode)m), out);
	return kept;
}

/* Every revision: what the installed headers can judge must hold; what a
 * revision lacks is not asserted at all. */
static void test_every_revision(void)
{
	char path[128], *newest_text, *text;
	struct pvabi_spec *s;
	size_t r;

	NEED_HEADERS();
	s = xc_load(&x, NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(write_main(), 0);
	CU_ASSERT_EQUAL_FATAL(gen(s, (int)s->nrevs - 1), 0);
	snprintf(path, sizeof(path), "%s/kvm_crosscheck.h", x.dir);
	newest_text = fx_read(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(newest_text);
	for (r = 0; r + 1 < s->nrevs; r++) {
		/* a revision judged on nothing would pass vacuously */
		CU_ASSERT(older_revision(s, (int)r, newest_text) >= 60);
		text = fx_read(path, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		if (!strcmp(s->revs[r].id, "3.1.0")) {
			/* PV EOI came in 3.6; steal time's pad became preempted in 4.9 */
			CU_ASSERT_PTR_NULL(strstr(text, "MSR_KVM_PV_EOI_EN"));
			CU_ASSERT_PTR_NOT_NULL(strstr(text, "/* flagged: PVABI_XC(offsetof(struct "
							    "kvm_steal_time, pad_v1)"));
		}
		if (!strcmp(s->revs[r].id, "2.6.25"))
			CU_ASSERT_PTR_NOT_NULL(strstr(text, "/* flagged: PVABI_XC(KVM_FEATURE_MMU_OP"));
		free(text);
	}
	printf("\n");
	free(newest_text);
	pvabi_spec_free(s);
}

/* The spec with one edit: the newest revision's assertions must fail in
 * both modes and name `item`. 1 when the case skips, else 0. */
static int seeded(const char *from, const char *to, const char *item)
{
	struct pvabi_spec *s;
	char out[16384];
	int m;

	if (headers_missing())
		return 1;
	s = xc_load(&x, from, to);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(write_main(), 0);
	CU_ASSERT_EQUAL_FATAL(gen(s, pvabi_spec_rev(s, NEWEST)), 0);
	for (m = 0; m < PVABI_MODE_COUNT; m++) {
		CU_ASSERT_NOT_EQUAL(compile((enum pvabi_mode)m, out, sizeof(out)), 0);
		if (!strstr(out, item))
			FX_FAIL("the failing assertion does not name %s:\n%s", item, out);
	}
	pvabi_spec_free(s);
	return 0;
}

static void test_seeded_msr(void)
{
	seeded("id=\"0x4b564d03\"", "id=\"0x4b564d09\"", "MSR_KVM_STEAL_TIME");
}

static void test_seeded_feature_bit(void)
{
	seeded("bit=\"6\"", "bit=\"8\"", "KVM_FEATURE_PV_EOI");
}

static void test_seeded_steal_time(void)
{
	seeded("<field name=\"version\" type=\"u32\"/>\n    <field name=\"flags\" type=\"u32\"/>",
	       "<field name=\"flags\" type=\"u32\"/>\n    <field name=\"version\" type=\"u32\"/>",
	       "kvm_steal_time.version");
}

/* pvclock is checked against the documentation's layout, not a header. */
static void test_seeded_pvclock(void)
{
	seeded("<field name=\"tsc_shift\" type=\"s8\"/>", "<field name=\"tsc_shift\" type=\"s16\"/>",
	       "pvclock_vcpu_time_info");
}

/* The guest header of every revision compiles freestanding, warnings as
 * errors, in both modes: the cpuid and msr stubs, the hypercall stubs. */
static void test_guest_header(void)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = xc_load(&x, NULL, NULL);
	char path[128], out[8192], cmd[512];
	size_t r;
	FILE *f;
	int m;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	snprintf(path, sizeof(path), "%s/guest.c", x.dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("#include \"kvm_guest.h\"\nlong use(void);\nlong use(void)\n{\n\tuint32_t r[4];\n"
	      "\tuint64_t v;\n\n\tkvm_signature(r);\n\treturn kvm_wall_clock_write(0) +\n"
	      "\t       kvm_wall_clock_read(&v) + (long)r[0];\n}\n", f);
	CU_ASSERT_EQUAL(fclose(f), 0);
	for (r = 0; r < s->nrevs; r++) {
		struct pvabi_gen g = { .spec = s, .spec_name = KVM_SPEC, .rev = (int)r, .outdir = x.dir,
				       .d = &d };

		CU_ASSERT_EQUAL_FATAL(pvabi_emit_guest(&g), 0);
		for (m = 0; m < PVABI_MODE_COUNT; m++) {
			snprintf(cmd, sizeof(cmd), "gcc %s -std=c11 -ffreestanding -Wall -Wextra -Werror "
				 "-c -o /dev/null -I%s %s 2>&1", m ? "-m32" : "-m64", x.dir, path);
			if (fx_run(cmd, out, sizeof(out), NULL) != 0)
				FX_FAIL("kvm_guest.h of %s on %s:\n%s", s->revs[r].id,
					pvabi_mode_name((enum pvabi_mode)m), out);
		}
	}
	pvabi_diag_free(&d);
	pvabi_spec_free(s);
}

/* The platform is the host kernel: the platform target refuses and says
 * so. */
static void test_platform_refused(void)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = xc_load(&x, NULL, NULL);
	struct pvabi_gen g = { .spec = s, .spec_name = KVM_SPEC, .outdir = x.dir, .d = &d };
	char *msg;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	g.rev = (int)s->nrevs - 1;
	CU_ASSERT_NOT_EQUAL(pvabi_emit_platform(&g), 0);
	CU_ASSERT_EQUAL_FATAL(d.n, 1);
	msg = d.v[0].msg;
	CU_ASSERT_STRING_EQUAL(d.v[0].rule, "GEN_UNSUPPORTED");
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "the platform is the host kernel"));
	pvabi_diag_free(&d);
	pvabi_spec_free(s);
}

/* The history checks clean against its registry: the two waived breaks
 * are KVM's removal of its PV MMU, nothing else breaks. Every output is
 * checked by the suite's vectors, scenarios and not-offered checks, or
 * waived with the reason no image here can reach it (the hypercalls, a
 * cpuid leaf's registers, two MSRs only a VMM or an in-kernel APIC
 * serves: docs/kvm-abi.md); nothing is left unchecked unsaid. */
static void test_history(void)
{
	char cmd[2048], out[65536], bin[512], spec[512];

	snprintf(bin, sizeof(bin), "%s", pvabi_test_path(pvabi_test_builddir(), "pvabi"));
	snprintf(spec, sizeof(spec), "%s", pvabi_test_path(pvabi_test_srcdir(), "spec"));
	snprintf(cmd, sizeof(cmd), "%s check --spec %s/kvm.xml --registry %s/kvm-versions.xml "
		 "2>&1", bin, spec, spec);
	CU_ASSERT_EQUAL(fx_run(cmd, out, sizeof(out), NULL), 0);
	if (!strstr(out, "0 breaking, 173 waived, 0 warnings"))
		FX_FAIL("pvabi check of spec/kvm.xml:\n%s", out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "FEATURE_REMOVED: waived: feature mmu_op"));
	CU_ASSERT_PTR_NULL(strstr(out, "OUTPUT_UNCHECKED: warning"));
	/* checked, not waived: the vectors and the suite's not-offered check */
	CU_ASSERT_PTR_NULL(strstr(out, "op system_time: ret"));
	CU_ASSERT_PTR_NULL(strstr(out, "op poll_control: ret"));
	CU_ASSERT_PTR_NULL(strstr(out, "op wall_clock: error EGP"));
	CU_ASSERT_PTR_NULL(strstr(out, "op migration_control: error EGP"));
	/* waived, each with its reason */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "op migration_control: ret is checked by no vector or "
				       "scenario [5.16.0] (waiver at"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "op send_ipi: ret is checked by no vector or scenario "
				       "[6.1.0] (waiver at"));
}

static const struct pvabi_test_case cases[] = {
	{ "history and registry", test_history },
	{ "guest header, every revision, both modes", test_guest_header },
	{ "platform target refused", test_platform_refused },
	{ "newest revision, both modes", test_newest_both_modes },
	{ "every older revision, what the headers can judge", test_every_revision },
	{ "seeded MSR number", test_seeded_msr },
	{ "seeded feature bit", test_seeded_feature_bit },
	{ "seeded kvm_steal_time layout", test_seeded_steal_time },
	{ "seeded pvclock layout", test_seeded_pvclock },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "kvm_headers", cases, begin, end },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
