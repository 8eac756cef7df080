/* The invariants, one function per status the guest recorded:
 *  - a platform that serves the image's own revision negotiates exactly
 *    that revision (the highest the image speaks);
 *  - a chosen revision is one both sides speak;
 *  - granted ⊆ requested ∩ offered ∩ defined(chosen), required ⊆ granted;
 *  - no_common_revision only when no served revision is in the range;
 *  - missing is non-empty, within what was required, and holds no
 *    feature the platform could have granted at that revision. */
#include "conformance/invariant.h"
#include "conformance/rule.h"

#include <stdio.h>

static int rev_at(const struct pvabi_cell_facts *f, uint32_t rev)
{
	uint32_t i;

	for (i = 0; i < f->nrevs; i++)
		if (f->rev[i] == rev)
			return (int)i;
	return -1;
}

static int own_served(const struct pvabi_cell_facts *f)
{
	int i = rev_at(f, f->hi);

	return i >= 0 && f->served[i];
}

#define RV(r) (r) >> 16, (r) & 0xffff
#define MASK(m) (unsigned long long)(m)

/* The revision of an OK or a MISSING_REQUIRED answer; its index. */
static int chosen_ok(const struct pvabi_cell_facts *f, uint32_t chosen, char *why, size_t n)
{
	int i = rev_at(f, chosen);

	if (i < 0 || !f->served[i]) {
		snprintf(why, n, "revision %u.%u is not one both sides speak (image %u.%u-%u.%u)",
			 RV(chosen), RV(f->lo), RV(f->hi));
		return -1;
	}
	if (own_served(f) && chosen != f->hi) {
		snprintf(why, n, "the platform serves the image's own revision %u.%u but chose "
			 "%u.%u", RV(f->hi), RV(chosen));
		return -1;
	}
	return i;
}

static int granted_ok(const struct pvabi_cell_facts *f, const struct pvabi_cell_result *r,
		      char *why, size_t n)
{
	int i = chosen_ok(f, r->negotiated, why, n);
	uint64_t g = r->granted;

	if (i < 0)
		return 1;
	if (g & ~f->requested)
		snprintf(why, n, "granted 0x%llx includes 0x%llx the image did not ask for "
			 "(asked 0x%llx)", MASK(g), MASK(g & ~f->requested), MASK(f->requested));
	else if (g & ~f->defined[i])
		snprintf(why, n, "granted 0x%llx includes 0x%llx that revision %u.%u does not "
			 "define", MASK(g), MASK(g & ~f->defined[i]), RV(r->negotiated));
	else if (g & ~f->offered)
		snprintf(why, n, "granted 0x%llx includes 0x%llx the platform does not offer",
			 MASK(g), MASK(g & ~f->offered));
	else if (f->required & ~g)
		snprintf(why, n, "required 0x%llx not all granted (0x%llx)", MASK(f->required),
			 MASK(g));
	else
		return 0;
	return 1;
}

static int no_common_ok(const struct pvabi_cell_facts *f, char *why, size_t n)
{
	uint32_t i;

	for (i = 0; i < f->nrevs; i++)
		if (f->served[i]) {
			snprintf(why, n, "refused with no common revision though both sides speak "
				 "%u.%u", RV(f->rev[i]));
			return 1;
		}
	return 0;
}

static int missing_ok(const struct pvabi_cell_facts *f, const struct pvabi_cell_result *r,
		      char *why, size_t n)
{
	int i = chosen_ok(f, r->negotiated, why, n);
	uint64_t m = r->missing, can;

	if (i < 0)
		return 1;
	can = f->offered & f->defined[i];
	if (!m || (m & ~f->required))
		snprintf(why, n, "missing 0x%llx is not a non-empty part of the required 0x%llx",
			 MASK(m), MASK(f->required));
	else if (m & can)
		snprintf(why, n, "missing 0x%llx names 0x%llx the platform offers at %u.%u",
			 MASK(m), MASK(m & can), RV(r->negotiated));
	else if (f->required & ~can & ~m)
		snprintf(why, n, "missing 0x%llx leaves out 0x%llx the platform cannot grant",
			 MASK(m), MASK(f->required & ~can & ~m));
	else
		return 0;
	return 1;
}

int pvabi_invariant_check(const struct pvabi_cell_facts *f, const struct pvabi_cell_result *r,
			  char *why, size_t n)
{
	if (!f->known || r->neg_status == ~0u)
		return 0;
	switch (r->neg_status) {
	case PVABI_RULE_OK: return granted_ok(f, r, why, n);
	case PVABI_RULE_NO_COMMON_REVISION: return no_common_ok(f, why, n);
	case PVABI_RULE_MISSING_REQUIRED: return missing_ok(f, r, why, n);
	default: return 0; /* malformed answers are the guest's own checks' */
	}
}
