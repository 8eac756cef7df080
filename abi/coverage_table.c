/* The table of output coverage, below both files that fill it
 * (coverage.c, coverage2.c): an output appended, a check added to one,
 * an output found in its op's block, the variables an expression reads,
 * and the table freed. It calls neither file, so format 1's builder can
 * hand format 2's marking to coverage2.c without being called back. */
#include "abi/coverage_internal.h"
#include "abi/scenario.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct pvabi_cov_out *pvabi_cov_out_add(struct pvabi_coverage *c, int op, int rev,
					enum pvabi_out_kind kind)
{
	struct pvabi_cov_out *o;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		void *v = realloc(c->v, cap * sizeof(*c->v));

		if (!v)
			return NULL;
		c->v = v;
		c->cap = cap;
	}
	o = &c->v[c->n++];
	memset(o, 0, sizeof(*o));
	o->op = op;
	o->rev = rev;
	o->kind = kind;
	o->cmd = o->error = o->arg = o->field = PVABI_NONE;
	return o;
}

int pvabi_cov_by_add(struct pvabi_cov_out *o, struct pvabi_cov_by by)
{
	if (o->nby == o->capby) {
		size_t cap = o->capby ? o->capby * 2 : 2;
		void *v = realloc(o->by, cap * sizeof(*o->by));

		if (!v)
			return -ENOMEM;
		o->by = v;
		o->capby = cap;
	}
	o->by[o->nby++] = by;
	return 0;
}

struct pvabi_cov_out *pvabi_cov_find(struct pvabi_coverage *c, struct pvabi_cov_block b, int cmd,
				     enum pvabi_out_kind kind, int error, int arg, int field)
{
	size_t i;

	for (i = b.first; i < b.first + b.n; i++) {
		struct pvabi_cov_out *o = &c->v[i];

		if (o->cmd == cmd && o->kind == kind && o->error == error && o->arg == arg &&
		    o->field == field)
			return o;
	}
	return NULL;
}

unsigned int pvabi_cov_expr_vars(const struct pvabi_expr *x)
{
	unsigned int used = 0;
	size_t i;

	for (i = 0; i < x->n; i++)
		if (x->code[i].op == PVABI_X_VAR && x->code[i].value < PVABI_SCEN_MAX_VARS)
			used |= 1u << x->code[i].value;
	return used;
}

void pvabi_coverage_free(struct pvabi_coverage *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].by);
	free(c->v);
	memset(c, 0, sizeof(*c));
}
