#include "guest/rt/tap.h"

static const char *const names[PVABI_STATUS_COUNT] = {
	"PASS", "SKIP", "REFUSED", "ERROR", "FAIL", "CRASH",
};

const char *pvabi_status_name(enum pvabi_status s)
{
	return (unsigned int)s < PVABI_STATUS_COUNT ? names[s] : "?";
}

void pvabi_tap_begin(struct pvabi_tap *t, pvabi_sink_fn sink, void *ctx)
{
	t->sink = sink;
	t->ctx = ctx;
	t->rec = 0;
	t->n = t->passed = t->failed = t->skipped = 0;
	t->worst = PVABI_PASS;
	pvabi_fmt(sink, ctx, "TAP version 13\n");
}

void pvabi_tap_records(struct pvabi_tap *t, struct pvabi_conrec_w *w)
{
	t->rec = w;
}

static void va_src(void *sctx, char conv, int lng, struct pvabi_fmt_arg *a)
{
	pvabi_fmt_va_arg(sctx, conv, lng, a);
}

/* One line, as text or as a record. */
static void line(struct pvabi_tap *t, enum pvabi_tapline_kind kind, const char *reason,
		 const char *fmt, va_list ap)
{
	unsigned int n = kind == PVABI_TAPLINE_DIAG ? 0 : t->n;
	va_list aq;

	va_copy(aq, ap);
	if (t->rec)
		pvabi_conrec_line(t->rec, kind, n, fmt, &aq, reason);
	else
		pvabi_tapline(t->sink, t->ctx, kind, n, fmt, va_src, &aq, reason);
	va_end(aq);
}

int pvabi_tap_check(struct pvabi_tap *t, int ok, const char *fmt, ...)
{
	va_list ap;

	t->n++;
	va_start(ap, fmt);
	line(t, ok ? PVABI_TAPLINE_OK : PVABI_TAPLINE_NOT_OK, 0, fmt, ap);
	va_end(ap);
	if (ok) {
		t->passed++;
	} else {
		t->failed++;
		t->worst = pvabi_status_worst(t->worst, PVABI_FAIL);
	}
	return ok;
}

void pvabi_tap_skip(struct pvabi_tap *t, const char *reason, const char *fmt, ...)
{
	va_list ap;

	t->n++;
	t->skipped++;
	va_start(ap, fmt);
	line(t, PVABI_TAPLINE_SKIP, reason, fmt, ap);
	va_end(ap);
}

void pvabi_tap_diag(struct pvabi_tap *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	line(t, PVABI_TAPLINE_DIAG, 0, fmt, ap);
	va_end(ap);
}

void pvabi_tap_note_status(struct pvabi_tap *t, enum pvabi_status s)
{
	t->worst = pvabi_status_worst(t->worst, s);
}

enum pvabi_status pvabi_tap_end(struct pvabi_tap *t)
{
	/* Only skips and no passes: the run checked nothing. */
	if (t->n && t->skipped == t->n)
		t->worst = pvabi_status_worst(t->worst, PVABI_SKIP);
	if (t->rec)
		pvabi_conrec_plan(t->rec, t->n);
	else
		pvabi_fmt(t->sink, t->ctx, "1..%u\n", t->n);
	pvabi_fmt(t->sink, t->ctx, "# %s: %u passed, %u failed, %u skipped\n",
		  pvabi_status_name(t->worst), t->passed, t->failed, t->skipped);
	return t->worst;
}
