/* The compiled form shared by xmlfast_compile.c and xmlfast.c. */
#ifndef PVABI_XMLFAST_INTERNAL_H
#define PVABI_XMLFAST_INTERNAL_H

#include "abi/arena.h"
#include "abi/xmlfast.h"

#define FX_MAX_ATTRS 40
#define FX_MAX_PARTS 16
#define FX_MAX_NAMES 16
#define FX_MAX_VALUES 16

enum fx_kind {
	FX_ANY,          /* <text/>, a string or token without facets */
	FX_POSINT,       /* xsd:positiveInteger */
	FX_UINT_MAX,     /* xsd:nonNegativeInteger, maxInclusive max */
	FX_BOOL,         /* xsd:boolean */
	FX_MINLEN,       /* xsd:string, minLength min */
	FX_VALUES,       /* one of values */
	FX_LIST_VALUES,  /* a list of one or more of values */
	FX_LIST_TOKENS,  /* a list of one or more tokens */
};

struct fx_type {
	enum fx_kind kind;
	unsigned long bound; /* FX_UINT_MAX's max, FX_MINLEN's min */
	const char *values[FX_MAX_VALUES];
	size_t nvalues;
};

struct fx_attr {
	const char *name;
	int required;
	struct fx_type type;
};

struct fx_elem;

/* Children named one of names, at least min of them, at most one unless
 * many; def[i] is how the child named names[i] is checked. */
struct fx_part {
	const char *names[FX_MAX_NAMES];
	const struct fx_elem *def[FX_MAX_NAMES];
	size_t n;
	int min, many;
};

enum fx_content { FX_EMPTY, FX_ELEMS, FX_TEXT, FX_DATA };

struct fx_elem {
	const char *name;
	struct fx_attr attrs[FX_MAX_ATTRS];
	size_t nattrs;
	struct fx_part parts[FX_MAX_PARTS];
	size_t nparts;
	enum fx_content content;
	struct fx_type data; /* FX_DATA */
};

struct pvabi_xml_fast {
	struct pvabi_arena *arena;
	const struct fx_elem *root;
};

#endif
