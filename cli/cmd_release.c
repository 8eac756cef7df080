/* pvabi release R: freeze a draft (record its fingerprint in the
 * registry). Arguments are validated before anything is read; the
 * registry is written under the release lock, all or nothing. */
#include "cli/commands.h"
#include "cli/load.h"
#include "cli/release.h"
#include "abi/arena.h"
#include "abi/canon.h"
#include "abi/check.h"
#include "abi/lock.h"
#include "util/afile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *today(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d", &tm);
	return buf;
}

/* What a platform of this release serves: every registered revision up
 * to it, within the window, that is not retired. */
static void set_serves(struct pvabi_registry *r, int ri)
{
	int from = pvabi_registry_find(r, r->window_from), i;

	r->revs[ri].nserves = 0;
	for (i = from < 0 ? 0 : from; i <= ri && r->revs[ri].nserves < PVABI_MAX_SERVES; i++)
		if (r->revs[i].status != PVABI_STATUS_RETIRED || i == ri)
			r->revs[ri].serves[r->revs[ri].nserves++] = r->revs[i].id;
}


/* --freeze: builds the released revision's conformance image and freezes
 * it into fixtures/ through the build (make freeze), from the source tree
 * this command runs in, into this program's build tree (build/ for an
 * installed pvabi). */
static int freeze(const char *abi, const char *rev)
{
	char build[4096], o[4200], a[256], r[64];
	int st;
	pid_t pid;

	if (cli_build_dir(build, sizeof(build)) || access("Makefile", R_OK)) {
		fprintf(stderr, "%s: --freeze runs from the source tree (no Makefile here); "
			"the registry is updated, run 'make freeze ABI=%s REV=%s'\n",
			pvabi_progname, abi, rev);
		return PVABI_EXIT_USAGE;
	}
	snprintf(o, sizeof(o), "O=%s", build);
	snprintf(a, sizeof(a), "ABI=%s", abi);
	snprintf(r, sizeof(r), "REV=%s", rev);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execlp("make", "make", "-s", "freeze", o, a, r, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "%s: freezing the %s image failed; the registry is updated, "
			"fix the build and run 'make freeze ABI=%s REV=%s'\n",
			pvabi_progname, rev, abi, rev);
		return PVABI_EXIT_USAGE;
	}
	return PVABI_EXIT_OK;
}

/* The fingerprints of revision ri (spec index si) of every generation
 * the registry holds: fingerprint= of its described=, and one
 * <described> per later generation another revision records, so the new
 * release is held to all that the others are (abi/registry.h). */
static int fingerprints(struct pvabi_registry *r, size_t ri, const struct pvabi_spec *s,
			int si)
{
	struct pvabi_reg_rev *rv = &r->revs[ri];
	char fp[PVABI_FINGERPRINT_LEN];
	int gen;

	if (pvabi_fingerprint_gen(s, si, r->described, fp, sizeof(fp)) ||
	    !(rv->fingerprint = pvabi_arena_strdup(r->arena, fp)))
		return -1;
	rv->ngens = 0;
	for (gen = r->described; (gen = pvabi_registry_next_generation(r, gen));) {
		if (rv->ngens == PVABI_MAX_GENERATIONS ||
		    pvabi_fingerprint_gen(s, si, gen, fp, sizeof(fp)))
			return -1;
		rv->gens[rv->ngens].generation = gen;
		if (!(rv->gens[rv->ngens++].fingerprint = pvabi_arena_strdup(r->arena, fp)))
			return -1;
	}
	return 0;
}

/* Marks revision ri released and publishes the registry. */
static int release(struct cli_rel_inputs *in, const struct cli_rel_opts *o,
		   struct pvabi_afile_txn *t)
{
	char day[16];
	struct pvabi_registry *r = in->r;
	int si = pvabi_spec_rev(in->s, o->rev), ri = pvabi_registry_find(r, o->rev);
	size_t i;

	if (si < 0 || ri < 0 || r->revs[ri].status != PVABI_STATUS_DRAFT) {
		fprintf(stderr, "%s: %s is not a draft revision of both %s and %s\n",
			pvabi_progname, o->rev, o->spec, o->registry);
		return PVABI_EXIT_USAGE;
	}
	if (!cli_rel_history_clean(in->s, r, "release"))
		return PVABI_EXIT_BREAKING;
	if (fingerprints(r, (size_t)ri, in->s, si))
		return PVABI_EXIT_USAGE;
	r->revs[ri].status = PVABI_STATUS_RELEASED;
	r->revs[ri].date = o->date ? o->date : today(day, sizeof(day));
	set_serves(r, ri);
	if (cli_rel_publish_registry(t, in->s, r, o->registry))
		return PVABI_EXIT_USAGE;
	printf("released %s %s\n", o->rev, r->revs[ri].fingerprint);
	for (i = 0; i < r->revs[ri].ngens; i++)
		printf("released %s described generation %d %s\n", o->rev,
		       r->revs[ri].gens[i].generation, r->revs[ri].gens[i].fingerprint);
	return PVABI_EXIT_OK;
}

int pvabi_cmd_release(int argc, char **argv)
{
	struct cli_rel_opts o = { PVABI_DEFAULT_SPEC, PVABI_DEFAULT_REGISTRY, NULL, NULL, 0 };
	struct cli_rel_inputs in = { 0 };
	struct pvabi_afile_txn t;
	char err[512], abi[128];
	int rc = cli_rel_parse(argc, argv, &o, "release");

	if (rc)
		return rc > 0 ? PVABI_EXIT_OK : PVABI_EXIT_USAGE;
	if (!cli_rel_args_valid(&o))
		return PVABI_EXIT_USAGE;
	if (pvabi_afile_txn_begin(&t, o.registry, cli_rel_note, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", pvabi_progname, err);
		return PVABI_EXIT_USAGE;
	}
	rc = PVABI_EXIT_USAGE;
	if (cli_rel_load(&in, &o) == 0)
		rc = release(&in, &o, &t);
	snprintf(abi, sizeof(abi), "%s", in.r && in.r->abi ? in.r->abi : "");
	cli_rel_free(&in);
	pvabi_afile_txn_end(&t);
	if (rc == PVABI_EXIT_OK && o.freeze)
		rc = freeze(abi, o.rev);
	return rc;
}
