#include "guest/rt/tapline.h"

struct esc {
	pvabi_sink_fn sink;
	void *ctx;
};

static void esc_sink(void *ctx, const char *s, size_t n)
{
	const struct esc *e = ctx;
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '#' && s[i] != '\n' && s[i] != '\r' && s[i] != '\\')
			continue;
		if (i > start)
			e->sink(e->ctx, s + start, i - start);
		if (s[i] == '#')
			e->sink(e->ctx, "\\#", 2);
		else if (s[i] == '\\')
			e->sink(e->ctx, "\\\\", 2);
		else
			e->sink(e->ctx, " ", 1);
		start = i + 1;
	}
	if (n > start)
		e->sink(e->ctx, s + start, n - start);
}

void pvabi_tapline(pvabi_sink_fn sink, void *ctx, enum pvabi_tapline_kind kind, unsigned int n,
		   const char *fmt, pvabi_fmt_src_fn src, void *sctx, const char *reason)
{
	struct esc e = { sink, ctx };

	if (kind == PVABI_TAPLINE_DIAG)
		sink(ctx, "# ", 2);
	else
		pvabi_fmt(sink, ctx, "%s %u - ", kind == PVABI_TAPLINE_NOT_OK ? "not ok" : "ok", n);
	pvabi_fmt_from(esc_sink, &e, fmt, src, sctx);
	if (kind == PVABI_TAPLINE_SKIP) {
		size_t k = 0;

		if (!reason)
			reason = "(null)";
		while (reason[k])
			k++;
		sink(ctx, " # SKIP ", 8);
		esc_sink(&e, reason, k);
	}
	sink(ctx, "\n", 1);
}
