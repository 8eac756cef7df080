/* The TAP parser (conformance/tapparse.c) fed a guest's console, line by
 * line as the runner feeds it, then the oracle's judgement and every
 * report of the resulting cell. Promises beyond no crash, no leak and no
 * undefined behaviour: counts add up, at most PVABI_TAP_MAX_CHECKS checks
 * are kept, every text taken from the console is clean (NUL-terminated,
 * valid UTF-8, no control characters), a cell with a failed check or a
 * bail-out is never green, and the JSON report is valid. */
#include "fuzz/fuzz_report.h"

#include "conformance/oracle.h"
#include "conformance/tapparse.h"

#include <string.h>

static void feed(struct pvabi_tapparse *p, const char *s, size_t n)
{
	size_t start = 0, i;
	double ms = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n')
			continue;
		if (i < n || i > start) /* no empty line after a final newline */
			pvabi_tapparse_line(p, s + start, i - start, ms);
		ms += 1.5;
		start = i + 1;
	}
}

static void counts_ok(const struct pvabi_tapparse *p)
{
	if (p->passed + p->failed + p->skipped + p->todo != p->total)
		fuzz_fail("%u passed + %u failed + %u skipped + %u todo != %u checks",
			  p->passed, p->failed, p->skipped, p->todo, p->total);
	if (p->n > PVABI_TAP_MAX_CHECKS || p->n > p->total)
		fuzz_fail("%zu checks kept of %u", p->n, p->total);
	if (memchr(p->run_note, 0, sizeof(p->run_note)) == NULL)
		fuzz_fail("run note not NUL-terminated");
}

static void cell_init(struct pvabi_cell_result *r)
{
	memset(r, 0, sizeof(*r));
	strcpy(r->cell.id, "2.1~current~kvm");
	strcpy(r->cell.image, "2.1");
	strcpy(r->cell.image_rev, "2.1");
	strcpy(r->cell.platform, "current");
	strcpy(r->cell.engine, "kvm");
	r->cell.pred.kind = PVABI_PRED_PASS;
	r->cell.pred.rev = 0x20001;
	r->cell.pred.neg_status = 0;
	strcpy(r->cell.pred.why, "fuzz");
	r->exit_code = 0; /* the guest claims it passed */
	r->ms = 12.5;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pvabi_cell_result r;
	struct pvabi_tapparse p;
	int bailed;

	pvabi_tapparse_init(&p);
	feed(&p, (const char *)data, size);
	counts_ok(&p);
	bailed = p.bailed;
	cell_init(&r);
	pvabi_tapparse_finish(&p, &r);
	fuzz_result_text_ok(&r);
	pvabi_oracle_judge(&r.cell.pred, &r);
	if (pvabi_cell_green(&r) && (r.failed || bailed))
		fuzz_fail("green with %u failed checks%s", r.failed, bailed ? " and a bail-out" : "");
	fuzz_reports(&r, 1);
	pvabi_cell_result_free(&r);
	pvabi_tapparse_free(&p);
	return 0;
}
