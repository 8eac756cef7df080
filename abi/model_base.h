/* The model's vocabulary (abi/model.h): source locations, lifetimes,
 * revisions, primitive and named types, guest modes, and the revision
 * views every element of the model is judged by. */
#ifndef PVABI_MODEL_BASE_H
#define PVABI_MODEL_BASE_H

#include <stddef.h>
#include <stdint.h>

/* The spec format this compiler reads. A spec with a higher format= is
 * refused (see docs/spec-language.md). */
#define PVABI_SPEC_FORMAT 2
#define PVABI_REGISTRY_FORMAT 1

#define PVABI_NONE (-1)
#define PVABI_MAX_FEATURE_BITS 64
/* Argument slots of a call frame; an op has at most this many args. */
#define PVABI_MAX_ARGS 8

struct pvabi_loc {
	const char *file;
	int line;
};

struct pvabi_life {
	int since;      /* revision index, always set */
	int deprecated; /* revision index or PVABI_NONE */
	int removed;    /* revision index or PVABI_NONE */
	int described;  /* description generation (format 2), 1 by default */
};

/* An op's or command's <raises>: when it holds and where it is written.
 * A revision's view raises only the errors alive in it, and the
 * revision's fingerprint holds exactly those, so an error raised from a
 * later revision (since=) leaves the released ones as they were. */
struct pvabi_raise {
	struct pvabi_life life;
	struct pvabi_loc loc;
};

struct pvabi_rev {
	const char *id; /* "1.0"; format 2 also "3.2.5" with a code */
	unsigned int major, minor; /* format 2 with code=: code >> 16, & 0xffff */
	const char *doc;
	struct pvabi_loc loc;
	int has_code; /* format 2: the wire code was written (code=) */
};

enum pvabi_prim {
	PVABI_U8, PVABI_U16, PVABI_U32, PVABI_U64,
	PVABI_S8, PVABI_S16, PVABI_S32, PVABI_S64,
	/* format 2: C's unsigned long / long, as wide as the guest mode's
	 * pointers; their size here is x86_64's, pvabi_mode_* has the rest */
	PVABI_ULONG, PVABI_SLONG,
	PVABI_PRIM_COUNT
};

enum pvabi_type_kind {
	PVABI_T_PRIM,
	PVABI_T_ENUM,   /* stored as the enum's underlying primitive */
	PVABI_T_STRUCT, /* only as a struct field or through a pointer arg */
};

struct pvabi_type {
	enum pvabi_type_kind kind;
	enum pvabi_prim prim; /* PRIM, ENUM: the scalar representation */
	int index;            /* ENUM, STRUCT: index in spec->enums/structs */
	const char *name;     /* as written in the spec */
};

/* Format 2: guest modes whose layouts differ (System V x86_64 and i386:
 * long, pointers and handles are 4 bytes on x86_32, and 64-bit members
 * are 4-byte aligned inside its structs). Format 1 has one layout. */
enum pvabi_mode { PVABI_MODE_X86_64, PVABI_MODE_X86_32, PVABI_MODE_COUNT };

/* Format 2: a named array type, `char[16]`. */
struct pvabi_typedef {
	const char *name;
	struct pvabi_type type;
	unsigned int count;
	const char *c_name;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* --- revision views -------------------------------------------------- */

static inline int pvabi_life_has(const struct pvabi_life *l, int rev)
{
	return rev >= l->since && (l->removed < 0 || rev < l->removed);
}

static inline int pvabi_life_deprecated(const struct pvabi_life *l, int rev)
{
	return l->deprecated >= 0 && rev >= l->deprecated;
}

/* Whether error i of a <raises> list (its lifetimes r, parallel to the
 * error indices) is raised in revision rev. */
static inline int pvabi_raise_has(const struct pvabi_raise *r, size_t i, int rev)
{
	return !r || pvabi_life_has(&r[i].life, rev);
}

/* 1 when a <raises> list of n errors (lifetimes r) names error e, but
 * not in revision rev: raised in other revisions only, e is no answer
 * a check of rev may expect. */
static inline int pvabi_raise_elsewhere(const int *errors, const struct pvabi_raise *r,
					size_t n, int e, int rev)
{
	size_t i;
	int named = 0;

	for (i = 0; i < n; i++)
		if (errors[i] == e) {
			if (pvabi_raise_has(r, i, rev))
				return 0;
			named = 1;
		}
	return named;
}

/* Revision number as carried on the wire: major << 16 | minor; format 2
 * codes written with code= are split the same way. */
static inline uint32_t pvabi_rev_code(const struct pvabi_rev *r)
{
	return (uint32_t)r->major << 16 | (r->minor & 0xffff);
}

#endif
