/* The release workflow end to end through the pvabi program, on copies
 * of the mini spec and registry in a temporary directory: new-rev,
 * release, the fingerprint lock, and the documented exit codes. This
 * file: arguments, releases, the lock and --against;
 * test_release_new_rev.c new-rev's revisions and codes;
 * test_release_files.c how the two files are written. */
#include "cli/tests/release_env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Every argument is validated before a file is touched: each bad value
 * exits 2, is named in the message, and leaves both files as they were. */
static void test_bad_arguments(void)
{
	static const struct {
		const char *args, *shown;
	} bad[] = {
		{ "new-rev " SPEC "'+3.0'", "'+3.0'" },
		{ "new-rev " SPEC "'3.0\"'", "'3.0\"'" },
		{ "new-rev " SPEC "1.999999", "'1.999999'" },
		{ "new-rev " SPEC "1.65536", "'1.65536'" },
		{ "new-rev " SPEC "65536.0", "'65536.0'" },
		{ "new-rev " SPEC "01.3", "'01.3'" },
		{ "new-rev " SPEC "' 1.3'", "' 1.3'" },
		{ "new-rev " SPEC "1.3.0", "'1.3.0'" },
		{ "new-rev " SPEC "-- -1.3", "'-1.3'" },
		{ "new-rev " SPEC "''", "''" },
		{ "new-rev " SPEC "--date 2026-01-01 1.3", "usage" },
		{ "release " SPEC "--date 2026-02-30 1.0", "'2026-02-30'" },
		{ "release " SPEC "--date 2023-02-29 1.0", "'2023-02-29'" },
		{ "release " SPEC "--date 1900-02-29 1.0", "'1900-02-29'" },
		{ "release " SPEC "--date '2026-01-01\"' 1.0", "'2026-01-01\"'" },
		{ "release " SPEC "--date 2026-1-01 1.0", "'2026-1-01'" },
		{ "release " SPEC "--date 2026-13-01 1.0", "'2026-13-01'" },
		{ "release " SPEC "--date 0000-01-01 1.0", "'0000-01-01'" },
		{ "release " SPEC "--date 2026-01-01Z 1.0", "'2026-01-01Z'" },
		{ "release " SPEC "'1.0\"'", "'1.0\"'" },
		{ "release " SPEC "+1.0", "'+1.0'" },
	};
	char out[8192], *spec = rel_slurp("mini.xml"), *reg = rel_slurp("ABI-VERSIONS.xml");
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
	CU_ASSERT_PTR_NOT_NULL_FATAL(reg);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = rel_pvabi(out, sizeof(out), bad[i].args);

		if (rc != 2 || !strstr(out, bad[i].shown) || !rel_unchanged(spec, reg))
			printf("\n  %s: exit %d, output: %s", bad[i].args, rc, out);
		CU_ASSERT_EQUAL(rc, 2);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, bad[i].shown));
		CU_ASSERT(rel_unchanged(spec, reg));
	}
	/* the leap day of a leap year is a date; then back to the start */
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "release " SPEC "--date 2000-02-29 1.0"), 0);
	free(spec);
	spec = rel_slurp("ABI-VERSIONS.xml");
	CU_ASSERT(spec && strstr(spec, "date=\"2000-02-29\"") != NULL);
	CU_ASSERT_EQUAL(rel_put("ABI-VERSIONS.xml", reg), 0);
	free(spec);
	free(reg);
}

static void test_release_in_order(void)
{
	char out[8192], fp[128], want[256];

	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "release " SPEC "--date 2005-08-01 1.0"), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "release " SPEC "--date 2006-01-01 1.1"), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "release " SPEC "1.1"), 2); /* not a draft */
	CU_ASSERT_EQUAL(rel_pvabi(fp, sizeof(fp), "show " SPEC "--fingerprint --rev 1.1"), 0);
	fp[strcspn(fp, "\n")] = '\0';
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC), 0);
	snprintf(want, sizeof(want), "fingerprint=\"%s\"", fp);
	{
		char path[512], *reg;
		FILE *f;
		long n;

		snprintf(path, sizeof(path), "%s/ABI-VERSIONS.xml", rel_dir);
		f = fopen(path, "r");
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		rewind(f);
		reg = calloc(1, (size_t)n + 1);
		CU_ASSERT_EQUAL(fread(reg, 1, (size_t)n, f), (size_t)n);
		fclose(f);
		CU_ASSERT_PTR_NOT_NULL(strstr(reg, want));
		CU_ASSERT_PTR_NOT_NULL(strstr(reg, "date=\"2006-01-01\""));
		CU_ASSERT_PTR_NOT_NULL(strstr(reg, "serves=\"1.0 1.1\""));
		free(reg);
	}
}

/* The lock file is written with the registry: its lines hash to the
 * registry's fingerprints, and one edited by hand is refused. */
static void test_lock_file(void)
{
	char out[8192], cmd[1024], *lock = rel_slurp("ABI-VERSIONS.lock");
	char fp[128], want[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(lock);
	CU_ASSERT_EQUAL(rel_pvabi(fp, sizeof(fp), "show " SPEC "--fingerprint --rev 1.1"), 0);
	fp[strcspn(fp, "\n")] = '\0';
	snprintf(want, sizeof(want), "\nrevision 1.1 %s\n\tabi mini\n", fp);
	CU_ASSERT_PTR_NOT_NULL(strstr(lock, want));
	CU_ASSERT_PTR_NULL(strstr(lock, "revision 1.2")); /* a draft is not locked */
	snprintf(cmd, sizeof(cmd), "sed -i 's|deadline u64|deadline u16|' '%s/ABI-VERSIONS.lock'", rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "LOCK_MISMATCH"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ABI-VERSIONS.lock:"));
	CU_ASSERT_EQUAL(rel_put("ABI-VERSIONS.lock", lock), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC), 0);
	free(lock);
}

/* --against compares with an earlier spec, from a file or from git;
 * without the lock it is what names the element. */
static void test_against(void)
{
	char out[8192], cmd[1024];

	CU_ASSERT_EQUAL_FATAL(rel_copy("fixtures/gen/mini.xml", "old.xml"), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && mv ABI-VERSIONS.lock lock.saved && git init -q && git add mini.xml && "
		 "git -c user.name=t -c user.email=t@example.org commit -qm base && "
		 "sed -i 's|<arg name=\"deadline\" type=\"u64\"/>|<arg name=\"deadline\" type=\"u32\"/>|' mini.xml",
		 rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC "--against old.xml"), 1);
	CU_ASSERT_EQUAL(rel_count(out, "REVISION_CHANGED_SINCE"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "op:set_timer.arg:deadline differs from old.xml in revisions 1.0, 1.1, 1.2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "-> 'arg set_timer 0 deadline u32"));
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC "--against HEAD"), 1);
	CU_ASSERT_EQUAL(rel_count(out, "REVISION_CHANGED_SINCE"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "differs from HEAD:mini.xml"));
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC "--against no-such-ref"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "git cannot show mini.xml as of revision no-such-ref"));
	snprintf(cmd, sizeof(cmd), "cd '%s' && rm -rf .git old.xml && mv lock.saved ABI-VERSIONS.lock", rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC "--against HEAD"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not in a git work tree"));
	/* with the lock, the element is reported once, not again for --against */
	CU_ASSERT_EQUAL_FATAL(rel_copy("fixtures/gen/mini.xml", "old.xml"), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC "--against old.xml"), 1);
	CU_ASSERT_EQUAL(rel_count(out, "RELEASED_REVISION_MODIFIED"), 1);
	CU_ASSERT_EQUAL(rel_count(out, "REVISION_CHANGED_SINCE"), 0);
	CU_ASSERT_EQUAL(rel_put("mini.xml", ""), 0);
	snprintf(cmd, sizeof(cmd), "cd '%s' && mv old.xml mini.xml", rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC), 0);
}

/* A released revision is locked: changing what it exposes is caught. */
static void test_released_is_locked(void)
{
	char out[8192], cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "sed -i 's|<arg name=\"deadline\" type=\"u64\"/>|<arg name=\"deadline\" type=\"u32\"/>|' '%s/mini.xml'",
		 rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC), 1);
	CU_ASSERT_EQUAL(rel_count(out, "RELEASED_REVISION_MODIFIED"), 1);
	/* the element, where it is written, and what it was and is */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "mini.xml:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "op:set_timer.arg:deadline changed in released revisions 1.0, 1.1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "'arg set_timer 0 deadline u64 pass=value count-arg=- default=-' -> "
				      "'arg set_timer 0 deadline u32 pass=value"));
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "release " SPEC "1.2"), 1); /* refused */
	snprintf(cmd, sizeof(cmd),
		 "sed -i 's|<arg name=\"deadline\" type=\"u32\"/>|<arg name=\"deadline\" type=\"u64\"/>|' '%s/mini.xml'",
		 rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check " SPEC), 0);
}

/* A released revision's declared limits are held by its lock block,
 * outside the fingerprint (the reference spec, its registry and lock):
 * a changed value, a changed value under a feature and a dropped bound
 * are LIMIT_CHANGED at the element; a limit the draft alone gains is not. */
static void test_limits_locked(void)
{
	static const char *const edits[][2] = {
		{ "s|<limit name=\"ports\" kind=\"count\" value=\"1024\"|<limit name=\"ports\" kind=\"count\" value=\"2048\"|",
		  "records 'limit ports kind=count value=1024 min=1 error=ERANGE min-error=EINVAL platform=0', "
		  "the spec now gives 'limit ports kind=count value=2048" },
		{ "s|<case feature=\"evtchn_fifo\" value=\"131072\"/>|<case feature=\"evtchn_fifo\" value=\"65536\"/>|",
		  "revision 2.0 changed: pvp/ABI-VERSIONS.lock:" },
		{ "0,/<arg name=\"port\" type=\"u32\" limit=\"ports\">/"
		  "s|<arg name=\"port\" type=\"u32\" limit=\"ports\">|<arg name=\"port\" type=\"u32\">|",
		  "records 'bound evtchn_bind.port ports', the spec no longer has it" },
	};
	char out[16384], cmd[4096];
	size_t i;

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/pvp' && cd '%s' && cp spec/platform.xml ABI-VERSIONS.xml "
		 "ABI-VERSIONS.lock '%s/pvp/'", rel_dir, pvabi_test_srcdir(), rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check --spec pvp/platform.xml --registry pvp/ABI-VERSIONS.xml"), 0);
	for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		snprintf(cmd, sizeof(cmd), "cd '%s/pvp' && sed '%s' platform.xml > edited.xml", rel_dir,
			 edits[i][0]);
		CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
		CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out),
				     "check --spec pvp/edited.xml --registry pvp/ABI-VERSIONS.xml"), 1);
		CU_ASSERT_EQUAL(rel_count(out, "LIMIT_CHANGED"), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "pvp/edited.xml:"));
		if (!strstr(out, edits[i][1]))
			printf("\n  edit %zu: want '%s' in:\n%s", i, edits[i][1], out);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, edits[i][1]));
	}
	snprintf(cmd, sizeof(cmd), "cd '%s/pvp' && sed 's|<limit name=\"ports\"|"
		 "<limit name=\"steal_vcpus\" kind=\"count\" value=\"64\" error=\"ERANGE\" since=\"2.1\"/>\\n  &|' "
		 "platform.xml > edited.xml", rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check --spec pvp/edited.xml --registry pvp/ABI-VERSIONS.xml"), 0);
	CU_ASSERT_PTR_NULL(strstr(out, "LIMIT_CHANGED"));
	/* a limits block belongs right after its own revision's lines */
	snprintf(cmd, sizeof(cmd), "cd '%s/pvp' && sed -i 's/^limits 1.0$/limits 1.1/' ABI-VERSIONS.lock",
		 rel_dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(rel_pvabi(out, sizeof(out), "check --spec pvp/platform.xml --registry pvp/ABI-VERSIONS.xml"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "LOCK_INVALID"));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/pvp'", rel_dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}


static const struct pvabi_test_case cases[] = {
	{ "bad_arguments", test_bad_arguments },
	{ "release_in_order", test_release_in_order },
	{ "lock_file", test_lock_file },
	{ "released_is_locked", test_released_is_locked },
	{ "limits_locked", test_limits_locked },
	{ "against", test_against },
	{ "new_rev", test_new_rev },
	{ "new_rev_codes", test_new_rev_codes },
	{ "new_rev_utf16", test_new_rev_utf16 },
	{ "all_or_nothing", test_all_or_nothing },
	{ "concurrent_runs", test_concurrent_runs },
	{ "symlinks_kept", test_symlinks_kept },
	{ "comment_not_markup", test_comment_not_markup },
	{ "accepted_args_load", test_accepted_args_load },
	{ "no_stray_files", test_no_stray_files },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "release_workflow", cases, rel_setup, rel_teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
