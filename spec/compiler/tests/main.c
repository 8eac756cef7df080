#include "spec/compiler/tests/spec_tests.h"

static const struct pvabi_test_suite suites[] = {
	{ "sha256", sha256_cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
