/* pvabi gate --xen PATH: the release verdict of a Xen build. The checker
 * on the Xen spec and its registry, then the Xen matrix (ci/xen-matrix,
 * run from the source tree like the fixtures it boots) with the build as
 * the candidate column beside the cached Debian releases. A file that is
 * not a bootable Xen is the harness's ERROR, refused before anything
 * boots; a Xen that boots and serves less than the newest cached release
 * (a refusal, a panic, a hang) is the build's FAILURE. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "cli/runner/runner.h"
#include "conformance/engine.h"
#include "conformance/xen_build.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define XEN_MATRIX "ci/xen-matrix"

struct xen_gate {
	const char *xen, *spec, *registry, *jobs, *out;
	int help;
};

static int xen_gate_parse(int argc, char **argv, struct xen_gate *g)
{
	static const struct option lo[] = {
		{ "xen", required_argument, NULL, 'x' },
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(g, 0, sizeof(*g));
	g->spec = "spec/xen.xml";
	g->registry = "spec/xen-versions.xml";
	g->jobs = "2";
	g->out = "build/xen-gate";
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'x': g->xen = optarg; break;
		case 's': g->spec = optarg; break;
		case 'r': g->registry = optarg; break;
		case 'j': g->jobs = optarg; break;
		case 'o': g->out = optarg; break;
		case 'h': g->help = 1; break;
		default: return -1;
		}
	}
	if (optind != argc || (!g->xen && !g->help))
		return -1;
	if (strspn(g->jobs, "0123456789") != strlen(g->jobs) || atoi(g->jobs) < 1) {
		fprintf(stderr, "%s gate: --jobs %s: not a count\n", pvabi_progname, g->jobs);
		return -1;
	}
	return 0;
}

/* The harness's own refusal of the candidate: 0, or -1 said. */
static int xen_gate_build_ok(const char *path)
{
	char why[PATH_MAX + 160] = "";
	int fd = -1;

	if (pvabi_xen_open(path, &fd, why, sizeof(why)) == 0) {
		int rc = pvabi_xen_check(fd, path, why, sizeof(why));

		close(fd);
		if (rc == 0)
			return 0;
	}
	printf("gate: ERROR (harness, not the build under test): --xen: %s\n", why);
	return -1;
}

/* The Xen matrix predicts from the xen ABI's registry only: 0, or -1
 * said. */
static int xen_gate_registry_ok(const char *path)
{
	struct pvabi_registry *r = cli_load_registry(path);
	int ok = r && !strcmp(r->abi, "xen");

	if (r && !ok)
		printf("gate: ERROR: --xen gates a Xen build: %s is the %s ABI's registry, not xen's\n",
		       path, r->abi);
	pvabi_registry_free(r);
	return ok ? 0 : -1;
}

/* ci/xen-matrix with the candidate: its exit code, or -1 when it could
 * not run or was killed. */
static int xen_gate_matrix(const struct xen_gate *g)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	const char *argv[] = { XEN_MATRIX, "--xen", g->xen, "--spec", g->spec,
			       "--registry", g->registry, "--jobs", g->jobs,
			       "--out", g->out, "--pvabi", self, NULL };
	int status;
	pid_t pid;

	if (n <= 0 || access(XEN_MATRIX, X_OK)) {
		printf("gate: ERROR: %s: run pvabi gate --xen from the source tree\n", XEN_MATRIX);
		return -1;
	}
	self[n] = '\0';
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execv(XEN_MATRIX, (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static const char *xen_gate_says(int m)
{
	switch (m) {
	case 0: return "every cell as the spec predicts";
	case 1: return "a cell differs from the spec's prediction";
	case 3: return "the candidate serves fewer images than the newest cached release";
	default: return "the matrix could not run (harness error)";
	}
}

int pvabi_gate_xen(int argc, char **argv)
{
	struct pvabi_gate_spec s;
	struct xen_gate g;
	char why[512];
	size_t rules;
	int m, rc;

	if (xen_gate_parse(argc, argv, &g)) {
		pvabi_help_usage_cmd(stderr, "gate");
		return PVABI_MATRIX_EXIT_USAGE;
	}
	if (g.help)
		return pvabi_help_cmd(stdout, "gate") ? PVABI_MATRIX_EXIT_USAGE : 0;
	/* every input judged before the engine is probed: bad input exits
	 * 2 whatever this host has */
	if (xen_gate_build_ok(g.xen) || xen_gate_registry_ok(g.registry))
		return PVABI_MATRIX_EXIT_USAGE;
	printf("spec check (%s, %s):\n", g.spec, g.registry);
	rules = pvabi_gate_check(g.spec, g.registry, &s);
	rc = s.invalid;
	pvabi_gate_spec_free(&s);
	if (rc)
		return PVABI_MATRIX_EXIT_USAGE;
	/* the candidate is a build to boot even where no release is cached */
	setenv("PVABI_XEN", g.xen, 1);
	if (pvabi_engine_xen.probe(why, sizeof(why))) {
		printf("gate: no engine: %s\n", why);
		return PVABI_MATRIX_EXIT_UNAVAILABLE;
	}
	m = xen_gate_matrix(&g);
	rc = m == 0 && !rules ? PVABI_MATRIX_EXIT_GREEN
	     : m == 0 || m == 1 || m == 3 ? PVABI_MATRIX_EXIT_RED : PVABI_MATRIX_EXIT_USAGE;
	printf("gate: %s: %zu breaking rule%s; xen matrix: %s; reports in %s\n",
	       rc == 0 ? "PASS" : rc == PVABI_MATRIX_EXIT_RED ? "FAIL" : "ERROR", rules,
	       rules == 1 ? "" : "s", xen_gate_says(m), g.out);
	return rc;
}
