/* Every report writer over cell results that came from hostile input
 * (a guest's console, a foreign result file). */
#include "fuzz/fuzz_report.h"

#include "conformance/report.h"
#include "conformance/tapparse.h"

#include <string.h>

struct results {
	const struct pvabi_cell_result *r;
	size_t n;
};

static void json(FILE *f, const void *arg)
{
	const struct results *x = arg;

	pvabi_report_json(f, x->r, x->n);
}

static void text_ok(const char *s, size_t cap, const char *what)
{
	size_t n = strnlen(s, cap), i = 0, k;

	if (n == cap)
		fuzz_fail("%s: not NUL-terminated within %zu bytes", what, cap);
	while (i < n) {
		k = pvabi_utf8_len(s + i, n - i);
		if (!k || (k == 1 && (unsigned char)s[i] < 0x20))
			fuzz_fail("%s: byte 0x%02x at %zu is not clean text", what,
				  (unsigned char)s[i], i);
		i += k;
	}
}

void fuzz_result_text_ok(const struct pvabi_cell_result *r)
{
	size_t i;

	text_ok(r->guest_record, sizeof(r->guest_record), "guest record");
	text_ok(r->platform_record, sizeof(r->platform_record), "platform record");
	for (i = 0; i < r->nchecks; i++) {
		text_ok(r->checks[i].name, sizeof(r->checks[i].name), "check name");
		text_ok(r->checks[i].diag, sizeof(r->checks[i].diag), "check diagnostic");
	}
}

void fuzz_reports(const struct pvabi_cell_result *r, size_t n)
{
	struct results x = { r, n };
	struct pvabi_report_axes ax;
	char word[64];
	size_t i;

	fuzz_check_json(json, &x, "report JSON");
	pvabi_report_junit(fuzz_sink(), r, n);
	/* a result directory with no cells/: the page embeds no foreign file */
	pvabi_report_html(fuzz_sink(), "/nonexistent", r, n);
	pvabi_report_table(fuzz_sink(), r, n, 1);
	for (i = 0; i < n; i++) {
		pvabi_report_progress(fuzz_sink(), i + 1, n, &r[i], 0);
		pvabi_report_word(&r[i], word, sizeof(word));
	}
	if (pvabi_report_axes(r, n, &ax) == 0)
		pvabi_report_axes_free(&ax);
}
