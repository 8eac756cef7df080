/* pvabi show: one revision's view, as the canonical lines its
 * fingerprint is computed over, with its registry status. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "abi/canon.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void header(const struct pvabi_spec *s, const struct pvabi_registry *r,
		   int rev, const char *fp)
{
	int ri = r ? pvabi_registry_find(r, s->revs[rev].id) : -1;

	printf("# abi %s revision %s (%s)\n", s->name, s->revs[rev].id,
	       ri >= 0 ? pvabi_status_name(r->revs[ri].status) : "unregistered");
	printf("# fingerprint %s", fp);
	if (ri >= 0 && r->revs[ri].fingerprint)
		printf(" (registry: %s)", strcmp(r->revs[ri].fingerprint, fp)
						  ? "MISMATCH" : "matches");
	printf("\n# %zu ops, %zu structs, %zu enums, %zu features in the spec's whole history\n",
	       s->nops, s->nstructs, s->nenums, s->nfeatures);
}

int pvabi_cmd_show(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "rev", required_argument, NULL, 'R' },
		{ "fingerprint", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *spec = PVABI_DEFAULT_SPEC, *reg = PVABI_DEFAULT_REGISTRY, *rid = NULL;
	char fp[PVABI_FINGERPRINT_LEN];
	struct pvabi_registry *r = NULL;
	struct pvabi_canon c;
	struct pvabi_spec *s;
	int ch, only_fp = 0, rev, rc = PVABI_EXIT_USAGE;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "s:r:R:fh", lo, NULL)) != -1) {
		switch (ch) {
		case 's': spec = optarg; break;
		case 'r': reg = optarg; break;
		case 'R': rid = optarg; break;
		case 'f': only_fp = 1; break;
		case 'h': pvabi_help_cmd(stdout, "show"); return PVABI_EXIT_OK;
		default: pvabi_help_usage_cmd(stderr, "show"); return PVABI_EXIT_USAGE;
		}
	}
	if (optind != argc || !(s = cli_load_spec(spec))) {
		if (optind != argc)
			pvabi_help_usage_cmd(stderr, "show");
		return PVABI_EXIT_USAGE;
	}
	rev = rid ? pvabi_spec_rev(s, rid) : (int)s->nrevs - 1;
	if (rev < 0) {
		fprintf(stderr, "%s: revision '%s' is not defined in %s\n",
			pvabi_progname, rid, spec);
		goto out;
	}
	if (pvabi_fingerprint(s, rev, fp, sizeof(fp)) || pvabi_canon_build(s, rev, &c))
		goto out;
	if (only_fp) {
		printf("%s\n", fp);
	} else {
		/* The registry is optional here: it only adds the status. */
		if (access(reg, R_OK) == 0)
			r = cli_load_registry(reg);
		header(s, r, rev, fp);
		pvabi_canon_print(&c, stdout);
	}
	pvabi_canon_free(&c);
	rc = PVABI_EXIT_OK;
out:
	pvabi_registry_free(r);
	pvabi_spec_free(s);
	return rc;
}
