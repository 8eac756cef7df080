/* pvabi show: one revision's view, as the canonical lines its
 * fingerprint is computed over, with its registry status. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "abi/canon.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* " (registry: ...)" for the fingerprint fp of generation gen: against
 * the recorded one, moved by the registry's corrections. */
static void against(const struct pvabi_registry *r, int ri, int gen, const char *fp)
{
	const char *want = ri >= 0 ? pvabi_registry_current(r, (size_t)ri, gen) : NULL;

	/* a corrected description matches where the correction moved it */
	if (want)
		printf(" (registry: %s%s)", strcmp(want, fp) ? "MISMATCH" : "matches",
		       strcmp(want, pvabi_registry_fingerprint(r, (size_t)ri, gen))
		       ? ", as corrected" : "");
	else if (r && ri >= 0 && pvabi_status_frozen(r->revs[ri].status))
		printf(" (registry: not recorded)");
}

/* After gen: the next generation the registry records, else the spec's
 * newest if above gen, else 0. */
static int after(const struct pvabi_registry *r, int gen, int top)
{
	int next = r ? pvabi_registry_next_generation(r, gen) : 0;

	return next ? next : top > gen ? top : 0;
}

/* The fingerprint of the generation shown, then each other generation
 * the registry holds or the spec reaches, labelled: a user comparing
 * with the registry's fingerprint= sees the value it records. */
static int generations(const struct pvabi_spec *s, const struct pvabi_registry *r, int rev,
		       int ri, int shown, const char *fp)
{
	int base = r ? r->described : 1, top = pvabi_spec_generation(s), gen;
	char other[PVABI_FINGERPRINT_LEN];

	printf("# fingerprint %s", fp);
	if (shown != base)
		printf(" (description generation %d)", shown);
	against(r, ri, shown, fp);
	putchar('\n');
	for (gen = base; gen; gen = after(r, gen, top)) {
		if (gen == shown)
			continue;
		if (pvabi_fingerprint_gen(s, rev, gen, other, sizeof(other)))
			return -1;
		printf("# fingerprint of description generation %d%s: %s", gen,
		       gen == base ? " (the registry's fingerprint=)" : "", other);
		against(r, ri, gen, other);
		putchar('\n');
	}
	return 0;
}

static int header(const struct pvabi_spec *s, const struct pvabi_registry *r,
		  int rev, int shown, const char *fp)
{
	int ri = r ? pvabi_registry_find(r, s->revs[rev].id) : -1;

	printf("# abi %s revision %s (%s)\n", s->name, s->revs[rev].id,
	       ri >= 0 ? pvabi_status_name(r->revs[ri].status) : "unregistered");
	if (generations(s, r, rev, ri, shown, fp))
		return -1;
	printf("# %zu ops, %zu structs, %zu enums, %zu features in the spec's whole history\n",
	       s->nops, s->nstructs, s->nenums, s->nfeatures);
	return 0;
}

struct show_opts {
	const char *spec, *reg, *rid, *described;
	int only_fp;
};

static int parse(int argc, char **argv, struct show_opts *o)
{
	static const struct option lo[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "rev", required_argument, NULL, 'R' },
		{ "described", required_argument, NULL, 'D' },
		{ "fingerprint", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "s:r:R:fh", lo, NULL)) != -1) {
		switch (ch) {
		case 's': o->spec = optarg; break;
		case 'r': o->reg = optarg; break;
		case 'R': o->rid = optarg; break;
		case 'D': o->described = optarg; break;
		case 'f': o->only_fp = 1; break;
		case 'h': pvabi_help_cmd(stdout, "show"); return 1;
		default: pvabi_help_usage_cmd(stderr, "show"); return -1;
		}
	}
	if (optind != argc) {
		pvabi_help_usage_cmd(stderr, "show");
		return -1;
	}
	return 0;
}

/* The generation shown: --described N, else the registry's. */
static int shown_generation(const struct show_opts *o, const struct pvabi_registry *r)
{
	char *end;
	long g;

	if (!o->described)
		return r ? r->described : 1;
	g = strtol(o->described, &end, 10);
	if (*end || end == o->described || g < 1 || g > 1000000) {
		fprintf(stderr, "%s: --described '%s' is not a generation from 1 to 1000000\n",
			pvabi_progname, o->described);
		return -1;
	}
	return (int)g;
}

static int show(const struct show_opts *o, struct pvabi_spec *s, struct pvabi_registry *r,
		int rev)
{
	char fp[PVABI_FINGERPRINT_LEN];
	struct pvabi_canon c;
	int gen = shown_generation(o, r), rc = 0;

	if (gen < 0 || pvabi_canon_build_gen(s, rev, gen, &c))
		return -1;
	if (pvabi_canon_digest(&c, fp, sizeof(fp)))
		rc = -1;
	else if (o->only_fp)
		printf("%s\n", fp);
	else if (!(rc = header(s, r, rev, gen, fp)))
		pvabi_canon_print(&c, stdout);
	pvabi_canon_free(&c);
	return rc;
}

int pvabi_cmd_show(int argc, char **argv)
{
	struct show_opts o = { PVABI_DEFAULT_SPEC, PVABI_DEFAULT_REGISTRY, NULL, NULL, 0 };
	struct pvabi_registry *r = NULL;
	struct pvabi_spec *s;
	int rev, rc = parse(argc, argv, &o);

	if (rc)
		return rc > 0 ? PVABI_EXIT_OK : PVABI_EXIT_USAGE;
	if (!(s = cli_load_spec(o.spec)))
		return PVABI_EXIT_USAGE;
	rc = PVABI_EXIT_USAGE;
	rev = o.rid ? pvabi_spec_rev(s, o.rid) : (int)s->nrevs - 1;
	if (rev < 0) {
		fprintf(stderr, "%s: revision '%s' is not defined in %s\n",
			pvabi_progname, o.rid, o.spec);
		goto out;
	}
	/* The registry is optional here: it adds the status and says which
	 * generation its fingerprint= covers; one that fails to load is
	 * reported and shown as none. */
	if (access(o.reg, R_OK) == 0)
		r = cli_load_registry(o.reg);
	if (show(&o, s, r, rev) == 0)
		rc = PVABI_EXIT_OK;
out:
	pvabi_registry_free(r);
	pvabi_spec_free(s);
	return rc;
}
