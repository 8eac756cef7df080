/* Shared state and helpers of the spec loader (load*.c only). */
#ifndef PVABI_LOAD_INTERNAL_H
#define PVABI_LOAD_INTERNAL_H

#include <libxml/tree.h>
#include <stdint.h>

#include "abi/arena.h"
#include "abi/diag.h"
#include "abi/model.h"
#include "abi/names.h"
#include "abi/xmlload.h"

struct loader {
	struct pvabi_spec *s;
	struct pvabi_arena *a;
	struct pvabi_diags *d;
	const char *file;
	int failed;
};

#define LERR(L, node, rule, ...)                                              \
	do {                                                                  \
		pvabi_diag_add((L)->d, (rule), (L)->file,                     \
			       pvabi_xml_line(node), __VA_ARGS__);            \
		(L)->failed = 1;                                              \
	} while (0)

int is_elem(const xmlNode *n, const char *name);
size_t count_children(const xmlNode *parent, const char *name);
/* Attribute copied into the arena, or NULL when absent. */
const char *attr(struct loader *L, xmlNode *n, const char *name);
/* The <doc> child's text, whitespace-normalised, or NULL. */
const char *doc_of(struct loader *L, xmlNode *n);
int num_attr(struct loader *L, xmlNode *n, const char *name, int64_t *out);
int bool_attr(struct loader *L, xmlNode *n, const char *name);
/* Revision attribute -> index; dflt when absent; reports unknown ids. */
int rev_attr(struct loader *L, xmlNode *n, const char *name, int dflt);
/* since/deprecated/removed; parent NULL for top-level elements. */
void life_of(struct loader *L, xmlNode *n, const struct pvabi_life *parent,
	     struct pvabi_life *out);
/* Resolves a type name; allow_struct for fields and pointer args. */
int type_of(struct loader *L, xmlNode *n, const char *name, int allow_struct,
	    struct pvabi_type *out);
struct pvabi_names *names_build(struct loader *L, size_t n);
/* Registers name -> idx; returns the index already holding name, or -1. */
int names_add(struct loader *L, struct pvabi_names *m, const char *name,
	      int idx);

void load_structs(struct loader *L, xmlNode *root);
void load_ops(struct loader *L, xmlNode *root);
void load_waivers(struct loader *L, xmlNode *root);

#endif
