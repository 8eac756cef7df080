/* ABI-VERSIONS.xml: load, save, reload gives the same registry; saving
 * is atomic (a temp file renamed over the target, never left behind). */
#include "abi/registry.h"
#include "tests/fixtures.h"
#include "abi/tests/spec_tests.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static int mkdir_tmp(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/pvabi-registry-XXXXXX", t && *t ? t : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static void rm_tmp(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("\n  could not remove %s\n", dir);
}

static struct pvabi_registry *load(const char *path)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_registry *r = pvabi_registry_load(path, &d);

	if (!r)
		pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	return r;
}

static int streq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void same_registry(const struct pvabi_registry *a, const struct pvabi_registry *b)
{
	size_t i, j;

	CU_ASSERT(streq(a->abi, b->abi));
	CU_ASSERT(streq(a->spec, b->spec));
	CU_ASSERT(streq(a->window_from, b->window_from));
	CU_ASSERT(streq(a->window_to, b->window_to));
	CU_ASSERT_EQUAL_FATAL(a->nrevs, b->nrevs);
	for (i = 0; i < a->nrevs; i++) {
		const struct pvabi_reg_rev *x = &a->revs[i], *y = &b->revs[i];

		CU_ASSERT(streq(x->id, y->id));
		CU_ASSERT(x->major == y->major && x->minor == y->minor);
		CU_ASSERT_EQUAL(x->status, y->status);
		CU_ASSERT(streq(x->date, y->date));
		CU_ASSERT(streq(x->fingerprint, y->fingerprint));
		CU_ASSERT(streq(x->doc, y->doc));
		CU_ASSERT_EQUAL_FATAL(x->nserves, y->nserves);
		for (j = 0; j < x->nserves; j++)
			CU_ASSERT(streq(x->serves[j], y->serves[j]));
	}
	CU_ASSERT_EQUAL_FATAL(a->ncorrs, b->ncorrs);
	for (i = 0; i < a->ncorrs; i++) {
		const struct pvabi_reg_correction *x = &a->corrs[i], *y = &b->corrs[i];

		CU_ASSERT(streq(x->date, y->date));
		CU_ASSERT(streq(x->reason, y->reason));
		CU_ASSERT_EQUAL_FATAL(x->nmoved, y->nmoved);
		for (j = 0; j < x->nmoved; j++) {
			CU_ASSERT(streq(x->moved[j].rev, y->moved[j].rev));
			CU_ASSERT_EQUAL(x->moved[j].generation, y->moved[j].generation);
			CU_ASSERT(streq(x->moved[j].from, y->moved[j].from));
			CU_ASSERT(streq(x->moved[j].to, y->moved[j].to));
		}
	}
}

/* Names in dir other than keep. */
static int strangers(const char *keep)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    (!keep || strcmp(e->d_name, keep))) {
			printf("\n  left behind: %s\n", e->d_name);
			n++;
		}
	closedir(d);
	return n;
}

static void test_round_trip(void)
{
	char src[4096], out[512], out2[512];
	struct pvabi_registry *a, *b, *c;
	char *t1, *t2;
	size_t l1, l2;

	CU_ASSERT_EQUAL_FATAL(mkdir_tmp(), 0);
	snprintf(src, sizeof(src), "%s/fixtures/spec-changes/registry-roundtrip.xml",
		 pvabi_test_srcdir());
	snprintf(out, sizeof(out), "%s/ABI-VERSIONS.xml", dir);
	snprintf(out2, sizeof(out2), "%s/again.xml", dir);
	a = load(src);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	/* what the fixture holds, so the round trip covers every field */
	CU_ASSERT_EQUAL(a->nrevs, 4);
	CU_ASSERT_STRING_EQUAL(a->spec, "base.xml");
	CU_ASSERT_EQUAL(a->revs[0].status, PVABI_STATUS_RETIRED);
	CU_ASSERT_EQUAL(a->revs[1].status, PVABI_STATUS_DEPRECATED);
	CU_ASSERT_EQUAL(a->revs[2].status, PVABI_STATUS_RELEASED);
	CU_ASSERT_EQUAL(a->revs[3].status, PVABI_STATUS_DRAFT);
	CU_ASSERT_EQUAL(a->revs[1].nserves, 2);
	CU_ASSERT(a->revs[0].doc != NULL && strstr(a->revs[0].doc, "<the> \"incident\" &") != NULL);
	CU_ASSERT_PTR_NULL(a->revs[3].fingerprint);
	CU_ASSERT_EQUAL(a->window_loc.line, 6);
	/* two corrections, the second going on from the first: the
	 * recorded fingerprint stays, the current one is the chain's end */
	CU_ASSERT_EQUAL(a->ncorrs, 2);
	CU_ASSERT(a->ncorrs == 2 && strstr(a->corrs[0].reason, "<EINVAL> & always") != NULL);
	CU_ASSERT_STRING_EQUAL(a->revs[0].fingerprint,
			       "sha256:c9e6638fd1ed79b723d62744bfca5d4a93a8c8a8f5cdbea9d5f3a3f38adeb3e3");
	CU_ASSERT_STRING_EQUAL(pvabi_registry_current(a, 0, 1), "sha256:" "2222222222222222"
			       "222222222222222222222222222222222222222222222222");
	CU_ASSERT_STRING_EQUAL(pvabi_registry_current(a, 2, 1), a->revs[2].fingerprint);
	CU_ASSERT_EQUAL(a->loc.line, 5);

	CU_ASSERT_EQUAL_FATAL(pvabi_registry_save(a, out), 0);
	CU_ASSERT_EQUAL(strangers("ABI-VERSIONS.xml"), 0);
	b = load(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	same_registry(a, b);
	/* saving what was loaded from a save writes the same bytes */
	CU_ASSERT_EQUAL(pvabi_registry_save(b, out2), 0);
	t1 = fx_read(out, &l1);
	t2 = fx_read(out2, &l2);
	CU_ASSERT(t1 && t2 && l1 == l2 && !memcmp(t1, t2, l1));
	c = load(out2);
	CU_ASSERT_PTR_NOT_NULL(c);
	if (c)
		same_registry(a, c);
	free(t1);
	free(t2);
	pvabi_registry_free(a);
	pvabi_registry_free(b);
	pvabi_registry_free(c);
	rm_tmp();
}

/* A save replaces the file by rename: a reader holding the old file sees
 * it whole, the path shows the new one, no temp file stays. */
static void test_atomic_replace(void)
{
	char src[4096], out[512];
	struct pvabi_registry *a, *b;
	struct stat before, after;
	FILE *old;
	char line[128];

	CU_ASSERT_EQUAL_FATAL(mkdir_tmp(), 0);
	snprintf(src, sizeof(src), "%s/fixtures/spec-changes/registry.xml", pvabi_test_srcdir());
	snprintf(out, sizeof(out), "%s/ABI-VERSIONS.xml", dir);
	old = fopen(out, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	fputs("old content\n", old);
	fclose(old);
	CU_ASSERT_EQUAL_FATAL(stat(out, &before), 0);
	old = fopen(out, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	a = load(src);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(pvabi_registry_save(a, out), 0);
	CU_ASSERT_EQUAL_FATAL(stat(out, &after), 0);
	CU_ASSERT_NOT_EQUAL(before.st_ino, after.st_ino);
	CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof(line), old));
	CU_ASSERT_STRING_EQUAL(line, "old content\n");
	fclose(old);
	CU_ASSERT_EQUAL(strangers("ABI-VERSIONS.xml"), 0);
	b = load(out);
	CU_ASSERT_PTR_NOT_NULL(b);
	if (b)
		same_registry(a, b);
	pvabi_registry_free(a);
	pvabi_registry_free(b);
	rm_tmp();
}

/* A save that cannot happen reports why and leaves nothing behind. */
static void test_failed_save(void)
{
	char src[4096], out[512];
	struct pvabi_registry *a;

	CU_ASSERT_EQUAL_FATAL(mkdir_tmp(), 0);
	snprintf(src, sizeof(src), "%s/fixtures/spec-changes/registry.xml", pvabi_test_srcdir());
	a = load(src);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	snprintf(out, sizeof(out), "%s/missing/ABI-VERSIONS.xml", dir);
	CU_ASSERT_EQUAL(pvabi_registry_save(a, out), -ENOENT);
	/* the target is a directory: the rename fails, the temp file goes */
	snprintf(out, sizeof(out), "%s/taken", dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(out, 0700), 0);
	CU_ASSERT(pvabi_registry_save(a, out) < 0);
	CU_ASSERT_EQUAL(strangers("taken"), 0);
	pvabi_registry_free(a);
	rm_tmp();
}

static void test_lookups(void)
{
	char src[4096];
	struct pvabi_registry *a;

	snprintf(src, sizeof(src), "%s/fixtures/spec-changes/registry-roundtrip.xml",
		 pvabi_test_srcdir());
	a = load(src);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(pvabi_registry_find(a, "1.2"), 2);
	CU_ASSERT_EQUAL(pvabi_registry_find(a, "2.0"), -1);
	CU_ASSERT_STRING_EQUAL(pvabi_status_name(PVABI_STATUS_RETIRED), "retired");
	CU_ASSERT(!pvabi_status_frozen(PVABI_STATUS_DRAFT));
	CU_ASSERT(pvabi_status_frozen(PVABI_STATUS_RELEASED));
	CU_ASSERT(pvabi_status_frozen(PVABI_STATUS_DEPRECATED));
	CU_ASSERT(pvabi_status_frozen(PVABI_STATUS_RETIRED));
	pvabi_registry_free(a);
}

static void same_releases(const struct pvabi_registry *a, const struct pvabi_registry *b)
{
	size_t i, j;

	CU_ASSERT_EQUAL_FATAL(a->nrels, b->nrels);
	for (i = 0; i < a->nrels; i++) {
		const struct pvabi_reg_release *x = &a->rels[i], *y = &b->rels[i];

		CU_ASSERT(streq(x->id, y->id) && streq(x->code, y->code));
		CU_ASSERT(streq(x->extraversion, y->extraversion) && streq(x->doc, y->doc));
		CU_ASSERT_EQUAL_FATAL(x->nguests, y->nguests);
		for (j = 0; j < x->nguests; j++)
			CU_ASSERT(streq(x->guests[j].type, y->guests[j].type) &&
				  streq(x->guests[j].features0, y->guests[j].features0));
	}
}

static int refused(const char *xml, const char *says)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_registry *r = pvabi_registry_load_mem(xml, strlen(xml), "t.xml", &d);
	int ok = !r && d.n >= 1 && strstr(d.v[0].msg, says) && d.v[0].line > 0;

	if (!ok && d.n)
		printf("\n  %s\n", d.v[0].msg);
	pvabi_registry_free(r);
	pvabi_diag_free(&d);
	return ok;
}

/* The Xen registry's platform releases: loaded with their values per
 * guest type, written back unchanged by a save; a release or a guest
 * type twice is refused at its line. */
static void test_releases(void)
{
	static const char head[] = "<abi-versions abi=\"x\" format=\"1\"><support-window from=\"1.0\" to=\"1.0\"/>"
				   "<revision id=\"1.0\" status=\"draft\"/>";
	char src[4096], out[512], xml[1024];
	struct pvabi_registry *a, *b;
	const struct pvabi_reg_release *x;

	CU_ASSERT_EQUAL_FATAL(mkdir_tmp(), 0);
	snprintf(src, sizeof(src), "%s/spec/xen-versions.xml", pvabi_test_srcdir());
	snprintf(out, sizeof(out), "%s/xen-versions.xml", dir);
	a = load(src);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->nrels, 2);
	x = pvabi_registry_release(a, "4.17.7");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_STRING_EQUAL(x->code, "0x40011");
	CU_ASSERT_STRING_EQUAL(x->extraversion, ".7");
	CU_ASSERT_EQUAL_FATAL(x->nguests, 2);
	CU_ASSERT_STRING_EQUAL(x->guests[0].type, "pvh");
	CU_ASSERT_STRING_EQUAL(x->guests[0].features0, "0x12b05");
	CU_ASSERT_PTR_NULL(pvabi_registry_release(a, "4.14.0"));
	CU_ASSERT_EQUAL_FATAL(pvabi_registry_save(a, out), 0);
	b = load(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	same_registry(a, b);
	same_releases(a, b);
	pvabi_registry_free(a);
	pvabi_registry_free(b);
	rm_tmp();
	snprintf(xml, sizeof(xml), "%s<release id=\"4.1.0\" code=\"0x40001\"><guest type=\"pv\"/>"
		 "</release><release id=\"4.1.0\" code=\"0x40001\"><guest type=\"pv\"/></release>"
		 "</abi-versions>", head);
	CU_ASSERT(refused(xml, "release 4.1.0 already listed"));
	snprintf(xml, sizeof(xml), "%s<release id=\"4.1.0\" code=\"0x40001\"><guest type=\"pv\"/>"
		 "<guest type=\"pv\" features0=\"0x1\"/></release></abi-versions>", head);
	CU_ASSERT(refused(xml, "guest type pv listed twice"));
	snprintf(xml, sizeof(xml), "%s<release id=\"4.1.0\" code=\"0x40001\"><guest type=\"hvm\"/>"
		 "</release></abi-versions>", head);
	CU_ASSERT(refused(xml, "pv pvh"));
}

const struct pvabi_test_case registry_cases[] = {
	{ "round_trip", test_round_trip },
	{ "atomic_replace", test_atomic_replace },
	{ "failed_save", test_failed_save },
	{ "lookups", test_lookups },
	{ "releases", test_releases },
	{ NULL, NULL },
};
