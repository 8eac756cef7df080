/* The oracle predicts a cell by running the negotiator's pure decision on
 * the offer the image was built to make and the profile the platform
 * serves; the judge then compares what the cell command reported with
 * that prediction. Both are pure functions of their inputs, so a
 * prediction shown in a report can be reproduced anywhere. */
#include "conformance/oracle.h"
#include "conformance/profile.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = { "pass", "pass-lower", "refused" };

const char *pvabi_pred_kind_name(enum pvabi_pred_kind k)
{
	return (unsigned int)k < 3 ? kind_names[k] : "?";
}

int pvabi_pred_kind_parse(const char *name)
{
	int i;

	for (i = 0; name && i < 3; i++)
		if (!strcmp(name, kind_names[i]))
			return i;
	return -1;
}

int pvabi_cell_green(const struct pvabi_cell_result *r)
{
	return r->verdict == PVABI_V_PASS;
}

int pvabi_oracle_offer(const struct pvabi_spec *s, const char *image_rev,
		       struct pvabi_neg_offer *o, char *err, size_t errlen)
{
	int ri = image_rev ? pvabi_spec_rev(s, image_rev) : PVABI_NONE;

	memset(o, 0, sizeof(*o));
	if (ri < 0) {
		snprintf(err, errlen, "image revision '%s' is not a revision of %s",
			 image_rev ? image_rev : "(none)", s->file ? s->file : "the spec");
		return -1;
	}
	o->rev_min = pvabi_rev_code(&s->revs[0]);
	o->rev_max = pvabi_rev_code(&s->revs[ri]);
	o->optional = pvabi_spec_feature_mask(s, ri);
	return 0;
}

static const char *rev_str(uint32_t rev, char *buf, size_t n)
{
	pvabi_neg_rev_format(rev, buf, n);
	return buf;
}

static void why_refused(const struct pvabi_neg_answer *a, const char *image_rev,
			const char *label, struct pvabi_prediction *out)
{
	char gl[16], gh[16], pl[16], ph[16];

	rev_str(a->guest_min, gl, sizeof(gl));
	rev_str(a->guest_max, gh, sizeof(gh));
	rev_str(a->platform_min, pl, sizeof(pl));
	rev_str(a->platform_max, ph, sizeof(ph));
	if (a->status == PVABI_NEG_NO_COMMON_REVISION)
		snprintf(out->why, sizeof(out->why),
			 "Image %s offers %s-%s and platform %s serves %s-%s with no revision in "
			 "common, so negotiation is refused.", image_rev, gl, gh, label, pl, ph);
	else
		snprintf(out->why, sizeof(out->why),
			 "Platform %s refuses image %s with %s.", label, image_rev,
			 pvabi_neg_status_name(a->status));
}

int pvabi_oracle_predict_profile(const struct pvabi_spec *s, const char *image_rev,
				 const struct pvabi_neg_profile *p, const char *label,
				 struct pvabi_prediction *out, char *err, size_t errlen)
{
	struct pvabi_neg_offer o;
	struct pvabi_neg_answer a;
	char ch[16], pl[16], ph[16];

	memset(out, 0, sizeof(*out));
	if (pvabi_oracle_offer(s, image_rev, &o, err, errlen))
		return -1;
	pvabi_neg_decide(p, &o, &a);
	out->neg_status = a.status;
	if (a.status != PVABI_NEG_OK) {
		out->kind = PVABI_PRED_REFUSED;
		why_refused(&a, image_rev, label, out);
		return 0;
	}
	out->rev = a.chosen;
	out->granted = a.granted;
	rev_str(a.chosen, ch, sizeof(ch));
	rev_str(a.platform_min, pl, sizeof(pl));
	rev_str(a.platform_max, ph, sizeof(ph));
	out->kind = a.chosen == o.rev_max ? PVABI_PRED_PASS : PVABI_PRED_PASS_LOWER;
	if (out->kind == PVABI_PRED_PASS)
		snprintf(out->why, sizeof(out->why),
			 "Image %s negotiates its own revision with platform %s (serves %s-%s) "
			 "and every check passes.", image_rev, label, pl, ph);
	else
		snprintf(out->why, sizeof(out->why),
			 "Image %s negotiates %s, the highest revision platform %s serves, and "
			 "that revision's checks pass.", image_rev, ch, label);
	return 0;
}

int pvabi_oracle_predict(const struct pvabi_spec *s, const struct pvabi_registry *r,
			 const char *image_rev, const char *platform,
			 struct pvabi_prediction *out, char *err, size_t errlen)
{
	struct pvabi_neg_profile p;
	const char *release = platform && strcmp(platform, "current") ? platform : NULL;

	memset(out, 0, sizeof(*out));
	if (!platform || !*platform) {
		snprintf(err, errlen, "no platform given (\"current\" or a release)");
		return -1;
	}
	if (pvabi_profile_from_registry(s, r, release, &p, err, errlen))
		return -1;
	return pvabi_oracle_predict_profile(s, image_rev, &p, platform, out, err, errlen);
}

/* --- judging ------------------------------------------------------------ */

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
	char rv[16];

	if (p->kind == PVABI_PRED_REFUSED)
		snprintf(buf, n, "refusal (%s)", pvabi_neg_status_name(p->neg_status));
	else
		snprintf(buf, n, "pass at %s", rev_str(p->rev, rv, sizeof(rv)));
	return buf;
}

static void judge_pass(const struct pvabi_prediction *p, struct pvabi_cell_result *r)
{
	const char *oc = r->negotiated && r->negotiated < image_code(r) ? "pass-lower" : "pass";
	char rv[16], pw[64];

	rev_str(r->negotiated, rv, sizeof(rv));
	pred_words(p, pw, sizeof(pw));
	if (r->neg_status == ~0u)
		set(r, p->kind == PVABI_PRED_REFUSED ? PVABI_V_FAIL : PVABI_V_ERROR, "pass",
		    "the guest passed without a '# negotiated:' record (predicted %s)", pw);
	else if (r->neg_status != PVABI_NEG_OK)
		set(r, PVABI_V_ERROR, "pass",
		    "the guest exited PASS but its record says %s (predicted %s)",
		    pvabi_neg_status_name(r->neg_status), pw);
	else if (p->kind == PVABI_PRED_REFUSED || r->negotiated != p->rev)
		set(r, PVABI_V_FAIL, oc, "outcome: passed at %s; predicted: %s", rv, pw);
	else
		set(r, PVABI_V_PASS, oc, "passed at %s as predicted", rv);
}

static void judge_refused(const struct pvabi_prediction *p, struct pvabi_cell_result *r)
{
	const char *st = pvabi_neg_status_name(r->neg_status);
	char pw[64];

	pred_words(p, pw, sizeof(pw));
	if (r->neg_status == ~0u)
		set(r, p->kind == PVABI_PRED_REFUSED ? PVABI_V_ERROR : PVABI_V_FAIL, "refused",
		    "refused without a '# negotiated:' record (predicted %s)", pw);
	else if (p->kind != PVABI_PRED_REFUSED || r->neg_status != p->neg_status)
		set(r, PVABI_V_FAIL, "refused", "outcome: refused (%s); predicted: %s", st, pw);
	else
		set(r, PVABI_V_PASS, "refused", "refused with %s as predicted", st);
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
		set(r, PVABI_V_SKIP, "unavailable", "the engine cannot run on this host: %s", n);
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

void pvabi_oracle_judge(const struct pvabi_prediction *pred, struct pvabi_cell_result *r)
{
	judge_exit(pred, r);
	judge_checks(r);
}
