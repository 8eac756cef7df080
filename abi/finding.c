/* The findings list: appending, freeing, and matching a waiver's target. Counting, ordering and
 * output are in check_report.c. */
#include "abi/finding.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void finding_add(struct pvabi_findings *f, const char *rule,
		 enum pvabi_severity sev, const struct pvabi_loc *loc,
		 const char *rev, const char *target, const char *fmt, ...)
{
	struct pvabi_finding *x;
	va_list ap;

	if (sev == PVABI_SEV_COMPAT && f->compat_count_only) {
		f->compat_counted++;
		return;
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		void *v = realloc(f->v, cap * sizeof(*f->v));

		if (!v) {
			f->oom = 1;
			return;
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
	va_start(ap, fmt);
	if (vasprintf(&x->msg, fmt, ap) < 0)
		x->msg = NULL;
	va_end(ap);
	if (!x->target || !x->msg) {
		free(x->target);
		free(x->msg);
		f->oom = 1;
		return;
	}
	f->n++;
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
