/* Limits the loader checks once the whole spec is read: every struct's
 * size, in every revision, must fit the u32 a size-guarded struct's size
 * field and the generated layout tables hold. Sizes are computed with
 * 64-bit arithmetic saturating just above the limit, so nested arrays
 * (65536 elements of 65536 elements of ...) cannot wrap to a small size. */
#include "abi/load_internal.h"

#include <stdint.h>
#include <stdlib.h>

#define TOO_BIG ((uint64_t)UINT32_MAX + 1)

struct sizer {
	const struct pvabi_spec *s;
	int rev;
	uint64_t *size, *align;
};

/* Every struct a field of si nests is sized already: structs are sized
 * in the loader's order, each after the structs it contains. */
static uint64_t field_size(struct sizer *z, const struct pvabi_field *f, uint64_t *al)
{
	uint64_t one;

	if (f->type.kind == PVABI_T_STRUCT) {
		one = z->size[f->type.index];
		*al = z->align[f->type.index];
	} else {
		one = pvabi_prim_size(f->type.prim);
		*al = one;
	}
	one *= f->count; /* at most 2^32 * 65536: no wrap in 64 bits */
	return one > TOO_BIG ? TOO_BIG : one;
}

static uint64_t struct_size(struct sizer *z, int si)
{
	const struct pvabi_struct *st = &z->s->structs[si];
	uint64_t off = 0, max_al = 1, al, sz;
	size_t i;

	for (i = 0; i < st->nfields && off < TOO_BIG; i++) {
		if (!pvabi_life_has(&st->fields[i].life, z->rev))
			continue;
		sz = field_size(z, &st->fields[i], &al);
		al = al ? al : 1;
		off = (off + al - 1) / al * al + sz;
		max_al = al > max_al ? al : max_al;
	}
	off = (off + max_al - 1) / max_al * max_al;
	z->align[si] = max_al;
	z->size[si] = off > TOO_BIG ? TOO_BIG : off;
	return z->size[si];
}

void check_struct_sizes(struct loader *L)
{
	const struct pvabi_spec *s = L->s;
	struct sizer z = { s, 0, NULL, NULL };
	char *reported = calloc(s->nstructs + 1, 1);
	size_t i, k;

	z.size = malloc((s->nstructs + 1) * sizeof(*z.size));
	z.align = malloc((s->nstructs + 1) * sizeof(*z.align));
	if (!reported || !z.size || !z.align) {
		L->failed = 1;
		goto out;
	}
	for (z.rev = 0; z.rev < (int)s->nrevs; z.rev++) {
		for (k = 0; k < s->nstructs; k++)
			struct_size(&z, s->struct_order[k]);
		for (i = 0; i < s->nstructs; i++) {
			const struct pvabi_struct *st = &s->structs[i];

			if (reported[i] || !pvabi_life_has(&st->life, z.rev) || z.size[i] < TOO_BIG)
				continue;
			reported[i] = 1;
			pvabi_diag_add(L->d, "STRUCT_TOO_LARGE", L->file, st->loc.line,
				       "struct %s is larger than 4294967295 bytes in revision %s: "
				       "a struct's size must fit its u32 size field",
				       st->name, s->revs[z.rev].id);
			L->failed = 1;
		}
	}
out:
	free(reported);
	free(z.size);
	free(z.align);
}
