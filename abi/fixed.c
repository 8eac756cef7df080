/* Outputs fixed while the guest runs (abi/fixed.h): the reading call of
 * a <fixed> declaration, resolved as a vector so the generator lays out
 * its arguments and the fields it reads as it does any vector's. */
#include "abi/fixed.h"
#include "abi/layout.h"

#include <stdio.h>
#include <string.h>

/* An integer of one element, compared bit for bit (an enum's value is
 * judged by the vectors that name it). */
static int is_word(const struct pvabi_type *t, unsigned int count)
{
	return t->kind == PVABI_T_PRIM && count == 1;
}

/* The check that places value and that no answer fails: >= the lowest
 * value its type holds. NULL (err set) when value names nothing a
 * reading can return in rev: the result, a pass="out" integer, or an
 * integer field of a pass="out" struct. */
static const char *lowest(const struct pvabi_spec *s, const struct pvabi_op *op,
			  const char *value, int rev, char *err, size_t errlen)
{
	const char *dot = strchr(value, '.');
	const struct pvabi_type *t = NULL;
	char an[128];
	int ai, fi;

	if (!strcmp(value, "ret")) {
		if (op->ret_void || !is_word(&op->ret, 1)) {
			snprintf(err, errlen, "value=ret: op %s returns no integer", op->name);
			return NULL;
		}
		return NULL; /* the call's own expectation reads it */
	}
	snprintf(an, sizeof(an), "%.*s", dot ? (int)(dot - value) : (int)strlen(value), value);
	ai = pvabi_vec_find_arg(op, rev, an);
	if (ai == PVABI_NONE || op->args[ai].dir != PVABI_PTR_OUT) {
		snprintf(err, errlen, "value=%s: '%s' is not a pass=\"out\" argument of %s in %s",
			 value, an, op->name, s->revs[rev].id);
		return NULL;
	}
	if (!dot && is_word(&op->args[ai].type, 1) && op->args[ai].count_arg == PVABI_NONE)
		t = &op->args[ai].type;
	else if (dot && op->args[ai].type.kind == PVABI_T_STRUCT) {
		const struct pvabi_struct *st = &s->structs[op->args[ai].type.index];

		fi = pvabi_struct_field(st, dot + 1);
		if (fi >= 0 && pvabi_life_has(&st->fields[fi].life, rev) &&
		    is_word(&st->fields[fi].type, st->fields[fi].count))
			t = &st->fields[fi].type;
	}
	if (!t) {
		snprintf(err, errlen, "value=%s: not an integer output of %s in %s (name a field "
			 "of a pass=\"out\" struct, a pass=\"out\" integer or ret)", value, op->name,
			 s->revs[rev].id);
		return NULL;
	}
	if (t->kind == PVABI_T_PRIM && pvabi_prim_signed(t->prim))
		switch (pvabi_prim_size(t->prim)) {
		case 1: return ">=-128";
		case 2: return ">=-32768";
		case 4: return ">=-2147483648";
		default: return ">=-9223372036854775808";
		}
	return ">=0";
}

int pvabi_fixed_resolve(const struct pvabi_spec *s, const struct pvabi_op *op,
			const struct pvabi_fixed *f, int rev, struct pvabi_vec *out, char *err,
			size_t errlen)
{
	char expect[600], one[128];
	const char *p = f->value ? f->value : "", *q, *lo;
	size_t n = 0, len;

	snprintf(expect, sizeof(expect), "ret>=0");
	for (; *p; p = q) {
		while (*p == ' ')
			p++;
		for (q = p; *q && *q != ' '; q++)
			;
		if (q == p)
			break;
		len = (size_t)(q - p);
		if (len >= sizeof(one) || ++n > PVABI_FIXED_VALUES) {
			snprintf(err, errlen, "value= names at most %d outputs of %zu bytes each",
				 PVABI_FIXED_VALUES, sizeof(one) - 1);
			return -1;
		}
		snprintf(one, sizeof(one), "%.*s", (int)len, p);
		err[0] = '\0';
		lo = lowest(s, op, one, rev, err, errlen);
		if (err[0])
			return -1;
		if (lo && strlen(expect) + len + strlen(lo) + 2 < sizeof(expect))
			snprintf(expect + strlen(expect), sizeof(expect) - strlen(expect), " %s%s", one,
				 lo);
	}
	if (!n) {
		snprintf(err, errlen, "value= names the outputs fixed: ret, ARG or ARG.FIELD");
		return -1;
	}
	return pvabi_vec_resolve_text(s, op, f->args ? f->args : "", expect, rev, NULL, out, err,
				      errlen);
}
