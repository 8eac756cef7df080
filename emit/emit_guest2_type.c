/* The C type of a spec type in the format 2 guest header, which the
 * header's structs, its call stubs (emit_guest2_calls.c) and the format
 * 2 conformance suites spell alike. Below all of them. */
#include "emit/emit_guest2.h"

#include <stdio.h>

const char *guest2_ctype(const struct pvabi_gen *g, const struct emit_names *n,
			 const struct pvabi_type *t, char *buf, size_t len)
{
	static const char *const c[PVABI_PRIM_COUNT] = {
		"uint8_t", "uint16_t", "uint32_t", "uint64_t",
		"int8_t", "int16_t", "int32_t", "int64_t", "unsigned long", "long",
	};

	if (t->kind == PVABI_T_STRUCT)
		snprintf(buf, len, "%s %s_%s", g->spec->structs[t->index].is_union ? "union" : "struct",
			 n->lo, t->name);
	else if (t->kind == PVABI_T_ENUM)
		snprintf(buf, len, "%s", n->enums[t->index].c);
	else
		snprintf(buf, len, "%s", c[t->prim]);
	return buf;
}
