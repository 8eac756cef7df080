/* The data a generated conformance suite hands the guest runtime: the
 * ops the image knows with their revision ranges, and every conformance
 * vector resolved for each revision it applies to. Plain const tables
 * (.rodata), so the runner (guest/rt/suite.c) is the same code for every
 * ABI. A vector that resolves identically in consecutive revisions is one
 * entry with a revision range; its arguments and checks are runs in two
 * pools shared by all entries. */
#ifndef PVABI_GUEST_CONFORMANCE_H
#define PVABI_GUEST_CONFORMANCE_H

#include <stdint.h>

#include "guest/rt/expr.h"

enum pvabi_cvec_kind {
	PVABI_CARG_VALUE, PVABI_CARG_BYTES, PVABI_CARG_SCRATCH,
	PVABI_CARG_VAR, /* a scenario variable: value is its index */
	PVABI_CARG_EXPR, /* an expression of the scenario's variables */
};
enum pvabi_cexpect { PVABI_CEXP_RET_EQ, PVABI_CEXP_RET_GE, PVABI_CEXP_ERROR };

/* One argument of a vector. */
struct pvabi_carg {
	union {
		uint64_t value;     /* VALUE */
		const char *bytes;  /* BYTES */
		const struct pvabi_cexpr *expr; /* EXPR */
		uint64_t out;       /* SCRATCH: what the call writes, PVABI_COUT_* */
	};
	uint32_t size;       /* BYTES: length; SCRATCH: buffer size */
	uint8_t kind;        /* enum pvabi_cvec_kind */
	uint8_t size_field : 1; /* SCRATCH of a size-guarded struct: write size
				 * into its first u32, as the guard requires */
	uint8_t split : 1;   /* with edge: those bytes laid across a page
			      * boundary instead, inside memory (bit fields:
			      * the pools keep 16 bytes an argument) */
	uint16_t edge;       /* BYTES, SCRATCH: 0, or the bytes the platform
			      * may touch through it, placed so that the
			      * last is guest memory's last (suite_args.c) */
};

/* What a pass="out" SCRATCH argument's call must write, derived from its
 * layout in the vector's revision cut to the guest's size (out 0: not
 * judged; guest/rt/suite_out.c, docs/checks.md): 2 bits per 4-byte word
 * of the first PVABI_COUT_WORDS (a u32 field starts there: 1, a u64: 2,
 * two u16: 3), the bytes a success writes (and reports in a size field)
 * at bit PVABI_COUT_END_SHIFT, and whether a refusal must leave the
 * buffer as the guest had it. The runner poisons the buffer first. */
#define PVABI_COUT_WORDS 27
#define PVABI_COUT_KEEPS (UINT64_C(1) << 54)
#define PVABI_COUT_JUDGED (UINT64_C(1) << 55)
#define PVABI_COUT_END_SHIFT 56
#define PVABI_COUT_U32 1u
#define PVABI_COUT_U64 2u
#define PVABI_COUT_U16X2 3u

/* What a check compares with: value itself, or what only the running
 * guest knows. GRANT: the grant shifted right by value bits; FEATURE:
 * bit value of the grant (1 granted, 0 not); VAR: the scenario variable
 * with index value. Each is cut to the field's size as the field is. */
enum pvabi_cfrom {
	PVABI_CFROM_CONST, PVABI_CFROM_GRANT, PVABI_CFROM_FEATURE, PVABI_CFROM_VAR,
	PVABI_CFROM_EXPR, /* the expression expr */
};

/* How a check compares, beyond ge: at most the value (LE), within tol
 * percent of it (NEAR_PCT) or within tol of it (NEAR_ABS), or from the
 * value to the expression hi (RANGE). */
enum pvabi_ccmp { PVABI_CCMP_PLAIN, PVABI_CCMP_LE, PVABI_CCMP_NEAR_PCT, PVABI_CCMP_NEAR_ABS,
		  PVABI_CCMP_RANGE };

/* One field of a scratch argument, checked after a successful call. */
struct pvabi_ccheck {
	int64_t value;
	const char *field;
	uint16_t offset; /* field offset in that revision's layout */
	uint8_t slot;    /* which scratch argument */
	uint8_t size;    /* 1, 2, 4 or 8 */
	uint8_t is_signed;
	uint8_t ge;      /* >= instead of == */
	uint8_t from;    /* enum pvabi_cfrom */
	uint8_t cmp;     /* enum pvabi_ccmp */
	uint64_t tol;
	const struct pvabi_cexpr *expr, *hi;
};

/* One vector, for the revisions since <= i < until (indices in the
 * suite's revs) in which it resolves to the same arguments, expectation
 * and field offsets. Entries are in the order the checks run: by op id,
 * then in spec order. */
struct pvabi_cvec {
	const char *name;   /* "args -> expect"; the TAP line is "op: name" */
	int64_t value;      /* RET_*: the value; ERROR: the error */
	uint16_t op;        /* index in the suite's ops (it has the feature) */
	uint16_t since, until;
	uint16_t args;      /* first of nargs in the suite's args pool */
	uint16_t checks;    /* first of nchecks in the suite's checks pool */
	uint8_t nargs;
	uint8_t nchecks;
	uint8_t expect;     /* enum pvabi_cexpect */
};

/* One call of a scenario: like a vector, without a revision range (its
 * scenario has one) nor a name (a failure names its number; the manual
 * lists the steps). After the call succeeds it may bind a variable:
 * the return value, or size bytes at offset of a scratch argument. */
#define PVABI_CBIND_RET 0xff
enum pvabi_cstep_kind {
	PVABI_CSTEP_CALL, PVABI_CSTEP_PAGE, PVABI_CSTEP_READ, PVABI_CSTEP_WAIT,
	PVABI_CSTEP_CHECK,
};
/* The steps that are not calls: PAGE binds (bind) the address of a
 * zeroed page of the scenario's own; READ reads bind_size bytes at
 * bind_offset into the page variable `at` and compares them, masked,
 * with value; WAIT waits for `count` upcalls on vCPU `vcpu` since the
 * scenario began (exact: exactly count after all of within_ns).
 * READ and WAIT poll for up to within_ns (0: READ reads once); CHECK
 * evaluates expr and judges it with its one check (checks). */
#define PVABI_CSCEN_PAGES 2
struct pvabi_cstep {
	int64_t value;
	uint64_t mask, within_ns;
	uint16_t op, args, checks;
	uint16_t retry;     /* > 0: poll until the expectation holds */
	uint16_t bind_offset;
	uint8_t nargs, nchecks, expect;
	uint8_t bind;       /* 0: none, else variable index + 1 */
	uint8_t bind_slot;  /* PVABI_CBIND_RET or the scratch argument */
	uint8_t bind_size;
	uint8_t kind;       /* enum pvabi_cstep_kind */
	uint8_t at, count;
	uint8_t bind_signed; /* the bound field is signed: sign-extend it */
	uint8_t vcpu;       /* CALL: the vCPU that makes it (guest/rt/smp.h);
			     * WAIT: the vCPU whose upcalls it counts */
	uint8_t exact;      /* WAIT: exactly count, after all of within_ns;
			     * CHECK: PVABI_CCHECK_GUARD */
	uint8_t release;    /* CALL: what a successful call holds, 1 + index
			     * in the release rows; 0: nothing */
	uint8_t tied;       /* CHECK: 0, or the reference the harness hands the
			     * image that judges expr (PVABI_CTIED_*), within
			     * within_ns, instead of a check */
	const struct pvabi_cexpr *expr; /* CHECK: the value its check judges */
};

/* A WAIT step's exact for an <idle>: no call, no doorbell, interrupts
 * disabled, for at least within_ns (guest/rt/scen_steps.c) */
#define PVABI_CWAIT_IDLE 2
/* A WAIT step's exact for a quiet wait: interrupts enabled on vCPU 0,
 * no call and no doorbell, until count upcalls or within_ns
 * (guest/rt/scen_steps.c, emit/emit_tick_scen.c) */
#define PVABI_CWAIT_QUIET 3
/* A WAIT step's exact for a window that only guards the count the wait
 * right before it reached (same vCPU, same count, emit/emit_scen.c): as
 * exact, but where the engine says which interrupts it sent, it ends
 * after the suite's late_ns (guest/rt/scen_steps.c) */
#define PVABI_CWAIT_GUARD 4
/* A CHECK step's exact for a guard: not holding means the run could not
 * tell, so the scenario runs again (guest/rt/suite.c), no failure */
#define PVABI_CCHECK_GUARD 1
/* A CHECK step's exact for a bound judged on the least of several
 * tries: its scenario runs again while the check (or any step) fails,
 * and passes at its first run that passes (guest/rt/suite_least.c) */
#define PVABI_CCHECK_LEAST 2
/* A CALL step's exact for a round of a poll: this call (a clock read,
 * binding its variable), then the next step's call once, repeated while
 * the next step's expectation fails; the variable then holds the read
 * before the last round that did not see it (guest/rt/suite_least.c);
 * the poll ends when the clock has passed its first read by within_ns
 * (0: no such bound), or after retry rounds */
#define PVABI_CCALL_ROUND 1
/* A CALL step's exact for a call whose failure means the run could not
 * tell (a value that a host's stall may have made past, where the
 * refusal is right), not a failure (guest/rt/suite_least.c) */
#define PVABI_CCALL_GUARD 2
/* A CALL step's exact for a call made several times in a row, each
 * judged by the step's expectation: expr (of the grant) says how many,
 * 0 to PVABI_CCALL_REPEAT_MAX (guest/rt/suite.c; a count raised to a
 * cap, emit/emit_cap_scen.c) */
#define PVABI_CCALL_REPEAT 3
#define PVABI_CCALL_REPEAT_MAX 255

/* What a call step holds once it succeeds, released when its scenario
 * fails (guest/rt/suite_release.c, docs/spec-language.md#release-after-
 * a-failed-scenario). HANDLE: the result is a handle that op frees (its
 * one argument); again: the allocating call takes only values, so a
 * handle the scenario freed is allocated again with its arguments once
 * the scenario passed, and freed. FREES: the call frees the handle in
 * its first argument, which op frees. RESET: the same call with
 * argument slot = value puts the state back. RESTORE: op (read, with
 * the step's argument read[i] in its slot i, PVABI_CREL_OUT its out
 * value) reads the state before the call, and the call with slot = the
 * value read puts it back. Derived from the spec, per step. */
enum pvabi_crel_kind {
	PVABI_CREL_HANDLE = 1, PVABI_CREL_FREES, PVABI_CREL_RESET, PVABI_CREL_RESTORE,
};
#define PVABI_CREL_OUT 0xff
#define PVABI_CREL_READ_MAX 7
struct pvabi_crelease {
	uint64_t value;
	uint16_t op;
	uint8_t kind, slot, again, nread;
	uint8_t read[PVABI_CREL_READ_MAX];
};
/* The image's release rows, beside its suite (one table per image, the
 * steps index it; the runner is handed it, guest/image.c). */
extern const struct pvabi_crelease pvabi_conformance_releases[];

/* A tied check's reference: the host's wall clock in ns since 1970 UTC,
 * from the command line's wallref= and wallwin= (guest/rt/suite_tied.c) */
#define PVABI_CTIED_WALL_NS 1

/* A scenario resolved identically in revisions since <= i < until; its
 * steps are steps[first .. first + nsteps). One TAP line each. vars
 * names its variables by index, comma-separated ("port,page"), for the
 * diagnostic of a failing step. */
/* Where a scenario comes from (its cost class): the spec's own (with its
 * ops' refusals injected), or derived from a declaration by the
 * generator; each with the name an image's cost lines print
 * (guest/rt/suite_cost.c) and the manual's derived checks use
 * (emit/emit_docs_classes.c), from this one list so the two cannot
 * drift. A new class is one line here. */
#define PVABI_CSCEN_LIST(X) \
	X(SPEC, "scenarios") \
	X(EDGE, "edge-effects") \
	X(NOW, "now-scenarios") \
	X(DUE, "due-scenarios") \
	X(GROWS, "grows-scenarios") \
	X(READBACK, "read-backs") \
	X(KIND, "handle-kinds") \
	X(FULL, "full-observers") \
	X(STALE, "stale-outputs") \
	X(XVCPU, "other-vcpu") \
	X(KEEP, "kept-state") \
	X(UNIQ, "one-per-scope") \
	X(CALLER, "by-caller") \
	X(LATE, "late-scenarios") \
	X(REPLACE, "replace-scenarios") \
	X(IDEM, "repeat-scenarios") \
	X(MANY, "due-at-once") \
	X(SERVED, "served-maxima") \
	X(PRIOR, "prior-states") \
	X(WIDTH, "width-boundaries") \
	X(CAP, "count-caps") \
	X(BITS, "unnamed-bits") \
	X(REUSE, "reused-handles")
#define PVABI_CSCEN_ENUM(origin, name) PVABI_CSCEN_##origin,
enum { PVABI_CSCEN_LIST(PVABI_CSCEN_ENUM) PVABI_CSCEN_ORIGINS };
/* The most values above a range's first that a sweep of what a maximum
 * promises calls, the maximum itself besides (guest/rt/suite_sweep.c):
 * the maximum is the platform's data, and a hostile 0x8fffffff must not
 * make the image run 2^28 calls; the ranges served are a few dozen. */
#define PVABI_CSERVED_CAP 64u
/* A sweeping CALL's count with this bit set: the values swept are those
 * a maximum promises, from mask up to the swept variable, each wanting
 * success (suite_sweep.c); the bit, not a field, as a field would grow
 * every step of every image by 8 bytes. */
#define PVABI_CSWEEP_SERVED 0x80u
struct pvabi_cscen {
	const char *name;
	uint16_t since, until, first, nsteps;
	const char *vars;
	uint8_t origin; /* PVABI_CSCEN_* */
};

/* One limit probe: the base call args[args .. args + nargs) with slot
 * `slot` set to value, for revisions since <= i < until when
 * (granted & fmask) == fwant. refused 1: the call must fail with error;
 * 2: find the lowest value refused (a platform limit's own), which every
 * argument the limit bounds must share; 3: the op returns handles of
 * the limit, called until it answers error (full), after the scenarios,
 * then freed (free_op) and allocated again; 4: handles allocated, freed
 * out of order and allocated again, first in the run (free_op); 5: the
 * bits of slot that belong to the guest, set to value, must give the
 * outcome of the call with slot = lo (guest-owned bits); 6: a range
 * edge, the call must answer error (lowest 1: what the base call
 * answers), with value - free_op's result + 1 where free_op is an op
 * (the state the platform adds the value to); 0: the call
 * must not fail with
 * error (another error the op documents is fine). slot
 * PVABI_CPROBE_ARITY: the base call is made with `value` arguments
 * instead of nargs. fill_slot (0xff: none) is a buffer whose element
 * count is the probed value: it gets value * fill_elem bytes of
 * fill_byte. 7: value is one value of slot's argument, called in the
 * table the fill before it left full (error: the full error), then after
 * a free (free_op); fill_elem indexes pvabi_cfulls, what else it does.
 * 8: a platform limit read again at the end of the run: the call at the
 * value refusal 2 found must still be refused with error, the one below
 * it not; with lowest 1 (the limit counts vCPUs), each vCPU the guest
 * ran must not be refused and the value found must be above them.
 * 9: outputs fixed for the guest's life (<fixed>, guest/rt/
 * suite_fixed.c): the base call read right after the agreement and
 * again later, each value equal to its first reading; value: the first
 * of fill_elem checks in the pool placing the fields read, slot 1: the
 * result is read first; limit: the declaration's ordinal (below
 * PVABI_CFIXED_MAX); lowest 1: the guest's (read from vCPU 1 too);
 * fill_byte: the outside event on which alone the value may move
 * (unless=, PVABI_CFIXED_UNLESS_*; 0: none), which the runner cannot see
 * and the harness watches: a reading that moved says by how much in a
 * PVABI_CFIXED_MOVED line after its red one, for the harness to judge. */
#define PVABI_CFIXED_MAX 32
/* unless="host-clock-step" (abi/fixed.h has the same code) */
#define PVABI_CFIXED_UNLESS_HOST_CLOCK_STEP 1
/* The diagnostic after a reading that moved where an unless= event may
 * have happened: the signed move in ns since the first reading. The
 * harness reads it back (conformance/hostclock.c): the words are ABI
 * between the image and the harness, as the "# negotiated:" record is. */
#define PVABI_CFIXED_MOVED "moved by %lld ns since the first reading, " \
			   "fixed unless the host clock steps"
#define PVABI_CPROBE_ARITY 0xfe /* slot: the call is made with value args */
struct pvabi_cprobe {
	const char *name;   /* "limit ports: port=1024 -> error=ERANGE" */
	uint64_t value;
	uint64_t fmask, fwant;
	int64_t error;
	uint16_t op, since, until, args, fill_elem;
	uint8_t nargs, slot, refused, fill_slot, fill_byte;
	uint64_t lo;        /* refused 2: a platform limit's value is found
			     * by bisection in (lo, value] */
	uint8_t limit;      /* the limit's index in the spec */
	uint16_t free_op;   /* refused 3 and 4: the op freeing a handle (index
			     * in ops, its one argument), 0xffff: none;
			     * refused 6 (a range edge): the op whose result
			     * the value is taken from */
	uint8_t lowest;     /* refused 3 and 4: the lowest free handle is
			     * handed out first; refused 8: the limit
			     * counts the vCPUs */
};

/* What a full-table probe (refused 7) does in the freed handle beyond
 * allocating the value: check_op (0xffff: none) reads the handle's state
 * back, its base call check_args/check_nargs with the handle in
 * check_slot, and check_size bytes at check_off of the struct in
 * check_out must hold the value; scen (0xffff: none), a scenario that
 * allocates the value once and observes its effect, runs there too.
 * Kept apart from pvabi_cprobe: a dozen entries, not one per probe. */
struct pvabi_cfull {
	uint16_t check_op, check_args;
	uint8_t check_nargs, check_slot, check_out, check_size;
	uint32_t check_off;
	uint16_t scen;
};
/* The image's table (its generated suite; absent: none). */
extern const struct pvabi_cfull pvabi_cfulls[] __attribute__((weak));
extern const uint32_t pvabi_ncfulls __attribute__((weak));

/* One batch probe (docs/spec-language.md#batches): a batch of n
 * requests, all good but request `fail` (bad: the request bytes a vector
 * of the op refuses with error), for revisions since <= i < until. A
 * good request i stores values[i] as entry i + 1 (width bytes each) of a
 * zeroed page of the guest's: its page field (8 bytes at page_off)
 * holds the page's address, its entry field the entry, its value field
 * the value; page_off 0xffff: no <writes>, only the answer is judged.
 * The answer: at_failure stop, done = fail and the requests before it
 * applied; skip, done = n - 1 and all but it applied; undone, done = 0
 * and none applied. done_slot PVABI_CBATCH_RET: the return value is the
 * done count; else the call returns error and writes done_size bytes. */
#define PVABI_CBATCH_RET 0xff
#define PVABI_CBATCH_MAX 3
#define PVABI_CBATCH_ELEM 64
struct pvabi_cbatch {
	const char *name;
	const uint8_t *bad;
	int64_t error;
	uint64_t values[PVABI_CBATCH_MAX];
	uint16_t op, since, until, elem;
	uint16_t page_off, entry_off, value_off;
	uint8_t n, fail, nargs, count_slot, array_slot, done_slot, done_size;
	uint8_t entry_size, value_size, width, skip, undone;
	/* fld_size > 0: a probe of one kind of refusal (<batch each=>):
	 * the failing request is the good one for its place with the field
	 * at fld_off set to fld_value (fld_page: the page's address plus
	 * fld_value), every other field as the request before it */
	uint64_t fld_value;
	uint16_t fld_off;
	uint8_t fld_size, fld_page;
};

struct pvabi_cop {
	uint32_t id;
	const char *name;
	uint32_t since;     /* revision code */
	uint32_t until;     /* first revision without it, or 0 */
	uint64_t feature;
};

/* An output that never goes back (<monotonic>): the reading call
 * args[args .. args + nargs) of op, for revisions since <= i < until,
 * answering ret >= 0; the value read is ret, or the field its one
 * check names (nchecks 1). Readings of one clock (the same clock
 * string) are compared with each other's last value
 * (guest/rt/suite_mono.c). */
enum {
	PVABI_CMONO_PLAIN,    /* judged against its own last value only */
	PVABI_CMONO_RUNS,     /* keeps the rate of the clock `with' */
	PVABI_CMONO_BOUNDED,  /* rises no faster than `with', never above it */
	PVABI_CMONO_FREQ,     /* not a clock: the frequency (kHz) of `clock' */
	PVABI_CMONO_MUL,      /* not a clock: the multiplier of the snapshot of `clock' */
	PVABI_CMONO_SHIFT,    /* not a clock: the shift of the snapshot of `clock' */
};

struct pvabi_cmono {
	const char *name;   /* "get_time ret" */
	const char *clock;
	uint16_t op, since, until, args, checks;
	uint8_t nargs, nchecks;
	uint8_t how;        /* PVABI_CMONO_* */
	const char *with;   /* the clock of unit ns it is judged against */
	uint8_t excludes;   /* BOUNDED: PVABI_CMONO_EXCL_* states it leaves out */
	/* RUNS: the clock whose reading in the same call is the snapshot's
	 * stamp, converted into this one with the MUL and SHIFT rows of the
	 * same call (guest/rt/suite_conv.c); 0: none. Within within_ns of
	 * `with' for for_ns after the call. */
	const char *conv;
	uint64_t within_ns, for_ns;
};
/* A state an accumulated duration leaves out (<monotonic excludes=>,
 * guest/rt/suite_excl.c): halted, the image's wait for an event with
 * nothing due (no call, the doorbell rung without one). */
#define PVABI_CMONO_EXCL_HALTED 1u

struct pvabi_csuite {
	const char *abi;
	const char *revision;     /* what the image was built for */
	uint32_t offer_min, offer_max;
	uint64_t features;        /* defined in the image's revision */
	const uint32_t *revs;     /* every revision code up to the image's */
	uint32_t nrevs;
	const struct pvabi_cop *ops;
	uint32_t nops;
	const struct pvabi_cvec *vecs;
	uint32_t nvecs;
	const struct pvabi_carg *args;     /* pools the vectors index */
	const struct pvabi_ccheck *checks;
	int64_t e_revision, e_removed, e_nofeature, e_notnegotiated, e_nosys;
	uint64_t frame_gpa;     /* call-frame convention */
	uint16_t doorbell_port;
	uint32_t negotiate_op;  /* the frozen bootstrap op */
	uint32_t unknown_op;    /* one past the highest id the image knows:
				 * hostile images call around it; a later
				 * revision may define it */
	uint32_t reserved_op;   /* an id reserved forever: every platform
				 * answers it ENOSYS */
	const struct pvabi_cstep *steps;
	const struct pvabi_cscen *scens;
	uint32_t nscens;
	const struct pvabi_cprobe *probes;
	uint32_t nprobes;
	const struct pvabi_cbatch *batches;
	uint32_t nbatches;
	const struct pvabi_cmono *monos;
	uint32_t nmonos;
	/* a feature bit no revision up to the image's defines (0 if none
	 * is left): required, it can never be granted */
	uint64_t feature_undefined;
	/* the op the image ends its run with when the harness names a
	 * reason (end=N; the spec's ends-run=, alive in the image's
	 * revision; its one argument is the reason), or ~0u: none */
	uint32_t runend_op;
	/* the latest any event the spec declares may follow its moment
	 * (the largest late= of a <now>), 0: none declared; how long a
	 * PVABI_CWAIT_GUARD window needs where the engine says what it sent */
	uint64_t late_ns;
};

/* The suite of the image, generated per revision. */
extern const struct pvabi_csuite pvabi_conformance_suite;

#endif
