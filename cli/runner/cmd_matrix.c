/* pvabi matrix: plan, predict, run and report the compatibility matrix. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "cli/runner/runner.h"
#include "conformance/engine_cmd.h"
#include "conformance/report.h"
#include "conformance/result_io.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse_shard(const char *s, struct pvabi_matrix_opts *o)
{
	char *end;
	unsigned long k = strtoul(s, &end, 10), n;

	if (end == s || *end != '/')
		return -1;
	n = strtoul(end + 1, &end, 10);
	if (*end || k < 1 || n < 1 || k > n || n > 100000)
		return -1;
	o->shard_k = (unsigned int)k;
	o->shard_n = (unsigned int)n;
	return 0;
}

static int parse_jobs(const char *s, unsigned int *jobs)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (end == s || *end || v < 1 || v > 64)
		return -1;
	*jobs = (unsigned int)v;
	return 0;
}

static int bad(const char *opt, const char *val, const char *want)
{
	fprintf(stderr, "%s matrix: %s '%s': %s\n", pvabi_progname, opt, val, want);
	return -1;
}

/* Whole milliseconds, as every engine counts them; below one, refused. */
static int parse_timeout(const char *s, struct pvabi_matrix_opts *o)
{
	unsigned int ms;
	char why[256];

	if (pvabi_engine_parse_timeout(s, &ms, why, sizeof(why))) {
		fprintf(stderr, "%s matrix: --%s\n", pvabi_progname, why);
		return -1;
	}
	o->timeout_s = ms / 1000.0;
	return 0;
}

static int parse_opt(int ch, struct pvabi_matrix_cli *c)
{
	struct pvabi_matrix_opts *o = &c->o;

	switch (ch) {
	case 'e': c->engines = optarg; return 0;
	case 'E': o->engine_cmd = optarg; return 0;
	case 'j': return parse_jobs(optarg, &o->jobs) ? bad("--jobs", optarg, "want 1 to 64") : 0;
	case 't':
		return parse_timeout(optarg, o);
	case 'o': o->out = optarg; return 0;
	case 'R': o->resume = 1; return 0;
	case 'f': o->fresh = 1; return 0;
	case 'S': return parse_shard(optarg, o) ? bad("--shard", optarg, "want K/N, 1 <= K <= N") : 0;
	case 'l': c->list = 1; return 0;
	case 'P': o->platforms = optarg; return 0;
	case 'I': o->images = optarg; return 0;
	case 'F': o->fixtures = optarg; return 0;
	case 'D': o->draft_dir = optarg; return 0;
	case 's': o->spec = optarg; return 0;
	case 'r': o->registry = optarg; return 0;
	case 'q': c->quiet = 1; return 0;
	case 'n': o->no_feature_axis = 1; return 0;
	case 'x': o->stop_at_red = 1; return 0;
	case 'h': c->help = 1; return 0;
	}
	return -1;
}

int pvabi_matrix_parse(int argc, char **argv, struct pvabi_matrix_cli *c)
{
	static const struct option lo[] = {
		{ "engine", required_argument, NULL, 'e' },
		{ "engine-cmd", required_argument, NULL, 'E' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "resume", no_argument, NULL, 'R' },
		{ "fresh", no_argument, NULL, 'f' },
		{ "shard", required_argument, NULL, 'S' },
		{ "list", no_argument, NULL, 'l' },
		{ "platforms", required_argument, NULL, 'P' },
		{ "images", required_argument, NULL, 'I' },
		{ "fixtures", required_argument, NULL, 'F' },
		{ "images-dir", required_argument, NULL, 'D' },
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-feature-axis", no_argument, NULL, 'n' },
		{ "stop-at-red", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int ch;

	memset(c, 0, sizeof(*c));
	c->engines = "auto";
	c->o.spec = PVABI_DEFAULT_SPEC;
	c->o.registry = PVABI_DEFAULT_REGISTRY;
	c->out_name = "matrix";
	c->o.timeout_s = 60;
	c->o.jobs = cores < 1 ? 1 : cores > 64 ? 64 : (unsigned int)cores;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1)
		if (parse_opt(ch, c))
			return -1;
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", pvabi_progname, argv[optind]);
		return -1;
	}
	return 0;
}

/* The --engine list as given, each name known but none probed: what
 * planning needs to judge the input, so that bad input exits 2 whatever
 * engines this host has (docs/exit-codes.md). */
static char engine_names[PVABI_MATRIX_MAX_ENGINES][32];

static int name_engines(struct pvabi_matrix_cli *c)
{
	char list[256], why[512], *tok, *save = NULL;
	const struct pvabi_engine *e;

	c->o.nengines = 0;
	if (c->o.engine_cmd) {
		if (pvabi_engine_cmd_check(c->o.engine_cmd, why, sizeof(why)) == 0)
			return 0;
		fprintf(stderr, "%s: %s\n", pvabi_progname, why);
		return -EINVAL;
	}
	snprintf(list, sizeof(list), "%s", c->engines);
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (c->o.nengines == PVABI_MATRIX_MAX_ENGINES)
			return bad("--engine", c->engines, "too many engines") ? -EINVAL : 0;
		if (pvabi_runner_engine_known(tok, &e, why, sizeof(why))) {
			fprintf(stderr, "%s: %s\n", pvabi_progname, why);
			return -EINVAL;
		}
		/* Its guests talk to Xen, never to the reference platform
		 * whose images make these rows: refused wherever it works. */
		if (e && e->real_hypervisor)
			return bad("--engine", tok, "boots a real hypervisor, not the reference "
				   "platform: use it with 'pvabi run --engine xen'") ? -EINVAL : 0;
		snprintf(engine_names[c->o.nengines], sizeof(engine_names[0]), "%s", tok);
		c->o.engines[c->o.nengines] = engine_names[c->o.nengines];
		c->o.nengines++;
	}
	return c->o.nengines ? 0 : -EINVAL;
}

/* Each named engine probed, "auto" replaced by the engine it picks:
 * 0 (*renamed when a name changed), or -ENODEV said. */
static int probe_engines(struct pvabi_matrix_cli *c, FILE *info, int *renamed)
{
	const struct pvabi_engine *e;
	char why[512];
	size_t i;

	*renamed = 0;
	for (i = 0; !c->o.engine_cmd && i < c->o.nengines; i++) {
		if (pvabi_runner_engine(engine_names[i], &e, why, sizeof(why))) {
			fprintf(stderr, "%s: engine unavailable: %s\n", pvabi_progname, why);
			return -ENODEV;
		}
		if (info && !strcmp(engine_names[i], "auto")) {
			fprintf(info, "engine: %s\n", why);
			fflush(info); /* before the progress lines on stderr */
		}
		if (strcmp(engine_names[i], e->name)) {
			snprintf(engine_names[i], sizeof(engine_names[0]), "%s", e->name);
			*renamed = 1;
		}
	}
	return 0;
}

/* Defaults that depend on the registry and on where this program lives.
 * The results go to the build directory, where `make matrix` and `make
 * gate` put theirs: a run from the source tree leaves nothing in it but
 * build output, and each build (O=build-asan) keeps its own. */
static int fill_paths(struct pvabi_matrix_cli *c, const struct pvabi_registry *r)
{
	static char fixtures[1024], drafts[PATH_MAX + 64], out[PATH_MAX + 64], self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char build[PATH_MAX];

	if (n <= 0 || cli_build_dir(build, sizeof(build)))
		return -1;
	self[n] = '\0';
	c->o.self = self;
	if (!c->o.fixtures) {
		snprintf(fixtures, sizeof(fixtures), "fixtures/guests/%s", r->abi);
		c->o.fixtures = fixtures;
	}
	if (!c->o.draft_dir) {
		snprintf(drafts, sizeof(drafts), "%s/guest/%s", build, r->abi);
		c->o.draft_dir = drafts;
	}
	if (!c->o.out) {
		struct stat st;

		/* An installed program run outside a tree has no build
		 * directory: it reports where it always did, beside the caller. */
		if (stat(build, &st) || !S_ISDIR(st.st_mode))
			snprintf(out, sizeof(out), "matrix-results");
		else
			snprintf(out, sizeof(out), "%s/%s", build, c->out_name);
		c->o.out = out;
	}
	return 0;
}

/* The input is planned, and so judged, before any engine is probed;
 * a plan whose engine names "auto" picked is made again with them. */
int pvabi_matrix_prepare(struct pvabi_matrix_cli *c, struct pvabi_matrix *m, FILE *info)
{
	struct pvabi_spec *s = cli_load_spec(c->o.spec);
	struct pvabi_registry *r = s ? cli_load_registry(c->o.registry) : NULL;
	char err[1400];
	int rc = PVABI_MATRIX_EXIT_USAGE, renamed = 0;

	if (!s || !r || fill_paths(c, r) || name_engines(c))
		goto out;
	if (pvabi_matrix_plan(&c->o, s, r, m, err, sizeof(err)))
		goto said;
	if (probe_engines(c, info, &renamed)) {
		pvabi_matrix_free(m);
		rc = PVABI_MATRIX_EXIT_UNAVAILABLE;
		goto out;
	}
	if (renamed) {
		pvabi_matrix_free(m);
		if (pvabi_matrix_plan(&c->o, s, r, m, err, sizeof(err)))
			goto said;
	}
	rc = 0;
	goto out;
said:
	fprintf(stderr, "%s: %s\n", pvabi_progname, err);
out:
	pvabi_registry_free(r);
	pvabi_spec_free(s);
	return rc;
}

/* One run per results directory; the last run's reports go first, so an
 * interrupted rerun never leaves a stale summary that looks current. */
int pvabi_matrix_execute(struct pvabi_matrix_cli *c, struct pvabi_matrix *m,
			 struct pvabi_cell_result **res)
{
	char err[4400];
	int lock, rc = 0;

	*res = NULL;
	if ((lock = pvabi_matrix_lock(c->o.out, err, sizeof(err))) < 0) {
		fprintf(stderr, "%s: %s\n", pvabi_progname, err);
		return PVABI_MATRIX_EXIT_USAGE;
	}
	/* An interrupted run writes no reports: the finished cells are kept
	 * for --resume, and a matrix with holes is not a result. */
	if (pvabi_report_remove_all(c->o.out, err, sizeof(err)) ||
	    pvabi_matrix_run(&c->o, m, c->quiet ? NULL : stderr, err, sizeof(err)) ||
	    pvabi_matrix_collect(&c->o, m, res, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", pvabi_progname, err);
		rc = PVABI_MATRIX_EXIT_INTERRUPTED;
	} else if (pvabi_report_write_all(c->o.out, *res, m->n, err, sizeof(err))) {
		fprintf(stderr, "%s: reports: %s\n", pvabi_progname, err);
		rc = PVABI_MATRIX_EXIT_INTERRUPTED;
	}
	pvabi_matrix_unlock(lock);
	return rc;
}

int pvabi_matrix_worst(const struct pvabi_cell_result *res, size_t n)
{
	int worst = PVABI_V_PASS;
	size_t i;

	for (i = 0; i < n; i++)
		if ((int)res[i].verdict > worst)
			worst = (int)res[i].verdict;
	return worst;
}

int pvabi_cmd_matrix(int argc, char **argv)
{
	struct pvabi_matrix_cli c;
	struct pvabi_cell_result *res = NULL;
	struct pvabi_matrix m;
	int rc;

	if (pvabi_matrix_parse(argc, argv, &c)) {
		pvabi_help_usage_cmd(stderr, "matrix");
		return PVABI_MATRIX_EXIT_USAGE;
	}
	if (c.help)
		return pvabi_help_cmd(stdout, "matrix") ? PVABI_MATRIX_EXIT_USAGE : 0;
	if ((rc = pvabi_matrix_prepare(&c, &m, c.list ? NULL : stdout)))
		return rc;
	if (c.list) {
		pvabi_matrix_list(stdout, &m);
		pvabi_matrix_free(&m);
		return 0;
	}
	rc = pvabi_matrix_execute(&c, &m, &res);
	if (!rc) {
		pvabi_report_table(stdout, res, m.n, -1);
		printf("reports: %s/matrix.txt %s/junit.xml %s/results.json %s/index.html\n",
		       c.o.out, c.o.out, c.o.out, c.o.out);
		rc = pvabi_matrix_worst(res, m.n) > PVABI_V_SKIP ? PVABI_MATRIX_EXIT_RED : 0;
	}
	pvabi_results_free(res, m.n);
	pvabi_matrix_free(&m);
	return rc;
}
