/* The spec loader and checker: XML bytes -> schema -> model -> every
 * check `pvabi check` and `pvabi diff` run, the fingerprint of every
 * revision, and the findings as text and JSON. Promises: no crash, no
 * leak, no undefined behaviour; findings JSON is one valid UTF-8 object. */
#include "fuzz/fuzz.h"

#include "abi/canon.h"
#include "abi/check.h"
#include "abi/coverage.h"
#include "abi/load.h"

#include <string.h>

static void findings_json(FILE *f, const void *arg)
{
	pvabi_findings_json(arg, f);
}

static void report(struct pvabi_findings *f, struct pvabi_spec *s)
{
	pvabi_check_waivers(s, f);
	if (!f->oom) {
		pvabi_findings_sort(f);
		pvabi_findings_print(f, fuzz_sink(), 1);
		fuzz_check_json(findings_json, f, "findings JSON");
	}
	pvabi_findings_free(f);
}

static void fingerprints(const struct pvabi_spec *s)
{
	char fp[PVABI_FINGERPRINT_LEN];
	size_t i;

	for (i = 0; i < s->nrevs; i++)
		if (pvabi_fingerprint(s, (int)i, fp, sizeof(fp)) == 0 &&
		    strncmp(fp, "sha256:", 7) != 0)
			fuzz_fail("fingerprint of revision %zu is \"%s\"", i, fp);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_ref_spec();
	fuzz_ref_registry();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pvabi_findings f = { 0 };
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;

	s = pvabi_spec_load_mem((const char *)data, size, "fuzz.xml", &d);
	pvabi_diag_print(&d, fuzz_sink());
	if (!s && !d.n)
		fuzz_fail("spec refused without a diagnostic");
	pvabi_diag_free(&d);
	if (!s)
		return 0;
	fingerprints(s);
	/* pvabi check: history, registry, output coverage, waivers */
	pvabi_check_history(s, &f);
	pvabi_check_registry(s, fuzz_ref_registry(), &f);
	pvabi_check_coverage(s, &f);
	report(&f, s);
	/* pvabi diff spec/platform.xml fuzz.xml */
	pvabi_check_diff(fuzz_ref_spec(), s, &f);
	report(&f, s);
	pvabi_spec_free(s);
	return 0;
}
