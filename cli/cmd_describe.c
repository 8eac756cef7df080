/* pvabi describe: records, for every released revision, the fingerprint
 * of the description generation a format 2 spec has reached, so that
 * what it described after the revisions were released is held from now
 * on like the rest. No recorded fingerprint changes: each generation's
 * fingerprint leaves out the items of the later ones. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "cli/release.h"
#include "abi/arena.h"
#include "abi/canon.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int parse(int argc, char **argv, struct cli_rel_opts *o)
{
	static const struct option lo[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:r:h", lo, NULL)) != -1) {
		switch (c) {
		case 's': o->spec = optarg; break;
		case 'r': o->registry = optarg; break;
		case 'h': pvabi_help_cmd(stdout, "describe"); return 1;
		default: pvabi_help_usage_cmd(stderr, "describe"); return -1;
		}
	}
	if (optind != argc) {
		pvabi_help_usage_cmd(stderr, "describe");
		return -1;
	}
	return 0;
}

/* Appends generation gen's fingerprint to every released revision;
 * the number of revisions, or -1 (no memory, or too many generations). */
static int record(struct pvabi_registry *r, const struct pvabi_spec *s, int gen)
{
	char fp[PVABI_FINGERPRINT_LEN];
	size_t i;
	int n = 0;

	for (i = 0; i < r->nrevs; i++) {
		struct pvabi_reg_rev *rv = &r->revs[i];
		int si = pvabi_spec_rev(s, rv->id);

		if (si < 0 || !pvabi_status_frozen(rv->status) || !rv->fingerprint)
			continue;
		if (rv->ngens == PVABI_MAX_GENERATIONS) {
			fprintf(stderr, "%s: revision %s already records %d generations\n",
				pvabi_progname, rv->id, PVABI_MAX_GENERATIONS);
			return -1;
		}
		if (pvabi_fingerprint_gen(s, si, gen, fp, sizeof(fp)))
			return -1;
		rv->gens[rv->ngens].generation = gen;
		if (!(rv->gens[rv->ngens++].fingerprint = pvabi_arena_strdup(r->arena, fp)))
			return -1;
		n++;
	}
	return n;
}

static void report(const struct pvabi_registry *r, int gen)
{
	size_t i;

	for (i = 0; i < r->nrevs; i++)
		if (r->revs[i].ngens && r->revs[i].gens[r->revs[i].ngens - 1].generation == gen)
			printf("described %s generation %d %s\n", r->revs[i].id, gen,
			       r->revs[i].gens[r->revs[i].ngens - 1].fingerprint);
}

static int describe(struct cli_rel_inputs *in, const struct cli_rel_opts *o,
		    struct pvabi_afile_txn *t)
{
	int gen = pvabi_spec_generation(in->s), have = pvabi_registry_generation(in->r), n;

	if (in->s->format < 2) {
		fprintf(stderr, "%s: %s is a format %d spec: its revisions are released here, "
			"and what it adds needs a new revision, not a description generation\n",
			pvabi_progname, o->spec, in->s->format);
		return PVABI_EXIT_USAGE;
	}
	if (gen <= have) {
		printf("%s holds description generation %d, all that %s describes: nothing to record\n",
		       o->registry, have, o->spec);
		return PVABI_EXIT_OK;
	}
	if (!cli_rel_history_clean(in->s, in->r, "record a description generation"))
		return PVABI_EXIT_BREAKING;
	n = record(in->r, in->s, gen);
	if (n < 0)
		return PVABI_EXIT_USAGE;
	if (n == 0) {
		printf("%s has no released revision: nothing to record\n", o->registry);
		return PVABI_EXIT_OK;
	}
	if (cli_rel_publish_registry(t, in->s, in->r, o->registry))
		return PVABI_EXIT_USAGE;
	report(in->r, gen);
	return PVABI_EXIT_OK;
}

int pvabi_cmd_describe(int argc, char **argv)
{
	struct cli_rel_opts o = { PVABI_DEFAULT_SPEC, PVABI_DEFAULT_REGISTRY, NULL, NULL, 0 };
	struct cli_rel_inputs in = { 0 };
	struct pvabi_afile_txn t;
	char err[512];
	int rc = parse(argc, argv, &o);

	if (rc)
		return rc > 0 ? PVABI_EXIT_OK : PVABI_EXIT_USAGE;
	if (pvabi_afile_txn_begin(&t, o.registry, cli_rel_note, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", pvabi_progname, err);
		return PVABI_EXIT_USAGE;
	}
	rc = PVABI_EXIT_USAGE;
	if (cli_rel_load(&in, &o) == 0)
		rc = describe(&in, &o, &t);
	cli_rel_free(&in);
	pvabi_afile_txn_end(&t);
	return rc;
}
