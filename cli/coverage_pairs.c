/* pvabi coverage's pairs read after another value: which outputs a
 * platform must not carry from one call to the next are judged that way
 * in the images, shown beside the table of what checks each output.
 * The pairs are the generator's own (abi/stale.c derives them for the
 * images, the manual and this table alike). Format 2 derives none. */
#include "cli/coverage_pairs.h"
#include "util/json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cov_pairs_open(struct cov_pairs *p, const struct pvabi_spec *s)
{
	p->s = s;
	p->op = p->rev = PVABI_NONE;
	p->ok = 0;
	p->w = malloc(sizeof(*p->w));
	return p->w ? 0 : -ENOMEM;
}

void cov_pairs_close(struct cov_pairs *p)
{
	free(p->w);
	p->w = NULL;
}

/* p->w for op in rev; 1 when it holds pairs to look at. */
static int at(struct cov_pairs *p, int op, int rev)
{
	if (p->op != op || p->rev != rev) {
		p->op = op;
		p->rev = rev;
		p->ok = pvabi_stale_init(p->w, p->s, op, rev);
	}
	return p->ok && p->w->npairs;
}

size_t cov_pairs_reading(struct cov_pairs *p, const struct pvabi_cov_out *o)
{
	char name[256];
	size_t k, n = 0;

	if (o->cmd >= 0 || !at(p, o->op, o->rev))
		return 0;
	pvabi_coverage_name(p->s, o, name, sizeof(name));
	for (k = 0; k < p->w->npairs; k++)
		n += (size_t)pvabi_stale_reads(p->w, k, name);
	return n;
}

struct tally {
	size_t pairs, read, outputs;
};

/* The outputs of revision c->v[*i].rev from *i on, counted into t, with
 * the pairs of each op handed to each(); *i left at the next revision. */
static void walk_rev(struct cov_pairs *p, const struct pvabi_coverage *c, size_t *i,
		     struct tally *t, void (*each)(struct cov_pairs *p, size_t k, void *ctx),
		     void *ctx)
{
	int rev = c->v[*i].rev;
	size_t k;

	for (; *i < c->n && c->v[*i].rev == rev; ++*i) {
		const struct pvabi_cov_out *o = &c->v[*i];
		int first = p->op != o->op || p->rev != o->rev;

		t->outputs++;
		t->read += cov_pairs_reading(p, o) > 0;
		if (!first || !at(p, o->op, o->rev))
			continue;
		t->pairs += p->w->npairs;
		for (k = 0; each && k < p->w->npairs; k++)
			each(p, k, ctx);
	}
}

static void text_pair(struct cov_pairs *p, size_t k, void *ctx)
{
	const struct pvabi_stale *w = p->w;
	char a[200], b[200], keys[400];

	(void)ctx;
	pvabi_stale_obs_text(w, w->pairs[k].a, a, sizeof(a));
	pvabi_stale_obs_text(w, w->pairs[k].b, b, sizeof(b));
	pvabi_stale_keys_text(w, k, keys, sizeof(keys));
	printf("%-6s %-20s %s / %s: %s\n", p->s->revs[w->rev].id, p->s->ops[w->opi].name, a, b,
	       keys);
}

static void text_tally(const char *what, const struct tally *t)
{
	printf("%s: %zu pair%s; %zu of %zu outputs read after another value\n", what, t->pairs,
	       t->pairs == 1 ? "" : "s", t->read, t->outputs);
}

void cov_pairs_text(struct cov_pairs *p, const struct pvabi_coverage *c)
{
	struct tally total = { 0, 0, 0 };
	size_t i = 0;

	if (p->s->format != 1)
		return;
	p->op = PVABI_NONE;
	printf("\nREAD AFTER ANOTHER VALUE: each image calls the first, the second and the first "
	       "again, each judged right after the other left another value\n");
	printf("%-6s %-20s %s\n", "REV", "OP", "FIRST CALL / SECOND CALL: OUTPUTS TOLD APART");
	while (i < c->n) {
		struct tally t = { 0, 0, 0 };
		int rev = c->v[i].rev;

		walk_rev(p, c, &i, &t, text_pair, NULL);
		text_tally(p->s->revs[rev].id, &t);
		total.pairs += t.pairs;
		total.read += t.read;
		total.outputs += t.outputs;
	}
	text_tally("total", &total);
}

static void json_pair(struct cov_pairs *p, size_t k, void *ctx)
{
	const struct pvabi_stale *w = p->w;
	int *first = ctx;
	char buf[200];
	size_t i, n = 0;

	printf("%s{\"revision\":\"%s\",\"op\":", *first ? "" : ",\n", p->s->revs[w->rev].id);
	*first = 0;
	pvabi_json_str(stdout, p->s->ops[w->opi].name);
	pvabi_stale_obs_text(w, w->pairs[k].a, buf, sizeof(buf));
	printf(",\"first\":");
	pvabi_json_str(stdout, buf);
	pvabi_stale_obs_text(w, w->pairs[k].b, buf, sizeof(buf));
	printf(",\"second\":");
	pvabi_json_str(stdout, buf);
	printf(",\"told_apart\":[");
	for (i = 0; i < w->nkeys; i++) {
		if (!(w->pairs[k].keys & UINT32_C(1) << i))
			continue;
		printf("%s{\"output\":", n++ ? "," : "");
		pvabi_json_str(stdout, w->keys[i]);
		pvabi_stale_value(w, w->pairs[k].a, i, buf, sizeof(buf));
		printf(",\"first\":");
		pvabi_json_str(stdout, buf);
		pvabi_stale_value(w, w->pairs[k].b, i, buf, sizeof(buf));
		printf(",\"second\":");
		pvabi_json_str(stdout, buf);
		putchar('}');
	}
	printf("]}");
}

void cov_pairs_json(struct cov_pairs *p, const struct pvabi_coverage *c)
{
	struct tally t = { 0, 0, 0 };
	size_t i = 0;
	int first = 1;

	p->op = PVABI_NONE;
	printf("\"pairs\":[\n");
	while (p->s->format == 1 && i < c->n)
		walk_rev(p, c, &i, &t, json_pair, &first);
	printf("\n]");
}
