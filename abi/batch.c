/* Batches (abi/batch.h): the declaration of a revision, the requests
 * its op's vectors refuse, and what the declaration promises when one
 * request of a probe fails. */
#include "abi/batch.h"
#include "abi/vector.h"

#include <stdio.h>
#include <string.h>

const struct pvabi_batch *pvabi_batch_of(const struct pvabi_op *op, int rev)
{
	size_t i;

	if (!pvabi_life_has(&op->life, rev))
		return NULL;
	for (i = 0; i < op->nbatches; i++)
		if (pvabi_life_has(&op->batches[i].life, rev))
			return &op->batches[i];
	return NULL;
}

int pvabi_batch_shaped(const struct pvabi_spec *s, const struct pvabi_op *op, int rev)
{
	size_t i;

	(void)s;
	if (!pvabi_life_has(&op->life, rev))
		return 0;
	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];

		if (pvabi_life_has(&a->life, rev) && a->dir == PVABI_PTR_IN &&
		    a->type.kind == PVABI_T_STRUCT && a->count_arg >= 0)
			return 1;
	}
	return 0;
}

/* The request bytes of vector v when it is a one-request batch that
 * fails: 1 with r filled, 0 when it is not one. */
static int refusal_of(const struct pvabi_op *op, const struct pvabi_batch *b,
		      const struct pvabi_vec *v, size_t elem, struct pvabi_batch_refusal *r)
{
	int count = op->args[b->array].count_arg, one = 0;
	const struct pvabi_vec_arg *arr = NULL;
	size_t i;

	if (!v->is_error)
		return 0;
	for (i = 0; i < v->nargs; i++) {
		if (v->args[i].arg == count)
			one = v->args[i].kind == PVABI_VA_VALUE && v->args[i].value == 1;
		if (v->args[i].arg == b->array && v->args[i].kind == PVABI_VA_BYTES)
			arr = &v->args[i];
	}
	if (!one || !arr || !arr->nbytes || arr->nbytes > elem)
		return 0;
	memset(r->bytes, 0, sizeof(r->bytes));
	memcpy(r->bytes, arr->bytes, arr->nbytes);
	r->nbytes = arr->nbytes;
	r->error = v->error;
	return 1;
}

int pvabi_batch_refusals(const struct pvabi_spec *s, const struct pvabi_op *op,
			 const struct pvabi_batch *b, int rev, struct pvabi_batch_refusal *out,
			 size_t max, char *err, size_t errlen)
{
	size_t elem = pvabi_struct_layout(s, op->args[b->array].type.index, rev, NULL, NULL);
	struct pvabi_vec v;
	size_t i, k, n = 0;

	if (!elem || elem > PVABI_BATCH_MAX_ELEM) {
		snprintf(err, errlen, "a request of '%s' is %zu bytes in %s (a probe builds 1 to %d)",
			 op->args[b->array].name, elem, s->revs[rev].id, PVABI_BATCH_MAX_ELEM);
		return -1;
	}
	for (i = 0; i < op->nvectors && n < max; i++) {
		if (!pvabi_life_has(&op->vectors[i].life, rev) ||
		    pvabi_vec_resolve(s, op, &op->vectors[i], rev, &v, err, errlen) ||
		    !refusal_of(op, b, &v, elem, &out[n]))
			continue;
		for (k = 0; k < n && out[k].error != out[n].error; k++)
			;
		if (k == n)
			out[n++].from = &op->vectors[i];
	}
	if (!n)
		snprintf(err, errlen,
			 "no vector of %s refuses a batch of one request (count=1, '%s' as bytes, expect=error=...) in %s, so no probe can make a request fail",
			 op->name, op->args[b->array].name, s->revs[rev].id);
	return n ? (int)n : -1;
}

unsigned int pvabi_batch_done(const struct pvabi_batch *b, unsigned int n, unsigned int fail)
{
	if (fail >= n) /* no request fails: every one is done */
		return n;
	if (b->undone)
		return 0;
	return b->at_failure == PVABI_BATCH_SKIP ? n - 1 : fail;
}

int pvabi_batch_applied(const struct pvabi_batch *b, unsigned int i, unsigned int fail)
{
	if (b->undone || i == fail)
		return 0;
	return b->at_failure == PVABI_BATCH_SKIP || i < fail;
}

const char *pvabi_batch_words(const struct pvabi_batch *b)
{
	if (b->undone)
		return b->at_failure == PVABI_BATCH_SKIP
			       ? "skips it, then undoes every request: nothing stays applied"
			       : "stops there and undoes the requests before it: nothing stays applied";
	return b->at_failure == PVABI_BATCH_SKIP
		       ? "skips it and applies the rest"
		       : "stops there: the requests before it stay applied, none after it runs";
}
