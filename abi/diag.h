/* Diagnostics of loading: every message carries file:line so a user can
 * jump to the offending element. Libraries collect, callers print. */
#ifndef PVABI_DIAG_H
#define PVABI_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct pvabi_diag_entry {
	const char *rule; /* stable id from docs/rules.md, static storage */
	char *file;
	int line;
	char *msg;
};

struct pvabi_diags {
	struct pvabi_diag_entry *v;
	size_t n, cap;
	size_t dropped; /* messages past PVABI_DIAG_MAX */
};

#define PVABI_DIAG_MAX 200

#if defined(__GNUC__)
#define PVABI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PVABI_PRINTF(a, b)
#endif

void pvabi_diag_add(struct pvabi_diags *d, const char *rule, const char *file,
		    int line, const char *fmt, ...) PVABI_PRINTF(5, 6);
/* "file:line: RULE: msg" per entry; line 0 prints "file: RULE: msg". */
void pvabi_diag_print(const struct pvabi_diags *d, FILE *f);
void pvabi_diag_free(struct pvabi_diags *d);

#endif
