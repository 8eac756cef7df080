/* The nesting graph of structs: a field whose type is a struct is an
 * edge, a guest handle (a pointer) is not. One pass of Tarjan's strongly connected components, iterative
 * (a chain of a million nested structs must not overflow the stack),
 * visits every struct and every field once: linear however the structs
 * share each other (a diamond of 40 levels has 2^40 paths, and a walk
 * along paths never ends). */
#include "abi/model.h"

#include <errno.h>
#include <stdlib.h>

struct frame {
	int v;
	size_t f; /* next field of v to follow */
};

struct tarjan {
	const struct pvabi_spec *s;
	int *idx, *low, *stk;
	unsigned char *mark; /* 1: on the stack, 2: has a field of its own type */
	struct frame *cs;
	size_t sp, fp, no;
	int next;
};

static void push(struct tarjan *t, int v)
{
	t->idx[v] = t->low[v] = t->next++;
	t->stk[t->sp++] = v;
	t->mark[v] |= 1;
	t->cs[t->fp].v = v;
	t->cs[t->fp++].f = 0;
}

/* v's component is complete: it goes to the order, after every struct it
 * contains; a component with a cycle is marked at its last struct in
 * the file, where the cycle closes. */
static void pop_component(struct tarjan *t, int v, int *order, unsigned char *cyc)
{
	size_t from = t->sp, k;
	int last = v, cyclic;

	while (t->stk[--from] != v)
		;
	cyclic = t->sp - from > 1 || (t->mark[v] & 2);
	for (k = from; k < t->sp; k++) {
		int w = t->stk[k];

		t->mark[w] &= (unsigned char)~1;
		order[t->no++] = w;
		cyc[w] = (unsigned char)cyclic;
		last = w > last ? w : last;
	}
	if (cyclic)
		cyc[last] = 2;
	t->sp = from;
}

static void visit(struct tarjan *t, int root, int *order, unsigned char *cyc)
{
	push(t, root);
	while (t->fp) {
		struct frame *top = &t->cs[t->fp - 1];
		const struct pvabi_struct *st = &t->s->structs[top->v];
		int v = top->v, w;

		if (top->f < st->nfields) {
			const struct pvabi_field *fl = &st->fields[top->f++];
			const struct pvabi_type *ty = &fl->type;

			/* a guest handle points at its struct, it does not hold it */
			if (fl->handle || ty->kind != PVABI_T_STRUCT || ty->index < 0 ||
			    (size_t)ty->index >= t->s->nstructs)
				continue;
			w = ty->index;
			if (w == v)
				t->mark[v] |= 2;
			if (t->idx[w] < 0)
				push(t, w);
			else if ((t->mark[w] & 1) && t->idx[w] < t->low[v])
				t->low[v] = t->idx[w];
			continue;
		}
		t->fp--;
		if (t->fp && t->low[v] < t->low[t->cs[t->fp - 1].v])
			t->low[t->cs[t->fp - 1].v] = t->low[v];
		if (t->low[v] == t->idx[v])
			pop_component(t, v, order, cyc);
	}
}

int pvabi_struct_order(const struct pvabi_spec *s, int *order, unsigned char *cyc)
{
	struct tarjan t = { s, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0 };
	size_t n = s->nstructs, i;
	int rc = -ENOMEM;

	t.idx = malloc((n + 1) * sizeof(int));
	t.low = malloc((n + 1) * sizeof(int));
	t.stk = malloc((n + 1) * sizeof(int));
	t.mark = calloc(n + 1, 1);
	t.cs = malloc((n + 1) * sizeof(*t.cs));
	if (!t.idx || !t.low || !t.stk || !t.mark || !t.cs)
		goto out;
	for (i = 0; i < n; i++)
		t.idx[i] = -1;
	for (i = 0; i < n; i++)
		if (t.idx[i] < 0)
			visit(&t, (int)i, order, cyc);
	rc = 0;
out:
	free(t.idx);
	free(t.low);
	free(t.stk);
	free(t.mark);
	free(t.cs);
	return rc;
}
