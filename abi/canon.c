#include "abi/canon.h"
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

static int add(struct pvabi_canon *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int add(struct pvabi_canon *c, const char *fmt, ...)
{
	struct pvabi_canon_chunk *k;
	va_list ap;
	size_t room;
	char *line;
	int n;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		char **v = realloc(c->lines, cap * sizeof(*v));

		if (!v)
			return -1;
		c->lines = v;
		c->cap = cap;
	}
	/* Formatted straight into the current chunk; again into a new one
	 * in the rare case it did not fit. */
	k = c->chunks;
	room = k ? k->size - k->used : 0;
	va_start(ap, fmt);
	n = vsnprintf(k ? k->text + k->used : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= room) {
		if (!(k = chunk_new(c, (size_t)n + 1)))
			return -1;
		va_start(ap, fmt);
		vsnprintf(k->text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	line = k->text + k->used;
	k->used += (size_t)n + 1;
	c->lines[c->n++] = line;
	return 0;
}

static const char *type_name(const struct pvabi_type *t)
{
	return t->kind == PVABI_T_PRIM ? pvabi_prim_name(t->prim) : t->name;
}

static int canon_struct(const struct pvabi_spec *s, int si, int rev,
			struct pvabi_canon *c)
{
	const struct pvabi_struct *st = &s->structs[si];
	long *off = malloc((st->nfields ? st->nfields : 1) * sizeof(long));
	size_t al, size, i;
	int rc;

	if (!off)
		return -1;
	size = pvabi_struct_layout(s, si, rev, off, &al);
	rc = add(c, "struct %s size=%zu align=%zu guarded=%d", st->name, size,
		 al, st->size_guarded);
	for (i = 0; rc == 0 && i < st->nfields; i++) {
		const struct pvabi_field *f = &st->fields[i];

		if (pvabi_life_has(&f->life, rev))
			rc = add(c, "field %s %s %s count=%u offset=%ld", st->name,
				 f->name, type_name(&f->type), f->count, off[i]);
	}
	free(off);
	return rc;
}

static int canon_op(const struct pvabi_spec *s, const struct pvabi_op *op,
		    int rev, struct pvabi_canon *c)
{
	static const char *const dirs[] = { "value", "in", "out", "inout" };
	size_t i, pos = 0;
	int rc;

	rc = add(c, "op %u %s conv=%s ret=%s feature=%s frozen=%d deprecated=%d",
		 op->id, op->name, op->conv >= 0 ? s->convs[op->conv].name : "-",
		 op->ret_void ? "status" : type_name(&op->ret),
		 op->feature >= 0 ? s->features[op->feature].name : "-",
		 op->frozen, pvabi_life_deprecated(&op->life, rev));
	for (i = 0; rc == 0 && i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];
		char dflt[24] = "-";

		if (!pvabi_life_has(&a->life, rev))
			continue;
		if (a->has_default)
			snprintf(dflt, sizeof(dflt), "%lld", (long long)a->default_value);
		rc = add(c, "arg %s %zu %s %s pass=%s count-arg=%s default=%s",
			 op->name, pos++, a->name, type_name(&a->type), dirs[a->dir],
			 a->count_arg >= 0 ? op->args[a->count_arg].name : "-", dflt);
	}
	for (i = 0; rc == 0 && i < op->nerrors; i++)
		rc = add(c, "raises %s %s", op->name, s->errors[op->errors[i]].name);
	return rc;
}

static int canon_conv(const struct pvabi_conv *cv, struct pvabi_canon *c)
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
	return add(c, "conv %s kind=%s mode=%s insn=%s port=0x%x frame=0x%llx stride=%u opreg=%s regs=%s ret=%s",
		   cv->name, kinds[cv->kind], cv->mode,
		   cv->instruction ? cv->instruction : "-", cv->port,
		   (unsigned long long)cv->frame, cv->stride,
		   cv->op_reg ? cv->op_reg : "-", regs[0] ? regs : "-",
		   cv->ret_reg ? cv->ret_reg : "-");
}

static int canon_types(const struct pvabi_spec *s, int rev,
		       struct pvabi_canon *c)
{
	size_t i, j;

	for (i = 0; i < s->nerrors; i++)
		if (pvabi_life_has(&s->errors[i].life, rev) &&
		    add(c, "error %s %lld", s->errors[i].name,
			(long long)s->errors[i].value))
			return -1;
	for (i = 0; i < s->nenums; i++) {
		const struct pvabi_enum *e = &s->enums[i];

		if (!pvabi_life_has(&e->life, rev))
			continue;
		if (add(c, "enum %s %s", e->name, pvabi_prim_name(e->prim)))
			return -1;
		for (j = 0; j < e->nvalues; j++)
			if (pvabi_life_has(&e->values[j].life, rev) &&
			    add(c, "enum-value %s %s %lld", e->name, e->values[j].name,
				(long long)e->values[j].value))
				return -1;
	}
	for (i = 0; i < s->nfeatures; i++)
		if (pvabi_life_has(&s->features[i].life, rev) &&
		    add(c, "feature %s %u", s->features[i].name, s->features[i].bit))
			return -1;
	for (i = 0; i < s->nstructs; i++)
		if (pvabi_life_has(&s->structs[i].life, rev) &&
		    canon_struct(s, (int)i, rev, c))
			return -1;
	return 0;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int pvabi_canon_build(const struct pvabi_spec *s, int rev,
		      struct pvabi_canon *out)
{
	char *used = calloc(s->nconvs + 1, 1);
	size_t i;
	int rc = used ? 0 : -1;

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = add(out, "abi %s", s->name);
	if (rc == 0)
		rc = canon_types(s, rev, out);
	for (i = 0; rc == 0 && i < s->nops; i++) {
		if (!pvabi_life_has(&s->ops[i].life, rev))
			continue;
		rc = canon_op(s, &s->ops[i], rev, out);
		if (s->ops[i].conv >= 0)
			used[s->ops[i].conv] = 1;
	}
	for (i = 0; rc == 0 && i < s->nconvs; i++)
		if (used[i])
			rc = canon_conv(&s->convs[i], out);
	free(used);
	if (rc) {
		pvabi_canon_free(out);
		return -1;
	}
	qsort(out->lines, out->n, sizeof(*out->lines), cmp_line);
	return 0;
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
	struct pvabi_canon c;
	int rc;

	if (len < PVABI_FINGERPRINT_LEN || pvabi_canon_build(s, rev, &c))
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
	int failed;
};

static void *fp_work(void *arg)
{
	struct fp_job *j = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED)) < j->n)
		if (pvabi_fingerprint(j->s, j->revs[i], j->out[i], PVABI_FINGERPRINT_LEN))
			__atomic_store_n(&j->failed, 1, __ATOMIC_RELAXED);
	return NULL;
}

#define FP_MAX_THREADS 4

int pvabi_fingerprints(const struct pvabi_spec *s, const int *revs, size_t n,
		       char (*out)[PVABI_FINGERPRINT_LEN])
{
	struct fp_job job = { s, revs, out, n, 0, 0 };
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
