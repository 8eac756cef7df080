/* The judge: what a cell did against what the oracle predicted, and
 * the invariants (conformance/invariant.c) that hold whatever was
 * predicted. A pure function of the prediction and the parsed result. */
#include "conformance/invariant.h"
#include "conformance/oracle.h"
#include "conformance/revname.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int pvabi_cell_green(const struct pvabi_cell_result *r)
{
	return r->verdict == PVABI_V_PASS;
}

int pvabi_cell_stopped(const struct pvabi_cell_result *r)
{
	return r->verdict == PVABI_V_SKIP && !strcmp(r->outcome, "stopped");
}

void pvabi_cell_stop(struct pvabi_cell_result *r)
{
	r->verdict = PVABI_V_SKIP;
	snprintf(r->outcome, sizeof(r->outcome), "stopped");
	snprintf(r->reason, sizeof(r->reason), "not run: the run stopped at its first red cell "
		 "(--stop-at-red)");
}

static const char *rev_str(uint32_t rev, char *buf, size_t n)
{
	return pvabi_revname(rev, buf, n);
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void set(struct pvabi_cell_result *r, enum pvabi_verdict v, const char *outcome,
		const char *fmt, ...)
{
	va_list ap;

	r->verdict = v;
	snprintf(r->outcome, sizeof(r->outcome), "%s", outcome);
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

static uint32_t image_code(const struct pvabi_cell_result *r)
{
	uint32_t rev = 0;

	if (pvabi_neg_parse_rev(r->cell.image_rev, strlen(r->cell.image_rev), &rev))
		return 0;
	return rev;
}

/* "pass at 2.0" / "refusal (NO_COMMON_REVISION)", for mismatch reasons. */
static const char *pred_words(const struct pvabi_prediction *p, char *buf, size_t n)
{
	char rv[24];

	if (p->kind == PVABI_PRED_REFUSED && p->neg_status == PVABI_NEG_MISSING_REQUIRED_FEATURES)
		snprintf(buf, n, "refusal (%s 0x%llx)", pvabi_neg_status_name(p->neg_status),
			 (unsigned long long)p->missing);
	else if (p->kind == PVABI_PRED_REFUSED)
		snprintf(buf, n, "refusal (%s)", pvabi_neg_status_name(p->neg_status));
	else
		snprintf(buf, n, "pass at %s with features 0x%llx", rev_str(p->rev, rv, sizeof(rv)),
			 (unsigned long long)p->granted);
	return buf;
}

static void judge_pass(const struct pvabi_prediction *p, struct pvabi_cell_result *r)
{
	const char *oc = r->negotiated && r->negotiated < image_code(r) ? "pass-lower" : "pass";
	char rv[24], pw[96];

	rev_str(r->negotiated, rv, sizeof(rv));
	pred_words(p, pw, sizeof(pw));
	if (r->neg_status == ~0u)
		set(r, p->kind == PVABI_PRED_REFUSED ? PVABI_V_FAIL : PVABI_V_ERROR, "pass",
		    "the guest passed without a '# negotiated:' record (predicted %s)", pw);
	else if (r->neg_status != PVABI_NEG_OK)
		set(r, PVABI_V_ERROR, "pass",
		    "the guest exited PASS but its record says %s (predicted %s)",
		    pvabi_neg_status_name(r->neg_status), pw);
	else if (p->kind == PVABI_PRED_REFUSED || r->negotiated != p->rev ||
		 r->granted != p->granted)
		set(r, PVABI_V_FAIL, oc, "outcome: passed at %s with features 0x%llx; predicted: %s",
		    rv, (unsigned long long)r->granted, pw);
	else
		set(r, PVABI_V_PASS, oc, "passed at %s with features 0x%llx as predicted", rv,
		    (unsigned long long)r->granted);
}

static void judge_refused(const struct pvabi_prediction *p, struct pvabi_cell_result *r)
{
	const char *st = pvabi_neg_status_name(r->neg_status);
	char pw[96], ms[40] = "";

	pred_words(p, pw, sizeof(pw));
	if (r->neg_status == PVABI_NEG_MISSING_REQUIRED_FEATURES)
		snprintf(ms, sizeof(ms), " 0x%llx", (unsigned long long)r->missing);
	if (r->neg_status == ~0u)
		set(r, p->kind == PVABI_PRED_REFUSED ? PVABI_V_ERROR : PVABI_V_FAIL, "refused",
		    "refused without a '# negotiated:' record (predicted %s)", pw);
	else if (p->kind != PVABI_PRED_REFUSED || r->neg_status != p->neg_status ||
		 (p->neg_status == PVABI_NEG_MISSING_REQUIRED_FEATURES &&
		  (r->missing != p->missing || r->negotiated != p->rev)))
		set(r, PVABI_V_FAIL, "refused", "outcome: refused (%s%s); predicted: %s", st, ms, pw);
	else
		set(r, PVABI_V_PASS, "refused", "refused with %s%s as predicted", st, ms);
}

/* The engine's own words on how the cell ended, when it gave any. */
static const char *note(const struct pvabi_cell_result *r)
{
	return r->reason[0] ? r->reason : "no detail";
}

static void judge_exit(const struct pvabi_prediction *p, struct pvabi_cell_result *r)
{
	char n[sizeof(r->reason)];

	snprintf(n, sizeof(n), "%s", note(r));
	switch (r->exit_code) {
	case PVABI_RUN_EXIT_PASS: judge_pass(p, r); break;
	case PVABI_RUN_EXIT_REFUSED: judge_refused(p, r); break;
	case PVABI_RUN_EXIT_FAIL:
		/* Without a failed check the 1 may not be the guest's: say so. */
		if (r->failed)
			set(r, PVABI_V_FAIL, "fail", "the guest reported FAIL");
		else
			set(r, PVABI_V_FAIL, "fail", "exit 1 (fail) without a failed check in the "
			    "TAP: %s", n);
		break;
	case PVABI_RUN_EXIT_SKIP: set(r, PVABI_V_SKIP, "skip", "the guest skipped every check"); break;
	case PVABI_RUN_EXIT_UNAVAILABLE:
		set(r, PVABI_V_SKIP, "unavailable", "the engine cannot run this cell here: %s", n);
		break;
	case PVABI_RUN_EXIT_USAGE:
		set(r, PVABI_V_ERROR, "usage", "the cell command rejected its arguments or image: %s", n);
		break;
	case PVABI_RUN_EXIT_ERROR: set(r, PVABI_V_ERROR, "error", "harness or host failure: %s", n); break;
	case PVABI_RUN_EXIT_CRASH: set(r, PVABI_V_CRASH, "crash", "the guest crashed: %s", n); break;
	case PVABI_RUN_EXIT_TIMEOUT: set(r, PVABI_V_TIMEOUT, "timeout", "the guest timed out: %s", n); break;
	case -1: set(r, PVABI_V_ERROR, "killed", "the cell command was killed: %s", n); break;
	/* The shell's conventions, kept by the runner's own exec. */
	case 126: set(r, PVABI_V_ERROR, "not-executable", "command cannot be run: %s", n); break;
	case 127: set(r, PVABI_V_ERROR, "not-found", "command not found: %s", n); break;
	default: set(r, PVABI_V_ERROR, "exit-code", "unknown exit code %d: %s", r->exit_code, n);
	}
}

static const struct pvabi_check *first_failure(const struct pvabi_cell_result *r, size_t *idx)
{
	size_t i;

	for (i = 0; r->checks && i < r->nchecks; i++)
		if (!r->checks[i].ok && !r->checks[i].todo) {
			*idx = i;
			return &r->checks[i];
		}
	return NULL;
}

/* A failed check makes the cell at least FAIL whatever the exit code
 * said; the check is named in the reason (after a mismatch, if any). */
static void judge_checks(struct pvabi_cell_result *r)
{
	const struct pvabi_check *c;
	char what[sizeof(c->name) + sizeof(c->diag) + 48], keep[sizeof(r->reason)];
	size_t i = 0;

	if (!(c = first_failure(r, &i))) {
		if (r->failed && r->verdict < PVABI_V_FAIL)
			set(r, PVABI_V_FAIL, r->outcome, "%u checks failed", r->failed);
		return;
	}
	snprintf(what, sizeof(what), "check %zu '%s' failed%s%s", i + 1, c->name,
		 c->diag[0] ? ": " : "", c->diag);
	snprintf(keep, sizeof(keep), "%s", r->reason);
	if (r->verdict < PVABI_V_FAIL || r->exit_code == PVABI_RUN_EXIT_FAIL)
		set(r, PVABI_V_FAIL, r->outcome, "%s", what);
	else if (r->verdict == PVABI_V_FAIL)
		set(r, PVABI_V_FAIL, r->outcome, "%s; first failure: %s", keep, what);
}

/* A broken invariant is the platform's fault whatever was predicted;
 * it comes first in the reason, since it needs no oracle to believe. */
static void judge_invariants(const struct pvabi_prediction *p, struct pvabi_cell_result *r)
{
	char why[400], keep[sizeof(r->reason)];

	if (!pvabi_invariant_check(&p->facts, r, why, sizeof(why)))
		return;
	snprintf(keep, sizeof(keep), "%s", r->reason);
	if (r->verdict <= PVABI_V_FAIL)
		set(r, PVABI_V_FAIL, r->outcome, "invariant broken: %s; %s", why, keep);
}

/* How the run ended (docs/checks.md, "How a run ends"): the reason the
 * guest asked last against what the platform recorded, when both sides
 * said. A refusal of a reason the revision accepts shows as "none"; a
 * platform that does not report its end (an external one) is not judged.
 * A run that ended worse than FAIL keeps its verdict, with the run end
 * named first: a platform that stopped the guest at its shutdown call
 * and recorded another reason leaves a crash, and the mismatch says why. */
static void judge_end(struct pvabi_cell_result *r)
{
	char keep[sizeof(r->reason)], what[160];
	int none = !strcmp(r->end_recorded, "none");

	if (!r->end_asked[0] || !r->end_recorded[0] || !strcmp(r->end_asked, r->end_recorded))
		return;
	snprintf(what, sizeof(what), "run end: the guest asked shutdown reason %s, the platform "
		 "recorded %s%s", r->end_asked, none ? "" : "shutdown reason ", r->end_recorded);
	snprintf(keep, sizeof(keep), "%s", r->reason);
	if (r->verdict == PVABI_V_PASS)
		set(r, PVABI_V_FAIL, r->outcome, "%s", what);
	else if (r->verdict > PVABI_V_FAIL)
		set(r, r->verdict, r->outcome, "%s; %s", what, keep);
	else
		set(r, PVABI_V_FAIL, r->outcome, "%s; %s", keep, what);
}

void pvabi_oracle_judge(const struct pvabi_prediction *pred, struct pvabi_cell_result *r)
{
	judge_exit(pred, r);
	judge_checks(r);
	judge_invariants(pred, r);
	judge_end(r);
	/* What was read is not what the guest said: nothing green can be
	 * concluded, and nothing against the platform either. */
	if (r->garbled[0] && r->verdict < PVABI_V_ERROR)
		set(r, PVABI_V_ERROR, "garbled", "the console's TAP is garbled, a fault of the "
		    "engine or harness, not the platform: %s", r->garbled);
}
