/* The synthetic spec generator and process timing shared by benches. */
#include "bench/synth.h"
#include "abi/canon.h"
#include "abi/load.h"
#include "util/afile.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int nops, nrevs;

static void gen_op(FILE *f, int i)
{
	int since = i % nrevs, dep = -1, rem = -1;

	/* Every 50th op of the first half is deprecated and later removed:
	 * the checker's removal path is exercised at scale. */
	if (i % 50 == 7 && since + 2 < nrevs) {
		dep = since + 1;
		rem = since + 2;
	}
	fprintf(f, "  <op name=\"op_%d\" id=\"%d\" since=\"1.%d\"", i, i + 1, since);
	if (dep >= 0)
		fprintf(f, " deprecated=\"1.%d\" removed=\"1.%d\"", dep, rem);
	if (i % 17 == 3)
		fprintf(f, " feature=\"feat_%d\"", since % 8);
	fprintf(f, ">\n    <doc>Synthetic operation %d.</doc>\n", i);
	fprintf(f, "    <arg name=\"a\" type=\"u64\"/>\n");
	fprintf(f, "    <arg name=\"b\" type=\"kind_%d\"/>\n", i % 20);
	if (i % 5 == 0)
		fprintf(f, "    <arg name=\"st\" type=\"rec_%d\" pass=\"out\"/>\n", i % 40);
	if (since + 1 < nrevs && i % 3 == 0)
		fprintf(f, "    <arg name=\"flags\" type=\"u32\" since=\"1.%d\" default=\"0\"/>\n",
			since + 1);
	fprintf(f, "    <ret type=\"s64\"/>\n    <raises error=\"EINVAL\"/>\n");
	fprintf(f, "    <vector args=\"a=1 b=0\" expect=\"ret&gt;=0\"/>\n  </op>\n");
}

static void gen_types(FILE *f)
{
	int i, v, r;

	for (i = 0; i < 20; i++) {
		fprintf(f, "  <enum name=\"kind_%d\" since=\"1.0\">\n", i);
		for (v = 0; v < 8; v++)
			fprintf(f, "    <value name=\"k%d\" value=\"%d\" since=\"1.%d\"/>\n", v, v,
				v < nrevs ? v : 0);
		fprintf(f, "  </enum>\n");
	}
	for (i = 0; i < 8; i++)
		fprintf(f, "  <feature name=\"feat_%d\" bit=\"%d\" since=\"1.0\"/>\n", i, i);
	for (i = 0; i < 40; i++) {
		fprintf(f, "  <struct name=\"rec_%d\" since=\"1.0\" size-guarded=\"true\">\n"
			   "    <field name=\"size\" type=\"u32\"/>\n"
			   "    <field name=\"x\" type=\"u64\"/>\n", i);
		for (r = 1; r < nrevs; r++)
			fprintf(f, "    <field name=\"f%d\" type=\"u64\" since=\"1.%d\"/>\n", r, r);
		fprintf(f, "  </struct>\n");
	}
}

/* Every error the generated dispatch returns. */
static const struct {
	const char *name;
	int value;
} errs[] = {
	{ "EINVAL", -22 }, { "EFAULT", -14 }, { "E2BIG", -7 }, { "ENOSYS", -38 },
	{ "ENOTNEGOTIATED", -1001 }, { "EREVISION", -1002 }, { "EREMOVED", -1003 },
	{ "ENOFEATURE", -1004 },
};

int synth_spec(const char *path, int n_ops, int n_revs)
{
	struct pvabi_afile a;
	FILE *f;
	int i;

	nops = n_ops;
	nrevs = n_revs;
	if (pvabi_afile_open(&a, path, NULL, 0))
		return -1;
	f = a.f;
	fprintf(f, "<?xml version=\"1.0\"?>\n<abi name=\"synth\" format=\"1\" default-convention=\"frame\">\n  <revisions>\n");
	for (i = 0; i < nrevs; i++)
		fprintf(f, "    <revision id=\"1.%d\"/>\n", i);
	fprintf(f, "  </revisions>\n  <conventions>\n    <convention name=\"frame\" kind=\"call-frame\" instruction=\"out\" port=\"0x2f8\"/>\n  </conventions>\n");
	fprintf(f, "  <errors>\n");
	for (i = 0; i < (int)(sizeof(errs) / sizeof(errs[0])); i++)
		fprintf(f, "    <error name=\"%s\" value=\"%d\" since=\"1.0\"/>\n", errs[i].name,
			errs[i].value);
	fprintf(f, "  </errors>\n");
	gen_types(f);
	for (i = 0; i < nops; i++)
		gen_op(f, i);
	fprintf(f, "</abi>\n");
	return pvabi_afile_commit(&a, NULL, 0);
}

/* Real fingerprints, so the check verifies every released revision. */
int synth_registry(const char *spec_path, const char *path, int n_revs)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load(spec_path, &d);
	char fp[PVABI_FINGERPRINT_LEN];
	struct pvabi_afile a;
	FILE *f;
	int i;

	nrevs = n_revs;
	if (!s) {
		pvabi_diag_print(&d, stderr);
		pvabi_diag_free(&d);
		return -1;
	}
	if (pvabi_afile_open(&a, path, NULL, 0)) {
		pvabi_spec_free(s);
		return -1;
	}
	f = a.f;
	fprintf(f, "<abi-versions abi=\"synth\" format=\"1\">\n  <support-window from=\"1.0\" to=\"1.%d\"/>\n",
		nrevs - 1);
	for (i = 0; i < nrevs; i++) {
		if (i == nrevs - 1) {
			fprintf(f, "  <revision id=\"1.%d\" status=\"draft\"/>\n", i);
			continue;
		}
		pvabi_fingerprint(s, i, fp, sizeof(fp));
		fprintf(f, "  <revision id=\"1.%d\" status=\"released\" fingerprint=\"%s\"/>\n", i, fp);
	}
	fprintf(f, "</abi-versions>\n");
	pvabi_spec_free(s);
	return pvabi_afile_commit(&a, NULL, 0);
}

/* timeout (seconds, 0 for none) is an alarm the child keeps across exec:
 * a run past it ends by SIGALRM. */
static int run_cmd(char *const argv[], unsigned int timeout, struct run *r)
{
	struct timespec a, b;
	struct rusage ru;
	pid_t pid;
	int st;

	fflush(NULL); /* or the child's freopen flushes our buffer a second time */
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(127);
		alarm(timeout);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	r->wall = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	r->cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	r->maxrss_kib = ru.ru_maxrss;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}

/* Best of n runs: the least disturbed by the rest of the machine. */
int synth_best_of(int n, char *const argv[], struct run *best)
{
	return synth_best_within(n, 0, argv, best);
}

int synth_best_within(int n, unsigned int timeout, char *const argv[],
		      struct run *best)
{
	struct run r;
	int i;

	for (i = 0; i < n; i++) {
		if (run_cmd(argv, timeout, &r))
			return -1;
		if (i == 0 || r.wall < best->wall)
			*best = r;
		if (timeout && r.status == 128 + SIGALRM)
			break; /* a run past the limit is not run again */
	}
	return 0;
}

