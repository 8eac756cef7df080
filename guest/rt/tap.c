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
	t->n = t->passed = t->failed = t->skipped = 0;
	t->worst = PVABI_PASS;
	pvabi_fmt(sink, ctx, "TAP version 13\n");
}

/* TAP descriptions end at a newline and treat '#' as a directive: both
 * are escaped so a description can never forge a SKIP or a new line. */
struct esc {
	struct pvabi_tap *t;
};

static void esc_sink(void *ctx, const char *s, size_t n)
{
	struct pvabi_tap *t = ((struct esc *)ctx)->t;
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '#' && s[i] != '\n' && s[i] != '\r' && s[i] != '\\')
			continue;
		if (i > start)
			t->sink(t->ctx, s + start, i - start);
		if (s[i] == '#')
			t->sink(t->ctx, "\\#", 2);
		else if (s[i] == '\\')
			t->sink(t->ctx, "\\\\", 2);
		else
			t->sink(t->ctx, " ", 1);
		start = i + 1;
	}
	if (n > start)
		t->sink(t->ctx, s + start, n - start);
}

static void line(struct pvabi_tap *t, const char *head, const char *fmt, va_list ap)
{
	struct esc e = { t };

	pvabi_fmt(t->sink, t->ctx, "%s %u - ", head, t->n);
	pvabi_vfmt(esc_sink, &e, fmt, ap);
}

int pvabi_tap_check(struct pvabi_tap *t, int ok, const char *fmt, ...)
{
	va_list ap;

	t->n++;
	va_start(ap, fmt);
	line(t, ok ? "ok" : "not ok", fmt, ap);
	va_end(ap);
	t->sink(t->ctx, "\n", 1);
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
	struct esc e = { t };
	va_list ap;

	t->n++;
	t->skipped++;
	va_start(ap, fmt);
	line(t, "ok", fmt, ap);
	va_end(ap);
	t->sink(t->ctx, " # SKIP ", 8);
	pvabi_fmt(esc_sink, &e, "%s", reason);
	t->sink(t->ctx, "\n", 1);
}

void pvabi_tap_diag(struct pvabi_tap *t, const char *fmt, ...)
{
	struct esc e = { t };
	va_list ap;

	t->sink(t->ctx, "# ", 2);
	va_start(ap, fmt);
	pvabi_vfmt(esc_sink, &e, fmt, ap);
	va_end(ap);
	t->sink(t->ctx, "\n", 1);
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
	pvabi_fmt(t->sink, t->ctx, "1..%u\n", t->n);
	pvabi_fmt(t->sink, t->ctx, "# %s: %u passed, %u failed, %u skipped\n",
		  pvabi_status_name(t->worst), t->passed, t->failed, t->skipped);
	return t->worst;
}
