/* BYTES_UNDECLARED (docs/rules.md): an op that takes a buffer of bytes
 * (a pass="in" u8 array with count-arg) and whose doc, or the buffer's,
 * speaks of what the bytes may be ("not interpreted", "unchanged", "any
 * byte", "binary", "UTF-8", "text") must say with a bytes="any"
 * partition that every class of byte is answered as plain text of its
 * length, or its images probe only the letters its vectors hold, and a
 * platform that refuses or cuts at a control byte meets none of them. A
 * buffer whose doc restricts its bytes (printable ASCII, a name) takes
 * a waiver that says so. A heuristic on words: a waivable warning per
 * op and revision, judged with the coverage pass; format 1 only, where
 * partitions can be declared. */
#include "abi/coverage.h"
#include "abi/partition.h"
#include "abi/layout.h"

static int has_bytes_buffer(const struct pvabi_op *op, int r)
{
	size_t i;

	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];

		if (pvabi_life_has(&a->life, r) && a->dir == PVABI_PTR_IN && a->count_arg >= 0 &&
		    a->type.kind == PVABI_T_PRIM && pvabi_prim_size(a->type.prim) == 1)
			return 1;
	}
	return 0;
}

/* An op without a bytes buffer has nothing to declare. */
static int declared(const struct pvabi_op *op, int r)
{
	size_t i;

	if (!has_bytes_buffer(op, r))
		return 1;
	for (i = 0; i < op->nparts; i++)
		if (op->parts[i].kind == PVABI_PART_BYTES && pvabi_part_exists(op, &op->parts[i], r))
			return 1;
	return 0;
}

void pvabi_check_bytes(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	static const char *const phrases[] = { "not interpreted", "unchanged", "any byte",
					       "binary", "utf-8", "text", NULL };
	static const struct pvabi_prose_rule rule = {
		"BYTES_UNDECLARED", phrases, declared,
		"what its bytes may hold", "bytes=\"any\" partition probes each class of byte",
		NULL, 1
	};

	if (s->format >= 2)
		return; /* <partition> is format 1 only (FORMAT_FEATURE) */
	pvabi_check_prose(s, f, &rule);
}
