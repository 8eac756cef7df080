/* The cell's console, parsed as TAP one line at a time while it arrives.
 * The console belongs to a guest that may be broken or hostile: lines may
 * be garbage, overlong, contain NUL bytes or CRLF; nothing here trusts
 * them, every copy is bounded and the number of checks kept is capped. */
#ifndef PVABI_TAPPARSE_H
#define PVABI_TAPPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "conformance/cell.h"
#include "conformance/jsonread.h" /* the records are JSON */
#include "util/utf8.h" /* pvabi_text_clean, for every user of the parser */

/* Checks kept per cell; later ones are still counted. */
#define PVABI_TAP_MAX_CHECKS 4096
/* Bytes of one line looked at; the rest is ignored. */
#define PVABI_TAP_MAX_LINE 2048

struct pvabi_tapparse {
	struct pvabi_check *checks; /* malloc'd, handed over by finish */
	size_t n, cap;
	unsigned int total, passed, failed, skipped, todo;
	long plan;             /* N of "1..N", -1 without a plan */
	double last_ms;        /* timestamp of the previous line */
	long diag_for;         /* failed check awaiting its diagnostic, or -1 */
	uint32_t negotiated;   /* from the guest's record, 0 if none */
	uint32_t neg_status;   /* from the guest's record, ~0u if none */
	uint64_t granted, missing; /* from the guest's record, 0 if none */
	char guest_record[512];
	char platform_record[512];
	char end_asked[24], end_recorded[24]; /* "# end:" lines (cell.h) */
	char run_note[256];    /* the reason of `pvabi run`'s summary line */
	char said[256];        /* the first line that is no TAP: an engine's own
				* words, such as why it cannot run here */
	struct pvabi_cell_waited waited; /* the guest's "# waited:" line */
	unsigned long lines, ignored;
	int bailed;            /* "Bail out!" seen */
	char garbled[160];     /* the first sign of a lost or cut line, or "" */
	int dropped;           /* checks beyond the cap or out of memory */
};

void pvabi_tapparse_init(struct pvabi_tapparse *p);
/* One console line without its newline (a trailing CR is dropped); ms is
 * the time since the cell started. line need not be NUL-terminated. */
void pvabi_tapparse_line(struct pvabi_tapparse *p, const char *line, size_t len, double ms);
/* Moves checks, counts, records and the run note into r (r->checks is
 * freed first) and resets p; p needs no pvabi_tapparse_free after. A
 * cell that exited 3 (engine unavailable, docs/exit-codes.md) without a
 * run note gets the first line it said that is no TAP as its reason: the
 * engine's own sentence (`pvabi run: engine unavailable: ...`, or an
 * --engine-cmd's message), which the skip then carries. r->exit_code is
 * set before. */
void pvabi_tapparse_finish(struct pvabi_tapparse *p, struct pvabi_cell_result *r);
/* The "granted" and "missing" masks of a negotiated record (JSON,
 * docs/negotiation.md); 0 for one that is absent or unreadable. */
void pvabi_record_masks(const char *json, uint64_t *granted, uint64_t *missing);
/* The guest's "asking shutdown reason=N status=PASS" (after "# end: ";
 * docs/checks.md, "How a run ends"): 1 with the reason and the status it
 * said it would exit with (enum pvabi_status; -1 when the line has no
 * status field, as images before it wrote), 0 for any other text. */
int pvabi_tapparse_end_asking(const char *s, unsigned long long *reason, int *status);
/* Safe after init or finish, and twice. */
void pvabi_tapparse_free(struct pvabi_tapparse *p);

#endif
