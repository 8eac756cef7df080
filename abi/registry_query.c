/* Queries of a loaded registry (abi/registry.h): its revisions, their
 * status, the fingerprints recorded for each description generation and
 * what the registry's corrections moved them to. */
#include "abi/registry.h"

#include <string.h>

static const char *const status_names[] = {
	"draft", "released", "deprecated", "retired",
};

const char *pvabi_status_name(enum pvabi_rev_status s)
{
	return status_names[s];
}

int pvabi_registry_generation(const struct pvabi_registry *r)
{
	int g = r->described;
	size_t i;

	for (i = 0; i < r->nrevs; i++)
		if (r->revs[i].ngens && r->revs[i].gens[r->revs[i].ngens - 1].generation > g)
			g = r->revs[i].gens[r->revs[i].ngens - 1].generation;
	return g;
}

int pvabi_registry_next_generation(const struct pvabi_registry *r, int gen)
{
	int next = 0;
	size_t i, j;

	for (i = 0; i < r->nrevs; i++)
		for (j = 0; j < r->revs[i].ngens; j++)
			if (r->revs[i].gens[j].generation > gen &&
			    (!next || r->revs[i].gens[j].generation < next))
				next = r->revs[i].gens[j].generation;
	return next;
}

const char *pvabi_registry_fingerprint(const struct pvabi_registry *r, size_t ri, int gen)
{
	const struct pvabi_reg_rev *rv = &r->revs[ri];
	size_t i;

	if (gen == r->described)
		return rv->fingerprint;
	for (i = 0; i < rv->ngens; i++)
		if (rv->gens[i].generation == gen)
			return rv->gens[i].fingerprint;
	return NULL;
}

int pvabi_status_frozen(enum pvabi_rev_status s)
{
	return s != PVABI_STATUS_DRAFT;
}

int pvabi_registry_find(const struct pvabi_registry *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nrevs; i++)
		if (!strcmp(r->revs[i].id, id))
			return (int)i;
	return -1;
}


const char *pvabi_registry_current(const struct pvabi_registry *r, size_t ri, int gen)
{
	const char *fp = pvabi_registry_fingerprint(r, ri, gen);
	size_t i, j;

	for (i = 0; fp && i < r->ncorrs; i++)
		for (j = 0; j < r->corrs[i].nmoved; j++) {
			const struct pvabi_reg_moved *m = &r->corrs[i].moved[j];

			if (m->generation == gen && !strcmp(m->rev, r->revs[ri].id) &&
			    !strcmp(m->from, fp))
				fp = m->to;
		}
	return fp;
}
