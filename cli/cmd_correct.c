/* pvabi correct: records that the description of released revisions was
 * corrected -- the spec was wrong about what they always were -- as a
 * <correction> of the registry: every recorded fingerprint the spec no
 * longer hashes to, what it hashes to now, the date and the reason. The
 * recorded fingerprints stay as released; check then holds the spec to
 * the corrected ones, and any other change still fails. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "cli/release.h"
#include "abi/arena.h"
#include "abi/canon.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define REASON_MAX 2000

struct correct_opts {
	struct cli_rel_opts rel;
	const char *reason;
};

static int parse(int argc, char **argv, struct correct_opts *o)
{
	static const struct option lo[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "date", required_argument, NULL, 'd' },
		{ "reason", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:r:d:w:h", lo, NULL)) != -1) {
		switch (c) {
		case 's': o->rel.spec = optarg; break;
		case 'r': o->rel.registry = optarg; break;
		case 'd': o->rel.date = optarg; break;
		case 'w': o->reason = optarg; break;
		case 'h': pvabi_help_cmd(stdout, "correct"); return 1;
		default: pvabi_help_usage_cmd(stderr, "correct"); return -1;
		}
	}
	if (optind != argc || !o->rel.date || !o->reason) {
		pvabi_help_usage_cmd(stderr, "correct");
		return -1;
	}
	return 0;
}

/* The date a real one, the reason said in a few lines of text. */
static int args_valid(const struct correct_opts *o)
{
	char why[128];
	size_t i, n = strlen(o->reason);

	if (!cli_date_valid(o->rel.date, why, sizeof(why))) {
		fprintf(stderr, "%s: --date '%s' is not a date: %s\n", pvabi_progname,
			o->rel.date, why);
		return 0;
	}
	for (i = 0; i < n && (o->reason[i] >= ' ' || o->reason[i] == '\n'); i++)
		;
	if (n == 0 || n > REASON_MAX || i < n || strspn(o->reason, " \n") == n) {
		fprintf(stderr, "%s: --reason must say why, in 1 to %d characters of text "
			"(no control characters)\n", pvabi_progname, REASON_MAX);
		return 0;
	}
	return 1;
}

/* Appends to k a move of every recorded fingerprint (each generation of
 * each frozen revision) that the spec no longer hashes to; the number,
 * or -1 when out of memory. */
static int moves(struct pvabi_registry *r, const struct pvabi_spec *s,
		 struct pvabi_reg_correction *k)
{
	char fp[PVABI_FINGERPRINT_LEN];
	size_t i, cap = 0;
	int gen;

	for (i = 0; i < r->nrevs; i++)
		if (pvabi_spec_rev(s, r->revs[i].id) >= 0 && pvabi_status_frozen(r->revs[i].status))
			for (gen = r->described; gen; gen = pvabi_registry_next_generation(r, gen))
				cap++;
	if (!(k->moved = pvabi_arena_array(r->arena, cap, sizeof(*k->moved))))
		return -1;
	for (i = 0; i < r->nrevs; i++) {
		int si = pvabi_spec_rev(s, r->revs[i].id);
		const char *now;

		if (si < 0 || !pvabi_status_frozen(r->revs[i].status))
			continue;
		for (gen = r->described; gen; gen = pvabi_registry_next_generation(r, gen)) {
			struct pvabi_reg_moved *m = &k->moved[k->nmoved];

			if (!(now = pvabi_registry_current(r, i, gen)))
				continue;
			if (pvabi_fingerprint_gen(s, si, gen, fp, sizeof(fp)))
				return -1;
			if (!strcmp(fp, now))
				continue;
			m->rev = r->revs[i].id, m->generation = gen, m->from = now;
			if (!(m->to = pvabi_arena_strdup(r->arena, fp)))
				return -1;
			k->nmoved++;
		}
	}
	return (int)k->nmoved;
}

/* r's corrections with one more, filled by moves(); NULL when out of
 * memory. */
static struct pvabi_reg_correction *append(struct pvabi_registry *r, const char *date,
					   const char *reason)
{
	struct pvabi_reg_correction *v = pvabi_arena_array(r->arena, r->ncorrs + 1, sizeof(*v));

	if (!v)
		return NULL;
	if (r->ncorrs)
		memcpy(v, r->corrs, r->ncorrs * sizeof(*v));
	r->corrs = v;
	v[r->ncorrs].date = pvabi_arena_strdup(r->arena, date);
	v[r->ncorrs].reason = pvabi_arena_strdup(r->arena, reason);
	v[r->ncorrs].loc.file = r->file;
	return v[r->ncorrs].date && v[r->ncorrs].reason ? &v[r->ncorrs] : NULL;
}

static int correct(struct cli_rel_inputs *in, const struct correct_opts *o,
		   struct pvabi_afile_txn *t)
{
	struct pvabi_reg_correction *k;
	size_t i;
	int n;

	if (!cli_rel_history_clean_but(in->s, in->r, "record a correction",
				       "RELEASED_REVISION_MODIFIED"))
		return PVABI_EXIT_BREAKING;
	if (!(k = append(in->r, o->rel.date, o->reason)) || (n = moves(in->r, in->s, k)) < 0) {
		fprintf(stderr, "%s: out of memory\n", pvabi_progname);
		return PVABI_EXIT_USAGE;
	}
	if (n == 0) {
		printf("%s: every released revision hashes to its recorded fingerprint: nothing "
		       "to correct\n", o->rel.registry);
		return PVABI_EXIT_OK;
	}
	in->r->ncorrs++;
	if (cli_rel_publish_registry(t, in->s, in->r, o->rel.registry))
		return PVABI_EXIT_USAGE;
	for (i = 0; i < k->nmoved; i++)
		printf("corrected %s generation %d %s -> %s\n", k->moved[i].rev,
		       k->moved[i].generation, k->moved[i].from, k->moved[i].to);
	return PVABI_EXIT_OK;
}

int pvabi_cmd_correct(int argc, char **argv)
{
	struct correct_opts o = { { PVABI_DEFAULT_SPEC, PVABI_DEFAULT_REGISTRY, NULL, NULL, 0 },
				  NULL };
	struct cli_rel_inputs in = { 0 };
	struct pvabi_afile_txn t;
	char err[512];
	int rc = parse(argc, argv, &o);

	if (rc)
		return rc > 0 ? PVABI_EXIT_OK : PVABI_EXIT_USAGE;
	if (!args_valid(&o))
		return PVABI_EXIT_USAGE;
	if (pvabi_afile_txn_begin(&t, o.rel.registry, cli_rel_note, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", pvabi_progname, err);
		return PVABI_EXIT_USAGE;
	}
	rc = PVABI_EXIT_USAGE;
	if (cli_rel_load(&in, &o.rel) == 0)
		rc = correct(&in, &o, &t);
	cli_rel_free(&in);
	pvabi_afile_txn_end(&t);
	return rc;
}
