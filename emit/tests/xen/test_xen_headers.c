/* The Xen ABI against Xen itself: for every revision (interface version)
 * of spec/xen.xml and every guest mode, the crosscheck header generated
 * from the spec is compiled with Xen's public headers (Debian's
 * libxen-dev) and __XEN_INTERFACE_VERSION__ set to the revision's code,
 * so every constant, struct size and field offset the spec states must
 * equal Xen's. Seeded differences prove a failing assertion names the
 * item. Skips, with the reason, only where libxen-dev is not installed. */
#include "abi/load.h"
#include "emit/emit.h"
#include "tests/fixtures.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XEN_SPEC "spec/xen.xml"
#define XEN_HEADER "/usr/include/xen/xen.h"

static const char *const headers[] = {
	"xen/xen.h", "xen/version.h", "xen/sched.h", "xen/event_channel.h",
	"xen/vcpu.h", "xen/memory.h", "xen/features.h", "xen/errno.h", NULL,
};

static char dir[64];

static int begin(void)
{
	snprintf(dir, sizeof(dir), "/tmp/pvabi-xen-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int end(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The including source: Xen's headers, then the generated assertions. */
static int write_main(void)
{
	char path[128];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s/main.c", dir);
	if (!(f = fopen(path, "w")))
		return -1;
	fputs("#include <stdint.h>\n", f);
	for (i = 0; headers[i]; i++)
		fprintf(f, "#include <%s>\n", headers[i]);
	fputs("#include \"xen_crosscheck.h\"\n", f);
	return fclose(f);
}

static int gen(const struct pvabi_spec *s, int rev)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_gen g = { .spec = s, .spec_name = XEN_SPEC, .rev = rev, .outdir = dir, .d = &d };
	int rc = pvabi_emit_crosscheck(&g);

	if (rc)
		pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	return rc;
}

/* Compiles the assertions of the last gen() in one mode; 0 when every one
 * holds. out receives the compiler's messages. */
static int compile(const struct pvabi_spec *s, int rev, enum pvabi_mode m, char *out,
		   size_t cap)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "gcc %s -std=gnu11 -fsyntax-only -D__XEN_INTERFACE_VERSION__=0x%08x -I%s %s/main.c 2>&1",
		 m == PVABI_MODE_X86_32 ? "-m32" : "-m64", pvabi_rev_code(&s->revs[rev]), dir, dir);
	return fx_run(cmd, out, cap, NULL);
}

static size_t assertions(void)
{
	char path[128], *text, *p;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/xen_crosscheck.h", dir);
	text = fx_read(path, NULL);
	for (p = text; p && (p = strstr(p, "\nPVABI_XC(")); p++)
		n++;
	free(text);
	return n;
}

static void test_every_revision_every_mode(void)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;
	char out[8192];
	size_t r;
	int m;

	if (access(XEN_HEADER, R_OK))
		PVABI_SKIP("libxen-dev is not installed (" XEN_HEADER " missing); ci/install-deps installs it");
	s = pvabi_spec_load(pvabi_test_path(pvabi_test_srcdir(), XEN_SPEC), &d);
	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(write_main(), 0);
	CU_ASSERT(s->nrevs >= 3);
	for (r = 0; r < s->nrevs; r++) {
		CU_ASSERT_EQUAL_FATAL(gen(s, (int)r), 0);
		/* a header that asserted nothing would pass vacuously */
		CU_ASSERT(assertions() >= 400);
		for (m = 0; m < PVABI_MODE_COUNT; m++)
			if (compile(s, (int)r, (enum pvabi_mode)m, out, sizeof(out)) != 0)
				FX_FAIL("xen %s on %s differs from Xen's headers:\n%s", s->revs[r].id,
					pvabi_mode_name((enum pvabi_mode)m), out);
	}
	pvabi_spec_free(s);
}

/* The spec with one edit; the assertions of revision rev in mode m must
 * fail and name `item`. */
static void seeded(const char *from, const char *to, const char *rev, enum pvabi_mode m,
		   const char *item)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;
	char *text, *at, *edited, out[16384];
	size_t len;

	if (access(XEN_HEADER, R_OK))
		PVABI_SKIP("libxen-dev is not installed (" XEN_HEADER " missing); ci/install-deps installs it");
	text = fx_read(pvabi_test_path(pvabi_test_srcdir(), XEN_SPEC), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	at = strstr(text, from);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	edited = malloc(len + strlen(to) + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(edited);
	snprintf(edited, len + strlen(to) + 1, "%.*s%s%s", (int)(at - text), text, to,
		 at + strlen(from));
	s = pvabi_spec_load_mem(edited, strlen(edited), XEN_SPEC, &d);
	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(write_main(), 0);
	CU_ASSERT_EQUAL(gen(s, pvabi_spec_rev(s, rev)), 0);
	CU_ASSERT_NOT_EQUAL(compile(s, pvabi_spec_rev(s, rev), m, out, sizeof(out)), 0);
	if (!strstr(out, item))
		FX_FAIL("the failing assertion does not name %s:\n%s", item, out);
	pvabi_spec_free(s);
	free(edited);
	free(text);
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

/* The 0x00030209 boundary: address_bits became mem_flags there; a spec
 * claiming the rename one version early is refused by Xen's 0x00030202
 * headers, which still say address_bits. */
static void test_seeded_history(void)
{
	seeded("renamed-from=\"address_bits\" renamed=\"3.2.9\"",
	       "renamed-from=\"address_bits\" renamed=\"3.2.2\"", "3.2.2", PVABI_MODE_X86_64,
	       "xen_memory_reservation.mem_flags");
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
