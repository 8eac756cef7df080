/* The matrix's unit of work: one guest image, booted against one platform
 * profile by one engine. A cell has a prediction (conformance/oracle.c),
 * and once run an outcome; it is green only when the two agree.
 *
 * A cell runs as a command (`pvabi run ...`, or a user's --engine-cmd
 * template) whose stdout is the guest's console: the runner timestamps
 * each line as it arrives, so TAP checks get durations whatever engine
 * produced them, and the command's exit code (docs/exit-codes.md, `run`)
 * says how the guest ended. Results are kept one file per cell, written
 * atomically, so a killed run resumes without losing a finished cell and
 * shards run on different machines merge by copying files. */
#ifndef PVABI_CELL_H
#define PVABI_CELL_H

#include <stddef.h>
#include <stdint.h>

/* Verdicts, in increasing severity: when several apply the most severe
 * wins. ERROR is the harness's or the infrastructure's fault; FAIL, the
 * platform's (it broke the ABI, or the outcome differs from the
 * prediction); TIMEOUT and CRASH mean the guest left no complete result. */
enum pvabi_verdict {
	PVABI_V_PASS,
	PVABI_V_SKIP,
	PVABI_V_ERROR,
	PVABI_V_FAIL,
	PVABI_V_TIMEOUT,
	PVABI_V_CRASH,
};
#define PVABI_V_COUNT 6

const char *pvabi_verdict_name(enum pvabi_verdict v);
/* -1 for an unknown name. */
int pvabi_verdict_parse(const char *name);

/* Exit codes of `pvabi run` (and what an --engine-cmd must return):
 * how the guest ended, not whether it matched a prediction. */
enum pvabi_run_exit {
	PVABI_RUN_EXIT_PASS = 0,        /* every check passed (maybe at a lower revision) */
	PVABI_RUN_EXIT_FAIL = 1,        /* the guest reported FAIL */
	PVABI_RUN_EXIT_USAGE = 2,       /* bad arguments, invalid image */
	PVABI_RUN_EXIT_UNAVAILABLE = 3, /* the engine cannot run on this host */
	PVABI_RUN_EXIT_REFUSED = 4,     /* negotiation refused cleanly */
	PVABI_RUN_EXIT_SKIP = 5,        /* the guest skipped everything */
	PVABI_RUN_EXIT_ERROR = 6,       /* guest harness or host-side failure */
	PVABI_RUN_EXIT_CRASH = 7,       /* exception, triple fault, halt, no result */
	PVABI_RUN_EXIT_TIMEOUT = 8,
};

/* What the oracle expects of a cell. */
enum pvabi_pred_kind {
	PVABI_PRED_PASS,       /* negotiates the image's own revision, all pass */
	PVABI_PRED_PASS_LOWER, /* negotiates a lower revision, its subset passes */
	PVABI_PRED_REFUSED,    /* negotiation refused with neg_status */
};

/* What the spec and the registry say about a cell without deciding
 * anything: the judge's invariants (oracle.h) hold on these whatever
 * the prediction. Not kept in result files (known is 0 there). */
#define PVABI_FACTS_MAX_REVS 64
struct pvabi_cell_facts {
	uint8_t known;
	uint32_t lo, hi;            /* the image's offered range */
	uint64_t required, requested; /* requested = required | optional */
	uint64_t offered;           /* what the platform offers */
	uint32_t nrevs;             /* the spec's revisions inside [lo, hi] */
	uint32_t rev[PVABI_FACTS_MAX_REVS];
	uint64_t defined[PVABI_FACTS_MAX_REVS];
	uint8_t served[PVABI_FACTS_MAX_REVS];
};

struct pvabi_prediction {
	enum pvabi_pred_kind kind;
	uint32_t rev;        /* PASS*: the revision code negotiated; REFUSED with
			      * MISSING_REQUIRED_FEATURES: the revision judged */
	uint32_t neg_status; /* enum pvabi_neg_status; PVABI_NEG_OK unless refused */
	uint64_t granted;    /* PASS*: features granted */
	uint64_t missing;    /* REFUSED with MISSING_REQUIRED_FEATURES: the mask */
	char why[256];       /* one sentence */
	struct pvabi_cell_facts facts;
};

/* The feature axis (docs/matrix.md): a sub-cell of an (image, platform)
 * cell that changes what the image asks for (through its command line,
 * fresh images only) or what the platform offers. */
struct pvabi_cell_features {
	char label[64];      /* "" for the cell itself; "want-none", "want-0x4",
			      * "offer-0x5", "offer-none+want-0x4" */
	uint8_t want, offer; /* which of the two the sub-cell sets */
	uint64_t required, optional; /* want: the image's request */
	uint64_t offered;    /* offer: the platform offers no more than this */
};

/* A cell's coordinates. id is stable across runs and machines
 * ("<image>~<platform>~<engine>", then "~<feature label>" for a sub-cell
 * of the feature axis; filename-safe) and names its files. */
struct pvabi_cell {
	char id[160];
	char image[48];        /* label: a revision ("1.0") or "2.1-draft" */
	char image_path[1024]; /* relative to the source tree when inside it */
	char image_rev[16];    /* the revision the image was built for */
	int image_frozen;      /* a fixture, not a fresh build */
	char platform[24];     /* "current" or a released revision ("1.2") */
	char engine[32];       /* engine name, or "cmd" for --engine-cmd */
	char engines[64];      /* every engine of the run's plan, comma-separated:
				* shards of different plans never merge */
	struct pvabi_cell_features feat;
	struct pvabi_prediction pred;
	char end[24];          /* the shutdown reason the image ends its run
				* with, in decimal (end= on its command line),
				* or "": none (conformance/runend.h) */
	uint8_t end_vcpu;      /* the vCPU that asks it: 1 (endvcpu=1 on the
				* command line) in cells of an image that runs
				* two vCPUs, by the rotation; else 0 */
};

/* The guest's "# waited:" summary line (guest/rt/suite_vcpu.c), all 0
 * when it printed none (a frozen image, a run that did not wait). */
struct pvabi_cell_waited {
	unsigned long long waits, declared_ns, event_ticks, ticks;
	unsigned long long tsc_khz; /* the rate the guest measured, or 0 */
};

/* One TAP check as the runner saw it. */
struct pvabi_check {
	char name[200];
	uint8_t ok, skip, todo;
	double ms;             /* since the previous console line */
	char diag[200];        /* the first "# " line after a failed check */
};

struct pvabi_cell_result {
	struct pvabi_cell cell;
	enum pvabi_verdict verdict;
	int exit_code;               /* the cell command's, -1 if killed */
	char outcome[32];            /* what happened, in one word: "pass",
				      * "pass-lower", "refused", "fail", ... */
	uint32_t negotiated;         /* revision code from the guest's record, 0 if none */
	uint32_t neg_status;         /* from the guest's record, ~0u if none */
	uint64_t granted, missing;   /* from the guest's record, 0 if none */
	char guest_record[512];      /* "# negotiated: {...}" JSON, guest side */
	char platform_record[512];   /* "# platform: {...}" JSON, when the engine prints it */
	char end_asked[24];          /* the shutdown reason the guest asked last, in
				      * decimal ("# end: asking shutdown reason=N"), or "" */
	char end_recorded[24];       /* what the platform recorded as the run's end
				      * ("# end: platform recorded shutdown reason=N"
				      * or "... none": "none"), or "": not reported */
	unsigned int passed, failed, skipped;
	struct pvabi_check *checks;  /* malloc'd */
	size_t nchecks;
	double ms;                   /* wall time of the cell command */
	char reason[1024];           /* why the verdict: the mismatch or failure, then the
				      * first failing check's name and diagnostic in full
				      * (the gate prints it; it is never cut) */
	char log[1024];              /* the cell's log (console + runner notes) */
	char tap[1024];              /* the cell's TAP */
	struct pvabi_cell_waited waited; /* the guest's "# waited:" line */
	char garbled[160];           /* why the console's TAP does not hold together
				      * (a lost or cut line), or "": the judge makes
				      * an otherwise green cell ERROR; not stored */
};

void pvabi_cell_result_free(struct pvabi_cell_result *r);

/* Whether two cells are the same sub-cell of the feature axis. */
int pvabi_cell_features_same(const struct pvabi_cell_features *a,
			     const struct pvabi_cell_features *b);

/* A cell id names files: non-empty, [A-Za-z0-9._~+-] only, no leading
 * '.', so an id read from a foreign file can never escape its dir. */
int pvabi_cell_id_valid(const char *id);
/* Whether r's passed, failed and skipped counts are those of its checks
 * (at least those, when PVABI_TAP_MAX_CHECKS were kept). */
int pvabi_cell_counts_match(const struct pvabi_cell_result *r);

#endif
