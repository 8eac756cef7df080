/* pvabi new-rev: the draft revision it opens, its code, and a spec in
 * UTF-16 (part of test-cli, release_env.h). */
#include "cli/tests/release_env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

void test_new_rev(void)
{
	char out[8192];

	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "new-rev " SPEC "1.3"), 2); /* 1.2 still a draft */
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "release " SPEC "1.2"), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "new-rev " SPEC "1.1"), 2); /* not newer */
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "new-rev " SPEC "x.y"), 2);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "new-rev " SPEC "1.3"), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "show " SPEC "--rev 1.3"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "revision 1.3 (draft)"));
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "show " SPEC "--rev 9.9"), 2);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "frobnicate"), 2);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check --spec missing.xml"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "missing.xml: INPUT_UNREADABLE"));
}

/* A spec whose revisions carry code= (format 2): new-rev says so and
 * writes nothing, instead of "6.2 must be newer than 6.1.0". */
void test_new_rev_codes(void)
{
	char out[8192], *spec, *reg;

	CU_ASSERT_EQUAL_FATAL(rel_copy("spec/kvm.xml", "kvm.xml"), 0);
	CU_ASSERT_EQUAL_FATAL(rel_copy("spec/kvm-versions.xml", "kvm-versions.xml"), 0);
	spec = rel_slurp("kvm.xml");
	reg = rel_slurp("kvm-versions.xml");
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out),
			      "new-rev --spec kvm.xml --registry kvm-versions.xml 6.2"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "kvm.xml: its revisions carry code="));
	CU_ASSERT_PTR_NULL(strstr(out, "must be newer"));
	CU_ASSERT(spec && reg);
	if (spec && reg) {
		char *s2 = rel_slurp("kvm.xml"), *r2 = rel_slurp("kvm-versions.xml");

		CU_ASSERT(s2 && r2 && !strcmp(s2, spec) && !strcmp(r2, reg));
		free(s2);
		free(r2);
	}
	free(spec);
	free(reg);
	remove(pvabi_test_path(rel_dir, "kvm.xml"));
	remove(pvabi_test_path(rel_dir, "kvm-versions.xml"));
}

/* A UTF-16 spec parses, but new-rev edits bytes: it says so, not "no
 * </revisions> end tag", and writes nothing. */
void test_new_rev_utf16(void)
{
	char out[8192], *reg = rel_slurp("ABI-VERSIONS.xml"), *reg2;
	int rc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(reg);
	rc = rel_pvabi_after("sed 's/encoding=\"UTF-8\"/encoding=\"UTF-16\"/' mini.xml | "
			 "iconv -f UTF-8 -t UTF-16 > mini16.xml &&", out, sizeof(out),
			 "new-rev --spec mini16.xml 9.0");
	if (strstr(out, "iconv: not found")) {
		free(reg);
		PVABI_SKIP("iconv cannot be run: no UTF-16 spec to try");
	}
	CU_ASSERT_EQUAL(rc, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "mini16.xml: not in UTF-8"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "UTF-16?"));
	reg2 = rel_slurp("ABI-VERSIONS.xml");
	CU_ASSERT(reg2 && !strcmp(reg, reg2));
	free(reg);
	free(reg2);
	remove(pvabi_test_path(rel_dir, "mini16.xml"));
}

