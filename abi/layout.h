/* Sizes, alignments and layouts of a spec's types: the primitives, and
 * each struct per revision and guest mode (abi/layout.c).
 * Part of the model's interface: abi/model.h includes it. */
#ifndef PVABI_LAYOUT_H
#define PVABI_LAYOUT_H

#include "abi/model.h"

#include <stddef.h>

unsigned int pvabi_prim_size(enum pvabi_prim p);
int pvabi_prim_signed(enum pvabi_prim p);
const char *pvabi_prim_name(enum pvabi_prim p);
/* 1 when a value of type t passed as d is 64 bits by value in every
 * mode (u64, s64: not long, which x86_32 holds in one register). */
int pvabi_type_wide_scalar(const struct pvabi_type *t, enum pvabi_arg_dir d);
/* enum pvabi_prim of "u8".."s64", or -1. */
int pvabi_prim_parse(const char *name);

/* Layout of a struct as seen by revision rev, with C natural alignment.
 * offsets (may be NULL) receives one entry per field of the struct, or
 * PVABI_NONE (cast) for fields absent in rev. Returns the struct's size in
 * rev (0 if the struct itself is absent), alignment into *align. */
size_t pvabi_struct_layout(const struct pvabi_spec *spec, int sidx, int rev,
			   long *offsets, size_t *align);
/* The structs in an order where each follows the structs it contains,
 * into order (nstructs entries), and into cyc: 0 for a struct on no
 * cycle of nesting, 1 on one, 2 on one and the last struct of its cycle
 * in the file (where the cycle closes). Linear in structs and fields.
 * 0 or -ENOMEM. */
int pvabi_struct_order(const struct pvabi_spec *spec, int *order, unsigned char *cyc);
/* Makes spec->layouts, the per-revision memo pvabi_struct_layout uses:
 * 0 or -ENOMEM. Needs spec->struct_order. */
int pvabi_layouts_init(struct pvabi_spec *spec);
void pvabi_layouts_free(struct pvabi_layouts *l);
/* Size and alignment of a field's type (one element) in revision rev. */
size_t pvabi_type_size(const struct pvabi_spec *spec,
		       const struct pvabi_type *t, int rev, size_t *align);
/* The same in a guest mode: format 2 specs lay out per mode; a format 1
 * spec has one layout, whatever the mode. */
size_t pvabi_struct_layout_mode(const struct pvabi_spec *spec, int sidx, int rev,
				enum pvabi_mode mode, long *offsets, size_t *align);
size_t pvabi_field_size_mode(const struct pvabi_spec *spec, const struct pvabi_field *f,
			     int rev, enum pvabi_mode mode, size_t *align);
const char *pvabi_mode_name(enum pvabi_mode m);

#endif
