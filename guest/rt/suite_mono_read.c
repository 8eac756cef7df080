/* The call of a clock's reading (guest/rt/suite_mono.c): the row's
 * arguments built in a buffer of its own, the call, the value read from
 * its answer. Split from suite_mono.c. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

static uint8_t buf[512] __attribute__((aligned(64)));

/* The call of row `row' of the suite's monos, its value into *v: 0,
 * or the refusal (< 0). While share.on (one reading of every clock),
 * a row whose call is the last one's (the same op and arguments, as
 * time_info's two clocks are) reads that call's answer: the same call
 * in the same state, made again, would judge nothing new. */
static struct { int on, ok; uint16_t op, args; uint8_t nargs; int64_t got; } share;

int64_t pvabi_mono_read_row(const struct pvabi_csuite *s,
			    int64_t (*raw)(uint32_t op, uint32_t nargs, const uint64_t *args),
			    uint32_t row, uint64_t *v)
{
	const struct pvabi_cmono *m = &s->monos[row];
	uint8_t *bufs[8] = { 0 };
	uint64_t a[8] = { 0 };
	uint32_t k, used = 0;
	int64_t got;
	int again = share.on && share.ok && share.op == m->op && share.args == m->args &&
		    share.nargs == m->nargs;

	if (!again)
		__builtin_memset(buf, 0, sizeof(buf));
	for (k = 0; k < m->nargs && k < 8; k++) {
		const struct pvabi_carg *c = &s->args[m->args + k];

		a[k] = c->value;
		if (c->kind != PVABI_CARG_SCRATCH && c->kind != PVABI_CARG_BYTES)
			continue;
		bufs[k] = buf + used;
		a[k] = (uint64_t)(uintptr_t)bufs[k];
		if (!again && c->kind == PVABI_CARG_BYTES)
			__builtin_memcpy(bufs[k], c->bytes, c->size);
		else if (!again && c->size_field && c->size >= 4)
			*(uint32_t *)(void *)bufs[k] = c->size;
		used += (c->size + 63) & ~63u;
		if (used > sizeof(buf))
			return -1;
	}
	got = again ? share.got : raw(s->ops[m->op].id, m->nargs, a);
	share.ok = share.on && got >= 0;
	share.op = m->op, share.args = m->args, share.nargs = m->nargs, share.got = got;
	if (got < 0)
		return got;
	*v = (uint64_t)got;
	if (m->nchecks) {
		const struct pvabi_ccheck *c = &s->checks[m->checks];

		*v = bufs[c->slot] ? (uint64_t)pvabi_check_read(bufs[c->slot], c) : 0;
	}
	return 0;
}

void pvabi_mono_share(int on)
{
	share.on = on;
	share.ok = 0;
}
