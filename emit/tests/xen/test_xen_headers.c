/* The Xen ABI against Xen itself: for every revision (interface version)
 * of spec/xen.xml and every guest mode, the crosscheck header generated
 * from the spec is compiled with Xen's public headers (Debian's
 * libxen-dev) and __XEN_INTERFACE_VERSION__ set to the revision's code,
 * so every constant, struct size and field offset the spec states must
 * equal Xen's. Seeded differences prove a failing assertion names the
 * item. Skips, with the reason, only where libxen-dev is not installed. */
#include "abi/load.h"
#include "tests/fixtures.h"
#include "tests/harness.h"
#include "emit/tests/xcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XEN_SPEC "spec/xen.xml"
#define XEN_HEADER "/usr/include/xen/xen.h"

static const char *const headers[] = {
	"xen/xen.h", "xen/version.h", "xen/sched.h", "xen/event_channel.h",
	"xen/vcpu.h", "xen/memory.h", "xen/features.h", "xen/errno.h", "xen/hvm/hvm_op.h",
	"xen/hvm/params.h", NULL,
};

static struct xc x = { "", XEN_SPEC, "xen_crosscheck.h" };

static int begin(void)
{
	return xc_begin(&x, "xen");
}

static int end(void)
{
	return xc_end(&x);
}

/* The including source: Xen's headers, then the generated assertions. */
static int write_main(void)
{
	char inc[512] = "#include <stdint.h>\n";
	int i;

	for (i = 0; headers[i]; i++)
		snprintf(inc + strlen(inc), sizeof(inc) - strlen(inc), "#include <%s>\n", headers[i]);
	return xc_write_main(&x, inc);
}

/* Compiles the assertions of the last gen() in one mode, under the
 * interface version of revision rev; 0 when every one holds. */
static int compile(const struct pvabi_spec *s, int rev, enum pvabi_mode m, char *out,
		   size_t cap)
{
	char flags[64];

	snprintf(flags, sizeof(flags), "-D__XEN_INTERFACE_VERSION__=0x%08x",
		 pvabi_rev_code(&s->revs[rev]));
	return xc_compile(&x, m, flags, out, cap);
}

/* 1 when Xen's headers are missing here (the case's skip said: its
 * caller returns), else 0. */
static int headers_missing(void)
{
	if (!access(XEN_HEADER, R_OK))
		return 0;
	pvabi_test_skip(__FILE__, __LINE__, "libxen-dev is not installed (" XEN_HEADER
			" missing); ci/install-deps installs it");
	return 1;
}

static void test_every_revision_every_mode(void)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;
	char out[8192];
	size_t r;
	int m;

	if (headers_missing())
		return;
	s = pvabi_spec_load(pvabi_test_path(pvabi_test_srcdir(), XEN_SPEC), &d);
	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(write_main(), 0);
	CU_ASSERT(s->nrevs >= 3);
	for (r = 0; r < s->nrevs; r++) {
		CU_ASSERT_EQUAL_FATAL(xc_gen(&x, s, (int)r), 0);
		/* a header that asserted nothing would pass vacuously */
		CU_ASSERT(xc_assertions(&x) >= 400);
		for (m = 0; m < PVABI_MODE_COUNT; m++)
			if (compile(s, (int)r, (enum pvabi_mode)m, out, sizeof(out)) != 0)
				FX_FAIL("xen %s on %s differs from Xen's headers:\n%s", s->revs[r].id,
					pvabi_mode_name((enum pvabi_mode)m), out);
	}
	pvabi_spec_free(s);
}

/* The spec with one edit; the assertions of revision rev in mode m must
 * fail and name `item`. 1 when the case skips (the skip said: its caller
 * returns), else 0. */
static int seeded(const char *from, const char *to, const char *rev, enum pvabi_mode m,
		  const char *item)
{
	struct pvabi_spec *s;
	char out[16384];

	if (headers_missing())
		return 1;
	s = xc_load(&x, from, to);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(write_main(), 0);
	CU_ASSERT_EQUAL(xc_gen(&x, s, pvabi_spec_rev(s, rev)), 0);
	CU_ASSERT_NOT_EQUAL(compile(s, pvabi_spec_rev(s, rev), m, out, sizeof(out)), 0);
	if (!strstr(out, item))
		FX_FAIL("the failing assertion does not name %s:\n%s", item, out);
	pvabi_spec_free(s);
	return 0;
}

/* i386 aligns 64-bit members to 4: a spec that got that wrong moves
 * tsc_timestamp on x86_32 only. */
static void test_seeded_layout_x86_32(void)
{
	seeded("<field name=\"pad0\" type=\"u32\"/>", "<field name=\"pad0\" type=\"u32\" mode=\"x86_64\"/>",
	       "4.14.0", PVABI_MODE_X86_32, "offset of shared_info.vcpu_info[0].time.tsc_timestamp");
}

static void test_seeded_constant(void)
{
	seeded("value=\"7\" c-name=\"XENVER_pagesize\"", "value=\"8\" c-name=\"XENVER_pagesize\"",
	       "3.0.0", PVABI_MODE_X86_64, "XENVER_pagesize");
}

/* spec/xen.xml with every FROM of the pairs (edits[2k], edits[2k+1])
 * replaced by its TO, or NULL. */
static struct pvabi_spec *load_edited(const char *const *edits)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = NULL;
	char *text = fx_read(pvabi_test_path(pvabi_test_srcdir(), XEN_SPEC), NULL), *at, *ed;
	size_t k, n;

	for (k = 0; text && edits[k]; k += 2) {
		while ((at = strstr(text, edits[k]))) {
			n = strlen(text) + strlen(edits[k + 1]) + 1;
			ed = malloc(n);
			if (ed)
				snprintf(ed, n, "%.*s%s%s", (int)(at - text), text, edits[k + 1],
					 at + strlen(edits[k]));
			free(text);
			text = ed;
			if (!text)
				break;
		}
	}
	if (text)
		s = pvabi_spec_load_mem(text, strlen(text), XEN_SPEC, &d);
	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	free(text);
	return s;
}

/* The 0x00030209 boundary: address_bits became mem_flags there; a spec
 * claiming the rename one version early (its vectors, which name the
 * field by its name in each version, dated the same) is refused by Xen's
 * 0x00030202 headers, which still say address_bits. */
static void test_seeded_history(void)
{
	static const char *const edits[] = {
		"renamed-from=\"address_bits\" renamed=\"3.2.9\"",
		"renamed-from=\"address_bits\" renamed=\"3.2.2\"",
		"<vector since=\"3.2.9\" args=",
		"<vector since=\"3.2.2\" args=",
		"<vector removed=\"3.2.9\" args=",
		"<vector removed=\"3.2.2\" args=",
		NULL,
	};
	struct pvabi_spec *s;
	char out[16384];
	int rev;

	if (headers_missing())
		return;
	s = load_edited(edits);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	rev = pvabi_spec_rev(s, "3.2.2");
	CU_ASSERT_EQUAL(write_main(), 0);
	CU_ASSERT_EQUAL(xc_gen(&x, s, rev), 0);
	CU_ASSERT_NOT_EQUAL(compile(s, rev, PVABI_MODE_X86_64, out, sizeof(out)), 0);
	if (!strstr(out, "xen_memory_reservation.mem_flags"))
		FX_FAIL("the failing assertion does not name xen_memory_reservation.mem_flags:\n%s", out);
	pvabi_spec_free(s);
}

static const struct pvabi_test_case cases[] = {
	{ "every_revision_every_mode", test_every_revision_every_mode },
	{ "seeded_layout_x86_32", test_seeded_layout_x86_32 },
	{ "seeded_constant", test_seeded_constant },
	{ "seeded_history", test_seeded_history },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "xen_headers", cases, begin, end },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
