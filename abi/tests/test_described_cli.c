/* The fingerprints pvabi states agree with the registry's: show, the
 * generated guest header and the manual give Xen's released revisions'
 * fingerprint= and, labelled, each later description generation's that
 * spec/xen-versions.xml records. And 'pvabi describe' records a
 * generation once, leaving fingerprint= as it was, so that what the
 * generation added is held from then on. */
#include "abi/canon.h"
#include "abi/load.h"
#include "abi/registry.h"
#include "tests/fixtures.h"
#include "abi/tests/spec_tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char out[1 << 16];

static int run(const char *args)
{
	char cmd[8192];
	size_t len = 0;

	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s/pvabi' %s 2>&1", pvabi_test_srcdir(),
		 pvabi_test_builddir(), args);
	return fx_run(cmd, out, sizeof(out), &len);
}

static struct pvabi_registry *reg_load(const char *path)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_registry *r = pvabi_registry_load(path, &d);

	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	return r;
}

static int has(const char *file, const char *needle)
{
	char *t = fx_read(file, NULL);
	int yes = t && strstr(t, needle);

	if (!yes)
		printf("\n  %s lacks '%s'\n", file, needle);
	free(t);
	return yes;
}

#define XEN "--spec spec/xen.xml --registry spec/xen-versions.xml"

/* One revision: show, show --described 2, the guest header. */
static void agree_rev(const char *dir, const struct pvabi_registry *r, size_t ri)
{
	/* what the registry holds after its corrections */
	const char *id = r->revs[ri].id, *fp = pvabi_registry_current(r, ri, 1);
	const char *fp2 = pvabi_registry_current(r, ri, 2);
	char args[1024], want[512], path[1024];

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp2);
	snprintf(args, sizeof(args), "show " XEN " --rev %s --fingerprint", id);
	CU_ASSERT_EQUAL(run(args), 0);
	CU_ASSERT(!strncmp(out, fp, strlen(fp)) && out[strlen(fp)] == '\n');
	snprintf(args, sizeof(args), "show " XEN " --rev %s --described 2 --fingerprint", id);
	CU_ASSERT_EQUAL(run(args), 0);
	CU_ASSERT(!strncmp(out, fp2, strlen(fp2)));
	snprintf(args, sizeof(args), "show " XEN " --rev %s", id);
	CU_ASSERT_EQUAL(run(args), 0);
	snprintf(want, sizeof(want), "# fingerprint %s (registry: matches", fp);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
	snprintf(want, sizeof(want), "# fingerprint of description generation 2: %s (registry: matches", fp2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
	CU_ASSERT_PTR_NULL(strstr(out, "MISMATCH"));
	snprintf(args, sizeof(args), "gen " XEN " --target guest --rev %s --output '%s/%s'", id, dir, id);
	CU_ASSERT_EQUAL(run(args), 0);
	snprintf(path, sizeof(path), "%s/%s/xen_guest.h", dir, id);
	snprintf(want, sizeof(want), "#define XEN_REVISION_FINGERPRINT \"%s\"\n", fp);
	CU_ASSERT(has(path, want));
	snprintf(want, sizeof(want), " * ABI xen revision %s (released), fingerprint %s\n", id, fp);
	CU_ASSERT(has(path, want));
	snprintf(want, sizeof(want),
		 "#define XEN_REVISION_FINGERPRINT_DESCRIBED_2 \"%s\" /* recorded in the registry */", fp2);
	CU_ASSERT(has(path, want));
}

static void test_agree(void)
{
	char reg[4096], dir[] = "/tmp/pvabi-described-XXXXXX", args[1024], path[1024], cmd[1100];
	struct pvabi_registry *r;
	size_t i, n = 0;

	snprintf(reg, sizeof(reg), "%s/spec/xen-versions.xml", pvabi_test_srcdir());
	r = reg_load(reg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	for (i = 0; i < r->nrevs; i++)
		if (r->revs[i].fingerprint) {
			agree_rev(dir, r, i);
			n++;
		}
	CU_ASSERT_EQUAL(n, 6);
	/* the manual of the newest: both values, the later one labelled */
	snprintf(args, sizeof(args), "gen " XEN " --target docs --rev %s --output '%s/docs'",
		 r->revs[r->nrevs - 1].id, dir);
	CU_ASSERT_EQUAL(run(args), 0);
	snprintf(path, sizeof(path), "%s/docs/xen-%s.md", dir, r->revs[r->nrevs - 1].id);
	CU_ASSERT(has(path, pvabi_registry_current(r, r->nrevs - 1, 1)));
	CU_ASSERT(has(path, pvabi_registry_current(r, r->nrevs - 1, 2)));
	CU_ASSERT(has(path, "2 (recorded in the registry)"));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
	pvabi_registry_free(r);
}

#define LATE_OP(type) "<op name=\"late\" id=\"40\" since=\"1.0.0\" described=\"2\">\n" \
	"    <arg name=\"x\" type=\"" type "\"/>\n  </op>\n</abi>"

/* fixtures/gen/mini2.xml with its </abi> replaced by end, into path. */
static int write_spec(const char *path, const char *end)
{
	char src[4096], *t, *at;
	FILE *f;
	int rc;

	snprintf(src, sizeof(src), "%s/fixtures/gen/mini2.xml", pvabi_test_srcdir());
	t = fx_read(src, NULL);
	at = t ? strstr(t, "</abi>") : NULL;
	if (!at || !(f = fopen(path, "w"))) {
		free(t);
		return -1;
	}
	rc = fprintf(f, "%.*s%s%s", (int)(at - t), t, end, at + 6) < 0;
	rc |= fclose(f);
	free(t);
	return rc ? -1 : 0;
}

/* A registry releasing both of path's revisions at generation 1. */
static int write_registry(const char *spec, const char *path)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load(spec, &d);
	char fp[2][PVABI_FINGERPRINT_LEN];
	FILE *f = NULL;
	int rc = -1;

	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	if (s && !pvabi_fingerprint_gen(s, 0, 1, fp[0], sizeof(fp[0])) &&
	    !pvabi_fingerprint_gen(s, 1, 1, fp[1], sizeof(fp[1])) && (f = fopen(path, "w"))) {
		fprintf(f, "<abi-versions abi=\"mini2\" format=\"1\">\n"
			"  <support-window from=\"1.0.0\" to=\"1.1.0\"/>\n"
			"  <revision id=\"1.0.0\" status=\"released\" fingerprint=\"%s\"/>\n"
			"  <revision id=\"1.1.0\" status=\"released\" fingerprint=\"%s\"/>\n"
			"</abi-versions>\n", fp[0], fp[1]);
		rc = fclose(f) ? -1 : 0;
	}
	pvabi_spec_free(s);
	return rc;
}

static int same_file(const char *path, const char *text)
{
	char *t = fx_read(path, NULL);
	int yes = t && text && !strcmp(t, text);

	free(t);
	return yes;
}

/* describe records generation 2 for both revisions, once; check then
 * holds an edit of it; a refused run changes nothing. */
static void test_describe(void)
{
	char dir[] = "/tmp/pvabi-describe-XXXXXX", spec[256], reg[256], args[1024], cmd[300];
	struct pvabi_registry *before = NULL, *after = NULL;
	char *text = NULL;

	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	snprintf(spec, sizeof(spec), "%s/spec.xml", dir);
	snprintf(reg, sizeof(reg), "%s/registry.xml", dir);
	CU_ASSERT_FATAL(write_spec(spec, LATE_OP("u32")) == 0 && write_registry(spec, reg) == 0);
	before = reg_load(reg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(before);
	snprintf(args, sizeof(args), "check --all --spec '%s' --registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "op late is described by generation 2"));
	snprintf(args, sizeof(args), "describe --spec '%s' --registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "described 1.0.0 generation 2 sha256:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "described 1.1.0 generation 2 sha256:"));
	after = reg_load(reg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(after);
	CU_ASSERT_STRING_EQUAL(after->revs[0].fingerprint, before->revs[0].fingerprint);
	CU_ASSERT_STRING_EQUAL(after->revs[1].fingerprint, before->revs[1].fingerprint);
	CU_ASSERT_EQUAL(after->revs[0].ngens, 1);
	CU_ASSERT_EQUAL(pvabi_registry_generation(after), 2);
	snprintf(args, sizeof(args), "check --all --spec '%s' --registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 0);
	CU_ASSERT_PTR_NULL(strstr(out, "DESCRIPTION_EXTENDED"));
	/* again: nothing to record, nothing written */
	text = fx_read(reg, NULL);
	snprintf(args, sizeof(args), "describe --spec '%s' --registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "nothing to record"));
	CU_ASSERT(same_file(reg, text));
	/* the generation-2 op edited: caught; describe refuses, unchanged */
	CU_ASSERT_FATAL(write_spec(spec, LATE_OP("u16")) == 0);
	snprintf(args, sizeof(args), "check --spec '%s' --registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "RELEASED_REVISION_MODIFIED: breaking: released revision 1.0.0 changed in what description generation 2 holds"));
	CU_ASSERT_FATAL(write_spec(spec, "<op name=\"later\" id=\"41\" since=\"1.0.0\" described=\"3\">"
				   "<arg name=\"y\" type=\"u8\"/></op>" LATE_OP("u16")) == 0);
	snprintf(args, sizeof(args), "describe --spec '%s' --registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "refusing to record a description generation"));
	CU_ASSERT(same_file(reg, text));
	/* a format 1 spec has no generations to record */
	snprintf(args, sizeof(args), "describe --spec spec/platform.xml --registry '%s'", reg);
	CU_ASSERT_EQUAL(run(args), 2);
	CU_ASSERT(same_file(reg, text));
	snprintf(args, sizeof(args), "describe --spec '%s' --registry '%s' extra", spec, reg);
	CU_ASSERT_EQUAL(run(args), 2);
	free(text);
	pvabi_registry_free(before);
	pvabi_registry_free(after);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

const struct pvabi_test_case described_cli_cases[] = {
	{ "agree_with_registry", test_agree },
	{ "describe", test_describe },
	{ NULL, NULL },
};
