/* pvabi gen: guest stubs for one revision, platform dispatch for the
 * support window, conformance suites, the manual, or the small error and
 * alias headers of programs written for several ABIs. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "abi/check.h"
#include "emit/emit.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct gen_opts {
	const char *spec, *registry, *target, *rev, *out, *file, *symbol;
	const char **aliases;
	size_t naliases;
};

static const char *const targets[] = {
	"guest", "platform", "docs", "skeleton", "conformance", "errors", "alias", "crosscheck",
	NULL,
};

static int target_known(const char *t)
{
	size_t i;

	for (i = 0; t && targets[i]; i++)
		if (!strcmp(t, targets[i]))
			return 1;
	return 0;
}

static int parse(int argc, char **argv, struct gen_opts *o)
{
	static const struct option lo[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "target", required_argument, NULL, 't' },
		{ "rev", required_argument, NULL, 'R' },
		{ "output", required_argument, NULL, 'o' },
		{ "file", required_argument, NULL, 'f' },
		{ "symbol", required_argument, NULL, 'S' },
		{ "alias", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:r:t:R:o:h", lo, NULL)) != -1) {
		switch (c) {
		case 's': o->spec = optarg; break;
		case 'r': o->registry = optarg; break;
		case 't': o->target = optarg; break;
		case 'R': o->rev = optarg; break;
		case 'o': o->out = optarg; break;
		case 'f': o->file = optarg; break;
		case 'S': o->symbol = optarg; break;
		case 'a': o->aliases[o->naliases++] = optarg; break;
		case 'h': pvabi_help_cmd(stdout, "gen"); return 1;
		default: pvabi_help_usage_cmd(stderr, "gen"); return -1;
		}
	}
	if (optind != argc || !o->out || !target_known(o->target)) {
		pvabi_help_usage_cmd(stderr, "gen");
		return -1;
	}
	return 0;
}

static int breaking(struct pvabi_spec *s, const struct pvabi_registry *r)
{
	struct pvabi_findings f = { 0 };
	size_t n;

	pvabi_check_history(s, &f);
	pvabi_check_registry(s, r, &f);
	pvabi_check_waivers(s, &f);
	pvabi_findings_sort(&f);
	n = pvabi_findings_count(&f, PVABI_SEV_BREAKING) + (size_t)f.oom;
	if (n) {
		pvabi_findings_print(&f, stderr, 0);
		fprintf(stderr, "%s: not generating: %zu breaking findings\n", pvabi_progname, n);
	}
	pvabi_findings_free(&f);
	return n != 0;
}

static int run(struct gen_opts *o, struct pvabi_spec *s, struct pvabi_registry *r)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_gen g = { .spec = s, .reg = r, .spec_name = o->spec,
			       .rev = (int)s->nrevs - 1, .outdir = o->out, .d = &d,
			       .file = o->file, .symbol = o->symbol, .aliases = o->aliases,
			       .naliases = o->naliases };
	int rc;

	if (o->rev && (g.rev = pvabi_spec_rev(s, o->rev)) < 0) {
		fprintf(stderr, "%s: revision '%s' is not defined in %s\n", pvabi_progname,
			o->rev, o->spec);
		return PVABI_EXIT_USAGE;
	}
	if (breaking(s, r))
		return PVABI_EXIT_BREAKING;
	if (mkdir(o->out, 0777) && errno != EEXIST) {
		fprintf(stderr, "%s: cannot create %s: %s\n", pvabi_progname, o->out,
			strerror(errno));
		return PVABI_EXIT_USAGE;
	}
	if (!strcmp(o->target, "guest"))
		rc = pvabi_emit_guest(&g);
	else if (!strcmp(o->target, "platform"))
		rc = pvabi_emit_platform(&g);
	else if (!strcmp(o->target, "conformance"))
		rc = pvabi_emit_conformance(&g);
	else if (!strcmp(o->target, "skeleton"))
		rc = pvabi_emit_skeleton(&g);
	else if (!strcmp(o->target, "errors"))
		rc = pvabi_emit_errors(&g);
	else if (!strcmp(o->target, "alias"))
		rc = pvabi_emit_alias(&g);
	else if (!strcmp(o->target, "crosscheck"))
		rc = pvabi_emit_crosscheck(&g);
	else
		rc = pvabi_emit_docs(&g);
	pvabi_diag_print(&d, stderr);
	pvabi_diag_free(&d);
	return rc ? PVABI_EXIT_USAGE : PVABI_EXIT_OK;
}

int pvabi_cmd_gen(int argc, char **argv)
{
	struct gen_opts o = { PVABI_DEFAULT_SPEC, PVABI_DEFAULT_REGISTRY, NULL, NULL, NULL,
			      NULL, NULL, NULL, 0 };
	struct pvabi_registry *r = NULL;
	struct pvabi_spec *s = NULL;
	int rc;

	/* at most one alias per argument */
	if (!(o.aliases = calloc((size_t)argc + 1, sizeof(*o.aliases)))) {
		fprintf(stderr, "%s: out of memory\n", pvabi_progname);
		return PVABI_EXIT_USAGE;
	}
	rc = parse(argc, argv, &o);
	if (rc) {
		free(o.aliases);
		return rc > 0 ? PVABI_EXIT_OK : PVABI_EXIT_USAGE;
	}
	rc = PVABI_EXIT_USAGE;
	if ((s = cli_load_spec(o.spec)) && (r = cli_load_registry(o.registry)))
		rc = run(&o, s, r);
	pvabi_registry_free(r);
	pvabi_spec_free(s);
	free(o.aliases);
	return rc;
}
