/* pvabi check: the spec's history and its registry.
 * (--against: and against an earlier spec, from a file or git)
 * pvabi diff: two versions of a spec file. */
#include "cli/against.h"
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "abi/check.h"
#include "abi/coverage.h"
#include "abi/xmlload.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

struct check_opts {
	const char *spec, *registry, *against;
	int json, all, strict;
};

static int report(struct pvabi_findings *f, const struct check_opts *o)
{
	size_t brk;

	if (f->oom) {
		fprintf(stderr, "%s: out of memory\n", pvabi_progname);
		return PVABI_EXIT_USAGE;
	}
	pvabi_findings_sort(f);
	brk = pvabi_findings_count(f, PVABI_SEV_BREAKING);
	if (o->json) {
		pvabi_findings_json(f, stdout);
	} else {
		pvabi_findings_print(f, stdout, o->all);
		if (f->coverage_folded)
			printf("OUTPUT_UNCHECKED: %zu unchecked outputs folded into one warning per op "
			       "(--all or --json lists each output and revision)\n",
			       f->coverage_folded);
		printf("%zu breaking, %zu waived, %zu warnings, %zu compatible changes\n",
		       brk, pvabi_findings_count(f, PVABI_SEV_WAIVED),
		       pvabi_findings_count(f, PVABI_SEV_WARNING),
		       pvabi_findings_count(f, PVABI_SEV_COMPAT));
	}
	if (o->strict && pvabi_findings_count(f, PVABI_SEV_WARNING))
		return PVABI_EXIT_BREAKING;
	return brk ? PVABI_EXIT_BREAKING : PVABI_EXIT_OK;
}

static int parse(int argc, char **argv, struct check_opts *o, const char *cmd)
{
	static const struct option lo[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "all", no_argument, NULL, 'a' },
		{ "against", required_argument, NULL, 'A' },
		{ "strict", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:r:jahA:S", lo, NULL)) != -1) {
		switch (c) {
		case 's': o->spec = optarg; break;
		case 'r': o->registry = optarg; break;
		case 'j': o->json = 1; break;
		case 'a': o->all = 1; break;
		case 'A':
			if (strcmp(cmd, "check"))
				goto bad;
			o->against = optarg;
			break;
		case 'S':
			if (strcmp(cmd, "check"))
				goto bad;
			o->strict = 1;
			break;
		case 'h': pvabi_help_cmd(stdout, cmd); return 1;
		default:
		bad:
			pvabi_help_usage_cmd(stderr, cmd);
			return -1;
		}
	}
	return 0;
}

int pvabi_cmd_check(int argc, char **argv)
{
	struct check_opts o = { PVABI_DEFAULT_SPEC, PVABI_DEFAULT_REGISTRY, NULL, 0, 0, 0 };
	struct pvabi_findings f = { 0 };
	struct pvabi_spec *s, *old = NULL;
	struct pvabi_registry *r;
	int rc = parse(argc, argv, &o, "check");

	if (rc)
		return rc > 0 ? PVABI_EXIT_OK : PVABI_EXIT_USAGE;
	pvabi_xml_set_strict(o.strict);
	if (optind != argc) {
		pvabi_help_usage_cmd(stderr, "check");
		return PVABI_EXIT_USAGE;
	}
	s = cli_load_spec(o.spec);
	r = s ? cli_load_registry(o.registry) : NULL;
	if (s && r && o.against)
		old = cli_against_load(o.against, o.spec);
	if (!s || !r || (o.against && !old)) {
		pvabi_spec_free(s);
		pvabi_registry_free(r);
		return PVABI_EXIT_USAGE;
	}
	f.coverage_all = o.all || o.json;
	f.compat_count_only = !o.all && !o.json;
	pvabi_check_history(s, &f);
	pvabi_check_registry(s, r, &f);
	if (old)
		pvabi_check_against(old, s, &f);
	pvabi_check_coverage(s, &f);
	pvabi_check_waivers(s, &f);
	rc = report(&f, &o);
	pvabi_findings_free(&f);
	pvabi_spec_free(old);
	pvabi_spec_free(s);
	pvabi_registry_free(r);
	return rc;
}

int pvabi_cmd_diff(int argc, char **argv)
{
	struct check_opts o = { NULL, NULL, NULL, 0, 1, 0 };
	struct pvabi_findings f = { 0 };
	struct pvabi_spec *a, *b;
	int rc = parse(argc, argv, &o, "diff");

	if (rc)
		return rc > 0 ? PVABI_EXIT_OK : PVABI_EXIT_USAGE;
	if (argc - optind != 2) {
		pvabi_help_usage_cmd(stderr, "diff");
		return PVABI_EXIT_USAGE;
	}
	a = cli_load_spec(argv[optind]);
	b = cli_load_spec(argv[optind + 1]);
	if (!a || !b) {
		pvabi_spec_free(a);
		pvabi_spec_free(b);
		return PVABI_EXIT_USAGE;
	}
	pvabi_check_diff(a, b, &f);
	pvabi_check_waivers(b, &f);
	rc = report(&f, &o);
	pvabi_findings_free(&f);
	pvabi_spec_free(a);
	pvabi_spec_free(b);
	return rc;
}
