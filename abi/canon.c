/* The canonical lines of a revision (canon.h), their digest, and the
 * fingerprints of several revisions on the machine's cores. */
#include "abi/canon_internal.h"
#include "abi/sha256.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lines live in chunks of text, one allocation per chunk rather than per
 * line: a large spec has millions of canonical lines per revision. */
struct pvabi_canon_chunk {
	struct pvabi_canon_chunk *next;
	size_t used, size;
	char text[];
};

#define CHUNK_TEXT (256u * 1024)

/* A canon being built: its lines' sort keys beside them. */
struct cb {
	struct pvabi_canon *c;
	uint64_t *keys;
	const struct canon_ranks *r;
	int gen; /* the description generation covered */
};

/* An item in the revision, described by the generation covered. */
static int has(const struct cb *b, const struct pvabi_life *l, int rev)
{
	return pvabi_life_has(l, rev) && l->described <= b->gen;
}

static struct pvabi_canon_chunk *chunk_new(struct pvabi_canon *c, size_t need)
{
	size_t size = need > CHUNK_TEXT ? need : CHUNK_TEXT;
	struct pvabi_canon_chunk *k = malloc(sizeof(*k) + size);

	if (!k)
		return NULL;
	k->size = size;
	k->used = 0;
	k->next = c->chunks;
	c->chunks = k;
	return k;
}

/* Appends text (len bytes and a NUL) as the next line, with its key. */
static int push(struct cb *b, uint64_t key, const char *text, size_t len)
{
	struct pvabi_canon *c = b->c;
	struct pvabi_canon_chunk *k = c->chunks;
	char *line;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		char **v = realloc(c->lines, cap * sizeof(*v));
		uint64_t *w = v ? realloc(b->keys, cap * sizeof(*w)) : NULL;

		if (v)
			c->lines = v;
		if (!w)
			return -1;
		b->keys = w;
		c->cap = cap;
	}
	if ((!k || k->size - k->used < len + 1) && !(k = chunk_new(c, len + 1)))
		return -1;
	line = k->text + k->used;
	memcpy(line, text, len);
	line[len] = '\0';
	k->used += len + 1;
	b->keys[c->n] = key;
	c->lines[c->n++] = line;
	return 0;
}

/* The lines of the few facts of a spec (its name, conventions). */
static int add(struct cb *b, uint64_t key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int add(struct cb *b, uint64_t key, const char *fmt, ...)
{
	char text[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(text))
		return -1;
	return push(b, key, text, (size_t)n);
}

/* The lines of the many facts (ops, arguments, fields, values), put
 * together piece by piece: printf's parsing of a format was half the
 * cost of a fingerprint. Names are at most 64 bytes (the schema), but a
 * line grows as needed. */
struct line {
	char *p;
	size_t n, cap;
	int oom;
	char small[512];
};

static void l_init(struct line *l)
{
	l->p = l->small;
	l->n = 0;
	l->cap = sizeof(l->small);
	l->oom = 0;
}

static int l_room(struct line *l, size_t more)
{
	char *p;

	if (l->n + more <= l->cap)
		return 1;
	p = malloc(2 * (l->n + more));
	if (!p) {
		l->oom = 1;
		return 0;
	}
	memcpy(p, l->p, l->n);
	if (l->p != l->small)
		free(l->p);
	l->p = p;
	l->cap = 2 * (l->n + more);
	return 1;
}

static struct line *s_(struct line *l, const char *s)
{
	size_t n = strlen(s);

	if (l_room(l, n)) {
		memcpy(l->p + l->n, s, n);
		l->n += n;
	}
	return l;
}

/* Decimal, as printf's %llu and %lld write it. */
static struct line *u_(struct line *l, unsigned long long v)
{
	char d[24];
	int i = sizeof(d);

	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10));
	if (l_room(l, sizeof(d) - (size_t)i)) {
		memcpy(l->p + l->n, d + i, sizeof(d) - (size_t)i);
		l->n += sizeof(d) - (size_t)i;
	}
	return l;
}

static struct line *d_(struct line *l, long long v)
{
	if (v >= 0)
		return u_(l, (unsigned long long)v);
	s_(l, "-");
	return u_(l, -(unsigned long long)v);
}

static int l_push(struct cb *b, uint64_t key, struct line *l)
{
	int rc = l->oom ? -1 : push(b, key, l->p, l->n);

	if (l->p != l->small)
		free(l->p);
	return rc;
}

static const char *type_name(const struct pvabi_type *t)
{
	return t->kind == PVABI_T_PRIM ? pvabi_prim_name(t->prim) : t->name;
}

static int canon_struct(struct cb *b, const struct pvabi_spec *s, int si, int rev)
{
	const struct pvabi_struct *st = &s->structs[si];
	long *off = malloc((st->nfields ? st->nfields : 1) * sizeof(long));
	int rank = b->r->strct[si], rc;
	const int *fr = b->r->field + b->r->field_at[si];
	struct line l;
	size_t al, size, i;

	if (!off)
		return -1;
	size = pvabi_struct_layout(s, si, rev, off, &al);
	l_init(&l);
	u_(s_(u_(s_(u_(s_(s_(s_(&l, "struct "), st->name), " size="), size), " align="), al),
	      " guarded="), (unsigned)st->size_guarded);
	rc = l_push(b, CANON_KEY(K_STRUCT, rank, 0), &l);
	for (i = 0; rc == 0 && i < st->nfields; i++) {
		const struct pvabi_field *f = &st->fields[i];

		if (!has(b, &f->life, rev))
			continue;
		l_init(&l);
		s_(s_(s_(s_(s_(s_(s_(&l, "field "), st->name), " "), pvabi_field_name(f, rev)), " "),
		      type_name(&f->type)), " count=");
		d_(s_(u_(&l, f->count), " offset="), off[i]);
		rc = l_push(b, CANON_KEY(K_FIELD, rank, fr[i]), &l);
	}
	free(off);
	return rc;
}

static int canon_arg(struct cb *b, const struct pvabi_op *op, const struct pvabi_arg *a,
		     size_t pos, int rank)
{
	static const char *const dirs[] = { "value", "in", "out", "inout" };
	struct line l;

	l_init(&l);
	s_(s_(s_(s_(s_(u_(s_(s_(s_(&l, "arg "), op->name), " "), pos), " "), a->name), " "),
	      type_name(&a->type)), " pass=");
	s_(s_(s_(&l, dirs[a->dir]), " count-arg="),
	   a->count_arg >= 0 ? op->args[a->count_arg].name : "-");
	s_(&l, " default=");
	if (a->has_default)
		d_(&l, (long long)a->default_value);
	else
		s_(&l, "-");
	return l_push(b, CANON_KEY(K_ARG, rank, b->r->pos[pos]), &l);
}

static int canon_op(struct cb *b, const struct pvabi_spec *s, size_t oi, int rev)
{
	const struct pvabi_op *op = &s->ops[oi];
	int rank = b->r->op_by_name[oi], rc;
	size_t i, pos = 0;
	struct line l;

	l_init(&l);
	s_(s_(s_(u_(s_(&l, "op "), op->id), " "), op->name), " conv=");
	s_(s_(&l, op->conv >= 0 ? s->convs[op->conv].name : "-"), " ret=");
	s_(s_(&l, op->ret_void ? "status" : type_name(&op->ret)), " feature=");
	s_(s_(&l, op->feature >= 0 ? s->features[op->feature].name : "-"), " frozen=");
	d_(s_(d_(&l, op->frozen), " deprecated="), pvabi_life_deprecated(&op->life, rev));
	rc = l_push(b, CANON_KEY(K_OP, b->r->op_by_id[oi], 0), &l);
	for (i = 0; rc == 0 && i < op->nargs; i++)
		if (has(b, &op->args[i].life, rev))
			rc = canon_arg(b, op, &op->args[i], pos++, rank);
	for (i = 0; rc == 0 && i < op->nerrors; i++) {
		if (!has(b, &op->raises[i].life, rev))
			continue;
		l_init(&l);
		s_(s_(s_(s_(&l, "raises "), op->name), " "), s->errors[op->errors[i]].name);
		rc = l_push(b, CANON_KEY(K_RAISES, rank, b->r->err[op->errors[i]]), &l);
	}
	return rc;
}

static int canon_conv(struct cb *b, const struct pvabi_conv *cv, int rank)
{
	static const char *const kinds[] = {
		"call-frame", "registers", "hypercall-page", "cpuid", "msr",
	};
	char regs[PVABI_MAX_REGS * 8 + 1] = "";
	size_t i;

	for (i = 0; i < cv->nregs; i++) {
		if (i)
			strncat(regs, ",", sizeof(regs) - strlen(regs) - 1);
		strncat(regs, cv->regs[i], sizeof(regs) - strlen(regs) - 1);
	}
	return add(b, CANON_KEY(K_CONV, rank, 0),
		   "conv %s kind=%s mode=%s insn=%s port=0x%x frame=0x%llx stride=%u opreg=%s regs=%s ret=%s",
		   cv->name, kinds[cv->kind], cv->mode,
		   cv->instruction ? cv->instruction : "-", cv->port,
		   (unsigned long long)cv->frame, cv->stride,
		   cv->op_reg ? cv->op_reg : "-", regs[0] ? regs : "-",
		   cv->ret_reg ? cv->ret_reg : "-");
}

static int canon_enum(struct cb *b, const struct pvabi_spec *s, size_t ei, int rev)
{
	const struct pvabi_enum *e = &s->enums[ei];
	const int *vr = b->r->value + b->r->value_at[ei];
	int rank = b->r->enm[ei], rc;
	struct line l;
	size_t j;

	l_init(&l);
	s_(s_(s_(s_(&l, "enum "), e->name), " "), pvabi_prim_name(e->prim));
	rc = l_push(b, CANON_KEY(K_ENUM, rank, 0), &l);
	for (j = 0; rc == 0 && j < e->nvalues; j++) {
		if (!has(b, &e->values[j].life, rev))
			continue;
		l_init(&l);
		s_(s_(s_(s_(s_(&l, "enum-value "), e->name), " "), e->values[j].name), " ");
		d_(&l, (long long)e->values[j].value);
		rc = l_push(b, CANON_KEY(K_ENUM_VALUE, rank, vr[j]), &l);
	}
	return rc;
}

static int canon_types(struct cb *b, const struct pvabi_spec *s, int rev)
{
	struct line l;
	size_t i;

	for (i = 0; i < s->nerrors; i++) {
		if (!has(b, &s->errors[i].life, rev))
			continue;
		l_init(&l);
		d_(s_(s_(s_(&l, "error "), s->errors[i].name), " "), (long long)s->errors[i].value);
		if (l_push(b, CANON_KEY(K_ERROR, b->r->err[i], 0), &l))
			return -1;
	}
	for (i = 0; i < s->nenums; i++)
		if (has(b, &s->enums[i].life, rev) && canon_enum(b, s, i, rev))
			return -1;
	for (i = 0; i < s->nfeatures; i++) {
		if (!has(b, &s->features[i].life, rev))
			continue;
		l_init(&l);
		u_(s_(s_(s_(&l, "feature "), s->features[i].name), " "), s->features[i].bit);
		if (l_push(b, CANON_KEY(K_FEATURE, b->r->feat[i], 0), &l))
			return -1;
	}
	for (i = 0; i < s->nstructs; i++)
		if (has(b, &s->structs[i].life, rev) && canon_struct(b, s, (int)i, rev))
			return -1;
	return 0;
}

static int put_keyless(void *b, const char *text, size_t len)
{
	return push(b, 0, text, len);
}

int pvabi_canon_build(const struct pvabi_spec *s, int rev,
		      struct pvabi_canon *out)
{
	return pvabi_canon_build_gen(s, rev, PVABI_DESCRIBED_ALL, out);
}

int pvabi_canon_build_gen(const struct pvabi_spec *s, int rev, int gen,
			  struct pvabi_canon *out)
{
	struct cb b = { out, NULL, canon_ranks(s), gen };
	char *used = calloc(s->nconvs + 1, 1);
	size_t i;
	int rc = used && b.r ? 0 : -1;

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = add(&b, CANON_KEY(K_ABI, 0, 0), "abi %s", s->name);
	if (rc == 0)
		rc = canon_types(&b, s, rev);
	for (i = 0; rc == 0 && i < s->nops; i++) {
		if (!has(&b, &s->ops[i].life, rev))
			continue;
		rc = canon_op(&b, s, i, rev);
		if (s->ops[i].conv >= 0)
			used[s->ops[i].conv] = 1;
	}
	for (i = 0; rc == 0 && i < s->nconvs; i++)
		if (used[i])
			rc = canon_conv(&b, &s->convs[i], b.r->conv[i]);
	/* format 2's lines carry no key: canon_sort then sorts by text */
	if (rc == 0 && s->format >= 2)
		rc = canon_fmt2(s, rev, gen, put_keyless, &b);
	free(used);
	if (rc == 0)
		rc = canon_sort(out->lines, b.keys, out->n);
	free(b.keys);
	if (rc)
		pvabi_canon_free(out);
	return rc ? -1 : 0;
}

void pvabi_canon_free(struct pvabi_canon *c)
{
	struct pvabi_canon_chunk *k, *next;

	for (k = c->chunks; k; k = next) {
		next = k->next;
		free(k);
	}
	free(c->lines);
	memset(c, 0, sizeof(*c));
}

void pvabi_canon_print(const struct pvabi_canon *c, FILE *f)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		fprintf(f, "%s\n", c->lines[i]);
}

int pvabi_canon_digest(const struct pvabi_canon *c, char *buf, size_t len)
{
	struct pvabi_sha256 h;
	uint8_t d[32];
	char hex[65];
	size_t i;

	if (len < PVABI_FINGERPRINT_LEN)
		return -1;
	pvabi_sha256_init(&h);
	for (i = 0; i < c->n; i++) {
		pvabi_sha256_update(&h, c->lines[i], strlen(c->lines[i]));
		pvabi_sha256_update(&h, "\n", 1);
	}
	pvabi_sha256_final(&h, d);
	pvabi_sha256_hex(d, hex);
	snprintf(buf, len, "sha256:%s", hex);
	return 0;
}

int pvabi_fingerprint(const struct pvabi_spec *s, int rev, char *buf,
		      size_t len)
{
	return pvabi_fingerprint_gen(s, rev, PVABI_DESCRIBED_ALL, buf, len);
}

int pvabi_fingerprint_gen(const struct pvabi_spec *s, int rev, int gen, char *buf,
			  size_t len)
{
	struct pvabi_canon c;
	int rc;

	if (len < PVABI_FINGERPRINT_LEN || pvabi_canon_build_gen(s, rev, gen, &c))
		return -1;
	rc = pvabi_canon_digest(&c, buf, len);
	pvabi_canon_free(&c);
	return rc;
}

/* Several fingerprints share the cores: each revision is independent, and
 * a large spec's released revisions are most of a check's work. */
struct fp_job {
	const struct pvabi_spec *s;
	const int *revs;
	char (*out)[PVABI_FINGERPRINT_LEN];
	size_t n, next;
	int failed, gen;
};

static void *fp_work(void *arg)
{
	struct fp_job *j = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED)) < j->n)
		if (pvabi_fingerprint_gen(j->s, j->revs[i], j->gen, j->out[i], PVABI_FINGERPRINT_LEN))
			__atomic_store_n(&j->failed, 1, __ATOMIC_RELAXED);
	return NULL;
}

#define FP_MAX_THREADS 4

int pvabi_fingerprints(const struct pvabi_spec *s, const int *revs, size_t n, int gen,
		       char (*out)[PVABI_FINGERPRINT_LEN])
{
	struct fp_job job = { s, revs, out, n, 0, 0, gen };
	pthread_t t[FP_MAX_THREADS - 1];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = cpus > 1 ? (size_t)cpus - 1 : 0, nt = 0, k;

	if (want > FP_MAX_THREADS - 1)
		want = FP_MAX_THREADS - 1;
	if (want > n / 2)
		want = n / 2;
	for (k = 0; k < want; k++)
		nt += pthread_create(&t[nt], NULL, fp_work, &job) == 0;
	fp_work(&job);
	for (k = 0; k < nt; k++)
		pthread_join(t[k], NULL);
	return job.failed ? -1 : 0;
}
