/* Outputs that never go back (abi/mono.h): the reading call of a
 * <monotonic> declaration, resolved as a vector so the generator lays
 * out its arguments and the field it reads as it does any vector's. */
#include "abi/mono.h"
#include "abi/layout.h"

#include <stdio.h>
#include <string.h>

/* An unsigned integer of one element: a clock counts up from 0, and a
 * signed or enum value would be compared in the wrong order. */
static int is_counter(const struct pvabi_type *t, unsigned int count)
{
	return t->kind == PVABI_T_PRIM && !pvabi_prim_signed(t->prim) && count == 1;
}

/* 0 when value names something a reading can return in rev: the
 * result, a pass="out" scalar, or an integer field of a pass="out"
 * struct; else -1 with the reason. */
static int value_ok(const struct pvabi_spec *s, const struct pvabi_op *op, const char *value,
		    int rev, char *err, size_t errlen)
{
	const char *dot = strchr(value, '.');
	char an[128];
	int ai, fi;

	if (!strcmp(value, "ret")) {
		if (op->ret_void || !is_counter(&op->ret, 1)) {
			snprintf(err, errlen, "value=ret: op %s returns no unsigned count", op->name);
			return -1;
		}
		return 0;
	}
	snprintf(an, sizeof(an), "%.*s", dot ? (int)(dot - value) : (int)strlen(value), value);
	ai = pvabi_vec_find_arg(op, rev, an);
	if (ai == PVABI_NONE || op->args[ai].dir != PVABI_PTR_OUT) {
		snprintf(err, errlen, "value=%s: '%s' is not a pass=\"out\" argument of %s in %s",
			 value, an, op->name, s->revs[rev].id);
		return -1;
	}
	if (!dot) {
		if (is_counter(&op->args[ai].type, 1) && op->args[ai].count_arg == PVABI_NONE)
			return 0;
		snprintf(err, errlen, "value=%s: not an unsigned scalar (name a field)", value);
		return -1;
	}
	if (op->args[ai].type.kind != PVABI_T_STRUCT) {
		snprintf(err, errlen, "value=%s: '%s' is not a struct", value, an);
		return -1;
	}
	fi = pvabi_struct_field(&s->structs[op->args[ai].type.index], dot + 1);
	if (fi < 0 || !is_counter(&s->structs[op->args[ai].type.index].fields[fi].type,
				  s->structs[op->args[ai].type.index].fields[fi].count)) {
		snprintf(err, errlen, "value=%s: not an unsigned integer field of %s", value,
			 s->structs[op->args[ai].type.index].name);
		return -1;
	}
	return 0;
}

int pvabi_mono_resolve(const struct pvabi_spec *s, const struct pvabi_op *op,
		       const struct pvabi_mono *m, int rev, struct pvabi_vec *out, char *err,
		       size_t errlen)
{
	char expect[300];

	if (!m->value || !*m->value) {
		snprintf(err, errlen, "value= names the result (ret) or ARG[.FIELD]");
		return -1;
	}
	if (value_ok(s, op, m->value, rev, err, errlen))
		return -1;
	if (!strcmp(m->value, "ret"))
		snprintf(expect, sizeof(expect), "ret>=0");
	else
		snprintf(expect, sizeof(expect), "ret>=0 %s>=0", m->value);
	return pvabi_vec_resolve_text(s, op, m->args ? m->args : "", expect, rev, NULL, out, err,
				      errlen);
}

int pvabi_mono_khz_resolve(const struct pvabi_spec *s, const struct pvabi_mono *m, int rev,
			   const struct pvabi_op **khz_op, struct pvabi_vec *out, char *err,
			   size_t errlen)
{
	const char *colon = m->khz ? strchr(m->khz, ':') : NULL;
	struct pvabi_mono f = { 0 };
	char name[128];
	int oi;

	if (!colon || colon == m->khz || !colon[1]) {
		snprintf(err, errlen, "khz=\"%s\": name OP:VALUE, the output giving the frequency",
			 m->khz ? m->khz : "");
		return -1;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(colon - m->khz), m->khz);
	oi = pvabi_spec_op(s, name);
	if (oi < 0 || !pvabi_life_has(&s->ops[oi].life, rev)) {
		snprintf(err, errlen, "khz=\"%s\": no op %s in %s", m->khz, name, s->revs[rev].id);
		return -1;
	}
	*khz_op = &s->ops[oi];
	f.value = colon + 1;
	return pvabi_mono_resolve(s, &s->ops[oi], &f, rev, out, err, errlen);
}

int pvabi_mono_excludes(const char *list, unsigned int *bits, char *bad, size_t n)
{
	static const struct {
		const char *word;
		unsigned int bit;
	} states[] = { { "halted", PVABI_MONO_EXCL_HALTED } };
	size_t len, k;

	*bits = 0;
	while (list && *list) {
		list += strspn(list, " \t\n");
		len = strcspn(list, " \t\n");
		if (!len)
			break;
		for (k = 0; k < sizeof(states) / sizeof(states[0]); k++)
			if (strlen(states[k].word) == len && !strncmp(states[k].word, list, len))
				break;
		if (k == sizeof(states) / sizeof(states[0])) {
			snprintf(bad, n, "%.*s", (int)len, list);
			return -1;
		}
		*bits |= states[k].bit;
		list += len;
	}
	return 0;
}
