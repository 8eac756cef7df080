/* The conformance suite of a format 2 ABI (docs/spec-language.md, "What
 * the generators do with format 2"): each vector and scenario of one
 * revision is a generated function that calls the guest header's typed
 * stubs and checks what they return, so the image is reached through the
 * ABI's own convention (a hypercall page, registers), not the call-frame
 * transport. A failing check returns -1 and says which step and what. */
#ifndef PVABI_GUEST_CONFORMANCE2_H
#define PVABI_GUEST_CONFORMANCE2_H

#include <stddef.h>
#include <stdint.h>

#include "guest/rt/expr.h"
#include "guest/rt/order.h"

struct pvabi_c2_res {
	unsigned int step; /* 1-based */
	const char *what;  /* "ret", "arg.port", "read" */
	int64_t got, want;
};

struct pvabi_c2_test {
	const char *name;
	int (*run)(struct pvabi_c2_res *res);
};

struct pvabi_c2_suite {
	const char *abi, *rev;
	uint32_t code;
	const struct pvabi_c2_test *tests;
	size_t ntests;
	size_t nscenarios; /* the last nscenarios tests are scenarios */
	/* The command the spec marks ends-run= in this revision, called with
	 * a reason (docs/checks.md, "How a run ends"); NULL: none. */
	long (*runend)(uint64_t reason);
	/* The first readings of the values fixed for the guest's life, made
	 * before the first test (emit/emit_conf2_fixed.c); NULL: none. */
	void (*fixed_first)(void);
};

/* Generated code: fails step n of the running test unless ok. */
#define PVABI_C2_EXPECT(res, n, w, ok, g, x)                                  \
	do {                                                                  \
		if (!(ok)) {                                                  \
			(res)->step = (n);                                    \
			(res)->what = (w);                                    \
			(res)->got = (int64_t)(g);                            \
			(res)->want = (int64_t)(x);                           \
			return -1;                                            \
		}                                                             \
	} while (0)

/* What the guest fills a struct the platform writes with before a call
 * that is to be refused (format 1's poison, docs/checks.md): a refusal
 * must leave every byte but the guest's own inputs and the fields
 * declared written-on= that error as it was. */
#define PVABI_C2_POISON 0xc3

/* The offset of the first byte of the n at p that is not the poison,
 * outside the nkeep spans keep ({ offset, size }); n when none. */
size_t pvabi_c2_poisoned(const void *p, size_t n, const uint16_t (*keep)[2], size_t nkeep);

/* Whether the n bytes at now equal those at first (a value fixed for the
 * guest's life read again, emit/emit_conf2_fixed.c); when not, *got and
 * *want are the little-endian words of up to 8 bytes from the first
 * byte that differs (a value of 8 bytes or less: the whole value). */
int pvabi_c2_same(const void *now, const void *first, size_t n, uint64_t *got, uint64_t *want);

/* How generated code judges a value against what a check expects when
 * it runs (a bound value, an expression of them): the comparisons of
 * abi/vector.h's enum pvabi_vec_cmp, in its order, ordered as the
 * declared type of the value judged (guest/rt/order.h, where format 1's
 * checks are judged too). */
enum pvabi_c2_cmp {
	PVABI_C2_EQ = PVABI_ORD_EQ, PVABI_C2_GE = PVABI_ORD_GE, PVABI_C2_LE = PVABI_ORD_LE,
	PVABI_C2_NEAR_PCT = PVABI_ORD_NEAR_PCT, PVABI_C2_NEAR_ABS = PVABI_ORD_NEAR_ABS,
	PVABI_C2_RANGE = PVABI_ORD_RANGE,
};

/* Whether g meets want w: equal, at least, at most, within tol percent
 * (|g - w| * 100 <= |w| * tol, without overflow) or tol of it, or in
 * w..h; signed or unsigned as g's type is declared. */
static inline int pvabi_c2_holds(int64_t g, int cmp, int64_t w, int64_t h, uint64_t tol,
				 int is_signed)
{
	return pvabi_ord_holds(cmp, g, w, h, tol, is_signed);
}

/* The bound a failing g missed, for the TAP line's "want": a range's top
 * when g is above it, w otherwise. */
static inline int64_t pvabi_c2_missed(int64_t g, int cmp, int64_t w, int64_t h, int is_signed)
{
	return cmp == PVABI_C2_RANGE && pvabi_ord_key(g, is_signed) > pvabi_ord_key(h, is_signed)
	       ? h : w;
}

/* What a test returns besides 0 (passed) and -1 (failed, res says
 * why): skipped, because the platform does not offer the feature its op
 * needs (its vectors and scenarios), or offers it (the suite's check
 * that an op not offered is refused). Only a suite of a convention with
 * not-offered= has such tests. */
#define PVABI_C2_NOT_OFFERED 1
#define PVABI_C2_OFFERED 2
/* Skipped: the scenario has steps of vCPU 1, and the platform did not
 * start it (guest/rt/conformance2_vcpu.c). */
#define PVABI_C2_NO_VCPU 3
/* Skipped: the CPUID block a sweep past its maximum judges is not this
 * ABI's on this platform (the runner's pvabi_c2_block_shown says so). */
#define PVABI_C2_NOT_SHOWN 4

/* Whether the platform offers feature bit `bit`: defined by the runner
 * of an ABI whose suite has gated tests (guest/kvm/suite.c reads KVM's
 * leaf 0x40000001). */
int pvabi_c2_offered(unsigned int bit);

/* For generated scenarios' <wait>: the upcalls vCPU 0 has counted, and
 * a bounded wait for them there (guest/rt/upcall.c) that returns the
 * count after it; ack, when not NULL, is the byte cleared on each
 * upcall. */
uint64_t pvabi_c2_upcalls(void);
uint64_t pvabi_c2_wait(uint64_t target, uint64_t within_ns, int exact, volatile uint8_t *ack);
/* For scenarios with steps of vCPU 1 (guest/rt/conformance2_vcpu.c,
 * linked into the images whose suites have them): start vCPU 1 (0, or
 * -1 when it did not come), stop it (the runner, after each test), run
 * fn(arg) on vCPU vcpu (0: here), the upcalls counted on vcpu and a wait
 * for them there, as pvabi_c2_wait. */
int pvabi_c2_vcpu_up(void);
void pvabi_c2_vcpu_down(void) __attribute__((weak));
int64_t pvabi_c2_on(uint32_t vcpu, int64_t (*fn)(void *), void *arg);
uint64_t pvabi_c2_upcalls_on(uint32_t vcpu);
uint64_t pvabi_c2_wait_on(uint32_t vcpu, uint64_t target, uint64_t within_ns, int exact,
			  volatile uint8_t *ack);
/* For <clock>: the time in ns a pvclock record gives (guest/rt/pvclock.c,
 * linked into the images whose suites read a clock). */
uint64_t pvabi_c2_pvclock(const volatile void *rec);

/* A CPUID block whose highest leaf grows (guest/rt/conformance2_gap.c):
 * the block's first leaf, the first leaf past it, the maximum a smaller
 * report stands for, the register of the first leaf holding the maximum
 * (0 eax .. 3 edx), and what an unserved leaf answers (bit 0: all zero,
 * bit 1: the highest basic leaf's registers; either, when both). */
struct pvabi_c2_gap {
	uint32_t base, next, at_least;
	unsigned int reg, unserved;
};
#define PVABI_C2_UNSERVED_ZERO 1u
#define PVABI_C2_UNSERVED_BASIC 2u
typedef void (*pvabi_c2_cpuid_fn)(uint32_t leaf, uint32_t regs[4]);
/* The gap between the maximum cpuid reads and g->next swept: 0, or -1
 * with res naming the step (1 the maximum, 2 the leaf past it, 3 the
 * rest), the leaf and the register that answered otherwise. */
int pvabi_c2_gap_sweep(struct pvabi_c2_res *res, const struct pvabi_c2_gap *g,
		       pvabi_c2_cpuid_fn cpuid);
/* Whether the block of fixed first leaf `leaf` is this ABI's here: a
 * runner that checks the block's signature itself defines it (KVM's
 * suite: KVMKVMKVM at 0x40000000); without it, every block is judged. */
int pvabi_c2_block_shown(uint32_t leaf) __attribute__((weak));
/* CPUID leaf, subleaf 0, on this vCPU (guest/rt/conformance2.c). */
void pvabi_c2_cpuid(uint32_t leaf, uint32_t regs[4]);

/* Skipped: a probe whose answer differs by platform release, on a
 * release the spec's registry does not list (or that the runner cannot
 * name). */
#define PVABI_C2_NO_RELEASE 5

/* Skipped: a vector gives its data at an unreadable address of a class
 * this guest's mode has none of (pvabi_c2_unreadable answered NULL). */
#define PVABI_C2_NO_ADDRESS 6

/* The classes of address a vector gives for data passed by address
 * (abi/vector2.h's enum pvabi_v2_at, in its order). */
#define PVABI_C2_AT_UNMAPPED 1u
#define PVABI_C2_AT_NONCANONICAL 2u
/* An address of class cls that the platform certainly cannot read for
 * this guest (guest/rt/conformance2.c says why), or NULL when this
 * guest's mode has none. A hypervisor reads a guest's data through the
 * guest's own page tables, so only the runtime that owns them can name
 * one. */
void *pvabi_c2_unreadable(unsigned int cls);

/* <now> probes of a command's data (guest/rt/conformance2_now.c):
 * polls bit `bit` of the byte at p until it is set, or the time of the
 * pvclock record rec passes until; 1 when seen, 0 when not, the
 * record's time read after the bit into *t. */
int pvabi_c2_now_poll(const volatile uint8_t *p, unsigned int bit, const volatile void *rec,
		      uint64_t until, uint64_t *t);
/* What a past value answers on each release of the registry: the
 * result, 0 when it fires. */
struct pvabi_c2_past {
	const char *release;
	int64_t answer;
};
/* The answer of the release the runner names (pvabi_c2_release) into
 * *want: 0, or -1 when the table has no such release. */
int pvabi_c2_now_want(const struct pvabi_c2_past *table, size_t n, int64_t *want);
/* The platform release this image runs on ("4.17.7"), as the
 * registry's <release id=> spells it, or NULL: defined by a runner that
 * can read it (guest/xen/suite.c: XENVER_version and extraversion). */
const char *pvabi_c2_release(void) __attribute__((weak));

/* The suite's symbol in a generated ABI_conformance.c. */
extern const struct pvabi_c2_suite pvabi_conformance2_suite;

struct pvabi_tap;
/* One TAP line per test; a failure names its step, what it checked, the
 * value seen and the value expected. */
void pvabi_c2_run(struct pvabi_tap *t, const struct pvabi_c2_suite *s);

#endif
