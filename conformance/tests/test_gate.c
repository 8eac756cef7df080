/* The matrix and the gate end to end, through the built program: the
 * gate passes the reference platform and a compatible change, and fails
 * every seeded ABI break (platform/pvp/breaks), naming a cell; an
 * interrupted run resumes without redoing finished cells; shards merge
 * into the full matrix; a runner killed mid-run leaves no process behind;
 * bad options are usage errors. Skips, saying why, when no engine works. */
#include "conformance/engine.h"
#include "conformance/engine_auto.h"
#include "tests/harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char engine[32];
static char tmp[256];
static char out[1 << 16];

/* Runs a shell command from the source tree; its output in out[]. */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096], full[4600];
	va_list ap;
	size_t n;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "cd '%s' && %s 2>&1", pvabi_test_srcdir(), cmd);
	p = popen(full, "r");
	if (!p)
		return -1;
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	st = pclose(p);
	if (getenv("PVABI_TEST_VERBOSE"))
		printf("\n$ %s\n%s", cmd, out);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void need_engine(void)
{
	char why[512];
	const struct pvabi_engine *e;

	if (engine[0])
		return;
	e = pvabi_engine_auto(why, sizeof(why));
	/* out of the test, not just this helper: a skip then runs nothing */
	if (!e)
		pvabi_test_skip_out(__FILE__, __LINE__, why);
	snprintf(engine, sizeof(engine), "%s", e->name);
}

#define PVABI pvabi_test_path(pvabi_test_builddir(), "pvabi")

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

static size_t files(const char *dir, const char *suffix)
{
	struct dirent *de;
	size_t n = 0, k = strlen(suffix);
	DIR *d = opendir(dir);

	while (d && (de = readdir(d)))
		n += strlen(de->d_name) > k && !strcmp(de->d_name + strlen(de->d_name) - k, suffix);
	if (d)
		closedir(d);
	return n;
}

static void test_list(void)
{
	need_engine();
	CU_ASSERT_EQUAL(sh("'%s' matrix --list --engine %s", PVABI, engine), 0);
	/* 36 image x platform cells; the feature axis adds 2 sub-cells to each
	 * frozen image with features on current (4) and 13 to the draft's */
	CU_ASSERT_EQUAL(count(out, "\"id\":"), 36 + 8 + 13);
	CU_ASSERT_EQUAL(count(out, "\"frozen\": false"), 6 + 13); /* the draft image's row */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"kind\": \"pass-lower\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "2.1-draft~current~"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "~offer-0x15+want-0x2\", \"image\""));
	CU_ASSERT_EQUAL(count(out, "\"missing\": \"0x2\""), 1);
	CU_ASSERT_EQUAL(sh("'%s' matrix --list --no-feature-axis --engine %s", PVABI, engine), 0);
	CU_ASSERT_EQUAL(count(out, "\"id\":"), 36);
}

static void test_usage(void)
{
	CU_ASSERT_EQUAL(sh("'%s' matrix --shard 0/3 --list", PVABI), 2);
	CU_ASSERT_EQUAL(sh("'%s' matrix --shard 4/3 --list", PVABI), 2);
	CU_ASSERT_EQUAL(sh("'%s' matrix --jobs 0 --list", PVABI), 2);
	CU_ASSERT_EQUAL(sh("'%s' matrix --engine warp-drive --list", PVABI), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "warp-drive"));
	CU_ASSERT_EQUAL(sh("'%s' matrix --fixtures /nonexistent --list", PVABI), 2);
	CU_ASSERT_EQUAL(sh("'%s' run /nonexistent.elf", PVABI), 2);
	/* An invalid image is the same usage error on every engine, named. */
	CU_ASSERT_EQUAL(sh("'%s' run fixtures/guests/pvp/1.0/MANIFEST --engine qemu-tcg", PVABI), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not an ELF file"));
	CU_ASSERT_EQUAL(sh("head -c 1000 fixtures/guests/pvp/1.0/conformance.elf > '%s/t.elf' && "
			   "'%s' run '%s/t.elf' --engine kvm", tmp, PVABI, tmp), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "beyond the end of the image"));
	/* A missing engine is exit 3 with a sentence saying so. */
	CU_ASSERT_EQUAL(sh("PVABI_QEMU=/nonexistent '%s' run fixtures/guests/pvp/1.0/conformance.elf "
			   "--engine qemu-tcg", PVABI), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "engine unavailable"));
}

static void test_gate_reference(void)
{
	need_engine();
	CU_ASSERT_EQUAL(sh("'%s' gate --quiet --engine %s --out '%s/good'", PVABI, engine, tmp), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "gate: PASS: 0 breaking rules, 0 of 57 cells not green"));
}

/* The gate with a seeded break's program as the platform under test (or
 * the reference program with the break's registry). */
static int gate_break(const char *name, const char *registry)
{
	char reg[1200] = "", prog[1200];

	if (registry)
		snprintf(reg, sizeof(reg), " --registry '%s/breaks/%s/ABI-VERSIONS.xml'",
			 pvabi_test_builddir(), registry);
	if (registry)
		snprintf(prog, sizeof(prog), "%s", PVABI);
	else
		snprintf(prog, sizeof(prog), "%s/breaks/%s/pvabi", pvabi_test_builddir(), name);
	return sh("'%s' gate --quiet --platforms current,1.1,1.2 --out '%s/%s' --engine-cmd "
		  "\"'%s' run {image} --engine %s --platform {platform} --cmdline {cmdline} "
		  "--timeout {timeout} --log {log}%s\"",
		  PVABI, tmp, name, prog, engine, reg);
}

static void expect_caught(const char *name)
{
	int rc = gate_break(name, NULL);

	if (rc != 1 || !strstr(out, "gate: FAIL") || !strstr(out, "  cell "))
		printf("\n  break %s not caught (exit %d):\n%s\n", name, rc, out);
	CU_ASSERT_EQUAL(rc, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "gate: FAIL"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  cell "));
}

static void test_break_renumber(void)
{
	need_engine();
	expect_caught("renumber");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "get_time"));
}

static void test_break_adapter(void)
{
	need_engine();
	expect_caught("adapter-dropped");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "set_timer"));
}

/* In a fresh image's TAP, a field miss is a diagnostic after its
 * "not ok" line (frozen images, fixed binaries, say it before). */
static void expect_field_diag_after(const char *name)
{
	char dir[600], path[1200], buf[1 << 16];
	struct dirent *de;
	const char *d;
	int seen = 0;
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s/%s/cells", tmp, name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dp = opendir(dir));
	while ((de = readdir(dp))) {
		size_t n;
		FILE *f;

		if (!strstr(de->d_name, "-draft~current~") || !strstr(de->d_name, ".tap"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = '\0';
		for (d = strstr(buf, "\n# field "); d; d = strstr(d + 1, "\n# field ")) {
			const char *line = d;

			while (line > buf && line[-1] != '\n')
				line--;
			if (strncmp(line, "not ok ", 7))
				printf("\n  %s: a field diagnostic not after its check:\n%.*s\n",
				       path, (int)(strchr(d + 1, '\n') ? strchr(d + 1, '\n') - line :
						   (long)strlen(line)), line);
			CU_ASSERT_EQUAL(strncmp(line, "not ok ", 7), 0);
			seen++;
		}
	}
	closedir(dp);
	CU_ASSERT(seen > 0);
}

static void test_break_field(void)
{
	need_engine();
	expect_caught("field-moved");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cpuid"));
	expect_field_diag_after("field-moved");
}

static void test_break_feature(void)
{
	need_engine();
	expect_caught("feature-early");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "flush_tlb_range"));
}

static void test_break_withdrawn(void)
{
	need_engine();
	CU_ASSERT_EQUAL(gate_break("withdrawn-early", "withdrawn-early"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cell 1.0~current~cmd: FAIL"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "predicted: pass at 1.0"));
}

/* A released revision edited: the gate's verdict and every one of its
 * report files name the changed element, not only the terminal. */
static void test_gate_names_change(void)
{
	static const char *const reports[] = { "junit.xml", "results.json", "matrix.txt",
					       "index.html" };
	size_t i;

	need_engine();
	CU_ASSERT_EQUAL_FATAL(sh("sed 's/name=\"tsc_shift\" type=\"s32\"/name=\"tsc_shift\" "
				 "type=\"s64\"/' spec/platform.xml > '%s/changed.xml'", tmp), 0);
	CU_ASSERT_EQUAL(sh("'%s' gate --quiet --engine %s --images 1.0 --platforms current "
			   "--spec '%s/changed.xml' --out '%s/changed'", PVABI, engine, tmp, tmp), 1);
	CU_ASSERT_EQUAL(count(out, "rule RELEASED_REVISION_MODIFIED"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "struct:time_info.field:tsc_shift changed in released "
				      "revisions 1.0, 1.1, 1.2, 1.3, 2.0: 'field time_info tsc_shift s32"));
	for (i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(sh("grep -q 'RELEASED_REVISION_MODIFIED' '%s/changed/%s'", tmp,
				   reports[i]), 0);
		CU_ASSERT_EQUAL(sh("grep -q 'field:tsc_shift' '%s/changed/%s'", tmp, reports[i]), 0);
	}
	CU_ASSERT_EQUAL(sh("grep -q '<testsuite name=\"spec check\" tests=\"1\" failures=\"1\"' "
			   "'%s/changed/junit.xml'", tmp), 0);
}

/* Breaks of the negotiation code (platform/pvp/breaks/negotiation/). */
static void test_break_neg_lowest(void)
{
	need_engine();
	expect_caught("neg-lowest");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "invariant broken: the platform serves the image's own "
				      "revision 1.2 but chose 1.0"));
	/* The negotiator in that build decides the lowest revision, so an
	 * oracle calling it would have predicted what the platform did; the
	 * build's own gate (oracle and platform in one program) is red all
	 * the same. */
	CU_ASSERT_EQUAL(sh("'%s/breaks/neg-lowest/pvabi' negotiate --guest 1.0-2.0 --current",
			   pvabi_test_builddir()), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "revision: 1.0"));
	CU_ASSERT_EQUAL(sh("'%s/breaks/neg-lowest/pvabi' gate --quiet --engine %s --no-feature-axis "
			   "--images 2.0 --platforms current --out '%s/neg-lowest-self'",
			   pvabi_test_builddir(), engine, tmp), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "predicted: pass at 2.0"));
}

static void test_break_neg_unrequested(void)
{
	need_engine();
	expect_caught("neg-unrequested");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "~want-0x"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "negotiation answer is well-formed (inconsistent)"));
}

static void test_compatible(void)
{
	need_engine();
	CU_ASSERT_EQUAL(gate_break("compatible-enum", NULL), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "gate: PASS"));
}

/* Starts `pvabi matrix ARGS...` in the background from the source tree. */
static pid_t spawn(char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		if (chdir(pvabi_test_srcdir()))
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int wait_files(const char *dir, const char *suffix, size_t n, int seconds)
{
	int i;

	for (i = 0; i < seconds * 20; i++) {
		if (files(dir, suffix) >= n)
			return 0;
		usleep(50000);
	}
	return -1;
}

struct stamp {
	ino_t ino;
	struct timespec mtime;
};

static void test_resume(void)
{
	char dir[512], cells[600], path[900], *argv[12];
	struct stamp before[4];
	struct stat st;
	int status, i;
	pid_t pid;

	need_engine();
	snprintf(dir, sizeof(dir), "%s/resume", tmp);
	snprintf(cells, sizeof(cells), "%s/cells", dir);
	argv[0] = (char *)PVABI, argv[1] = "matrix", argv[2] = "--jobs", argv[3] = "1";
	argv[4] = "--engine", argv[5] = engine, argv[6] = "--out", argv[7] = dir;
	argv[8] = "--quiet", argv[9] = NULL;
	pid = spawn(argv);
	CU_ASSERT_EQUAL_FATAL(wait_files(cells, ".xml", 3, 120), 0);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 4);
	CU_ASSERT_TRUE(files(cells, ".xml") < 57);
	/* The first finished cells, by name: they must survive untouched. */
	for (i = 0; i < 3; i++) {
		static const char *const ids[] = { "1.0~as-1.0", "1.0~as-1.1", "1.0~as-1.2" };

		snprintf(path, sizeof(path), "%s/%s~%s.xml", cells, ids[i], engine);
		CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
		before[i].ino = st.st_ino;
		before[i].mtime = st.st_mtim;
	}
	CU_ASSERT_EQUAL(sh("'%s' matrix --resume --engine %s --out '%s' --quiet", PVABI, engine, dir), 0);
	CU_ASSERT_EQUAL(files(cells, ".xml"), 57);
	for (i = 0; i < 3; i++) {
		static const char *const ids[] = { "1.0~as-1.0", "1.0~as-1.1", "1.0~as-1.2" };

		snprintf(path, sizeof(path), "%s/%s~%s.xml", cells, ids[i], engine);
		CU_ASSERT_EQUAL(stat(path, &st), 0);
		CU_ASSERT_EQUAL(st.st_ino, before[i].ino);
		CU_ASSERT_EQUAL(st.st_mtim.tv_nsec, before[i].mtime.tv_nsec);
	}
	CU_ASSERT_EQUAL(sh("ls '%s' | grep -c '\\.tmp\\.'", cells), 1); /* grep: none found */
}

static void test_shards(void)
{
	size_t ids;
	int k;

	need_engine();
	for (k = 1; k <= 3; k++)
		CU_ASSERT_EQUAL(sh("'%s' matrix --quiet --platforms current,1.2 --engine %s --shard %d/3 "
				   "--out '%s/shard-%d'", PVABI, engine, k, tmp, k), 0);
	CU_ASSERT_EQUAL(sh("'%s' report merge '%s/merged' '%s/shard-1' '%s/shard-2' '%s/shard-3'",
			   PVABI, tmp, tmp, tmp, tmp), 0);
	CU_ASSERT_EQUAL(sh("'%s' matrix --list --platforms current,1.2 --engine %s", PVABI, engine), 0);
	ids = count(out, "\"id\":");
	CU_ASSERT_EQUAL(ids, 12 + 8 + 13); /* with the feature axis's sub-cells */
	CU_ASSERT_EQUAL(sh("grep -o '\"verdict\":\"PASS\"' '%s/merged/results.json' | wc -l", tmp), 0);
	CU_ASSERT_EQUAL((size_t)atoi(out), ids);
	CU_ASSERT_EQUAL(sh("grep -c '2.1-draft~as-1.2~' '%s/merged/results.json'", tmp), 0);
	/* the same cell from two shards with different content is refused */
	CU_ASSERT_EQUAL(sh("sed -i 's/ exit=\"0\"/ exit=\"1\"/' '%s/shard-1/cells/'*.xml && "
			   "'%s' report merge '%s/merged2' '%s/shard-1' '%s/merged'",
			   tmp, PVABI, tmp, tmp, tmp), 2);
}

/* Processes whose command line mentions s, other than this one. */
static int processes_naming(const char *s)
{
	struct dirent *de;
	DIR *d = opendir("/proc");
	int n = 0;

	while (d && (de = readdir(d))) {
		char path[300], buf[8192];
		size_t len, i;
		FILE *f;

		if (de->d_name[0] < '0' || de->d_name[0] > '9' || atoi(de->d_name) == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		for (i = 0; i < len; i++)
			buf[i] = buf[i] ? buf[i] : ' ';
		buf[len] = '\0';
		n += strstr(buf, s) != NULL;
	}
	if (d)
		closedir(d);
	return n;
}

static void test_killed_runner(void)
{
	char dir[512], fx[600], drafts[600], *argv[16];
	int i, seen = 0;
	pid_t pid;

	need_engine();
	/* Private copies of the images, so QEMU's -kernel names this run. */
	snprintf(dir, sizeof(dir), "%s/killed", tmp);
	snprintf(fx, sizeof(fx), "%s/fixtures", dir);
	snprintf(drafts, sizeof(drafts), "%s/drafts", dir);
	CU_ASSERT_EQUAL_FATAL(sh("mkdir -p '%s/2.1' && cp -r fixtures/guests/pvp '%s' && "
				 "cp '%s/guest/pvp/2.1/conformance.elf' '%s/2.1/'",
				 drafts, fx, pvabi_test_builddir(), drafts), 0);
	argv[0] = (char *)PVABI, argv[1] = "matrix", argv[2] = "--jobs", argv[3] = "2";
	argv[4] = "--engine", argv[5] = engine, argv[6] = "--out", argv[7] = dir;
	argv[8] = "--fixtures", argv[9] = fx, argv[10] = "--images-dir", argv[11] = drafts;
	argv[12] = "--quiet", argv[13] = NULL;
	pid = spawn(argv);
	for (i = 0; i < 400 && !seen; i++) {
		usleep(25000);
		seen = processes_naming(dir) > 1; /* the runner and a cell */
	}
	CU_ASSERT_TRUE(seen);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	for (i = 0; i < 100 && processes_naming(dir); i++)
		usleep(50000);
	CU_ASSERT_EQUAL(processes_naming(dir), 0);
}

static const struct pvabi_test_case cases[] = {
	{ "list", test_list },
	{ "usage", test_usage },
	{ "gate_reference", test_gate_reference },
	{ "break_renumber", test_break_renumber },
	{ "break_adapter_dropped", test_break_adapter },
	{ "break_field_moved", test_break_field },
	{ "break_feature_early", test_break_feature },
	{ "break_withdrawn_early", test_break_withdrawn },
	{ "break_neg_lowest", test_break_neg_lowest },
	{ "break_neg_unrequested", test_break_neg_unrequested },
	{ "gate_names_change", test_gate_names_change },
	{ "compatible_change", test_compatible },
	{ "resume", test_resume },
	{ "shards_merge", test_shards },
	{ "killed_runner", test_killed_runner },
	{ NULL, NULL },
};

static int setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/pvabi-gate-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void)
{
	sh("rm -rf '%s'", tmp);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "gate", cases, setup, teardown },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
