/* A TAP version 13 writer with a trailing plan (the number of checks is
 * known only at the end). Pure: output goes through a sink. */
#ifndef PVABI_GUEST_TAP_H
#define PVABI_GUEST_TAP_H

#include "guest/rt/conrec.h"
#include "guest/rt/fmt.h"
#include "guest/rt/status.h"

struct pvabi_tap {
	pvabi_sink_fn sink;
	void *ctx;
	struct pvabi_conrec_w *rec; /* lines as result records, or NULL */
	unsigned int n, passed, failed, skipped;
	enum pvabi_status worst;
};

void pvabi_tap_begin(struct pvabi_tap *t, pvabi_sink_fn sink, void *ctx);
/* From now on check, skip and diagnostic lines and the plan go to w as
 * result records (conrec.h) instead of text: the reader renders the
 * same lines. Other text still goes to the sink. */
void pvabi_tap_records(struct pvabi_tap *t, struct pvabi_conrec_w *w);
/* One check: "ok N - desc" or "not ok N - desc"; a failure makes the run
 * FAIL. Returns ok. */
int pvabi_tap_check(struct pvabi_tap *t, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void pvabi_tap_skip(struct pvabi_tap *t, const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "# ..." diagnostics, one line. */
void pvabi_tap_diag(struct pvabi_tap *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Raises the run's status (e.g. ERROR or REFUSED) without a check. */
void pvabi_tap_note_status(struct pvabi_tap *t, enum pvabi_status s);
/* Prints the plan and the summary diagnostic; returns the run's status. */
enum pvabi_status pvabi_tap_end(struct pvabi_tap *t);

#endif
