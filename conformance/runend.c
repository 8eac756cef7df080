/* The end each cell's image asks for (conformance/runend.h): derived from
 * the spec's op marked ends-run= and its reason enum, never a list kept
 * here. */
#include "conformance/runend.h"
#include "abi/runend.h"
#include "platform/vmm/vmm.h"

#include <stdio.h>
#include <string.h>

#define MAX_REASONS 64
#define MAX_KEYS 256

const struct pvabi_op *pvabi_runend_op(const struct pvabi_spec *s)
{
	size_t i;

	/* the loader let one op at most carry it, on its by-value enum */
	for (i = 0; i < s->nops; i++)
		if (s->ops[i].ends_run)
			return &s->ops[i];
	return NULL;
}

static int rev_index(const struct pvabi_spec *s, uint32_t rev)
{
	size_t i;

	for (i = 0; i < s->nrevs; i++)
		if (((s->revs[i].major << 16) | s->revs[i].minor) == rev)
			return (int)i;
	return -1;
}

size_t pvabi_runend_reasons(const struct pvabi_spec *s, uint32_t rev, int64_t *vals, size_t max)
{
	const struct pvabi_enum *e;
	int j = rev_index(s, rev), since, ei = j < 0 ? -1 : pvabi_runend_enum(s, j);
	size_t n = 0, i;

	if (ei < 0)
		return 0;
	e = &s->enums[ei];
	for (since = j; since >= 0; since--)
		for (i = 0; i < e->nvalues; i++)
			if (e->values[i].life.since == since && pvabi_life_has(&e->values[i].life, j)) {
				if (n < max)
					vals[n] = e->values[i].value;
				n++;
			}
	return n;
}

/* The rotation's counter of (image, revision), and whether its image
 * runs two vCPUs (its ELF note, read once): keys are found by a linear
 * search, the matrix has a few dozen. */
struct rotation {
	char key[64];
	unsigned int count;
	int two_vcpus;
};

static struct rotation *counter(struct rotation *rot, size_t *nkeys, const struct pvabi_cell *c)
{
	char key[64];
	size_t i;

	snprintf(key, sizeof(key), "%s@%x", c->image, c->pred.rev);
	for (i = 0; i < *nkeys; i++)
		if (!strcmp(rot[i].key, key))
			return &rot[i];
	if (*nkeys == MAX_KEYS)
		return NULL;
	snprintf(rot[*nkeys].key, sizeof(rot[0].key), "%s", key);
	rot[*nkeys].count = 0;
	rot[*nkeys].two_vcpus = pvabi_vm_image_vcpus(c->image_path) >= 2;
	return &rot[(*nkeys)++];
}

/* The k-th end of a rotation over n reasons: the reasons in turn, each
 * pass asking them from the vCPU the pass before did not, so 2n cells ask
 * every reason from both vCPUs, and n cells from alternating ones
 * (docs/checks.md, "How a run ends, asked from a vCPU other than 0").
 * vCPU 1 asks first: an image's first cell, which a gate that stops at
 * its first red cell runs first, then judges the end vCPU 0 never asks. */
static void plan_end(struct pvabi_cell *c, const int64_t *vals, size_t n, unsigned int k,
		     int two_vcpus)
{
	snprintf(c->end, sizeof(c->end), "%lld", (long long)vals[k % n]);
	c->end_vcpu = two_vcpus ? (uint8_t)((k / n + k % n + 1) & 1) : 0;
}

void pvabi_runend_plan(const struct pvabi_spec *s, struct pvabi_matrix *m)
{
	static struct rotation rot[MAX_KEYS];
	int64_t vals[MAX_REASONS];
	size_t nkeys = 0, i, n;
	struct rotation *k;

	for (i = 0; i < m->n; i++) {
		struct pvabi_cell *c = &m->cells[i];

		c->end[0] = '\0';
		c->end_vcpu = 0;
		if (c->image_frozen || c->pred.kind == PVABI_PRED_REFUSED)
			continue;
		n = pvabi_runend_reasons(s, c->pred.rev, vals, MAX_REASONS);
		if (n > MAX_REASONS)
			n = MAX_REASONS;
		if (!n || !(k = counter(rot, &nkeys, c)))
			continue;
		plan_end(c, vals, n, k->count++, k->two_vcpus);
	}
}
