/* Spec loader: an op's input partitions (<partition>, abi/partition.h).
 * A declaration the generator could not derive a probe from is refused
 * here (PARTITION_INVALID), with the offending value, so a case the doc
 * draws is never silently left unprobed by a typo. */
#include "abi/load_internal.h"
#include "abi/partition.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const preds[] = { "ends", "lacks", "holds", "empty", "in", "bytes" };

/* "'text'" or "0x0a0d": 1 to PVABI_PART_MAX_BYTES bytes. */
static int parse_bytes(const char *t, unsigned char *b, size_t *n)
{
	size_t len = strlen(t), i;
	unsigned int x;

	if (len >= 3 && t[0] == '\'' && t[len - 1] == '\'' && len - 2 <= PVABI_PART_MAX_BYTES) {
		memcpy(b, t + 1, len - 2);
		*n = len - 2;
		return 0;
	}
	if (len < 4 || t[0] != '0' || (t[1] != 'x' && t[1] != 'X') || len % 2 ||
	    (len - 2) / 2 > PVABI_PART_MAX_BYTES)
		return -1;
	for (i = 2; i < len; i += 2) {
		if (!isxdigit((unsigned char)t[i]) || !isxdigit((unsigned char)t[i + 1]) ||
		    sscanf(t + i, "%2x", &x) != 1)
			return -1;
		b[(i - 2) / 2] = (unsigned char)x;
	}
	*n = (len - 2) / 2;
	return 0;
}

/* The one predicate of c into p; 0, or -1 (reported). */
static int predicate(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		     struct pvabi_partition *p)
{
	const struct pvabi_arg *a = &op->args[p->arg];
	const char *v = NULL, *en;
	size_t i, k = 0;

	for (i = 0; i < sizeof(preds) / sizeof(preds[0]); i++)
		if (attr_view(L, c, preds[i])) {
			p->kind = (enum pvabi_part_kind)i;
			v = attr_view(L, c, preds[i]);
			k++;
		}
	if (k != 1) {
		LERR(L, c, "PARTITION_INVALID",
		     "op %s: partition %s: give exactly one of ends=, lacks=, holds=, empty=, in=, bytes= (%zu given)",
		     op->name, p->name, k);
		return -1;
	}
	if (p->kind == PVABI_PART_IN) {
		p->in = attr(L, c, "in");
		p->in_enum = a->type.kind == PVABI_T_ENUM ? a->type.index : PVABI_NONE;
		en = attr_view(L, c, "enum");
		if (en && (p->in_enum = pvabi_spec_enum(L->s, en)) < 0) {
			LERR(L, c, "PARTITION_INVALID", "op %s: partition %s: enum '%s' is not declared",
			     op->name, p->name, en);
			return -1;
		}
		if (a->dir != PVABI_BY_VALUE || !pvabi_part_members(p) ||
		    pvabi_part_members(p) > PVABI_PART_MAX_MEMBERS) {
			LERR(L, c, "PARTITION_INVALID",
			     "op %s: partition %s: in='%s' needs an argument passed by value and 1 to %d values",
			     op->name, p->name, v, PVABI_PART_MAX_MEMBERS);
			return -1;
		}
		return 0;
	}
	if (a->dir != PVABI_PTR_IN || a->type.kind != PVABI_T_PRIM || pvabi_prim_size(a->type.prim) != 1 ||
	    a->count_arg < 0) {
		LERR(L, c, "PARTITION_INVALID",
		     "op %s: partition %s: %s= is for a pass=\"in\" u8 buffer with count-arg=, not argument '%s'",
		     op->name, p->name, preds[p->kind], a->name);
		return -1;
	}
	if (p->kind == PVABI_PART_EMPTY ? strcmp(v, "true")
	    : p->kind == PVABI_PART_BYTES ? strcmp(v, "any")
	    : parse_bytes(v, p->bytes, &p->nbytes)) {
		LERR(L, c, "PARTITION_INVALID",
		     "op %s: partition %s: %s='%s' is not %s", op->name, p->name, preds[p->kind], v,
		     p->kind == PVABI_PART_EMPTY ? "true"
		     : p->kind == PVABI_PART_BYTES ? "any"
		     : "'text' or 0x and 1 to 8 hex bytes");
		return -1;
	}
	/* The classes' buffers are not the base call's length (every byte
	 * is 256 of them), so a result copied from the base would judge
	 * the length of another buffer. */
	if (p->kind == PVABI_PART_BYTES && !p->expect) {
		LERR(L, c, "PARTITION_INVALID",
		     "op %s: partition %s: bytes= changes the buffer's length, so it needs expect= in terms of the count (expect=\"ret=%s\")",
		     op->name, p->name, op->args[a->count_arg].name);
		return -1;
	}
	return 0;
}

static int overlaps(const struct pvabi_life *a, const struct pvabi_life *b)
{
	return (a->removed < 0 || b->since < a->removed) && (b->removed < 0 || a->since < b->removed);
}

static int load_one(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		    struct pvabi_partition *p, size_t before)
{
	const char *an = attr_view(L, c, "arg");
	size_t i;

	p->name = attr(L, c, "name");
	p->base = attr(L, c, "args");
	p->expect = attr(L, c, "expect");
	p->doc = doc_of(L, c);
	p->loc.file = L->file;
	p->loc.line = pvabi_xml_line(c);
	life_of(L, c, &op->life, &p->life);
	for (p->arg = -1, i = 0; an && i < op->nargs; i++)
		if (op->args[i].name && !strcmp(op->args[i].name, an))
			p->arg = (int)i;
	if (!p->name || p->arg < 0) {
		LERR(L, c, "PARTITION_INVALID", "op %s: partition %s: arg '%s' names no argument of the op",
		     op->name, p->name ? p->name : "?", an ? an : "");
		return -1;
	}
	if (p->base && !p->expect) {
		LERR(L, c, "PARTITION_INVALID",
		     "op %s: partition %s: args= gives its own base call, so it needs expect=",
		     op->name, p->name);
		return -1;
	}
	for (i = 0; i < before; i++)
		if (!strcmp(op->parts[i].name, p->name) && overlaps(&op->parts[i].life, &p->life)) {
			LERR(L, c, "PARTITION_INVALID",
			     "op %s: partition %s is already declared at line %d for some of the same revisions",
			     op->name, p->name, op->parts[i].loc.line);
			return -1;
		}
	return predicate(L, c, op, p);
}

void load_partitions(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	struct pvabi_partition *p = load_children(L, n, "partition", sizeof(*p), op, 1);
	size_t i = 0;
	xmlNode *c;

	if (!p)
		return;
	op->parts = p;
	for (c = n->children; c; c = c->next)
		if (is_elem(c, "partition") && !load_one(L, c, op, &p[i], i))
			op->nparts = ++i;
}

/* Every probe of every partition derives in every revision it exists in
 * (a revision without a base call is a coverage finding instead). */
void check_partitions(struct loader *L)
{
	struct pvabi_part_probe pr;
	char err[256];
	size_t i, j, k;
	int r;

	for (i = 0; i < L->s->nops; i++) {
		const struct pvabi_op *op = &L->s->ops[i];

		for (j = 0; j < op->nparts; j++)
			for (r = 0; r < (int)L->s->nrevs; r++) {
				const struct pvabi_partition *p = &op->parts[j];

				for (k = 0; pvabi_part_exists(op, p, r) && k < pvabi_part_members(p); k++)
					if (pvabi_part_derive(L->s, op, p, r, k, &pr, err, sizeof(err)) < 0)
						break;
				if (!pvabi_part_exists(op, p, r) || k == pvabi_part_members(p))
					continue;
				pvabi_diag_add(L->d, pvabi_vec_err_is_expr(err) ? "EXPR_INVALID" : "PARTITION_INVALID",
					       L->file, p->loc.line, "op %s, revision %s: %s%s%s%s", op->name,
					       L->s->revs[r].id, strstr(err, p->name) ? "" : "partition ",
					       strstr(err, p->name) ? "" : p->name,
					       strstr(err, p->name) ? "" : ": ", err);
				L->failed = 1;
				break;
			}
	}
}
