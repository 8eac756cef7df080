/* The order of canonical lines (canon_internal.h): element ranks made
 * once per model, a radix sort of the lines' keys, and the check that
 * the result is the bytewise order. */
#include "abi/canon_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct named {
	const char *name;
	int idx;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* rank[i] = place of name(i) among the n names in byte order. */
static int rank_by(int *rank, size_t n, const char *(*name)(const void *, size_t),
		   const void *arg, struct named *tmp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		tmp[i].name = name(arg, i);
		tmp[i].idx = (int)i;
	}
	qsort(tmp, n, sizeof(*tmp), cmp_named);
	for (i = 0; i < n; i++)
		rank[tmp[i].idx] = (int)i;
	return 0;
}

static const char *op_name(const void *s, size_t i)
{
	return ((const struct pvabi_spec *)s)->ops[i].name;
}

static const char *err_name(const void *s, size_t i)
{
	return ((const struct pvabi_spec *)s)->errors[i].name;
}

static const char *enum_name(const void *s, size_t i)
{
	return ((const struct pvabi_spec *)s)->enums[i].name;
}

static const char *feat_name(const void *s, size_t i)
{
	return ((const struct pvabi_spec *)s)->features[i].name;
}

static const char *struct_name(const void *s, size_t i)
{
	return ((const struct pvabi_spec *)s)->structs[i].name;
}

static const char *conv_name(const void *s, size_t i)
{
	return ((const struct pvabi_spec *)s)->convs[i].name;
}

static const char *value_name(const void *e, size_t i)
{
	return ((const struct pvabi_enum *)e)->values[i].name;
}

static const char *field_name(const void *st, size_t i)
{
	return ((const struct pvabi_struct *)st)->fields[i].name;
}

/* Decimal texts, for ids and positions: "10" sorts before "9". */
static const char *text_of(const void *texts, size_t i)
{
	return (const char *)texts + i * 12;
}

static size_t total_values(const struct pvabi_spec *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nenums; i++)
		n += s->enums[i].nvalues;
	return n;
}

static size_t total_fields(const struct pvabi_spec *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nstructs; i++)
		n += s->structs[i].nfields;
	return n;
}

static size_t max_args(const struct pvabi_spec *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nops; i++)
		n = s->ops[i].nargs > n ? s->ops[i].nargs : n;
	return n;
}

/* One block: the rank arrays, then the offset arrays. */
static struct canon_ranks *ranks_alloc(const struct pvabi_spec *s, size_t nv, size_t nf)
{
	size_t ints = 2 * s->nops + s->nerrors + s->nenums + s->nfeatures + s->nstructs +
		      s->nconvs + nv + nf + max_args(s) + 1;
	size_t offs = s->nenums + s->nstructs;
	struct canon_ranks *r = calloc(1, sizeof(*r) + offs * sizeof(size_t) + ints * sizeof(int));
	size_t *o;
	int *p;

	if (!r)
		return NULL;
	o = (size_t *)(r + 1);
	r->value_at = o;
	r->field_at = o + s->nenums;
	p = (int *)(o + offs);
	r->op_by_id = p, p += s->nops;
	r->op_by_name = p, p += s->nops;
	r->err = p, p += s->nerrors;
	r->enm = p, p += s->nenums;
	r->feat = p, p += s->nfeatures;
	r->strct = p, p += s->nstructs;
	r->conv = p, p += s->nconvs;
	r->value = p, p += nv;
	r->field = p, p += nf;
	r->pos = p;
	r->npos = max_args(s) + 1;
	return r;
}

static void rank_members(const struct pvabi_spec *s, struct canon_ranks *r, struct named *tmp)
{
	size_t i, at = 0;

	for (i = 0; i < s->nenums; i++) {
		r->value_at[i] = at;
		rank_by(r->value + at, s->enums[i].nvalues, value_name, &s->enums[i], tmp);
		at += s->enums[i].nvalues;
	}
	for (i = 0, at = 0; i < s->nstructs; i++) {
		r->field_at[i] = at;
		rank_by(r->field + at, s->structs[i].nfields, field_name, &s->structs[i], tmp);
		at += s->structs[i].nfields;
	}
}

static struct canon_ranks *ranks_make(const struct pvabi_spec *s)
{
	size_t nv = total_values(s), nf = total_fields(s), i, most;
	struct canon_ranks *r = ranks_alloc(s, nv, nf);
	struct named *tmp;
	char *texts;

	most = s->nops > r->npos ? s->nops : r->npos;
	most = most > nv ? most : nv;
	most = most > nf ? most : nf;
	most = most > s->nstructs ? most : s->nstructs;
	tmp = malloc((most + 1) * sizeof(*tmp));
	texts = malloc((most + 1) * 12);
	if (!r || !tmp || !texts) {
		free(r);
		free(tmp);
		free(texts);
		return NULL;
	}
	for (i = 0; i < s->nops; i++)
		snprintf(texts + i * 12, 12, "%u", s->ops[i].id);
	rank_by(r->op_by_id, s->nops, text_of, texts, tmp);
	for (i = 0; i < r->npos; i++)
		snprintf(texts + i * 12, 12, "%u", (unsigned int)i);
	rank_by(r->pos, r->npos, text_of, texts, tmp);
	rank_by(r->op_by_name, s->nops, op_name, s, tmp);
	rank_by(r->err, s->nerrors, err_name, s, tmp);
	rank_by(r->enm, s->nenums, enum_name, s, tmp);
	rank_by(r->feat, s->nfeatures, feat_name, s, tmp);
	rank_by(r->strct, s->nstructs, struct_name, s, tmp);
	rank_by(r->conv, s->nconvs, conv_name, s, tmp);
	rank_members(s, r, tmp);
	free(tmp);
	free(texts);
	return r;
}

static pthread_mutex_t ranks_lock = PTHREAD_MUTEX_INITIALIZER;

const struct canon_ranks *canon_ranks(const struct pvabi_spec *s)
{
	struct pvabi_spec *m = (struct pvabi_spec *)s; /* a memo, not the model */
	struct canon_ranks *r = __atomic_load_n(&m->canon_ranks, __ATOMIC_ACQUIRE);

	if (r)
		return r;
	pthread_mutex_lock(&ranks_lock);
	r = m->canon_ranks;
	if (!r && (r = ranks_make(s)))
		__atomic_store_n(&m->canon_ranks, r, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&ranks_lock);
	return r;
}

struct keyed {
	uint64_t key;
	char *line;
};

/* Least significant digit first, 16 bits a pass; a pass where every key
 * has the same digit is skipped. Stable. Returns a or b, whichever holds
 * the result. */
static struct keyed *radix(struct keyed *a, struct keyed *b, size_t n, size_t *count)
{
	struct keyed *t;
	size_t i, sum, c;
	int shift;

	for (shift = 0; shift < 64; shift += 16) {
		memset(count, 0, 65536 * sizeof(*count));
		for (i = 0; i < n; i++)
			count[(a[i].key >> shift) & 0xffff]++;
		if (count[(a[0].key >> shift) & 0xffff] == n)
			continue;
		for (i = 0, sum = 0; i < 65536; i++)
			c = count[i], count[i] = sum, sum += c;
		for (i = 0; i < n; i++)
			b[count[(a[i].key >> shift) & 0xffff]++] = a[i];
		t = a, a = b, b = t;
	}
	return a;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int canon_sort(char **lines, uint64_t *keys, size_t n)
{
	struct keyed *a = malloc((n + 1) * 2 * sizeof(*a)), *res;
	size_t *count = malloc(65536 * sizeof(*count)), i;

	if (!a || !count) {
		free(a);
		free(count);
		return -1;
	}
	for (i = 0; i < n; i++) {
		a[i].key = keys[i];
		a[i].line = lines[i];
	}
	res = n ? radix(a, a + n + 1, n, count) : a;
	for (i = 0; i < n; i++)
		lines[i] = res[i].line;
	for (i = 1; i < n; i++)
		if (strcmp(lines[i - 1], lines[i]) > 0)
			break;
	if (i < n)
		qsort(lines, n, sizeof(*lines), cmp_line);
	free(a);
	free(count);
	return 0;
}
