/* How the release commands write the spec and the registry: all or
 * nothing, one run at a time, through symlinks, whatever the comments
 * hold, any accepted arguments, no temporary file left (part of
 * test-cli, release_env.h). */
#include "cli/tests/release_env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* One of the two files cannot be written (a file size limit between the
 * registry's size and the spec's, as a full disk would do, with SIGXFSZ
 * ignored so that the write fails instead of killing the run): new-rev
 * changes neither file, leaves no temp file, and without the limit a
 * retry works. */
void test_all_or_nothing(void)
{
	char out[8192], *spec, *reg;

	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "release " SPEC "--date 2007-01-01 1.3"), 0);
	spec = rel_slurp("mini.xml");
	reg = rel_slurp("ABI-VERSIONS.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
	CU_ASSERT_PTR_NOT_NULL_FATAL(reg);
	CU_ASSERT_FATAL(strlen(reg) < 4096 && strlen(spec) > 4096);
	CU_ASSERT_EQUAL(rel_pvabi_after("ulimit -f 8; trap '' XFSZ;", out, sizeof(out),
				    "new-rev " SPEC "1.4"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "File too large"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "neither"));
	CU_ASSERT(rel_unchanged(spec, reg));
	test_no_stray_files();
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "new-rev " SPEC "1.4"), 0);
	CU_ASSERT(!rel_unchanged(spec, reg));
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC), 0);
	free(spec);
	free(reg);
}

/* Four new-rev runs at once on one registry: the lock serialises them,
 * so exactly one opens its draft and the others see it. */
void test_concurrent_runs(void)
{
	char out[8192], cmd[2048], *rcs;
	int zeros = 0;
	const char *p;

	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "release " SPEC "--date 2007-02-01 1.4"), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && for i in 5 6 7 8; do ('%s/pvabi' new-rev " SPEC "1.$i >/dev/null 2>&1; "
		 "echo $? >> rcs) & done; wait", rel_dir, pvabi_test_builddir());
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	rcs = rel_slurp("rcs");
	CU_ASSERT_PTR_NOT_NULL_FATAL(rcs);
	for (p = rcs; *p; p++)
		zeros += *p == '0' && (p == rcs || p[-1] == '\n');
	CU_ASSERT_EQUAL(zeros, 1);
	CU_ASSERT_EQUAL(strlen(rcs), 8);
	free(rcs);
	snprintf(cmd, sizeof(cmd), "%s/rcs", rel_dir);
	unlink(cmd);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC), 0);
}

/* A symlinked spec and registry stay symlinks; their targets change. */
void test_symlinks_kept(void)
{
	char out[8192], cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && mkdir real && mv mini.xml ABI-VERSIONS.xml real/ && "
		 "ln -s real/mini.xml mini.xml && ln -s real/ABI-VERSIONS.xml ABI-VERSIONS.xml", rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "release " SPEC "--date 2008-01-01 $(sed -n "
			      "'s/.*id=\"\\([0-9.]*\\)\" status=\"draft\".*/\\1/p' ABI-VERSIONS.xml)"), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "new-rev " SPEC "3.0"), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && test -L mini.xml && test -L ABI-VERSIONS.xml && "
		 "grep -q 'id=\"3.0\"' real/mini.xml && grep -q 'id=\"3.0\" status=\"draft\"' "
		 "real/ABI-VERSIONS.xml && test -z \"$(ls -A real | grep -v -x -e mini.xml -e ABI-VERSIONS.xml -e ABI-VERSIONS.lock)\"",
		 rel_dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && rm mini.xml ABI-VERSIONS.xml && mv real/* . && rmdir real", rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
}

/* Text in comments cannot fool the edit: a commented-out end tag and
 * revision stay comments, the new revision lands in <revisions>. */
void test_comment_not_markup(void)
{
	char out[8192], cmd[1024], *spec;

	snprintf(cmd, sizeof(cmd),
		 "sed -i 's|^  </revisions>|    <!-- <revision id=\"9.0\"> </revisions> -->\\n"
		 "    <?pi </revisions> ?>\\n  </revisions>|' '%s/mini.xml'", rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "release " SPEC "--date 2009-01-01 3.0"), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "new-rev " SPEC "3.1"), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "show " SPEC "--rev 3.1"), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC), 0);
	spec = rel_slurp("mini.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
	CU_ASSERT_PTR_NOT_NULL(strstr(spec, "<!-- <revision id=\"9.0\"> </revisions> -->"));
	CU_ASSERT(strstr(spec, "<?pi </revisions> ?>") < strstr(spec, "<revision id=\"3.1\">"));
	free(spec);
}

static unsigned int seed = 2026;

static unsigned int rnd(unsigned int n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

/* A revision or a date, mostly plausible, sometimes hostile. */
static void candidate(char *b, size_t n, unsigned int major, int date)
{
	static const char *const junk[] = { "+", "\"", " ", "0", "-", "x", "\n", "'", "99999", "" };
	const char *j = junk[rnd(10)];

	if (date)
		snprintf(b, n, "%s%04u-%02u-%02u%s", rnd(4) ? "" : j, 1 + rnd(9999), rnd(14), rnd(33),
			 rnd(4) ? "" : j);
	else
		snprintf(b, n, "%s%u.%u%s", rnd(5) ? "" : j, major + rnd(3), rnd(4) ? rnd(10) : rnd(70000),
			 rnd(5) ? "" : j);
}

/* Whatever new-rev or release accepts, check loads: random arguments,
 * and after every accepted one a check that must pass. */
void test_accepted_args_load(void)
{
	char out[8192], cmd[512], arg[64], draft[64] = "3.1";
	unsigned int major = 4, i, accepted = 0;

	for (i = 0; i < 120; i++) {
		int rel = draft[0] != '\0';

		candidate(arg, sizeof(arg), major, rel);
		if (rel)
			snprintf(cmd, sizeof(cmd), "release " SPEC "--date '%s' %s", arg, draft);
		else
			snprintf(cmd, sizeof(cmd), "new-rev " SPEC "'%s'", arg);
		if (strchr(arg, '\'') || rel_pvabi(out, sizeof(out), cmd) != 0)
			continue;
		accepted++;
		if (rel)
			draft[0] = '\0';
		else
			snprintf(draft, sizeof(draft), "%s", arg), major = (unsigned int)atoi(arg) + 1;
		if (rel_pvabi(out, sizeof(out), "check " SPEC) != 0)
		{
			printf("\n  accepted '%s' but check failed:\n%s", cmd, out);
			CU_FAIL("an accepted argument gave a spec or registry check refuses");
		}
	}
	CU_ASSERT(accepted >= 10);
}

/* No temporary files left beside the registry or the spec. */
void test_no_stray_files(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A '%s' | grep -v -x -e mini.xml -e ABI-VERSIONS.xml -e ABI-VERSIONS.lock)\"",
		 rel_dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

