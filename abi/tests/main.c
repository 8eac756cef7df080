#include "abi/tests/spec_tests.h"

#include <stdio.h>
#include <stdlib.h>

static void cases_free(struct pvabi_test_case *v)
{
	size_t i;

	for (i = 0; v && v[i].name; i++)
		free((char *)v[i].name);
	free(v);
}

int main(int argc, char **argv)
{
	struct pvabi_test_case *changes = change_cases_build();
	struct pvabi_test_case *invalid = invalid_cases_build();
	int rc;

	if (!changes || !invalid) {
		fprintf(stderr, "test-abi: cannot list the fixture cases\n");
		cases_free(changes);
		cases_free(invalid);
		return 2;
	}
	{
		const struct pvabi_test_suite suites[] = {
			{ "sha256", sha256_cases, NULL, NULL },
			{ "model", model_cases, NULL, NULL },
			{ "fingerprint", fingerprint_cases, NULL, NULL },
			{ "registry", registry_cases, NULL, NULL },
			{ "spec_changes", changes, NULL, NULL },
			{ "spec_invalid", invalid, NULL, NULL },
			{ "golden", golden_cases, NULL, NULL },
			{ "synth", synth_cases, NULL, NULL },
			{ "rules_doc", rules_doc_cases, NULL, NULL },
			{ "nesting", nesting_cases, NULL, NULL },
			{ "coverage", coverage_cases, NULL, NULL },
			{ "coverage_fold", coverage_fold_cases, NULL, NULL },
			{ "xmlpattern", xmlpattern_cases, NULL, NULL },
			{ "xmlfast", xmlfast_cases, NULL, NULL },
			{ "waivers", waiver_cases, NULL, NULL },
			{ "vector_value", vector_value_cases, NULL, NULL },
			{ "span", span_cases, NULL, NULL },
			{ "expr", expr_cases, NULL, NULL },
			{ "described", described_cases, NULL, NULL },
			{ "grant", grant_cases, NULL, NULL },
			{ "partition", partition_cases, NULL, NULL },
			{ "described_cli", described_cli_cases, NULL, NULL },
			{ "correct_cli", correct_cli_cases, NULL, NULL },
			{ NULL, NULL, NULL, NULL },
		};

		rc = pvabi_test_main(suites, argc, argv);
	}
	cases_free(changes);
	cases_free(invalid);
	return rc;
}
