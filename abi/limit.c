/* Resolution of declared limits; see abi/limit.h. */
#include "abi/limit.h"

#include <string.h>

int pvabi_spec_limit(const struct pvabi_spec *spec, const char *name)
{
	size_t i;

	for (i = 0; name && i < spec->nlimits; i++)
		if (!strcmp(spec->limits[i].name, name))
			return (int)i;
	return PVABI_NONE;
}

static int case_applies(const struct pvabi_spec *s, const struct pvabi_limit_case *c, int rev,
			uint64_t granted)
{
	if (!pvabi_life_has(&c->life, rev))
		return 0;
	return c->feature < 0 || ((granted >> s->features[c->feature].bit) & 1);
}

uint64_t pvabi_limit_value(const struct pvabi_spec *s, int li, int rev, uint64_t granted)
{
	const struct pvabi_limit *l = &s->limits[li];
	uint64_t v = l->value;
	size_t i;

	for (i = 0; i < l->ncases; i++)
		if (case_applies(s, &l->cases[i], rev, granted))
			v = l->cases[i].value;
	return v;
}

uint64_t pvabi_limit_ceiling(const struct pvabi_spec *s, int li)
{
	const struct pvabi_limit *l = &s->limits[li];
	uint64_t v = l->value;
	size_t i;

	for (i = 0; i < l->ncases; i++)
		if (l->cases[i].value > v)
			v = l->cases[i].value;
	return v;
}

uint64_t pvabi_limit_features(const struct pvabi_spec *s, int li, int rev)
{
	const struct pvabi_limit *l = &s->limits[li];
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < l->ncases; i++)
		if (l->cases[i].feature >= 0 && pvabi_life_has(&l->cases[i].life, rev) &&
		    pvabi_life_has(&s->features[l->cases[i].feature].life, rev))
			m |= UINT64_C(1) << s->features[l->cases[i].feature].bit;
	return m;
}

uint64_t pvabi_limit_top(const struct pvabi_limit *l, uint64_t v, int *none)
{
	*none = l->kind == PVABI_LIMIT_COUNT && v == 0;
	return l->kind == PVABI_LIMIT_COUNT && v ? v - 1 : v;
}

static uint64_t prim_max(enum pvabi_prim p)
{
	unsigned int bits = pvabi_prim_size(p) * 8;

	if (pvabi_prim_signed(p))
		bits--;
	return bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
}

static size_t add(struct pvabi_limit_probe *out, size_t n, uint64_t v, int refused, int error)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (out[i].value == v)
			return n;
	out[n].value = v;
	out[n].refused = refused;
	out[n].error = error;
	return n + 1;
}

size_t pvabi_limit_probes(const struct pvabi_spec *s, int li, uint64_t v, enum pvabi_prim prim,
			  struct pvabi_limit_probe *out)
{
	const struct pvabi_limit *l = &s->limits[li];
	uint64_t hi = prim_max(prim), top, cand[6];
	int none, i;
	size_t n = 0;

	top = pvabi_limit_top(l, v, &none);
	if (none || top < l->min)
		return 0;
	cand[0] = l->min - 1;
	cand[1] = l->min;
	cand[2] = l->min + 1;
	cand[3] = v - 1;
	cand[4] = v;
	cand[5] = v + 1;
	for (i = 0; i < 6; i++) {
		uint64_t x = cand[i];

		/* no wrap: min - 1 of min 0, v - 1 of 0, v + 1 of UINT64_MAX */
		/* a min of 0 is the type's own edge: nothing to probe there,
		 * except the one value a platform limit always allows */
		if (i < 3 && l->min == 0 && !(i == 1 && l->platform))
			continue;
		if ((i == 2 && l->min == UINT64_MAX) ||
		    (i == 3 && v == 0) || (i == 5 && v == UINT64_MAX) || x > hi)
			continue;
		if (x < l->min)
			n = add(out, n, x, 1, l->min_error);
		else if (x > top)
			n = add(out, n, x, 1, l->error);
		else if (!l->platform || x == l->min)
			n = add(out, n, x, 0, l->error);
	}
	return n;
}

size_t pvabi_guest_bits_values(const struct pvabi_guest_bits *g, uint64_t ref,
			       uint64_t out[PVABI_GUEST_BITS_PATTERNS + 1])
{
	uint64_t base = (ref | g->when_set) & ~g->when_clear & ~g->mask, m = g->mask;
	const uint64_t pats[PVABI_GUEST_BITS_PATTERNS] = {
		m, m & UINT64_C(0xaaaaaaaaaaaaaaaa), m & UINT64_C(0x5555555555555555),
		m & -m, m ? UINT64_C(1) << (63 - __builtin_clzll(m)) : 0,
	};
	size_t n = 0, i, k;

	out[n++] = base;
	for (i = 0; i < PVABI_GUEST_BITS_PATTERNS; i++) {
		for (k = 0; k < n && out[k] != (base | pats[i]); k++)
			;
		if (pats[i] && k == n)
			out[n++] = base | pats[i];
	}
	return n;
}
