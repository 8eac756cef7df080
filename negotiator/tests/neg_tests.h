#ifndef PVABI_NEG_TESTS_H
#define PVABI_NEG_TESTS_H

#include "negotiator/pvabi_neg.h"
#include "tests/harness.h"

#include <stdint.h>
#include <stdio.h>

extern const struct pvabi_test_case unit_cases[];
extern const struct pvabi_test_case prop_cases[];
extern const struct pvabi_test_case fuzz_cases[];
extern const struct pvabi_test_case text_cases[];
extern const struct pvabi_test_case parse_cases[];
extern const struct pvabi_test_case build_cases[];

#define R(maj, min) PVABI_NEG_REV(maj, min)

/* Builds a profile from a description string; aborts the test on error. */
void neg_profile(struct pvabi_neg_profile *p, const char *spec);

/* The whole exchange through the wire, with exactly-sized heap buffers:
 * offer encoded, served by the platform within session s, answer decoded
 * by the guest. Returns the guest's status; pa/ga get both sides' views,
 * resp (when not NULL, PVABI_NEG_ANSWER_SIZE bytes) the answer bytes. */
enum pvabi_neg_status neg_exchange(struct pvabi_neg_session *s,
				   const struct pvabi_neg_profile *p,
				   const struct pvabi_neg_offer *o,
				   struct pvabi_neg_answer *pa,
				   struct pvabi_neg_answer *ga, uint8_t *resp);

int neg_answer_eq(const struct pvabi_neg_answer *a, const struct pvabi_neg_answer *b);

/* Deterministic PRNG (xorshift64*), seeded from PVABI_NEG_SEED or fixed. */
uint64_t neg_rand(void);
void neg_rand_seed(uint64_t seed);

/* One CU_ASSERT per property: a count of violations, the first explained. */
struct neg_prop {
	const char *name;
	unsigned long checked, violated;
	char first[256];
};
void neg_prop_fail(struct neg_prop *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define NEG_PROP_CHECK(p, cond, ...)                                   \
	do {                                                           \
		(p)->checked++;                                        \
		if (!(cond))                                           \
			neg_prop_fail((p), __VA_ARGS__);               \
	} while (0)
void neg_prop_report(const struct neg_prop *p);
/* Puts CUnit's verdict on a line of its own after the reports. */
#define NEG_PROP_DONE() printf("\n    ")
#define NEG_PROP_ASSERT(p)                                             \
	do {                                                           \
		neg_prop_report(p);                                    \
		CU_ASSERT_EQUAL((p)->violated, 0);                     \
	} while (0)

#endif
