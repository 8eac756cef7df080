/* Batch probes (guest/rt/conformance.h, docs/spec-language.md#batches):
 * what a multi-request call leaves behind when one request fails. Each
 * probe builds its batch, fills a page of its own with zeros, calls the
 * op once and judges the return, the done count and every entry of the
 * page read back: the requests the declaration says are applied hold
 * their values, every other entry is still 0. A success batch (fail at
 * n: no request fails) must apply every request and write done = n
 * over the marker the guest left in it. A probe of one kind of refusal
 * (fld_size) builds its failing request as the good one for its place
 * with one field changed, so it shares the page and every other field
 * with the request before it. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

static uint8_t page[4096] __attribute__((aligned(4096)));
static uint8_t reqs[PVABI_CBATCH_MAX * PVABI_CBATCH_ELEM] __attribute__((aligned(64)));
static uint64_t done_buf;

/* An out-of-range marker: a platform that never writes done is told
 * apart from one that writes 0. */
#define DONE_UNSET UINT64_C(0xdddddddddddddddd)

static void put(uint8_t *p, unsigned int size, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get(const uint8_t *p, unsigned int size)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = size; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

static int applied(const struct pvabi_cbatch *b, unsigned int i)
{
	if (b->fail >= b->n) /* a success batch: every request applied */
		return 1;
	if (b->undone || i == b->fail)
		return 0;
	return b->skip || i < b->fail;
}

static void build(const struct pvabi_cbatch *b)
{
	unsigned int i, k;

	for (k = 0; k < sizeof(page) / 8; k++)
		((uint64_t *)(void *)page)[k] = 0;
	for (i = 0; i < b->n; i++) {
		uint8_t *e = reqs + i * b->elem;

		for (k = 0; k < b->elem; k++)
			e[k] = i == b->fail && !b->fld_size ? b->bad[k] : 0;
		if ((i == b->fail && !b->fld_size) || b->page_off == 0xffff)
			continue;
		put(e + b->page_off, 8, (uint64_t)(uintptr_t)page);
		put(e + b->entry_off, b->entry_size, i + 1);
		put(e + b->value_off, b->value_size, b->values[i]);
		/* one kind of refusal: this field alone differs */
		if (i == b->fail && b->fld_size)
			put(e + b->fld_off, b->fld_size,
			    b->fld_page ? (uint64_t)(uintptr_t)page + b->fld_value : b->fld_value);
	}
	done_buf = DONE_UNSET;
}

/* The first entry of the page that differs from what the declaration
 * leaves there, or -1; its value into *got, the wanted one into *want. */
static int page_miss(const struct pvabi_cbatch *b, uint64_t *got, uint64_t *want)
{
	unsigned int k, entries = b->width ? (unsigned int)sizeof(page) / b->width : 0;

	for (k = 0; k < entries; k++) {
		*got = get(page + k * b->width, b->width);
		*want = k >= 1 && k <= b->n && applied(b, k - 1) ? b->values[k - 1] : 0;
		if (*got != *want)
			return (int)k;
	}
	return -1;
}

static void run_batch(struct pvabi_runner *r, const struct pvabi_cop *op,
		      const struct pvabi_cbatch *b)
{
	uint64_t a[8] = { 0 }, done, want_done, got_e = 0, want_e = 0;
	int64_t ret, want_ret;
	int miss;

	build(b);
	a[b->count_slot & 7] = b->n;
	a[b->array_slot & 7] = (uint64_t)(uintptr_t)reqs;
	if (b->done_slot != PVABI_CBATCH_RET)
		a[b->done_slot & 7] = (uint64_t)(uintptr_t)&done_buf;
	ret = r->call(op->id, b->nargs, a);
	want_done = b->fail >= b->n ? b->n : b->undone ? 0 : b->skip ? b->n - 1u : b->fail;
	want_ret = b->done_slot == PVABI_CBATCH_RET ? (int64_t)want_done : b->error;
	done = b->done_slot == PVABI_CBATCH_RET ? (uint64_t)ret
		: b->done_size == 4 ? (done_buf & 0xffffffffu) : done_buf;
	miss = b->width ? page_miss(b, &got_e, &want_e) : -1;
	pvabi_tap_check(r->tap, ret == want_ret && done == want_done && miss < 0,
			"%s: %s (got ret=%lld done=%llu)", op->name, b->name, (long long)ret,
			(unsigned long long)done);
	if (ret != want_ret || done != want_done)
		pvabi_tap_diag(r->tap, "returned %lld, want %lld; done %llu, want %llu",
			       (long long)ret, (long long)want_ret, (unsigned long long)done,
			       (unsigned long long)want_done);
	if (miss >= 0)
		pvabi_tap_diag(r->tap, "page entry %d = 0x%llx, want 0x%llx (%s)", miss,
			       (unsigned long long)got_e, (unsigned long long)want_e,
			       miss >= 1 && miss <= b->n
				       ? (applied(b, (unsigned)miss - 1) ? "applied"
					  : (unsigned)miss - 1 == b->fail ? "the failing request's"
					  : (unsigned)miss - 1 < b->fail ? "undone" : "after the failure")
				       : "no request's");
}

/* kinds 0: the probes of the op's refused requests and the success
 * batch; 1: those of each kind of refusal (fld_size > 0). */
void pvabi_suite_batches(struct pvabi_runner *r, int kinds)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t i, k = pvabi_suite_rev_index(s, r->rev);

	for (i = 0; i < s->nbatches; i++) {
		const struct pvabi_cbatch *b = &s->batches[i];
		const struct pvabi_cop *op;

		if (k < b->since || k >= b->until || b->op >= s->nops || b->n > PVABI_CBATCH_MAX ||
		    b->elem > PVABI_CBATCH_ELEM || !b->fld_size != !kinds ||
		    b->fld_off + b->fld_size > b->elem)
			continue;
		op = &s->ops[b->op];
		if (!pvabi_suite_selected(r->only, op->name))
			continue;
		if (op->feature && !(op->feature & r->granted)) {
			pvabi_tap_skip(r->tap, "feature not granted by this platform", "%s: %s",
				       op->name, b->name);
			continue;
		}
		run_batch(r, op, b);
	}
}
