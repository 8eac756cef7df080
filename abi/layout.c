/* The primitives (size, sign, name) and the C layout of structs
 * (natural alignment), per revision. The bottom of the model's queries:
 * it calls nothing in abi/model.c, which frees the layouts made here.
 *
 * A struct's size is needed wherever it is nested, and a spec can nest
 * one struct in many (a diamond of 40 levels reaches its deepest struct
 * by 2^40 paths): computed again at each use, layouts cost the number of
 * paths. Instead the sizes of every struct in a revision are computed
 * once, in an order where each struct follows those it contains
 * (pvabi_struct_order), and kept: one table per revision, made on the
 * revision's first use. Fingerprints of several revisions run in
 * parallel threads, so a table is made under a lock and published
 * whole. */
#include "abi/model.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct rev_layout {
	size_t *size;
	unsigned char *align; /* alignments are 1..8 */
};

struct pvabi_layouts {
	size_t nrevs;
	struct rev_layout *rev[]; /* NULL until first used */
};

static const struct {
	const char *name;
	unsigned int size;
	int is_signed;
} prims[PVABI_PRIM_COUNT] = {
	[PVABI_U8] = { "u8", 1, 0 },   [PVABI_U16] = { "u16", 2, 0 },
	[PVABI_U32] = { "u32", 4, 0 }, [PVABI_U64] = { "u64", 8, 0 },
	[PVABI_S8] = { "s8", 1, 1 },   [PVABI_S16] = { "s16", 2, 1 },
	[PVABI_S32] = { "s32", 4, 1 }, [PVABI_S64] = { "s64", 8, 1 },
	[PVABI_ULONG] = { "ulong", 8, 0 }, [PVABI_SLONG] = { "slong", 8, 1 },
};

unsigned int pvabi_prim_size(enum pvabi_prim p)
{
	return prims[p].size;
}

int pvabi_prim_signed(enum pvabi_prim p)
{
	return prims[p].is_signed;
}

const char *pvabi_prim_name(enum pvabi_prim p)
{
	return prims[p].name;
}

int pvabi_prim_parse(const char *name)
{
	int i;

	for (i = 0; i < PVABI_PRIM_COUNT; i++)
		if (!strcmp(prims[i].name, name))
			return i;
	return -1;
}

const char *pvabi_mode_name(enum pvabi_mode m)
{
	return m == PVABI_MODE_X86_32 ? "x86_32" : "x86_64";
}

static pthread_mutex_t layouts_lock = PTHREAD_MUTEX_INITIALIZER;

/* Without tables (a model not made by the loader) nested structs are
 * computed again at each use, to this depth; the loader refuses cycles. */
#define MAX_NEST 64

static size_t layout(const struct pvabi_spec *spec, const struct rev_layout *m, int sidx,
		     int rev, enum pvabi_mode mode, long *offsets, size_t *align, int depth);

int pvabi_type_wide_scalar(const struct pvabi_type *t, enum pvabi_arg_dir d)
{
	return d == PVABI_BY_VALUE && t->kind != PVABI_T_STRUCT && pvabi_prim_size(t->prim) == 8 &&
	       t->prim != PVABI_ULONG && t->prim != PVABI_SLONG;
}

/* A scalar's size and alignment in a mode. Format 1 has one layout with
 * 8-aligned 64-bit members everywhere; format 2 follows each mode's C
 * ABI (i386 aligns 64-bit members to 4 inside structs, long is 4). */
static size_t prim_mode(const struct pvabi_spec *spec, enum pvabi_prim p, enum pvabi_mode mode,
			size_t *align)
{
	size_t sz = pvabi_prim_size(p);

	if (spec->format >= 2 && mode == PVABI_MODE_X86_32) {
		if (p == PVABI_ULONG || p == PVABI_SLONG)
			sz = 4;
		*align = sz > 4 ? 4 : sz;
		return sz;
	}
	*align = sz;
	return sz;
}

/* The tables hold x86_64 layouts; other modes (format 2) are computed
 * at each use. */
static size_t type_size(const struct pvabi_spec *spec, const struct rev_layout *m,
			const struct pvabi_type *t, int rev, enum pvabi_mode mode, size_t *align,
			int depth)
{
	if (t->kind == PVABI_T_STRUCT && m && mode == PVABI_MODE_X86_64) {
		*align = m->align[t->index];
		return m->size[t->index];
	}
	if (t->kind == PVABI_T_STRUCT)
		return depth < MAX_NEST ? layout(spec, NULL, t->index, rev, mode, NULL, align,
						 depth + 1)
					: (*align = 1, 0);
	return prim_mode(spec, t->prim, mode, align);
}

/* A guest handle is a pointer of the mode (format 2). */
static size_t field_size(const struct pvabi_spec *spec, const struct rev_layout *m,
			 const struct pvabi_field *f, int rev, enum pvabi_mode mode, size_t *align,
			 int depth)
{
	if (f->handle) {
		*align = mode == PVABI_MODE_X86_32 ? 4 : 8;
		return *align;
	}
	return type_size(spec, m, &f->type, rev, mode, align, depth);
}

static size_t layout(const struct pvabi_spec *spec, const struct rev_layout *m, int sidx,
		     int rev, enum pvabi_mode mode, long *offsets, size_t *align, int depth)
{
	const struct pvabi_struct *s = &spec->structs[sidx];
	size_t off = 0, end = 0, max_al = 1, i;

	*align = 1;
	if (!pvabi_life_has(&s->life, rev))
		return 0;
	for (i = 0; i < s->nfields; i++) {
		const struct pvabi_field *f = &s->fields[i];
		size_t al = 1, sz;

		if (!pvabi_life_has(&f->life, rev) ||
		    (f->mode_mask && !(f->mode_mask & (1u << mode)))) {
			if (offsets)
				offsets[i] = PVABI_NONE;
			continue;
		}
		sz = field_size(spec, m, f, rev, mode, &al, depth) * f->count;
		if (al == 0)
			al = 1;
		/* a union's members all start at 0; it is as large as its
		 * largest */
		off = s->is_union ? 0 : (off + al - 1) / al * al;
		if (offsets)
			offsets[i] = (long)off;
		if (off + sz > end)
			end = off + sz;
		off += sz;
		if (al > max_al)
			max_al = al;
	}
	*align = max_al;
	return (end + max_al - 1) / max_al * max_al;
}

int pvabi_layouts_init(struct pvabi_spec *spec)
{
	struct pvabi_layouts *l;

	if (!spec->struct_order)
		return 0;
	l = calloc(1, sizeof(*l) + spec->nrevs * sizeof(l->rev[0]));
	if (!l)
		return -ENOMEM;
	l->nrevs = spec->nrevs;
	spec->layouts = l;
	return 0;
}

void pvabi_layouts_free(struct pvabi_layouts *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->nrevs; i++)
		free(l->rev[i]);
	free(l);
}

/* Every struct of the revision, each after the structs it contains. */
static struct rev_layout *table_make(const struct pvabi_spec *spec, int rev)
{
	size_t n = spec->nstructs, i, al;
	struct rev_layout *m = malloc(sizeof(*m) + n * (sizeof(size_t) + 1) + 1);
	int k;

	if (!m)
		return NULL;
	m->size = (size_t *)(m + 1);
	m->align = (unsigned char *)(m->size + n);
	for (i = 0; i < n; i++) {
		k = spec->struct_order[i];
		m->size[k] = layout(spec, m, k, rev, PVABI_MODE_X86_64, NULL, &al, 0);
		m->align[k] = (unsigned char)al;
	}
	return m;
}

/* The revision's table, or NULL (no tables, or out of memory: the
 * layouts are then computed again at each use). */
static const struct rev_layout *table(const struct pvabi_spec *spec, int rev)
{
	struct pvabi_layouts *l = spec->layouts;
	struct rev_layout *m;

	if (!l || rev < 0 || (size_t)rev >= l->nrevs)
		return NULL;
	m = __atomic_load_n(&l->rev[rev], __ATOMIC_ACQUIRE);
	if (m)
		return m;
	pthread_mutex_lock(&layouts_lock);
	m = l->rev[rev];
	if (!m && (m = table_make(spec, rev)))
		__atomic_store_n(&l->rev[rev], m, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&layouts_lock);
	return m;
}

size_t pvabi_type_size(const struct pvabi_spec *spec, const struct pvabi_type *t, int rev,
		       size_t *align)
{
	return type_size(spec, table(spec, rev), t, rev, PVABI_MODE_X86_64, align, 0);
}

size_t pvabi_struct_layout(const struct pvabi_spec *spec, int sidx, int rev, long *offsets,
			   size_t *align)
{
	size_t al;

	return layout(spec, table(spec, rev), sidx, rev, PVABI_MODE_X86_64, offsets,
		      align ? align : &al, 0);
}

size_t pvabi_struct_layout_mode(const struct pvabi_spec *spec, int sidx, int rev,
				enum pvabi_mode mode, long *offsets, size_t *align)
{
	size_t al;

	return layout(spec, table(spec, rev), sidx, rev, mode, offsets, align ? align : &al, 0);
}

size_t pvabi_field_size_mode(const struct pvabi_spec *spec, const struct pvabi_field *f,
			     int rev, enum pvabi_mode mode, size_t *align)
{
	return field_size(spec, table(spec, rev), f, rev, mode, align, 0);
}
