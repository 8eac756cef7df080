/* The findings list: appending, freeing, and matching a waiver's target. Counting, ordering and
 * output are in check_report.c. */
#include "abi/finding.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends one finding; 1 when it was added, 0 when counted only or
 * out of memory (f->oom). */
static int vadd(struct pvabi_findings *f, const char *rule, enum pvabi_severity sev,
		const struct pvabi_loc *loc, const char *rev, const char *target,
		const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));

static int vadd(struct pvabi_findings *f, const char *rule, enum pvabi_severity sev,
		const struct pvabi_loc *loc, const char *rev, const char *target,
		const char *fmt, va_list ap)
{
	struct pvabi_finding *x;

	if (sev == PVABI_SEV_COMPAT && f->compat_count_only) {
		f->compat_counted++;
		return 0;
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		void *v = realloc(f->v, cap * sizeof(*f->v));

		if (!v) {
			f->oom = 1;
			return 0;
		}
		f->v = v;
		f->cap = cap;
	}
	x = &f->v[f->n];
	memset(x, 0, sizeof(*x));
	x->rule = rule;
	x->sev = sev;
	x->file = loc ? loc->file : NULL;
	x->line = loc ? loc->line : 0;
	x->rev = rev;
	x->target = strdup(target ? target : "");
	if (vasprintf(&x->msg, fmt, ap) < 0)
		x->msg = NULL;
	if (!x->target || !x->msg) {
		free(x->target);
		free(x->msg);
		f->oom = 1;
		return 0;
	}
	f->n++;
	return 1;
}

void finding_add(struct pvabi_findings *f, const char *rule,
		 enum pvabi_severity sev, const struct pvabi_loc *loc,
		 const char *rev, const char *target, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(f, rule, sev, loc, rev, target, fmt, ap);
	va_end(ap);
}

void finding_warn_waivable(struct pvabi_findings *f, const char *rule,
			   const struct pvabi_loc *loc, const char *rev, const char *target,
			   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vadd(f, rule, PVABI_SEV_WARNING, loc, rev, target, fmt, ap))
		f->v[f->n - 1].waivable = 1;
	va_end(ap);
}

int finding_target_matches(const char *w, const char *t)
{
	static const char lower[] = "abcdefghijklmnopqrstuvwxyz";
	size_t k;

	if (!strcmp(w, t))
		return 1;
	for (; *w && *t; w++, t++) {
		if (*t == '.' && *w == '.') {
			k = strspn(t + 1, lower);
			if (k && t[1 + k] == ':')
				t += 1 + k; /* t now at ':', w at '.' */
			continue;
		}
		if (*w != *t)
			return 0;
	}
	return !*w && !*t;
}

void pvabi_findings_free(struct pvabi_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].target);
		free(f->v[i].msg);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}
