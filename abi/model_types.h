/* The model's data types (abi/model.h): enums with their values, and
 * structs with their fields, each with its own lifetime. */
#ifndef PVABI_MODEL_TYPES_H
#define PVABI_MODEL_TYPES_H

#include "abi/model_base.h"

struct pvabi_names;

struct pvabi_enum_value {
	const char *name;
	int64_t value;
	const char *c_name; /* format 2: the C constant's name */
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};


struct pvabi_enum {
	const char *name;
	enum pvabi_prim prim; /* underlying type, default u32 */
	struct pvabi_life life;
	struct pvabi_enum_value *values;
	size_t nvalues;
	struct pvabi_names *value_names; /* name -> index; NULL: none built */
	const char *doc;
	struct pvabi_loc loc;
};

struct pvabi_field {
	const char *name;
	struct pvabi_type type;
	unsigned int count; /* array length, 1 for a scalar */
	/* format 2 (abi/load_fmt2.c) */
	int handle;         /* a guest handle: a pointer to type, mode-sized */
	unsigned int mode_mask; /* modes the field exists in (bit per enum
				 * pvabi_mode); 0: every mode */
	int tdef;           /* typedef the field was declared with, or NONE */
	int discriminant;   /* union-typed: index of the field selecting the
			     * member, or PVABI_NONE */
	const char *when;   /* union member: the discriminant's value name */
	const char *c_name; /* name in C when it differs from name */
	const char *old_name; /* name before revision `renamed` */
	int renamed;        /* revision index of the rename, or PVABI_NONE */
	int replaces;       /* reserved field whose bytes this one reuses, or
			     * PVABI_NONE */
	const char *replaces_name;
	/* format 2, written-on="E ...": a refused command may write the
	 * field after these errors (bit per index in spec->errors;
	 * abi/load_written.c) */
	uint64_t written_on;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

struct pvabi_struct {
	const char *name;
	/* A size-guarded struct starts with a u32 size field (size_field)
	 * that the reader checks: it may only grow, and only at its end. */
	int size_guarded;
	const char *size_field;
	/* size-error="NAME": the error a guest size below the first
	 * revision's layout gets, 1 + index in spec->errors (0: none
	 * declared; abi/load_sizes.c). The images probe every size the
	 * guard tells apart (emit/emit_sizes.c). */
	int size_error;
	int is_union;       /* format 2: every member at offset 0 */
	int tail_growth;    /* format 2 growth="tail": appends up to max_size */
	uint32_t max_size;
	const char *c_name; /* C struct tag when it differs from name */
	struct pvabi_life life;
	struct pvabi_field *fields;
	size_t nfields;
	struct pvabi_names *field_names; /* name -> index; NULL: none built */
	const char *doc;
	struct pvabi_loc loc;
};

/* Index of a value in e->values / a field in st->fields, or PVABI_NONE;
 * names are unique within their parent. */
int pvabi_enum_value(const struct pvabi_enum *e, const char *name);
int pvabi_struct_field(const struct pvabi_struct *st, const char *name);

/* The name element e has in revision rev (format 2 renames). */
const char *pvabi_field_name(const struct pvabi_field *f, int rev);

#endif
