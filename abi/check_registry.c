/* The spec against ABI-VERSIONS.xml, and two spec files against each
 * other. */
#include "abi/compare.h"
#include "abi/finding.h"
#include "abi/canon.h"
#include "abi/lock.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void registry_revs(const struct pvabi_spec *s,
			  const struct pvabi_registry *r,
			  struct pvabi_findings *f)
{
	size_t i;
	int last = -1, draft_seen = 0;

	for (i = 0; i < r->nrevs; i++) {
		const struct pvabi_reg_rev *rv = &r->revs[i];
		int si = pvabi_spec_rev(s, rv->id);

		if (si < 0) {
			finding_add(f, "UNKNOWN_REVISION", PVABI_SEV_BREAKING, &rv->loc,
				    rv->id, NULL, "registry lists revision %s, which %s does not define",
				    rv->id, s->file);
			continue;
		}
		if (si < last)
			finding_add(f, "REVISION_ORDER", PVABI_SEV_BREAKING, &rv->loc, rv->id,
				    NULL, "registry lists %s out of the spec's order", rv->id);
		last = si;
		if (rv->status == PVABI_STATUS_DRAFT)
			draft_seen = 1;
		else if (draft_seen)
			finding_add(f, "DRAFT_NOT_LAST", PVABI_SEV_BREAKING, &rv->loc, rv->id,
				    NULL, "revision %s is %s but follows a draft", rv->id,
				    pvabi_status_name(rv->status));
	}
	for (i = 0; i < s->nrevs; i++)
		if (pvabi_registry_find(r, s->revs[i].id) < 0)
			finding_add(f, "REVISION_NOT_REGISTERED", PVABI_SEV_BREAKING,
				    &s->revs[i].loc, s->revs[i].id, NULL,
				    "revision %s is not listed in %s (add it as a draft with 'pvabi new-rev')",
				    s->revs[i].id, r->file);
}

/* The lock beside the registry, each block checked against the
 * registry's fingerprint; a block that does not match is reported and
 * dropped, so nothing is named from lines the registry does not vouch
 * for. */
static void lock_read(const struct pvabi_registry *r, struct pvabi_lock *l,
		      struct pvabi_findings *f)
{
	char path[4096], err[512], fp[PVABI_FINGERPRINT_LEN];
	size_t i = 0;
	int rc;

	if (pvabi_lock_path(r->file, path, sizeof(path)))
		return;
	rc = pvabi_lock_load(path, l, err, sizeof(err));
	if (rc && rc != -ENOENT)
		finding_add(f, "LOCK_INVALID", PVABI_SEV_BREAKING, &r->loc, NULL, NULL,
			    "%s", err);
	while (i < l->n) {
		struct pvabi_lock_rev *lr = &l->revs[i];
		int ri = pvabi_registry_find(r, lr->id);
		const char *want = ri >= 0 && r->revs[ri].fingerprint
			? pvabi_registry_current(r, (size_t)ri, r->described) : NULL;

		if (want && pvabi_canon_digest(&lr->canon, fp, sizeof(fp)) == 0 &&
		    !strcmp(fp, lr->fingerprint) && !strcmp(fp, want)) {
			i++;
			continue;
		}
		/* a block for a revision the registry has not released (a
		 * release undone by restoring the registry) is stale, not
		 * false: it is never read, and the next release drops it */
		if (want)
			finding_add(f, "LOCK_MISMATCH", PVABI_SEV_BREAKING, &r->revs[ri].loc,
				    r->revs[ri].id, NULL,
				    "%s:%d: the lines of revision %s do not hash to its fingerprint in %s (%s); the lock was edited or belongs to another registry: restore it from version control",
				    path, lr->line, lr->id, r->file, want);
		pvabi_lock_drop(l, i);
	}
}

/* The declared limits of each released revision against its lock
 * block: outside the fingerprint, held by the lock. */
static void lock_limits(const struct pvabi_spec *s, const struct pvabi_registry *r,
			const struct pvabi_lock *lock, struct pvabi_findings *f)
{
	char path[4096];

	if (pvabi_lock_path(r->file, path, sizeof(path)) == 0)
		pvabi_lock_limits_check(s, r, lock, path, f);
}

/* The frozen revisions of r that s defines and that have a fingerprint=,
 * as spec indices into revs and registry indices into ris. */
static size_t frozen_revs(const struct pvabi_spec *s, const struct pvabi_registry *r,
			  int *revs, size_t *ris)
{
	size_t i, n = 0;

	for (i = 0; i < r->nrevs; i++) {
		int si = pvabi_spec_rev(s, r->revs[i].id);

		if (si >= 0 && pvabi_status_frozen(r->revs[i].status) && r->revs[i].fingerprint) {
			ris[n] = i;
			revs[n++] = si;
		}
	}
	return n;
}

/* A later generation's fingerprint against revision ri's record: a
 * revision recorded before the generation was is held to it too, or an
 * item of that generation would be held for some revisions only. */
static int gen_compare(const struct pvabi_spec *s, const struct pvabi_registry *r,
		       size_t ri, int si, int gen, const char *fp, struct pvabi_findings *f)
{
	const struct pvabi_reg_rev *rv = &r->revs[ri];
	const char *want = pvabi_registry_current(r, ri, gen);
	size_t i;

	if (!want) {
		finding_add(f, "FINGERPRINT_MISSING", PVABI_SEV_BREAKING, &rv->loc, rv->id, NULL,
			    "%s revision %s has no fingerprint of description generation %d, which %s records for other revisions: 'pvabi describe' records it",
			    pvabi_status_name(rv->status), rv->id, gen, r->file);
		return 1;
	}
	if (!strcmp(fp, want))
		return 0;
	for (i = 0; i < rv->ngens && rv->gens[i].generation != gen; i++)
		;
	finding_add(f, "RELEASED_REVISION_MODIFIED", PVABI_SEV_BREAKING, &s->revs[si].loc,
		    rv->id, NULL,
		    "released revision %s changed in what description generation %d holds: its fingerprint of that generation is %s, %s:%d records %s ('pvabi check --against GITREF' names the element)",
		    rv->id, gen, fp, r->file, rv->gens[i].loc.line, want);
	return 1;
}

/* Generation r->described against fingerprint=; a changed revision is
 * named element by element from its lock lines when it has them. */
static int base_compare(const struct pvabi_spec *s, const struct pvabi_registry *r,
			size_t ri, int si, const char *fp, const struct pvabi_lock *lock,
			struct pvabi_lock_changes *ch, struct pvabi_findings *f)
{
	const struct pvabi_reg_rev *rv = &r->revs[ri];
	const struct pvabi_lock_rev *lr = pvabi_lock_find(lock, rv->id);
	const char *want = pvabi_registry_current(r, ri, r->described);

	if (!strcmp(fp, want))
		return 0;
	if (lr)
		pvabi_lock_diff(s, si, r->described, &lr->canon, ch);
	else
		finding_add(f, "RELEASED_REVISION_MODIFIED", PVABI_SEV_BREAKING,
			    &s->revs[si].loc, rv->id, NULL,
			    "released revision %s changed: fingerprint is %s, %s:%d records %s (no lock lines to name the element: 'pvabi check --against GITREF' compares with the released spec)",
			    rv->id, fp, r->file, rv->loc.line, want);
	return 1;
}

/* Each generation the registry records, its fingerprints computed
 * together (see pvabi_fingerprints), then compared in the registry's
 * order; a revision found changed is not reported again for a later
 * generation, which holds the same change. */
static void registry_fingerprints(const struct pvabi_spec *s,
				  const struct pvabi_registry *r,
				  struct pvabi_findings *f)
{
	char (*fp)[PVABI_FINGERPRINT_LEN] = calloc(r->nrevs + 1, sizeof(*fp));
	int *revs = calloc(r->nrevs + 1, sizeof(*revs));
	size_t *ris = calloc(r->nrevs + 1, sizeof(*ris));
	char *bad = calloc(r->nrevs + 1, 1);
	struct pvabi_lock_changes ch = { 0 };
	struct pvabi_lock lock;
	size_t i, n;
	int gen;

	lock_read(r, &lock, f);
	if (!fp || !revs || !ris || !bad)
		goto oom;
	for (i = 0; i < r->nrevs; i++)
		if (pvabi_spec_rev(s, r->revs[i].id) >= 0 &&
		    pvabi_status_frozen(r->revs[i].status) && !r->revs[i].fingerprint)
			finding_add(f, "FINGERPRINT_MISSING", PVABI_SEV_BREAKING, &r->revs[i].loc,
				    r->revs[i].id, NULL, "%s revision %s has no fingerprint",
				    pvabi_status_name(r->revs[i].status), r->revs[i].id);
	n = frozen_revs(s, r, revs, ris);
	for (gen = r->described; gen; gen = pvabi_registry_next_generation(r, gen)) {
		if (pvabi_fingerprints(s, revs, n, gen, fp))
			goto oom;
		for (i = 0; i < n; i++)
			if (!bad[i])
				bad[i] = (char)(gen == r->described
					? base_compare(s, r, ris[i], revs[i], fp[i], &lock, &ch, f)
					: gen_compare(s, r, ris[i], revs[i], gen, fp[i], f));
	}
	lock_limits(s, r, &lock, f);
	goto out;
oom:
	f->oom = 1;
out:
	pvabi_lock_changes_report(&ch, f, NULL);
	pvabi_lock_free(&lock);
	free(fp);
	free(revs);
	free(ris);
	free(bad);
}

/* An item described after the registry's newest generation lies outside
 * every recorded fingerprint: compatible, since it describes more of
 * what those revisions already were, but never silent. Members are
 * named only where their parent is not. */
static void extended_one(int gen, const struct pvabi_registry *r, const struct pvabi_life *l,
			 int parent_gen, const struct pvabi_loc *loc, const char *what,
			 const char *name, struct pvabi_findings *f)
{
	if (l->described <= gen || parent_gen > gen)
		return;
	finding_add(f, "DESCRIPTION_EXTENDED", PVABI_SEV_COMPAT, loc, NULL, name,
		    "%s %s is described by generation %d, after the generation %d that %s's fingerprints cover: it is outside them",
		    what, name, l->described, gen, r->file);
}

static void extended_types(const struct pvabi_spec *s, const struct pvabi_registry *r, int g,
			   struct pvabi_findings *f)
{
	size_t i, j;

	for (i = 0; i < s->nerrors; i++)
		extended_one(g, r, &s->errors[i].life, 1, &s->errors[i].loc, "error",
			     s->errors[i].name, f);
	for (i = 0; i < s->nfeatures; i++)
		extended_one(g, r, &s->features[i].life, 1, &s->features[i].loc, "feature",
			     s->features[i].name, f);
	for (i = 0; i < s->nenums; i++) {
		const struct pvabi_enum *e = &s->enums[i];

		extended_one(g, r, &e->life, 1, &e->loc, "enum", e->name, f);
		for (j = 0; j < e->nvalues; j++)
			extended_one(g, r, &e->values[j].life, e->life.described, &e->values[j].loc,
				     "enum value", e->values[j].name, f);
	}
	for (i = 0; i < s->nstructs; i++) {
		const struct pvabi_struct *st = &s->structs[i];

		extended_one(g, r, &st->life, 1, &st->loc, "struct", st->name, f);
		for (j = 0; j < st->nfields; j++)
			extended_one(g, r, &st->fields[j].life, st->life.described,
				     &st->fields[j].loc, "field", st->fields[j].name, f);
	}
}

static void registry_extended(const struct pvabi_spec *s, const struct pvabi_registry *r,
			      struct pvabi_findings *f)
{
	int g = pvabi_registry_generation(r);
	size_t i, j;

	extended_types(s, r, g, f);
	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		extended_one(g, r, &op->life, 1, &op->loc, "op", op->name, f);
		for (j = 0; j < op->nargs; j++)
			extended_one(g, r, &op->args[j].life, op->life.described,
				     &op->args[j].loc, "argument", op->args[j].name, f);
		for (j = 0; j < op->ncmds; j++)
			extended_one(g, r, &op->cmds[j].life, op->life.described,
				     &op->cmds[j].loc, "command", op->cmds[j].name, f);
	}
}

/* The window is what the current platform serves: every released
 * revision not retired must lie in it, or old guests lose their platform
 * without notice. */
static void registry_window(const struct pvabi_registry *r,
			    struct pvabi_findings *f)
{
	int from = pvabi_registry_find(r, r->window_from);
	int to = pvabi_registry_find(r, r->window_to);
	size_t i, j;

	if (from < 0 || to < 0 || from > to) {
		finding_add(f, "WINDOW_INVALID", PVABI_SEV_BREAKING, &r->window_loc, NULL,
			    NULL, "support window %s..%s does not name two registered revisions in order",
			    r->window_from, r->window_to);
		return;
	}
	for (i = 0; i < r->nrevs; i++) {
		const struct pvabi_reg_rev *rv = &r->revs[i];
		int in = (int)i >= from && (int)i <= to;

		if ((rv->status == PVABI_STATUS_RELEASED ||
		     rv->status == PVABI_STATUS_DEPRECATED) && !in)
			finding_add(f, "RELEASED_REVISION_WITHDRAWN", PVABI_SEV_BREAKING,
				    &r->window_loc, rv->id, NULL,
				    "%s revision %s is outside the support window %s..%s; mark it retired first",
				    pvabi_status_name(rv->status), rv->id, r->window_from,
				    r->window_to);
		for (j = 0; j < rv->nserves; j++)
			if (pvabi_registry_find(r, rv->serves[j]) < 0 ||
			    pvabi_registry_find(r, rv->serves[j]) > (int)i)
				finding_add(f, "SERVES_UNKNOWN", PVABI_SEV_BREAKING, &rv->loc,
					    rv->id, NULL,
					    "release %s claims to serve %s, which is not a registered revision up to it",
					    rv->id, rv->serves[j]);
	}
}

/* A correction the registry records is said, never silent: which
 * released revisions' description it moved, and why. Whether the spec
 * hashes to where it moved them is registry_fingerprints' to judge. */
static void registry_corrected(const struct pvabi_registry *r, struct pvabi_findings *f)
{
	size_t i, j, k;

	for (i = 0; i < r->ncorrs; i++) {
		const struct pvabi_reg_correction *c = &r->corrs[i];
		char revs[512] = "";

		for (j = 0; j < c->nmoved; j++) {
			for (k = 0; k < j && strcmp(c->moved[k].rev, c->moved[j].rev); k++)
				;
			if (k == j)
				snprintf(revs + strlen(revs), sizeof(revs) - strlen(revs), "%s%s",
					 j ? ", " : "", c->moved[j].rev);
		}
		finding_add(f, "RELEASED_REVISION_CORRECTED", PVABI_SEV_COMPAT, &c->loc,
			    c->nmoved ? c->moved[0].rev : NULL, NULL,
			    "description of released revisions %s corrected on %s (%zu recorded fingerprints moved, acknowledged): %s",
			    revs, c->date, c->nmoved, c->reason ? c->reason : "");
	}
}

void pvabi_check_registry(const struct pvabi_spec *s,
			  const struct pvabi_registry *r,
			  struct pvabi_findings *f)
{
	if (r->abi && s->name && strcmp(r->abi, s->name))
		finding_add(f, "REGISTRY_ABI_MISMATCH", PVABI_SEV_BREAKING, &r->loc, NULL,
			    NULL, "%s registers ABI '%s' but %s defines '%s'", r->file,
			    r->abi, s->file, s->name);
	registry_revs(s, r, f);
	registry_fingerprints(s, r, f);
	registry_extended(s, r, f);
	registry_window(r, f);
	registry_corrected(r, f);
}

void pvabi_check_diff(const struct pvabi_spec *o, const struct pvabi_spec *n,
		      struct pvabi_findings *f)
{
	size_t i;
	int last_common = -1;

	for (i = 0; i < o->nrevs; i++) {
		int j = pvabi_spec_rev(n, o->revs[i].id);
		struct view a = { o, (int)i }, b = { n, j };

		if (j < 0) {
			finding_add(f, "REVISION_REMOVED", PVABI_SEV_BREAKING, &o->revs[i].loc,
				    o->revs[i].id, NULL, "revision %s no longer defined in %s",
				    o->revs[i].id, n->file);
			continue;
		}
		compare_views(a, b, CMP_SAME, f);
		last_common = (int)i;
	}
	/* New revisions: the first is an evolution of old's last. */
	for (i = 0; i < n->nrevs; i++)
		if (pvabi_spec_rev(o, n->revs[i].id) < 0 && last_common >= 0) {
			struct view a = { o, last_common }, b = { n, (int)i };

			compare_views(a, b, CMP_EVOLVE, f);
			break;
		}
}

void pvabi_check_against(const struct pvabi_spec *o, const struct pvabi_spec *n,
			 struct pvabi_findings *f)
{
	struct pvabi_lock_changes ch = { 0 };
	struct pvabi_canon c;
	size_t i;
	int last_common = -1;

	for (i = 0; i < o->nrevs; i++) {
		int j = pvabi_spec_rev(n, o->revs[i].id);

		if (j < 0) {
			finding_add(f, "REVISION_REMOVED", PVABI_SEV_BREAKING, &o->revs[i].loc,
				    o->revs[i].id, NULL, "revision %s no longer defined in %s",
				    o->revs[i].id, n->file);
			continue;
		}
		last_common = (int)i;
		if (pvabi_canon_build(o, (int)i, &c)) {
			f->oom = 1;
			break;
		}
		pvabi_lock_diff(n, j, PVABI_DESCRIBED_ALL, &c, &ch);
		pvabi_canon_free(&c);
	}
	pvabi_lock_changes_report(&ch, f, o->file);
	for (i = 0; i < n->nrevs; i++)
		if (pvabi_spec_rev(o, n->revs[i].id) < 0 && last_common >= 0) {
			struct view a = { o, last_common }, b = { n, (int)i };

			compare_views(a, b, CMP_EVOLVE, f);
			break;
		}
}
