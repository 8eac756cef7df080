/* The release workflow end to end through the pvabi program, on copies
 * of the mini spec and registry in a temporary directory: new-rev,
 * release, the fingerprint lock, and the documented exit codes. */
#include "tests/harness.h"
#include "util/afile.h"
#include "util/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

/* Runs pvabi with args in dir, after the shell commands pre; returns its
 * exit status, output in out. */
static int pvabi_after(const char *pre, char *out, size_t outlen, const char *args)
{
	char cmd[2048];
	size_t n = 0;
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), "cd '%s' && (%s exec '%s/pvabi' %s) 2>&1", dir, pre,
		 pvabi_test_builddir(), args);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (out) {
		n = fread(out, 1, outlen - 1, p);
		out[n] = '\0';
	}
	{
		/* The rest unread, so that a long output (a check's warnings)
		 * never ends the program with SIGPIPE. */
		char sink[4096];

		while (fread(sink, 1, sizeof(sink), p) > 0)
			;
	}
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int pvabi(char *out, size_t outlen, const char *args)
{
	return pvabi_after("", out, outlen, args);
}

static int copy(const char *rel, const char *to)
{
	char from[1024], path[1024];

	snprintf(from, sizeof(from), "%s/%s", pvabi_test_srcdir(), rel);
	snprintf(path, sizeof(path), "%s/%s", dir, to);
	return pvabi_afile_copy(from, path, NULL, 0);
}

static int setup(void)
{
	strcpy(dir, "/tmp/pvabi-release-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return copy("fixtures/gen/mini.xml", "mini.xml") ||
	       copy("fixtures/gen/mini-versions.xml", "ABI-VERSIONS.xml");
}

static int teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

#define SPEC "--spec mini.xml "

static void test_no_stray_files(void);

/* The whole file dir/name, or NULL. */
static char *slurp(const char *name)
{
	struct pvabi_file_buf b;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return pvabi_file_read(path, 64u << 20, 0, &b, NULL, 0) ? NULL : b.data;
}

static int put(const char *name, const char *text)
{
	char path[512];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	rc = fputs(text, f) < 0;
	return fclose(f) || rc ? -1 : 0;
}

/* 1 when both files still hold exactly spec and reg. */
static int unchanged(const char *spec, const char *reg)
{
	char *s = slurp("mini.xml"), *r = slurp("ABI-VERSIONS.xml");
	int same = s && r && !strcmp(s, spec) && !strcmp(r, reg);

	free(s);
	free(r);
	return same;
}

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
	char out[8192], *spec = slurp("mini.xml"), *reg = slurp("ABI-VERSIONS.xml");
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
	CU_ASSERT_PTR_NOT_NULL_FATAL(reg);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = pvabi(out, sizeof(out), bad[i].args);

		if (rc != 2 || !strstr(out, bad[i].shown) || !unchanged(spec, reg))
			printf("\n  %s: exit %d, output: %s", bad[i].args, rc, out);
		CU_ASSERT_EQUAL(rc, 2);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, bad[i].shown));
		CU_ASSERT(unchanged(spec, reg));
	}
	/* the leap day of a leap year is a date; then back to the start */
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "--date 2000-02-29 1.0"), 0);
	free(spec);
	spec = slurp("ABI-VERSIONS.xml");
	CU_ASSERT(spec && strstr(spec, "date=\"2000-02-29\"") != NULL);
	CU_ASSERT_EQUAL(put("ABI-VERSIONS.xml", reg), 0);
	free(spec);
	free(reg);
}

static void test_release_in_order(void)
{
	char out[8192], fp[128], want[256];

	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "--date 2005-08-01 1.0"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "--date 2006-01-01 1.1"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "1.1"), 2); /* not a draft */
	CU_ASSERT_EQUAL(pvabi(fp, sizeof(fp), "show " SPEC "--fingerprint --rev 1.1"), 0);
	fp[strcspn(fp, "\n")] = '\0';
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
	snprintf(want, sizeof(want), "fingerprint=\"%s\"", fp);
	{
		char path[512], *reg;
		FILE *f;
		long n;

		snprintf(path, sizeof(path), "%s/ABI-VERSIONS.xml", dir);
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

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The lock file is written with the registry: its lines hash to the
 * registry's fingerprints, and one edited by hand is refused. */
static void test_lock_file(void)
{
	char out[8192], cmd[1024], *lock = slurp("ABI-VERSIONS.lock");
	char fp[128], want[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(lock);
	CU_ASSERT_EQUAL(pvabi(fp, sizeof(fp), "show " SPEC "--fingerprint --rev 1.1"), 0);
	fp[strcspn(fp, "\n")] = '\0';
	snprintf(want, sizeof(want), "\nrevision 1.1 %s\n\tabi mini\n", fp);
	CU_ASSERT_PTR_NOT_NULL(strstr(lock, want));
	CU_ASSERT_PTR_NULL(strstr(lock, "revision 1.2")); /* a draft is not locked */
	snprintf(cmd, sizeof(cmd), "sed -i 's|deadline u64|deadline u16|' '%s/ABI-VERSIONS.lock'", dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "LOCK_MISMATCH"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ABI-VERSIONS.lock:"));
	CU_ASSERT_EQUAL(put("ABI-VERSIONS.lock", lock), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
	free(lock);
}

/* --against compares with an earlier spec, from a file or from git;
 * without the lock it is what names the element. */
static void test_against(void)
{
	char out[8192], cmd[1024];

	CU_ASSERT_EQUAL_FATAL(copy("fixtures/gen/mini.xml", "old.xml"), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && mv ABI-VERSIONS.lock lock.saved && git init -q && git add mini.xml && "
		 "git -c user.name=t -c user.email=t@example.org commit -qm base && "
		 "sed -i 's|<arg name=\"deadline\" type=\"u64\"/>|<arg name=\"deadline\" type=\"u32\"/>|' mini.xml",
		 dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC "--against old.xml"), 1);
	CU_ASSERT_EQUAL(count(out, "REVISION_CHANGED_SINCE"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "op:set_timer.arg:deadline differs from old.xml in revisions 1.0, 1.1, 1.2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "-> 'arg set_timer 0 deadline u32"));
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC "--against HEAD"), 1);
	CU_ASSERT_EQUAL(count(out, "REVISION_CHANGED_SINCE"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "differs from HEAD:mini.xml"));
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC "--against no-such-ref"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "git cannot show mini.xml as of revision no-such-ref"));
	snprintf(cmd, sizeof(cmd), "cd '%s' && rm -rf .git old.xml && mv lock.saved ABI-VERSIONS.lock", dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC "--against HEAD"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not in a git work tree"));
	/* with the lock, the element is reported once, not again for --against */
	CU_ASSERT_EQUAL_FATAL(copy("fixtures/gen/mini.xml", "old.xml"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC "--against old.xml"), 1);
	CU_ASSERT_EQUAL(count(out, "RELEASED_REVISION_MODIFIED"), 1);
	CU_ASSERT_EQUAL(count(out, "REVISION_CHANGED_SINCE"), 0);
	CU_ASSERT_EQUAL(put("mini.xml", ""), 0);
	snprintf(cmd, sizeof(cmd), "cd '%s' && mv old.xml mini.xml", dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
}

/* A released revision is locked: changing what it exposes is caught. */
static void test_released_is_locked(void)
{
	char out[8192], cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "sed -i 's|<arg name=\"deadline\" type=\"u64\"/>|<arg name=\"deadline\" type=\"u32\"/>|' '%s/mini.xml'",
		 dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 1);
	CU_ASSERT_EQUAL(count(out, "RELEASED_REVISION_MODIFIED"), 1);
	/* the element, where it is written, and what it was and is */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "mini.xml:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "op:set_timer.arg:deadline changed in released revisions 1.0, 1.1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "'arg set_timer 0 deadline u64 pass=value count-arg=- default=-' -> "
				      "'arg set_timer 0 deadline u32 pass=value"));
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "1.2"), 1); /* refused */
	snprintf(cmd, sizeof(cmd),
		 "sed -i 's|<arg name=\"deadline\" type=\"u32\"/>|<arg name=\"deadline\" type=\"u64\"/>|' '%s/mini.xml'",
		 dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
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
		 "ABI-VERSIONS.lock '%s/pvp/'", dir, pvabi_test_srcdir(), dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check --spec pvp/platform.xml --registry pvp/ABI-VERSIONS.xml"), 0);
	for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		snprintf(cmd, sizeof(cmd), "cd '%s/pvp' && sed '%s' platform.xml > edited.xml", dir,
			 edits[i][0]);
		CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
		CU_ASSERT_EQUAL(pvabi(out, sizeof(out),
				     "check --spec pvp/edited.xml --registry pvp/ABI-VERSIONS.xml"), 1);
		CU_ASSERT_EQUAL(count(out, "LIMIT_CHANGED"), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "pvp/edited.xml:"));
		if (!strstr(out, edits[i][1]))
			printf("\n  edit %zu: want '%s' in:\n%s", i, edits[i][1], out);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, edits[i][1]));
	}
	snprintf(cmd, sizeof(cmd), "cd '%s/pvp' && sed 's|<limit name=\"ports\"|"
		 "<limit name=\"steal_vcpus\" kind=\"count\" value=\"64\" error=\"ERANGE\" since=\"2.1\"/>\\n  &|' "
		 "platform.xml > edited.xml", dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check --spec pvp/edited.xml --registry pvp/ABI-VERSIONS.xml"), 0);
	CU_ASSERT_PTR_NULL(strstr(out, "LIMIT_CHANGED"));
	/* a limits block belongs right after its own revision's lines */
	snprintf(cmd, sizeof(cmd), "cd '%s/pvp' && sed -i 's/^limits 1.0$/limits 1.1/' ABI-VERSIONS.lock",
		 dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check --spec pvp/platform.xml --registry pvp/ABI-VERSIONS.xml"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "LOCK_INVALID"));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/pvp'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

static void test_new_rev(void)
{
	char out[8192];

	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "new-rev " SPEC "1.3"), 2); /* 1.2 still a draft */
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "1.2"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "new-rev " SPEC "1.1"), 2); /* not newer */
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "new-rev " SPEC "x.y"), 2);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "new-rev " SPEC "1.3"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "show " SPEC "--rev 1.3"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "revision 1.3 (draft)"));
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "show " SPEC "--rev 9.9"), 2);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "frobnicate"), 2);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check --spec missing.xml"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "missing.xml: INPUT_UNREADABLE"));
}

/* A spec whose revisions carry code= (format 2): new-rev says so and
 * writes nothing, instead of "6.2 must be newer than 6.1.0". */
static void test_new_rev_codes(void)
{
	char out[8192], *spec, *reg;

	CU_ASSERT_EQUAL_FATAL(copy("spec/kvm.xml", "kvm.xml"), 0);
	CU_ASSERT_EQUAL_FATAL(copy("spec/kvm-versions.xml", "kvm-versions.xml"), 0);
	spec = slurp("kvm.xml");
	reg = slurp("kvm-versions.xml");
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out),
			      "new-rev --spec kvm.xml --registry kvm-versions.xml 6.2"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "kvm.xml: its revisions carry code="));
	CU_ASSERT_PTR_NULL(strstr(out, "must be newer"));
	CU_ASSERT(spec && reg);
	if (spec && reg) {
		char *s2 = slurp("kvm.xml"), *r2 = slurp("kvm-versions.xml");

		CU_ASSERT(s2 && r2 && !strcmp(s2, spec) && !strcmp(r2, reg));
		free(s2);
		free(r2);
	}
	free(spec);
	free(reg);
	remove(pvabi_test_path(dir, "kvm.xml"));
	remove(pvabi_test_path(dir, "kvm-versions.xml"));
}

/* A UTF-16 spec parses, but new-rev edits bytes: it says so, not "no
 * </revisions> end tag", and writes nothing. */
static void test_new_rev_utf16(void)
{
	char out[8192], *reg = slurp("ABI-VERSIONS.xml"), *reg2;
	int rc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(reg);
	rc = pvabi_after("sed 's/encoding=\"UTF-8\"/encoding=\"UTF-16\"/' mini.xml | "
			 "iconv -f UTF-8 -t UTF-16 > mini16.xml &&", out, sizeof(out),
			 "new-rev --spec mini16.xml 9.0");
	if (strstr(out, "iconv: not found")) {
		free(reg);
		PVABI_SKIP("iconv cannot be run: no UTF-16 spec to try");
	}
	CU_ASSERT_EQUAL(rc, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "mini16.xml: not in UTF-8"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "UTF-16?"));
	reg2 = slurp("ABI-VERSIONS.xml");
	CU_ASSERT(reg2 && !strcmp(reg, reg2));
	free(reg);
	free(reg2);
	remove(pvabi_test_path(dir, "mini16.xml"));
}

/* One of the two files cannot be written (a file size limit between the
 * registry's size and the spec's, as a full disk would do, with SIGXFSZ
 * ignored so that the write fails instead of killing the run): new-rev
 * changes neither file, leaves no temp file, and without the limit a
 * retry works. */
static void test_all_or_nothing(void)
{
	char out[8192], *spec, *reg;

	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "--date 2007-01-01 1.3"), 0);
	spec = slurp("mini.xml");
	reg = slurp("ABI-VERSIONS.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
	CU_ASSERT_PTR_NOT_NULL_FATAL(reg);
	CU_ASSERT_FATAL(strlen(reg) < 4096 && strlen(spec) > 4096);
	CU_ASSERT_EQUAL(pvabi_after("ulimit -f 8; trap '' XFSZ;", out, sizeof(out),
				    "new-rev " SPEC "1.4"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "File too large"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "neither"));
	CU_ASSERT(unchanged(spec, reg));
	test_no_stray_files();
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "new-rev " SPEC "1.4"), 0);
	CU_ASSERT(!unchanged(spec, reg));
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
	free(spec);
	free(reg);
}

/* Four new-rev runs at once on one registry: the lock serialises them,
 * so exactly one opens its draft and the others see it. */
static void test_concurrent_runs(void)
{
	char out[8192], cmd[2048], *rcs;
	int zeros = 0;
	const char *p;

	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "--date 2007-02-01 1.4"), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && for i in 5 6 7 8; do ('%s/pvabi' new-rev " SPEC "1.$i >/dev/null 2>&1; "
		 "echo $? >> rcs) & done; wait", dir, pvabi_test_builddir());
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	rcs = slurp("rcs");
	CU_ASSERT_PTR_NOT_NULL_FATAL(rcs);
	for (p = rcs; *p; p++)
		zeros += *p == '0' && (p == rcs || p[-1] == '\n');
	CU_ASSERT_EQUAL(zeros, 1);
	CU_ASSERT_EQUAL(strlen(rcs), 8);
	free(rcs);
	snprintf(cmd, sizeof(cmd), "%s/rcs", dir);
	unlink(cmd);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
}

/* A symlinked spec and registry stay symlinks; their targets change. */
static void test_symlinks_kept(void)
{
	char out[8192], cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && mkdir real && mv mini.xml ABI-VERSIONS.xml real/ && "
		 "ln -s real/mini.xml mini.xml && ln -s real/ABI-VERSIONS.xml ABI-VERSIONS.xml", dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "--date 2008-01-01 $(sed -n "
			      "'s/.*id=\"\\([0-9.]*\\)\" status=\"draft\".*/\\1/p' ABI-VERSIONS.xml)"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "new-rev " SPEC "3.0"), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && test -L mini.xml && test -L ABI-VERSIONS.xml && "
		 "grep -q 'id=\"3.0\"' real/mini.xml && grep -q 'id=\"3.0\" status=\"draft\"' "
		 "real/ABI-VERSIONS.xml && test -z \"$(ls -A real | grep -v -x -e mini.xml -e ABI-VERSIONS.xml -e ABI-VERSIONS.lock)\"",
		 dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && rm mini.xml ABI-VERSIONS.xml && mv real/* . && rmdir real", dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
}

/* Text in comments cannot fool the edit: a commented-out end tag and
 * revision stay comments, the new revision lands in <revisions>. */
static void test_comment_not_markup(void)
{
	char out[8192], cmd[1024], *spec;

	snprintf(cmd, sizeof(cmd),
		 "sed -i 's|^  </revisions>|    <!-- <revision id=\"9.0\"> </revisions> -->\\n"
		 "    <?pi </revisions> ?>\\n  </revisions>|' '%s/mini.xml'", dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "release " SPEC "--date 2009-01-01 3.0"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "new-rev " SPEC "3.1"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "show " SPEC "--rev 3.1"), 0);
	CU_ASSERT_EQUAL(pvabi(out, sizeof(out), "check " SPEC), 0);
	spec = slurp("mini.xml");
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
static void test_accepted_args_load(void)
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
		if (strchr(arg, '\'') || pvabi(out, sizeof(out), cmd) != 0)
			continue;
		accepted++;
		if (rel)
			draft[0] = '\0';
		else
			snprintf(draft, sizeof(draft), "%s", arg), major = (unsigned int)atoi(arg) + 1;
		if (pvabi(out, sizeof(out), "check " SPEC) != 0)
		{
			printf("\n  accepted '%s' but check failed:\n%s", cmd, out);
			CU_FAIL("an accepted argument gave a spec or registry check refuses");
		}
	}
	CU_ASSERT(accepted >= 10);
}

/* No temporary files left beside the registry or the spec. */
static void test_no_stray_files(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A '%s' | grep -v -x -e mini.xml -e ABI-VERSIONS.xml -e ABI-VERSIONS.lock)\"",
		 dir);
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
	{ "release_workflow", cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
