/* 'pvabi correct' records a correction of released revisions'
 * description: the recorded fingerprints stay, check is then clean and
 * says so, the lock holds the corrected lines, and a later change is
 * caught again; a spec with another breaking finding, or a bad
 * argument, changes nothing. */
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

/* fixtures/spec-changes/base.xml with `from` replaced by `to` (each
 * given once), into path. */
static int write_spec(const char *path, const char *from, const char *to)
{
	char src[4096], *t, *at;
	FILE *f;
	int rc;

	snprintf(src, sizeof(src), "%s/fixtures/spec-changes/base.xml", pvabi_test_srcdir());
	t = fx_read(src, NULL);
	at = t && from ? strstr(t, from) : t;
	if (!at || !(f = fopen(path, "w"))) {
		free(t);
		return -1;
	}
	if (from)
		rc = fprintf(f, "%.*s%s%s", (int)(at - t), t, to, at + strlen(from)) < 0;
	else
		rc = fputs(t, f) < 0;
	rc |= fclose(f);
	free(t);
	return rc ? -1 : 0;
}

/* A registry releasing 1.0 and 1.1 of spec as it is now; 1.2 a draft. */
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
		fprintf(f, "<abi-versions abi=\"mini\" format=\"1\">\n"
			"  <support-window from=\"1.0\" to=\"1.2\"/>\n"
			"  <revision id=\"1.0\" status=\"released\" fingerprint=\"%s\"/>\n"
			"  <revision id=\"1.1\" status=\"released\" fingerprint=\"%s\"/>\n"
			"  <revision id=\"1.2\" status=\"draft\"/>\n"
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

#define HALT_EINVAL "<raises error=\"EINVAL\"/>\n    <vector args=\"why=7\""
#define HALT_ENOSYS "<raises error=\"ENOSYS\"/>\n    <vector args=\"why=7\""

/* The correction written, then held. */
static void correct_and_hold(const char *spec, const char *reg, const char *lock)
{
	struct pvabi_registry *before = reg_load(reg), *after;
	char args[1024], *text, *locked;

	snprintf(args, sizeof(args), "correct --date 2026-12-05 --reason 'halt raised ENOSYS, "
		 "never EINVAL' --spec '%s' --registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "corrected 1.0 generation 1 sha256:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "corrected 1.1 generation 1 sha256:"));
	snprintf(args, sizeof(args), "check --all --spec '%s' --registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "RELEASED_REVISION_CORRECTED: compatible: description "
				     "of released revisions 1.0, 1.1 corrected on 2026-12-05"));
	CU_ASSERT_PTR_NULL(strstr(out, "RELEASED_REVISION_MODIFIED"));
	CU_ASSERT_PTR_NULL(strstr(out, "LOCK_"));
	/* the recorded fingerprints stay as released; the lock holds the
	 * corrected lines */
	after = reg_load(reg);
	CU_ASSERT_FATAL(before && after);
	CU_ASSERT_STRING_EQUAL(after->revs[0].fingerprint, before->revs[0].fingerprint);
	CU_ASSERT_STRING_EQUAL(after->revs[1].fingerprint, before->revs[1].fingerprint);
	CU_ASSERT_EQUAL(after->ncorrs, 1);
	CU_ASSERT_STRING_NOT_EQUAL(pvabi_registry_current(after, 0, 1), before->revs[0].fingerprint);
	locked = fx_read(lock, NULL);
	CU_ASSERT(locked && strstr(locked, "raises halt ENOSYS") && !strstr(locked, "raises halt EINVAL"));
	free(locked);
	pvabi_registry_free(before);
	pvabi_registry_free(after);
	/* nothing more to correct: nothing written */
	text = fx_read(reg, NULL);
	snprintf(args, sizeof(args), "correct --date 2026-12-06 --reason again --spec '%s' "
		 "--registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "nothing to correct"));
	CU_ASSERT(same_file(reg, text));
	free(text);
}

static void test_correct(void)
{
	char dir[] = "/tmp/pvabi-correct-XXXXXX", spec[256], reg[256], lock[256], args[1024];
	char cmd[300], *text;

	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	snprintf(spec, sizeof(spec), "%s/spec.xml", dir);
	snprintf(reg, sizeof(reg), "%s/registry.xml", dir);
	snprintf(lock, sizeof(lock), "%s/registry.lock", dir);
	CU_ASSERT_FATAL(write_spec(spec, NULL, NULL) == 0 && write_registry(spec, reg) == 0);
	/* the released description corrected: caught until recorded */
	CU_ASSERT_FATAL(write_spec(spec, HALT_EINVAL, HALT_ENOSYS) == 0);
	snprintf(args, sizeof(args), "check --spec '%s' --registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "RELEASED_REVISION_MODIFIED"));
	correct_and_hold(spec, reg, lock);
	/* another change of a released revision is caught again, and a
	 * spec with another breaking finding cannot be corrected */
	text = fx_read(reg, NULL);
	CU_ASSERT_FATAL(write_spec(spec, "<ret type=\"s64\"/>", "<ret type=\"s64\"/>\n    "
				   "<raises error=\"ENOSYS\" since=\"1.2\"/>") == 0);
	snprintf(args, sizeof(args), "check --spec '%s' --registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "RELEASED_REVISION_MODIFIED: breaking: op:halt.raises:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "RAISES_ADDED: breaking: op set_timer raises ENOSYS"));
	snprintf(args, sizeof(args), "correct --date 2026-12-06 --reason x --spec '%s' "
		 "--registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "refusing to record a correction"));
	CU_ASSERT(same_file(reg, text));
	/* bad arguments */
	snprintf(args, sizeof(args), "correct --date 2026-02-30 --reason x --spec '%s' "
		 "--registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 2);
	snprintf(args, sizeof(args), "correct --date 2026-12-06 --spec '%s' --registry '%s'",
		 spec, reg);
	CU_ASSERT_EQUAL(run(args), 2);
	snprintf(args, sizeof(args), "correct --date 2026-12-06 --reason ' ' --spec '%s' "
		 "--registry '%s'", spec, reg);
	CU_ASSERT_EQUAL(run(args), 2);
	CU_ASSERT(same_file(reg, text));
	free(text);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

const struct pvabi_test_case correct_cli_cases[] = {
	{ "correct", test_correct },
	{ NULL, NULL },
};
