/* pvabi gen: guest stubs for one revision, platform dispatch for the
 * support window, or the manual. */
#include "cli/commands.h"
#include "cli/load.h"
#include "abi/check.h"
#include "emit/emit.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"usage: pvabi gen --target guest|conformance|platform|skeleton|docs [--rev R] -o DIR\n"
	"                 [--spec FILE] [--registry FILE]\n"
	"  guest     DIR/<abi>_guest.h: types, constants and call stubs of revision R\n"
	"  conformance DIR/<abi>_conformance.c: the ops and vectors a guest\n"
	"            image of revision R runs, resolved per revision up to R\n"
	"  platform  DIR/<abi>_platform.h, <abi>_dispatch.c: dispatch for every\n"
	"            revision of the registry's support window\n"
	"  skeleton  DIR/<abi>_skeleton.c: every handler forwarding to one\n"
	"            function, <abi>_skeleton_call(): a new platform's start\n"
	"  docs      DIR/<abi>-<R>.md and .html: the reference manual of revision R\n"
	"  R defaults to the newest revision. Generation is refused while the\n"
	"  spec has breaking findings. Output appears only when complete.\n"
	"  Exit: 0 generated, 1 breaking findings, 2 usage or invalid input.\n";

struct gen_opts {
	const char *spec, *registry, *target, *rev, *out;
};

static int parse(int argc, char **argv, struct gen_opts *o)
{
	static const struct option lo[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "target", required_argument, NULL, 't' },
		{ "rev", required_argument, NULL, 'R' },
		{ "output", required_argument, NULL, 'o' },
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
		case 'h': printf("%s", usage); return 1;
		default: fprintf(stderr, "%s", usage); return -1;
		}
	}
	if (optind != argc || !o->target || !o->out ||
	    (strcmp(o->target, "guest") && strcmp(o->target, "platform") &&
	     strcmp(o->target, "docs") && strcmp(o->target, "skeleton") &&
	     strcmp(o->target, "conformance"))) {
		fprintf(stderr, "%s", usage);
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
	struct pvabi_gen g = { s, r, o->spec, (int)s->nrevs - 1, o->out, &d };
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
	else
		rc = pvabi_emit_docs(&g);
	pvabi_diag_print(&d, stderr);
	pvabi_diag_free(&d);
	return rc ? PVABI_EXIT_USAGE : PVABI_EXIT_OK;
}

int pvabi_cmd_gen(int argc, char **argv)
{
	struct gen_opts o = { PVABI_DEFAULT_SPEC, PVABI_DEFAULT_REGISTRY, NULL, NULL, NULL };
	struct pvabi_registry *r = NULL;
	struct pvabi_spec *s = NULL;
	int rc = parse(argc, argv, &o);

	if (rc)
		return rc > 0 ? PVABI_EXIT_OK : PVABI_EXIT_USAGE;
	rc = PVABI_EXIT_USAGE;
	if ((s = cli_load_spec(o.spec)) && (r = cli_load_registry(o.registry)))
		rc = run(&o, s, r);
	pvabi_registry_free(r);
	pvabi_spec_free(s);
	return rc;
}
