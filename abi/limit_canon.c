/* The limit lines of a revision; see limit_canon.h. */
#include "abi/limit_canon.h"
#include "abi/limit.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add(struct pvabi_limit_lines *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int add(struct pvabi_limit_lines *l, const char *fmt, ...)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof(*v));
	va_list ap;
	int rc;

	if (!v)
		return -ENOMEM;
	l->v = v;
	va_start(ap, fmt);
	rc = vasprintf(&l->v[l->n], fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -ENOMEM;
	l->n++;
	return 0;
}

static int limit_lines(const struct pvabi_spec *s, int li, int rev, struct pvabi_limit_lines *out)
{
	const struct pvabi_limit *l = &s->limits[li];
	uint64_t base = pvabi_limit_value(s, li, rev, 0), fm = pvabi_limit_features(s, li, rev);
	size_t i;
	int rc;

	rc = add(out, "limit %s kind=%s value=%llu min=%llu error=%s min-error=%s platform=%d",
		 l->name, l->kind == PVABI_LIMIT_COUNT ? "count" : "max",
		 (unsigned long long)base, (unsigned long long)l->min, s->errors[l->error].name,
		 s->errors[l->min_error].name, l->platform);
	for (i = 0; rc == 0 && i < s->nfeatures; i++) {
		uint64_t bit = UINT64_C(1) << s->features[i].bit;

		if ((fm & bit) && pvabi_limit_value(s, li, rev, bit) != base)
			rc = add(out, "limit %s with %s value=%llu", l->name, s->features[i].name,
				 (unsigned long long)pvabi_limit_value(s, li, rev, bit));
	}
	return rc;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int pvabi_limit_lines(const struct pvabi_spec *s, int rev, struct pvabi_limit_lines *out)
{
	size_t i, j;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; rc == 0 && i < s->nlimits; i++)
		if (pvabi_life_has(&s->limits[i].life, rev))
			rc = limit_lines(s, (int)i, rev, out);
	for (i = 0; rc == 0 && i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if (!pvabi_life_has(&op->life, rev))
			continue;
		for (j = 0; rc == 0 && j < op->nargs; j++)
			if (pvabi_arg_limit(s, &op->args[j]) && pvabi_life_has(&op->args[j].life, rev))
				rc = add(out, "bound %s.%s %s", op->name, op->args[j].name,
					 s->limits[op->args[j].limit].name);
	}
	if (rc) {
		pvabi_limit_lines_free(out);
		return rc;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_line);
	return 0;
}

void pvabi_limit_lines_free(struct pvabi_limit_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
