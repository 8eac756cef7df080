#include "negotiator/tests/neg_tests.h"

static const struct pvabi_test_suite suites[] = {
	{ "units", unit_cases, NULL, NULL },
	{ "properties", prop_cases, NULL, NULL },
	{ "robustness", fuzz_cases, NULL, NULL },
	{ "text", text_cases, NULL, NULL },
	{ "parse", parse_cases, NULL, NULL },
	{ "build", build_cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
