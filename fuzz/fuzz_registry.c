/* The registry loader (ABI-VERSIONS.xml) and everything that trusts its
 * result: the check of the reference spec against it, and the platform
 * profile of the current build and of every release it lists. Promises:
 * no crash, no leak, no undefined behaviour; a refusal has a diagnostic;
 * a profile that builds serves only revisions within its own range, in
 * ascending order; a registry pvabi saves (as release and new-rev do)
 * loads again with the same content. */
#include "fuzz/fuzz.h"

#include "abi/check.h"
#include "conformance/profile.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256], saved[300];

static void cleanup(void)
{
	unlink(saved);
	rmdir(dir);
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same_rev(const struct pvabi_reg_rev *x, const struct pvabi_reg_rev *y)
{
	size_t j;

	if (!same_str(x->id, y->id) || x->status != y->status || !same_str(x->date, y->date) ||
	    !same_str(x->fingerprint, y->fingerprint) || !same_str(x->doc, y->doc) ||
	    x->nserves != y->nserves)
		return 0;
	for (j = 0; j < x->nserves; j++)
		if (!same_str(x->serves[j], y->serves[j]))
			return 0;
	return 1;
}

/* Saved and loaded again, the registry is the same. */
static void save_load(const struct pvabi_registry *r)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_registry *b;
	size_t i;
	int rc = pvabi_registry_save(r, saved);

	if (rc)
		fuzz_fail("cannot save a loaded registry: %s", strerror(-rc));
	b = pvabi_registry_load(saved, &d);
	if (!b) {
		pvabi_diag_print(&d, stderr);
		fuzz_fail("the registry pvabi saved does not load");
	}
	pvabi_diag_free(&d);
	if (!same_str(r->abi, b->abi) || !same_str(r->spec, b->spec) ||
	    !same_str(r->window_from, b->window_from) || !same_str(r->window_to, b->window_to) ||
	    r->nrevs != b->nrevs)
		fuzz_fail("the saved registry differs in its header or revision count");
	for (i = 0; i < r->nrevs; i++)
		if (!same_rev(&r->revs[i], &b->revs[i]))
			fuzz_fail("the saved registry differs at revision %zu (%s)", i, r->revs[i].id);
	pvabi_registry_free(b);
}

static void check_profile(const struct pvabi_neg_profile *p, const char *rel)
{
	uint32_t i;

	if (p->nrevs > PVABI_NEG_MAX_REVS)
		fuzz_fail("profile %s: %u revisions", rel ? rel : "current", p->nrevs);
	for (i = 0; i < p->nrevs; i++) {
		if (i && p->revs[i] <= p->revs[i - 1])
			fuzz_fail("profile %s: revisions not ascending at %u", rel ? rel : "current", i);
		if (((p->served >> i) & 1) && (p->revs[i] < p->min || p->revs[i] > p->max))
			fuzz_fail("profile %s: served revision 0x%x outside [0x%x, 0x%x]",
				  rel ? rel : "current", p->revs[i], p->min, p->max);
	}
}

static void profiles(const struct pvabi_registry *r)
{
	struct pvabi_neg_profile p;
	char err[512];
	size_t i;

	if (pvabi_profile_from_registry(fuzz_ref_spec(), r, NULL, &p, err, sizeof(err)) == 0)
		check_profile(&p, NULL);
	for (i = 0; i < r->nrevs; i++)
		if (pvabi_profile_from_registry(fuzz_ref_spec(), r, r->revs[i].id, &p, err,
						sizeof(err)) == 0)
			check_profile(&p, r->revs[i].id);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *t = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	fuzz_ref_spec();
	/* tmpfs when there is one: every save is fsync'd and renamed */
	if (access("/dev/shm", W_OK) == 0)
		t = "/dev/shm";
	snprintf(dir, sizeof(dir), "%s/pvabi-fuzz-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(dir))
		fuzz_fail("cannot create a directory in %s", t && *t ? t : "/tmp");
	snprintf(saved, sizeof(saved), "%s/ABI-VERSIONS.xml", dir);
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pvabi_findings f = { 0 };
	struct pvabi_diags d = { 0 };
	struct pvabi_registry *r;
	size_t i;

	r = pvabi_registry_load(fuzz_memfile(data, size), &d);
	pvabi_diag_print(&d, fuzz_sink());
	if (!r && !d.n)
		fuzz_fail("registry refused without a diagnostic");
	pvabi_diag_free(&d);
	if (!r)
		return 0;
	for (i = 0; i < r->nrevs; i++)
		if (!r->revs[i].id)
			fuzz_fail("revision %zu has no id", i);
	pvabi_check_registry(fuzz_ref_spec(), r, &f);
	if (!f.oom) {
		pvabi_findings_sort(&f);
		pvabi_findings_print(&f, fuzz_sink(), 1);
	}
	pvabi_findings_free(&f);
	profiles(r);
	save_load(r);
	pvabi_registry_free(r);
	return 0;
}
