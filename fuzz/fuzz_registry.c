/* The registry loader (ABI-VERSIONS.xml) and everything that trusts its
 * result: the check of the reference spec against it, and the platform
 * profile of the current build and of every release it lists. Promises:
 * no crash, no leak, no undefined behaviour; a loaded registry's
 * revisions parse as M.m; a profile that builds serves only revisions
 * within its own range, in ascending order. */
#include "fuzz/fuzz.h"

#include "abi/check.h"
#include "conformance/profile.h"

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
	(void)argc;
	(void)argv;
	fuzz_ref_spec();
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
	pvabi_registry_free(r);
	return 0;
}
