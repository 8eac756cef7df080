/* The checker: classifies every change between revisions (within one spec
 * or between two spec files) and checks a spec against its registry.
 * Every finding has a stable rule id (catalogue: docs/rules.md), a
 * severity, a file:line and the revision it concerns. */
#ifndef PVABI_CHECK_H
#define PVABI_CHECK_H

#include <stdio.h>

#include "abi/model.h"
#include "abi/registry.h"

enum pvabi_severity {
	PVABI_SEV_BREAKING, /* breaks old guests or old platforms */
	PVABI_SEV_WAIVED,   /* breaking, but accepted by a waiver */
	PVABI_SEV_WARNING,  /* suspicious, not breaking */
	PVABI_SEV_COMPAT,   /* a compatible change, for the record */
};

struct pvabi_finding {
	const char *rule; /* static */
	enum pvabi_severity sev;
	const char *file; /* points into a model; valid while it lives */
	int line;
	const char *rev;  /* revision id, or NULL */
	char *target;     /* "op:set_timer.arg:flags" */
	char *msg;
	const char *waiver_file;
	int waiver_line;
	int waivable; /* a warning a waiver may accept (OUTPUT_UNCHECKED) */
};

struct pvabi_findings {
	struct pvabi_finding *v;
	size_t n, cap;
	int oom;
	int coverage; /* pvabi_check_coverage ran: its waivers are judged */
	/* In: one OUTPUT_UNCHECKED per output and revision however many
	 * there are (check --all, --json). Out: how many such outputs the
	 * coverage pass folded into one finding per op instead. */
	int coverage_all;
	size_t coverage_folded;
	/* In: compatible findings are counted, not kept (check without --all
	 * or --json prints their number alone; a million-op history has
	 * millions). Out: how many. */
	int compat_count_only;
	size_t compat_counted;
};

const char *pvabi_severity_name(enum pvabi_severity s);

/* Lifetimes, uniqueness of ids/values/bits, and each revision against the
 * one before it. */
void pvabi_check_history(const struct pvabi_spec *s, struct pvabi_findings *f);
/* Spec against registry: every revision registered, released fingerprints
 * unchanged, support window sound. */
void pvabi_check_registry(const struct pvabi_spec *s,
			  const struct pvabi_registry *r,
			  struct pvabi_findings *f);
/* Two versions of one spec file: every revision both define must be
 * identical; the first revision only new defines is checked as an
 * evolution of old's last. */
void pvabi_check_diff(const struct pvabi_spec *old_s,
		      const struct pvabi_spec *new_s, struct pvabi_findings *f);
/* Like pvabi_check_diff, for 'check --against': a revision both define
 * that changed gives one finding per changed element (with the old and
 * new canonical line), folded over the revisions it changed in. */
void pvabi_check_against(const struct pvabi_spec *old_s,
			 const struct pvabi_spec *new_s, struct pvabi_findings *f);
/* Marks breaking findings (and waivable warnings) covered by a waiver of
 * s as waived and reports waivers that covered nothing; a waiver of
 * OUTPUT_UNCHECKED only when the coverage pass ran (abi/coverage.h). */
void pvabi_check_waivers(struct pvabi_spec *s, struct pvabi_findings *f);

size_t pvabi_findings_count(const struct pvabi_findings *f,
			    enum pvabi_severity sev);
/* Sorted by file, line, rule: stable output for golden tests and CI. */
void pvabi_findings_sort(struct pvabi_findings *f);
/* Text lines "file:line: RULE: severity: message"; compat findings only
 * when all is set. */
void pvabi_findings_print(const struct pvabi_findings *f, FILE *out, int all);
void pvabi_findings_json(const struct pvabi_findings *f, FILE *out);
void pvabi_findings_free(struct pvabi_findings *f);

#endif
