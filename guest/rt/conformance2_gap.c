/* A CPUID block's gap swept in a format 2 suite (emit/emit_conf2_gap.c,
 * docs/spec-language.md#cpuid-blocks-that-grow): the block's first leaf
 * reports its highest leaf M in one register, and every leaf in (M, N),
 * N the first leaf past the block, is one nobody serves. It must answer
 * as the spec's unserved= says: all four registers 0 (AMD's rule, Xen's
 * everywhere), or the registers of the highest basic leaf (Intel's).
 * The probes are format 1's (guest/rt/suite_sweep.c): M + 1 first, then
 * the gap's top end, its middle, and both sides of every power-of-two
 * boundary above M, where a block a platform serves past its maximum
 * would start or end (Xen's own leaves at 0x40000100 behind Viridian's).
 * Pure: the leaf is read through the function the caller gives, so the
 * host's tests run it against platforms of their own. */
#include "guest/rt/conformance2.h"
#include "guest/rt/fmt.h"

static const char *const regname[4] = { "eax", "ebx", "ecx", "edx" };

/* What a failing probe names: outlives the sweep, as the runner prints
 * it after the test returns (one test runs at a time, on vCPU 0). */
static char what[160];

struct gap {
	struct pvabi_c2_res *res;
	const struct pvabi_c2_gap *g;
	pvabi_c2_cpuid_fn cpuid;
	uint32_t basic[4], basic_leaf; /* the highest basic leaf's answer */
};

/* How many registers of got differ from want; *first the first. */
static int differ(const uint32_t got[4], const uint32_t want[4], int *first)
{
	int k, n = 0;

	for (k = 3; k >= 0; k--)
		if (got[k] != want[k]) {
			n++;
			*first = k;
		}
	return n;
}

/* One probe at leaf v: 1 when it answers as unserved, 0 with the step
 * failed, naming the leaf, where it lies, the register and the rule. */
static int probe(struct gap *s, uint32_t v, const char *where, uint32_t k)
{
	static const uint32_t zero[4];
	char rule[24];
	uint32_t r[4];
	int fz = 0, fb = 0, nz = 5, nb = 5, basic;
	const uint32_t *want;

	s->cpuid(v, r);
	if (s->g->unserved & PVABI_C2_UNSERVED_ZERO && !(nz = differ(r, zero, &fz)))
		return 1;
	if (s->g->unserved & PVABI_C2_UNSERVED_BASIC && !(nb = differ(r, s->basic, &fb)))
		return 1;
	basic = nb < nz; /* the rule it came nearer to */
	want = basic ? s->basic : zero;
	if (basic)
		pvabi_snfmt(rule, sizeof(rule), "leaf 0x%x's", s->basic_leaf);
	else
		pvabi_snfmt(rule, sizeof(rule), "0");
	if (k)
		pvabi_snfmt(what, sizeof(what), "at 0x%x, %s 0x%x-aligned block: %s, as %s",
			    v, where, k, regname[basic ? fb : fz], rule);
	else
		pvabi_snfmt(what, sizeof(what), "at 0x%x, %s: %s, as %s", v, where,
			    regname[basic ? fb : fz], rule);
	s->res->step = 3;
	s->res->what = what;
	s->res->got = r[basic ? fb : fz];
	s->res->want = want[basic ? fb : fz];
	return 0;
}

/* The gap (m, n) swept; m + 1 is step 2, the rest step 3. */
static int sweep(struct gap *s, uint64_t m, uint64_t n)
{
	uint64_t b;
	unsigned int k;

	if (m + 1 >= n)
		return 1;
	if (!probe(s, (uint32_t)(m + 1), "the leaf past the maximum", 0)) {
		s->res->step = 2;
		return 0;
	}
	if (n - m < 3)
		return 1;
	if (!probe(s, (uint32_t)(n - 1), "the gap's top end", 0) ||
	    !probe(s, (uint32_t)(m + (n - m) / 2), "the gap's middle", 0))
		return 0;
	for (k = 2; k < 32; k++) {
		b = ((m >> k) + 1) << k; /* the first 2^k-aligned leaf above M */
		if (b >= n)
			break;
		if (b - 1 > m + 1 && !probe(s, (uint32_t)(b - 1), "the last before a", 1u << k))
			return 0;
		if (b > m + 1 && !probe(s, (uint32_t)b, "the first of a", 1u << k))
			return 0;
	}
	return 1;
}

int pvabi_c2_gap_sweep(struct pvabi_c2_res *res, const struct pvabi_c2_gap *g,
		       pvabi_c2_cpuid_fn cpuid)
{
	struct gap s = { res, g, cpuid, { 0, 0, 0, 0 }, 0 };
	uint32_t r[4];
	uint64_t m;

	cpuid(0, r);
	s.basic_leaf = r[0];
	cpuid(s.basic_leaf, s.basic);
	cpuid(g->base, r);
	m = r[g->reg & 3];
	if (m < g->at_least)
		m = g->at_least; /* a smaller report stands for it */
	if (m < g->base) { /* no maximum inside the block */
		res->step = 1;
		res->what = regname[g->reg & 3];
		res->got = m;
		res->want = g->base;
		return -1;
	}
	return sweep(&s, m, g->next) ? 0 : -1;
}
