/* Text descriptions of a guest offer and a platform profile, as written on
 * the pvabi command line and in tests. Freestanding like the rest, so a
 * guest could take its offer from a kernel command line too.
 *
 * Every error names the offending comma-separated item through *bad. */
#include "negotiator/neg_internal.h"

#define ALL_FEATURES (~(uint64_t)0)

struct item {
	const char *s; /* start of the item */
	size_t off, len;
};

/* Next comma-separated item at *pos; 0 at the end of spec. An empty spec
 * or an empty item (",,", trailing ",") is still returned, as empty. */
static int next_item(const char *spec, size_t *pos, int first, struct item *it)
{
	size_t i = *pos;

	if (!first) {
		if (!spec[i])
			return 0;
		i++; /* the comma */
	}
	it->s = spec + i;
	it->off = i;
	while (spec[i] && spec[i] != ',')
		i++;
	it->len = i - it->off;
	*pos = i;
	return 1;
}

static int fail(int err, const struct item *it, struct pvabi_neg_span *bad)
{
	if (bad) {
		bad->off = it->off;
		bad->len = it->len;
	}
	return err;
}

/* Position of c in s[0..n), or n. */
static size_t find(const char *s, size_t n, char c)
{
	size_t i = 0;

	while (i < n && s[i] != c)
		i++;
	return i;
}

/* Decimal 0-65535 without sign or leading zeros, so "1.02" cannot pass
 * for "1.2". */
static int parse_part(const char *s, size_t n, uint32_t *v)
{
	size_t i;

	if (n == 0 || n > 5 || (n > 1 && s[0] == '0'))
		return PVABI_NEG_EREV;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return PVABI_NEG_EREV;
		*v = *v * 10 + (uint32_t)(s[i] - '0');
	}
	return *v <= 0xffff ? 0 : PVABI_NEG_EREV;
}

int pvabi_neg_parse_rev(const char *s, size_t n, uint32_t *rev)
{
	size_t dot = find(s, n, '.');
	uint32_t major, minor;

	if (dot == n || parse_part(s, dot, &major) < 0 ||
	    parse_part(s + dot + 1, n - dot - 1, &minor) < 0)
		return PVABI_NEG_EREV;
	*rev = PVABI_NEG_REV(major, minor);
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Overflow is checked against constants: a 64-bit division would be a
 * libgcc call in 32-bit guests. */
int pvabi_neg_parse_u64(const char *s, size_t n, uint64_t *v)
{
	const uint64_t max10 = ~(uint64_t)0 / 10, lastd = ~(uint64_t)0 % 10;
	int hex = n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	size_t i = hex ? 2 : 0;
	int d;

	if (n == 0)
		return PVABI_NEG_EMASK;
	for (*v = 0; i < n; i++) {
		d = hex ? hex_digit(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
		if (d < 0)
			return PVABI_NEG_EMASK;
		if (hex && *v >> 60)
			return PVABI_NEG_EMASK;
		if (!hex && (*v > max10 || (*v == max10 && (uint64_t)d > lastd)))
			return PVABI_NEG_EMASK;
		*v = (hex ? *v << 4 : *v * 10) + (uint64_t)d;
	}
	return 0;
}

/* "A-B" or "A" (then B = A). */
static int parse_range(const char *s, size_t n, uint32_t *lo, uint32_t *hi)
{
	size_t dash = find(s, n, '-');

	if (pvabi_neg_parse_rev(s, dash, lo) < 0)
		return PVABI_NEG_EREV;
	if (dash == n) {
		*hi = *lo;
		return 0;
	}
	if (pvabi_neg_parse_rev(s + dash + 1, n - dash - 1, hi) < 0)
		return PVABI_NEG_EREV;
	return *lo <= *hi ? 0 : PVABI_NEG_ERANGE;
}

/* "key=value" with a known key: sets the value once. Returns 1 when the
 * item is not of that key, 0 when taken, or an error. */
static int parse_key(const struct item *it, const char *key, unsigned int bit,
		     unsigned int *seen, uint64_t *v)
{
	size_t k = 0;

	while (key[k] && k < it->len && it->s[k] == key[k])
		k++;
	if (key[k] || k >= it->len || it->s[k] != '=')
		return 1;
	if (*seen & bit)
		return PVABI_NEG_EDUP;
	*seen |= bit;
	return pvabi_neg_parse_u64(it->s + k + 1, it->len - k - 1, v);
}

static void offer_clear(struct pvabi_neg_offer *o)
{
	o->rev_min = o->rev_max = 0;
	o->required = o->optional = o->guest_id = 0;
}

static int guest_key(const struct item *it, struct pvabi_neg_offer *o, unsigned int *seen)
{
	int rc;

	if ((rc = parse_key(it, "req", 1, seen, &o->required)) <= 0)
		return rc;
	if ((rc = parse_key(it, "opt", 2, seen, &o->optional)) <= 0)
		return rc;
	if ((rc = parse_key(it, "id", 4, seen, &o->guest_id)) <= 0)
		return rc;
	return PVABI_NEG_EITEM;
}

int pvabi_neg_parse_guest(const char *spec, struct pvabi_neg_offer *o,
			  struct pvabi_neg_span *bad)
{
	unsigned int seen = 0;
	struct item it;
	size_t pos = 0;
	int rc;

	offer_clear(o);
	next_item(spec, &pos, 1, &it);
	rc = parse_range(it.s, it.len, &o->rev_min, &o->rev_max);
	if (rc < 0) {
		offer_clear(o);
		return fail(it.len ? rc : PVABI_NEG_EITEM, &it, bad);
	}
	while (next_item(spec, &pos, 0, &it)) {
		rc = guest_key(&it, o, &seen);
		if (rc < 0) {
			offer_clear(o);
			return fail(rc, &it, bad);
		}
	}
	return 0;
}

struct plat {
	struct pvabi_neg_rev_desc d[PVABI_NEG_MAX_REVS];
	size_t n;
	uint64_t offered, id;
	unsigned int seen;
};

static int plat_add(struct plat *p, uint32_t rev, int served, uint64_t defined)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->d[i].rev == rev)
			return PVABI_NEG_EDUP;
	if (p->n == PVABI_NEG_MAX_REVS)
		return PVABI_NEG_ETOOMANY;
	p->d[p->n].rev = rev;
	p->d[p->n].served = served;
	p->d[p->n].features_defined = defined;
	p->n++;
	return 0;
}

/* "REV", "MIN-MAX" (one major: the minors of other majors are unknown
 * here), either with ":DEFINED". */
static int plat_revs(struct plat *p, const struct item *it)
{
	size_t colon = find(it->s, it->len, ':');
	uint64_t defined = ALL_FEATURES;
	uint32_t lo, hi, k;
	int rc;

	if (colon < it->len &&
	    pvabi_neg_parse_u64(it->s + colon + 1, it->len - colon - 1, &defined) < 0)
		return PVABI_NEG_EMASK;
	rc = parse_range(it->s, colon, &lo, &hi);
	if (rc < 0)
		return rc;
	if (PVABI_NEG_REV_MAJOR(lo) != PVABI_NEG_REV_MAJOR(hi))
		return PVABI_NEG_ESPAN;
	if (hi - lo >= PVABI_NEG_MAX_REVS - p->n)
		return PVABI_NEG_ETOOMANY;
	for (k = 0; k <= hi - lo; k++)
		if ((rc = plat_add(p, lo + k, 1, defined)) < 0)
			return rc;
	return 0;
}

static int plat_item(struct plat *p, const struct item *it)
{
	int rc;

	if (find(it->s, it->len, '=') == it->len)
		return it->len ? plat_revs(p, it) : PVABI_NEG_EITEM;
	if ((rc = parse_key(it, "features", 1, &p->seen, &p->offered)) <= 0)
		return rc;
	if ((rc = parse_key(it, "id", 2, &p->seen, &p->id)) <= 0)
		return rc;
	return PVABI_NEG_EITEM;
}

/* Minors missing between two listed minors of one major were released and
 * withdrawn: they are recorded as holes, not silently skipped. */
static int plat_holes(struct plat *p)
{
	size_t i, j, n0 = p->n;
	uint32_t cur, next, k;
	int rc;

	for (i = 0; i < n0; i++) {
		cur = next = p->d[i].rev;
		for (j = 0; j < n0; j++)
			if (p->d[j].rev > cur &&
			    PVABI_NEG_REV_MAJOR(p->d[j].rev) == PVABI_NEG_REV_MAJOR(cur) &&
			    (next == cur || p->d[j].rev < next))
				next = p->d[j].rev;
		/* cur < next here whenever the loop runs: no wrap at 65535.65535 */
		for (k = 1; k < next - cur; k++)
			if ((rc = plat_add(p, cur + k, 0, 0)) < 0)
				return rc;
	}
	return 0;
}

int pvabi_neg_parse_platform(const char *spec, struct pvabi_neg_profile *p,
			     struct pvabi_neg_span *bad)
{
	struct plat pl;
	struct item it;
	size_t pos = 0;
	int rc, first = 1;

	pl.n = 0;
	pl.offered = ALL_FEATURES;
	pl.id = 0;
	pl.seen = 0;
	while (next_item(spec, &pos, first, &it)) {
		first = 0;
		if ((rc = plat_item(&pl, &it)) < 0)
			goto out;
	}
	it.s = spec;
	it.off = 0;
	it.len = pos;
	rc = plat_holes(&pl);
	if (rc == 0)
		rc = pvabi_neg_profile_build(p, pl.d, pl.n, pl.offered, pl.id);
out:
	if (rc < 0) {
		pvabi_neg_profile_build(p, NULL, 0, 0, 0); /* leaves p cleared */
		return fail(rc, &it, bad);
	}
	return 0;
}
