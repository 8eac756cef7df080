/* pvabi gate --stop-at-red: the first red cell stops the run. No other
 * cell starts after it, a cell still running is stopped with its whole
 * process group and leaves no file, the cells with the most checks run
 * first (fresh before frozen, the newest revision first), and every
 * report says the matrix is partial while the verdict stays red. A run
 * with no red cell runs every cell. The platform is a template that makes
 * chosen revisions red, slow or skipped, so no engine is needed. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char tmp[256];
static char out[1 << 16];

/* Revision 2.0 fails as soon as 1.3 has started (at most 10 s later),
 * 1.3 sleeps a minute (its pid kept in slow.pid), any other skips every
 * check. */
static const char script[] =
	"rev=$1 dir=$2\n"
	"case \"$rev\" in\n"
	"2.0) i=0; while [ ! -s \"$dir/slow.pid\" ] && [ $i -lt 100 ]; do sleep 0.1; "
	"i=$((i + 1)); done\n"
	"     echo 1..1; echo 'not ok 1 - seeded red'; exit 1 ;;\n"
	"1.3) echo $$ > \"$dir/slow.pid\"; exec sleep 60 ;;\n"
	"esac\n"
	"echo '1..0 # SKIP nothing here'; exit 5\n";

static int setup(void)
{
	char path[300];

	snprintf(tmp, sizeof(tmp), "/tmp/pvabi-stop-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(path, sizeof(path), "%s/platform.sh", tmp);
	return pvabi_test_write_file(path, script, 0644);
}

static int teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd);
}

/* extra: --resume, or NULL */
static int gate(const char *images, const char *res, const char *extra)
{
	char o[400], tmpl[700];
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), "pvabi"), "gate",
			       "--quiet", "--platforms", "current", "--images", images,
			       "--no-feature-axis", "--jobs", "2", "--stop-at-red", "--out", o,
			       "--engine-cmd", tmpl, extra, NULL };

	snprintf(o, sizeof(o), "%s/%s", tmp, res);
	snprintf(tmpl, sizeof(tmpl), "sh '%s/platform.sh' {revision} '%s' {image}", tmp, tmp);
	return pvabi_test_run(argv, out, sizeof(out));
}

static int exists(const char *res, const char *file)
{
	char path[600];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s/%s", tmp, res, file);
	return stat(path, &st) == 0;
}

static char *slurp(const char *res, const char *file)
{
	static char buf[1 << 15];
	char path[600];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", tmp, res, file);
	buf[0] = '\0';
	if ((f = fopen(path, "r"))) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* 2.0 runs first (the newest of the three) beside 1.3, is red at once:
 * 1.3 is stopped, 1.0 never starts. */
static void test_stops(void)
{
	time_t t0 = time(NULL);
	long pid;
	char path[300];
	FILE *f;

	CU_ASSERT_EQUAL(gate("1.0,1.3,2.0", "stop", NULL), 1);
	CU_ASSERT(time(NULL) - t0 < 30); /* 1.3's minute was cut short */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  cell 2.0~current~cmd: FAIL"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "partial matrix: 1 of 3 cells run, stopped at the "
					   "first red cell"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "gate: FAIL: 0 breaking rules, 1 of 3 cells not green, "
					   "0 skipped, 2 not run (stopped at the first red cell)"));
	CU_ASSERT_PTR_NULL(strstr(out, "cell 1.3~current~cmd:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(slurp("stop", "matrix.txt"), "partial matrix: 1 of 3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(slurp("stop", "matrix.txt"), "not-run"));
	CU_ASSERT_PTR_NOT_NULL(strstr(slurp("stop", "junit.xml"), "--stop-at-red"));
	CU_ASSERT(exists("stop", "cells/2.0~current~cmd.xml"));
	CU_ASSERT(!exists("stop", "cells/1.3~current~cmd.xml"));
	CU_ASSERT(!exists("stop", "cells/1.3~current~cmd.tap"));
	CU_ASSERT(!exists("stop", "cells/1.0~current~cmd.xml"));
	/* the slow cell's process is gone, not left running */
	snprintf(path, sizeof(path), "%s/slow.pid", tmp);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(path, "r"));
	CU_ASSERT_EQUAL(fscanf(f, "%ld", &pid), 1);
	fclose(f);
	CU_ASSERT(pid > 1 && kill((pid_t)pid, 0) == -1 && errno == ESRCH);
	/* resumed, the red cell it keeps stops the run before any other */
	unlink(path);
	CU_ASSERT_EQUAL(gate("1.0,1.3,2.0", "stop", "--resume"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "partial matrix: 1 of 3 cells run"));
	CU_ASSERT(access(path, F_OK) != 0); /* 1.3 did not start again */
	CU_ASSERT(!exists("stop", "cells/1.0~current~cmd.xml"));
}

/* No cell red (every one skips): every cell runs, nothing says partial. */
static void test_runs_all(void)
{
	CU_ASSERT_EQUAL(gate("1.0,1.1,1.2", "all", NULL), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "gate: INCOMPLETE: 0 breaking rules, 0 of 3 cells not "
					   "green, 3 skipped;"));
	CU_ASSERT_PTR_NULL(strstr(out, "partial"));
	CU_ASSERT(exists("all", "cells/1.0~current~cmd.xml"));
	CU_ASSERT(exists("all", "cells/1.1~current~cmd.xml"));
	CU_ASSERT(exists("all", "cells/1.2~current~cmd.xml"));
}

static const struct pvabi_test_case cases[] = {
	{ "stops_at_first_red", test_stops },
	{ "runs_all_without_red", test_runs_all },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "stop_at_red", cases, setup, teardown },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
