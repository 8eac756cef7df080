/* The conformance runner: negotiates, then runs the negotiated revision's
 * checks from a generated suite, reporting each in TAP. */
#ifndef PVABI_GUEST_SUITE_H
#define PVABI_GUEST_SUITE_H

#include "guest/rt/conformance.h"
#include "guest/rt/tap.h"

struct pvabi_runner {
	const struct pvabi_csuite *s;
	struct pvabi_tap *tap;
	/* one platform call; the transport of the image */
	int64_t (*call)(uint32_t op, uint32_t nargs, const uint64_t *args);
	uint32_t negotiate_op;
	uint64_t guest_id;
	const char *only; /* comma-separated op names, or NULL for all */
	/* what negotiation asks for: without request_set, every feature the
	 * image's revision defines, all optional (the command line's
	 * require= and optional= set it: the matrix's feature axis) */
	int request_set;
	uint64_t required, optional;
	/* the host's wall clock when the harness started the run (ns since
	 * 1970 UTC) and how long after it the harness ends the run at the
	 * latest (ns): the command line's wallref= and wallwin=; 0 when the
	 * harness handed none (tied checks are then skips) */
	uint64_t wall_ref_ns, wall_win_ns;
	/* set by negotiation */
	uint32_t rev;
	uint64_t granted;
	/* release=off on the command line: a failed scenario keeps what it
	 * holds (to see what release changes); the image's release rows
	 * (NULL: an image without a generated suite, nothing released) */
	int no_release;
	const struct pvabi_crelease *releases;
	int probe_pass; /* the pass pvabi_suite_probes runs (its fills) */
};

/* What a scenario holds between its steps, and why its failing step
 * failed (the TAP line's reason). */
struct pvabi_scen_state {
	uint64_t upcall_base[2]; /* each vCPU's upcalls when the scenario began */
	uint64_t vec_judged[2];  /* each vCPU's upcalls whose vector a wait judged */
	uint32_t pages;       /* pages taken */
	char why[160];
	int inconclusive;     /* a guard did not hold: the run could not tell */
	int least;            /* a check judged on the least of several runs failed */
	int64_t least_value;  /* with this value */
	char note[64];        /* what a passing scenario's line adds ("": none) */
};

/* Scenario sc's steps (guest/rt/suite.c): 1 when all held, else 0 with
 * the reason in ss->why; *j one past the last step run. */
int pvabi_suite_scen_steps(struct pvabi_runner *r, const struct pvabi_cscen *sc,
			   struct pvabi_scen_state *ss, uint64_t *vars, uint32_t *j);
/* Scenario sc's steps (guest/rt/scen_steps.c), run again while a guard
 * says the run could not tell (a moment fell due before the steps that
 * had to precede it, on a loaded host); needs: what it needs of the
 * vCPUs (settled before each try). 1 held, 0 failed, -1 could not tell
 * in any try (what it holds still to be released). */
int pvabi_suite_scen_run(struct pvabi_runner *r, const struct pvabi_cscen *sc, int needs,
			 struct pvabi_scen_state *ss, uint64_t *vars, size_t nvars, uint32_t *j);

/* A call step (suite.c): the call with the step's arguments, judged by
 * its expectation; 1 when it held, else 0 with the reason in ss->why. */
int pvabi_suite_step_call(struct pvabi_runner *r, struct pvabi_scen_state *ss,
			  const struct pvabi_cstep *st, uint64_t *vars);

/* A round of a poll (suite_least.c, st->exact PVABI_CCALL_ROUND): st's
 * clock read and the next step's call, repeated while that call's
 * expectation fails; 1 once it held after at least one round that did
 * not, st's variable holding the read before that round. */
int pvabi_suite_round(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		      const struct pvabi_cstep *st, uint64_t *vars);
/* A call step with exact set (suite_least.c): a round (st and the step
 * after it, *j moved past it), or a call whose failure the run could
 * not tell from a stall (PVABI_CCALL_GUARD). */
int pvabi_suite_least_call(struct pvabi_runner *r, struct pvabi_scen_state *ss,
			   const struct pvabi_cstep *st, uint64_t *vars, uint32_t *j);
/* Scenario sc judges a check on the least of several runs
 * (suite_least.c): 1 or 0. After run number tries of it failed: 1 to run
 * it again; else its verdict, 0 failed (ss->why and *j the run whose
 * check saw the least value, or the last run) or -1 no run could tell. */
int pvabi_suite_least_scen(const struct pvabi_runner *r, const struct pvabi_cscen *sc);
int pvabi_suite_least_again(struct pvabi_runner *r, const struct pvabi_cscen *sc,
			    struct pvabi_scen_state *ss, uint32_t *j,
			    int tries);

/* A call step that sweeps (suite_sweep.c, st->count set): a gap past a
 * maximum, or with st->served the values a maximum promises; the call
 * once per value, each judged as the step says. */
int pvabi_suite_sweep(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		      const struct pvabi_cstep *st, uint64_t *vars);

/* Upcalls between scenarios (suite_between.c): a call that succeeded
 * bound vector; scenario scen ended (what it took, its waits judged);
 * the upcalls taken since the last drain judged against the vectors
 * bound since; the last drain and the run's check line on them. */
void pvabi_between_bound(uint64_t vector);
void pvabi_between_scen_end(const char *scen);
void pvabi_between_judge(void);
void pvabi_between_report(struct pvabi_runner *r);

/* A step that calls nothing (scen_steps.c): 1 when it held, else 0 with
 * the reason in ss->why. */
int pvabi_scen_other(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		     const struct pvabi_cstep *st, uint64_t *vars);

/* The diagnostic of scenario sc's failing step j (its number, kind,
 * reason and the variables bound before it), said before the check line
 * so a failing cell's log explains itself. */
void pvabi_scen_diag(struct pvabi_runner *r, const struct pvabi_cscen *sc, uint32_t j,
		     const uint64_t *vars, const char *why);

/* Output checks (suite_check.c): v cut to c's width and sign; the
 * field c reads from buffer p; what c wants (hi: a range's upper bound),
 * 0 or -1 when its expression fails; whether field value f passes c; the
 * first of n checks a call's buffers miss (NULL: none; *got the field
 * read); what c wants, in words, for a diagnostic; a value of c's field
 * in words, as its type is declared (buf, returned). */
int64_t pvabi_check_cut(uint64_t v, const struct pvabi_ccheck *c);
int64_t pvabi_check_read(const uint8_t *p, const struct pvabi_ccheck *c);
int pvabi_check_want(const struct pvabi_runner *r, const struct pvabi_ccheck *c,
		     const uint64_t *vars, int hi, int64_t *want);
int pvabi_check_holds(const struct pvabi_runner *r, const struct pvabi_ccheck *c, int64_t f,
		      const uint64_t *vars);
const struct pvabi_ccheck *pvabi_checks_miss(const struct pvabi_runner *r,
					     const struct pvabi_ccheck *checks, uint32_t n,
					     uint32_t nargs, uint8_t *const *bufs,
					     const uint64_t *vars, int64_t *got);
void pvabi_check_words(const struct pvabi_runner *r, const struct pvabi_ccheck *c,
		       const uint64_t *vars, char *buf, unsigned int n);
const char *pvabi_check_value(const struct pvabi_ccheck *c, int64_t v, char *buf, unsigned int n);

/* Release after a failed scenario (suite_release.c): begin empties
 * what the scenario holds; before and after wrap each call step (a: its
 * arguments, got: its answer), recording what a successful one holds;
 * failed releases it in reverse order of acquisition, a diagnostic
 * saying what was released and a failing line per release refused;
 * passed, when the scenario holds no handle at its end, allocates each
 * handle it freed again, as it did (a failing line if refused). */
void pvabi_release_begin(void);
void pvabi_release_before(struct pvabi_runner *r, const struct pvabi_cstep *st,
			  const uint64_t *a);
void pvabi_release_after(struct pvabi_runner *r, const struct pvabi_cstep *st,
			 const uint64_t *a, int64_t got);
void pvabi_release_failed(struct pvabi_runner *r, const char *scen);
/* The same without waiting for what the release delivered, or saying
 * what was released: for a run judged on its best try (suite_least.c),
 * run again at once; the next try, not the next scenario, follows, and
 * a try's observer polls an unbound port, so no upcall is counted
 * there. Also for a try whose guard did not hold, where the engine says
 * what it sent (scen_steps.c): the next try's settle takes it. */
void pvabi_release_again(struct pvabi_runner *r, const char *scen);
/* The same after a scenario that could not tell (a skip, which says
 * why), without saying what was released (as pvabi_release_again); a
 * refused release still fails. */
void pvabi_release_skipped(struct pvabi_runner *r, const char *scen);
void pvabi_release_passed(struct pvabi_runner *r, const char *scen);

/* Runs everything; returns the run's status (REFUSED when the platform
 * cleanly refused the negotiation). */
enum pvabi_status pvabi_suite_run(struct pvabi_runner *r);
/* suite_vcpu.c: what a scenario needs (PVABI_SUITE_* bits: calls made
 * by vCPU 1, upcalls waited for on it, on any vCPU); starting it (NULL,
 * or why the scenario cannot run) and stopping it around such a
 * scenario; one call made by vcpu (0: this vCPU); a wait for upcalls on
 * vcpu, returning its count then. */
#define PVABI_SUITE_VCPU1_CALLS 1
#define PVABI_SUITE_VCPU1_UPCALLS 2
#define PVABI_SUITE_VCPU1 (PVABI_SUITE_VCPU1_CALLS | PVABI_SUITE_VCPU1_UPCALLS)
#define PVABI_SUITE_WAITS 4 /* upcalls waited for, on any vCPU */
int pvabi_suite_vcpus(const struct pvabi_csuite *s, const struct pvabi_cscen *sc);
const char *pvabi_suite_vcpu_start(int needs);
void pvabi_suite_vcpu_stop(void);
/* How many vCPUs the guest has seen run so far: 1, or 2 once vCPU 1 came. */
uint32_t pvabi_suite_vcpus_ran(void);
int64_t pvabi_suite_vcpu_call(struct pvabi_runner *r, uint32_t vcpu, uint32_t op, uint32_t nargs,
			      const uint64_t *args);
/* The same call made by vCPU 1 (started) while vCPU 0 waits at most
 * within_ns: 0 with its return in *ret, -1 when vCPU 1 did not come back
 * (the run's end asked from vCPU 1, guest/image.c). */
int pvabi_suite_vcpu_call_within(struct pvabi_runner *r, uint32_t op, uint32_t nargs,
				 const uint64_t *args, uint64_t within_ns, int64_t *ret);
/* Before a scenario that waits for upcalls: each vCPU it counts on takes
 * what the engine still holds for it (pvabi_upcall_settle). */
void pvabi_suite_vcpu_settle(int needs, uint16_t port);
uint64_t pvabi_suite_vcpu_wait(uint32_t vcpu, uint64_t target, int exact, uint64_t within_ns,
			       uint16_t port);
/* Before the plan: the "# waited:" summary line of a run that waited. */
void pvabi_suite_waited(struct pvabi_runner *r);

/* The declared limits' probes for the negotiated revision and grant
 * (guest/rt/suite_probe.c): the edges and discoveries with fills 0,
 * the handle-table fills with fills 1 (they leave tables full), the
 * platform limits found by discovery read again with fills 2, last. */
void pvabi_suite_probes(struct pvabi_runner *r, int fills);
/* An output fixed while the guest runs (guest/rt/suite_fixed.c, probe
 * refused 9): its first reading (fills 0), read again after the
 * scenarios from vCPU 0 and, for the guest's, vCPU 1 (fills 1; end
 * stops vCPU 1 after the last), and at the end of the run (fills 2). */
void pvabi_suite_fixed(struct pvabi_runner *r, const struct pvabi_cop *op,
		       const struct pvabi_cprobe *p, int fills);
void pvabi_suite_fixed_end(void);
/* The batch probes of the negotiated revision (guest/rt/suite_batch.c):
 * a failing request first, in the middle and last, each judged by the
 * return, the done count and the entries read back; with kinds, the
 * probes of each kind of refusal of a request (two requests on one
 * page, differing in the refused field only), judged the same way. */
void pvabi_suite_batches(struct pvabi_runner *r, int kinds);
/* A handle table's probes (guest/rt/suite_handle.c): filled to its
 * limit, then freed and filled again; a short cycle of allocations
 * freed out of order and made again. a: the allocating call's args. */
void pvabi_suite_fill(struct pvabi_runner *r, const struct pvabi_cop *op,
		      const struct pvabi_cprobe *p, const uint64_t *a);
void pvabi_suite_cycle(struct pvabi_runner *r, const struct pvabi_cop *op,
		       const struct pvabi_cprobe *p, const uint64_t *a);
/* One value of an argument in the table the fill left full: refused,
 * then allocated after a free, read back, freed, the table filled again
 * (guest/rt/suite_full.c). */
void pvabi_suite_full_value(struct pvabi_runner *r, const struct pvabi_cop *op,
			    const struct pvabi_cprobe *p, uint64_t *a);
/* What the last fill left: the op's index, and a handle it holds that
 * may be freed (0: none, the table cannot be left); set by
 * pvabi_suite_fill. */
void pvabi_suite_full_set(uint32_t op, uint32_t handle);
/* Shared by the runner's files: one call's arguments built in the
 * scratch arena (buffers zeroed, filled, guarded; used_out: bytes used),
 * 0 or -1 when they do not fit; the arena itself; the index of rev in
 * the suite's revisions (nrevs when absent). */
int pvabi_suite_args(const struct pvabi_carg *args, uint32_t nargs, const uint64_t *vars,
		     uint64_t *a, uint8_t **bufs, size_t *used_out);
uint8_t *pvabi_suite_scratch(size_t *size);
/* The argument a vector places flush against the end of guest memory
 * or, with split, across a page boundary, or -1; why a buffer of extent
 * bytes cannot lie at the end (NULL: it can); how many bytes of a split
 * extent lie before its boundary. */
int pvabi_suite_edge_slot(const struct pvabi_carg *args, uint32_t nargs);
const char *pvabi_suite_edge_why(uint32_t extent);
uint32_t pvabi_suite_split_before(uint32_t extent);
/* The first argument whose guard bytes after its scratch buffer (before
 * it at the end of memory) changed, or -1. */
int pvabi_suite_guards_broken(const struct pvabi_carg *args, uint32_t nargs, uint8_t *const *bufs);
/* Outputs read from a poisoned buffer (suite_out.c): c's buffer filled
 * with the poison when its call's outputs are judged; whether a call's
 * buffers break what its PVABI_COUT_* maps say (ok: it succeeded, else
 * it was refused as expected), the reason into why. */
void pvabi_out_poison(const struct pvabi_carg *c, uint8_t *buf);
int pvabi_out_miss(const struct pvabi_carg *args, uint32_t nargs, uint8_t *const *bufs, int ok,
		   char *why, unsigned int n);
uint32_t pvabi_suite_rev_index(const struct pvabi_csuite *s, uint32_t rev);

/* Outputs that never go back (guest/rt/suite_mono.c): r's calls are
 * watched from install on; begin takes each clock's first value after
 * the first agreement; part names the part of the run that calls next,
 * after reading every clock; end prints each reading's line. */
void pvabi_suite_mono_install(struct pvabi_runner *r);
void pvabi_suite_mono_begin(struct pvabi_runner *r);
void pvabi_suite_mono_part(const char *part);
/* The next calls are arity probes (on 1) or not (0): the dispatch
 * refuses them before any handler runs, one kind of refusal for every
 * op. */
void pvabi_suite_mono_arity(int on);
void pvabi_suite_mono_end(struct pvabi_runner *r);
/* The most clock readings a run judges. */
#define PVABI_MONO_MAX 8
/* The rate bounds (guest/rt/suite_rate.c): the first readings after the
 * agreement, and the bursts and the whole run at the end. */
void pvabi_suite_rate_begin(struct pvabi_runner *r);
void pvabi_suite_rate_end(struct pvabi_runner *r);
/* A clock read through a snapshot (guest/rt/suite_conv.c): the run's
 * first snapshot judged after it is taken, at the end of each part and
 * before each scenario, and the points never reached at the end of the
 * run; part and end then enter class cls (-1: the one before). */
void pvabi_suite_conv_begin(struct pvabi_runner *r);
void pvabi_suite_conv_part(int cls);
void pvabi_suite_conv_end(int cls);
/* An accumulated duration's reading i judged across each state its
 * declaration leaves out against a span as long spent running, both
 * measured by reading ref (guest/rt/suite_excl.c); nothing where it
 * leaves none out. */
void pvabi_suite_excl_judge(struct pvabi_runner *r, uint32_t i, uint32_t ref);
/* What the rate bounds read through (guest/rt/suite_mono.c): reading i
 * judged as every reading is, the calls made so far, the count of readings, reading i's row in
 * the suite's monos and its clock (the index of its first reading of
 * the same clock), a row read without judging, a TSC calibration's start,
 * and whether two clock names are one. */
int pvabi_mono_rd(uint32_t i, uint64_t *v);
uint32_t pvabi_mono_calls(void);
uint32_t pvabi_mono_count(void);
uint32_t pvabi_mono_row(uint32_t i);
uint32_t pvabi_mono_clock(uint32_t i);
int64_t pvabi_mono_raw_row(uint32_t row, uint64_t *v);
void pvabi_mono_calibrate_from(uint32_t ref, uint64_t t0, uint64_t n0);
int pvabi_mono_same(const char *a, const char *b);

/* The calls and time of each class of check (guest/rt/suite_cost.c):
 * install wraps r's call below the clock readings'; enter makes cls the
 * class the next calls count in and returns the class before (to enter
 * again after a nested part); report prints the "# calls:" lines. */
enum {
	PVABI_COST_NEGOTIATION, PVABI_COST_REFUSED_NEG, PVABI_COST_REFUSALS,
	PVABI_COST_PROBES, PVABI_COST_VECTORS, PVABI_COST_BATCHES,
	PVABI_COST_SCEN, /* + the scenario's origin (PVABI_CSCEN_*) */
	PVABI_COST_SWEEP = PVABI_COST_SCEN + PVABI_CSCEN_ORIGINS,
	PVABI_COST_FILLS, PVABI_COST_CLOCKS, PVABI_COST_BURSTS, PVABI_COST_END,
	PVABI_COST_FIXED, PVABI_COST_EXCLUDED, PVABI_COST_CONV,
	PVABI_COST_EDGEBUF, /* vectors with a buffer at the end of memory */
	PVABI_COST_KINDS,   /* batches refused in one field of a request */
	PVABI_COST_SPLITBUF, /* vectors with a buffer across a page boundary */
	PVABI_COST_N
};
void pvabi_suite_cost_install(struct pvabi_runner *r);
int pvabi_suite_cost_enter(int cls);
void pvabi_suite_cost_report(struct pvabi_runner *r);

/* A clock's reading (guest/rt/suite_mono_read.c): row's call through
 * raw, its value into *v: 0, or the refusal (< 0); between share(1)
 * and share(0), a row whose call is the one just made (the same op and
 * arguments) reads that call's answer instead of calling again. */
int64_t pvabi_mono_read_row(const struct pvabi_csuite *s,
			    int64_t (*raw)(uint32_t op, uint32_t nargs, const uint64_t *args),
			    uint32_t row, uint64_t *v);
void pvabi_mono_share(int on);

/* Whether the op passes the "only" filter. */
int pvabi_suite_selected(const char *only, const char *op);

/* Negotiation step (guest/rt/negotiate.c): returns PVABI_PASS with r->rev
 * and r->granted set, PVABI_REFUSED, or PVABI_FAIL for an impossible
 * answer. */
enum pvabi_status pvabi_suite_negotiate(struct pvabi_runner *r);
struct pvabi_neg_offer;
struct pvabi_neg_answer;
/* The offer negotiation makes, and one offer sent outside it
 * (guest/rt/negotiate.c). */
void pvabi_suite_offer_of(const struct pvabi_runner *r, struct pvabi_neg_offer *o);
int pvabi_suite_offer_raw(struct pvabi_runner *r, const struct pvabi_neg_offer *o,
			  int bad_magic, struct pvabi_neg_answer *ans);
/* What a refused negotiation leaves behind (guest/rt/suite_refused.c):
 * refusals provoked before the image's own offer, each followed by
 * every op refused with ENOTNEGOTIATED; the image's own offer judged as
 * the retry after them; the same ops after a refusal of that offer. */
void pvabi_suite_refused_provoke(struct pvabi_runner *r);
void pvabi_suite_refused_retry(struct pvabi_runner *r, const struct pvabi_neg_answer *a);
void pvabi_suite_refused_after(struct pvabi_runner *r, const struct pvabi_neg_answer *a);
/* A call through the image's call-frame transport; INT64_MIN when the
 * answer did not match the call. */
int64_t pvabi_suite_call(uint32_t op, uint32_t nargs, const uint64_t *args);
/* Negotiation as the image's suite offers it, for images that are not
 * conformance runs (hostile, benchmark): reports to t. */
enum pvabi_status pvabi_suite_negotiate_as(struct pvabi_tap *t, const struct pvabi_csuite *s,
					   uint64_t guest_id);

#endif
