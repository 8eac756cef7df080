/* What a successful call must write into a pass="out" argument, derived
 * from its layout (guest/rt/conformance.h, PVABI_COUT_*; the guest
 * judges it in guest/rt/suite_out.c): the fields that exist in the
 * revision and fit whole in the guest's buffer, which is what the size
 * guard's reader contract says the platform writes and reports (docs/
 * spec-language.md#types-and-layout). A field of another width, or past
 * the words the map holds, is left out of the map but counts in the
 * bytes written; a buffer whose written end does not fit the map's 8
 * bits is not judged. */
#include "emit/emit_ctable.h"
#include "guest/rt/conformance.h"

#include <stdlib.h>

/* The map's code for a field of size sz at off, or 0. */
static unsigned int word_code(size_t off, size_t sz)
{
	if (off % 4 || off / 4 >= PVABI_COUT_WORDS)
		return 0;
	return sz == 4 ? PVABI_COUT_U32 : sz == 8 ? PVABI_COUT_U64 : 0;
}

/* The fields of struct sidx in rev: the map of those that end by cut,
 * their end into *end. u16 fields count only in pairs filling a word. */
static uint64_t struct_map(const struct pvabi_spec *s, int sidx, int rev, size_t cut,
			   size_t *end)
{
	const struct pvabi_struct *st = &s->structs[sidx];
	long *off = calloc(st->nfields + 1, sizeof(long));
	unsigned int half[PVABI_COUT_WORDS] = { 0 };
	uint64_t map = 0;
	size_t i, sz, al;

	*end = 0;
	if (!off)
		return 0;
	pvabi_struct_layout(s, sidx, rev, off, NULL);
	for (i = 0; i < st->nfields; i++) {
		if (off[i] < 0)
			continue;
		sz = pvabi_field_size_mode(s, &st->fields[i], rev, PVABI_MODE_X86_64, &al) *
		     st->fields[i].count;
		if ((size_t)off[i] + sz > cut)
			continue;
		if ((size_t)off[i] + sz > *end)
			*end = (size_t)off[i] + sz;
		map |= (uint64_t)word_code((size_t)off[i], sz) << (2 * (off[i] / 4));
		if (sz == 2 && off[i] / 4 < PVABI_COUT_WORDS && ++half[off[i] / 4] == 2)
			map |= (uint64_t)PVABI_COUT_U16X2 << (2 * (off[i] / 4));
	}
	free(off);
	return map;
}

uint64_t emit_out_map(const struct pvabi_gen *g, const struct pvabi_arg *a, int rev, size_t size,
		      int keeps)
{
	uint64_t map;
	size_t end;

	if (a->dir != PVABI_PTR_OUT || a->count_arg != PVABI_NONE)
		return 0;
	if (a->type.kind == PVABI_T_STRUCT) {
		map = struct_map(g->spec, a->type.index, rev, size, &end);
	} else {
		end = pvabi_prim_size(a->type.prim);
		map = end <= size ? word_code(0, end) : 0;
		end = end <= size ? end : 0;
	}
	if (end > 0xff)
		return 0;
	return map | PVABI_COUT_JUDGED | (keeps ? PVABI_COUT_KEEPS : 0) |
	       (uint64_t)end << PVABI_COUT_END_SHIFT;
}

int emit_refusal_keeps(const struct pvabi_op *op, int arg, int error)
{
	if (error < 0 || arg < 0 || (size_t)arg >= op->nargs)
		return 0;
	return error >= 64 || !(op->args[arg].written_on & (UINT64_C(1) << error));
}
