#include "abi/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void pvabi_diag_add(struct pvabi_diags *d, const char *rule, const char *file,
		    int line, const char *fmt, ...)
{
	struct pvabi_diag_entry *e;
	char buf[1024];
	va_list ap;

	if (d->n >= PVABI_DIAG_MAX) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		void *v = realloc(d->v, cap * sizeof(*d->v));

		if (!v) {
			d->dropped++;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* libxml2 messages end in a newline; ours never do. */
	buf[strcspn(buf, "\n")] = '\0';
	e = &d->v[d->n];
	e->file = strdup(file ? file : "<input>");
	e->msg = strdup(buf);
	e->line = line;
	e->rule = rule;
	if (!e->file || !e->msg) {
		free(e->file);
		free(e->msg);
		d->dropped++;
		return;
	}
	d->n++;
}

void pvabi_diag_print(const struct pvabi_diags *d, FILE *f)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].line > 0)
			fprintf(f, "%s:%d: %s: %s\n", d->v[i].file,
				d->v[i].line, d->v[i].rule, d->v[i].msg);
		else
			fprintf(f, "%s: %s: %s\n", d->v[i].file, d->v[i].rule,
				d->v[i].msg);
	}
	if (d->dropped)
		fprintf(f, "(%zu more errors not shown)\n", d->dropped);
}

void pvabi_diag_free(struct pvabi_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}
