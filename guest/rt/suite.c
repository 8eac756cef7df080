#include "guest/rt/suite.h"
#include "guest/rt/cmdline.h"
#include "guest/rt/runtime.h"

static uint8_t arena[16384] __attribute__((aligned(64)));

int pvabi_suite_selected(const char *only, const char *op)
{
	return !only || !*only || pvabi_cmdline_list_has(only, op);
}

static int available(const struct pvabi_cop *op, uint32_t rev)
{
	return rev >= op->since && (!op->until || rev < op->until);
}

/* Calls outside the negotiated revision, or without their feature, must
 * be refused with exactly the error the ABI defines. */
static void check_refusals(struct pvabi_runner *r)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t i;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_cop *op = &s->ops[i];
		int64_t want, got;

		if (!pvabi_suite_selected(r->only, op->name))
			continue;
		if (!available(op, r->rev))
			want = r->rev < op->since ? s->e_revision : s->e_removed;
		else if (op->feature && !(op->feature & r->granted))
			want = s->e_nofeature;
		else
			continue;
		got = r->call(op->id, 0, 0);
		pvabi_tap_check(r->tap, got == want, "%s outside revision or feature: %lld (want %lld)",
				op->name, (long long)got, (long long)want);
	}
}

/* Arguments of one vector, with buffers carved from the arena: each on a
 * 64-byte boundary, zeroed (padding included) up to the end of the last,
 * then filled. Only that part is cleared: at about 1 us per emulated
 * instruction, clearing the whole arena cost tens of ms per vector. */
static int build_args(const struct pvabi_csuite *s, const struct pvabi_cvec *v, uint64_t *a,
		      uint8_t **bufs)
{
	const struct pvabi_carg *args = s->args + v->args;
	uint32_t i, n = v->nargs < 8 ? v->nargs : 8;
	size_t used = 0, end;

	for (i = 0; i < n; i++) {
		const struct pvabi_carg *c = &args[i];

		bufs[i] = 0;
		if (c->kind == PVABI_CARG_VALUE) {
			a[i] = c->value;
			continue;
		}
		used = (used + 63) & ~(size_t)63;
		if (used + c->size > sizeof(arena))
			return -1;
		bufs[i] = arena + used;
		a[i] = (uint64_t)(uintptr_t)bufs[i];
		used += c->size ? c->size : 1;
	}
	end = (used + 7) & ~(size_t)7;
	for (i = 0; i < end / 8; i++)
		((uint64_t *)arena)[i] = 0;
	for (i = 0; i < n; i++) {
		const struct pvabi_carg *c = &args[i];

		if (c->kind == PVABI_CARG_BYTES)
			memcpy(bufs[i], c->bytes, c->size);
		else if (c->kind == PVABI_CARG_SCRATCH && c->size_field && c->size >= 4)
			*(uint32_t *)bufs[i] = c->size; /* the size guard */
	}
	return 0;
}

static int64_t read_field(const uint8_t *p, const struct pvabi_ccheck *c)
{
	uint64_t v = 0;
	int i;

	for (i = c->size - 1; i >= 0; i--)
		v = v << 8 | p[c->offset + i];
	if (c->is_signed && c->size < 8 && (v >> (8 * c->size - 1)) & 1)
		v |= ~UINT64_C(0) << (8 * c->size);
	return (int64_t)v;
}

static int expect_ok(const struct pvabi_cvec *v, int64_t got)
{
	switch (v->expect) {
	case PVABI_CEXP_RET_EQ:
		return got == v->value;
	case PVABI_CEXP_RET_GE:
		return got >= v->value;
	default:
		return got == v->value;
	}
}

static void run_vector(struct pvabi_runner *r, const struct pvabi_cop *op,
		       const struct pvabi_cvec *v)
{
	const struct pvabi_ccheck *checks = r->s->checks + v->checks;
	uint8_t *bufs[8];
	uint64_t a[8] = { 0 };
	int64_t got;
	uint32_t i;
	int ok;

	if (build_args(r->s, v, a, bufs)) {
		pvabi_tap_note_status(r->tap, PVABI_ERROR);
		pvabi_tap_diag(r->tap, "harness: vector %s: %s needs more scratch memory", op->name,
			       v->name);
		return;
	}
	got = r->call(op->id, v->nargs, a);
	ok = expect_ok(v, got);
	for (i = 0; ok && v->expect != PVABI_CEXP_ERROR && i < v->nchecks; i++) {
		const struct pvabi_ccheck *c = &checks[i];
		int64_t f = c->slot < v->nargs && bufs[c->slot] ? read_field(bufs[c->slot], c) : 0;

		ok = c->ge ? f >= c->value : f == c->value;
		if (!ok)
			pvabi_tap_diag(r->tap, "field %s = %lld, want %s%lld", c->field,
				       (long long)f, c->ge ? ">=" : "", (long long)c->value);
	}
	pvabi_tap_check(r->tap, ok, "%s: %s (got %lld)", op->name, v->name, (long long)got);
}

/* Index of the negotiated revision in the suite's revs (nrevs if none:
 * then no vector applies). */
static uint32_t rev_index(const struct pvabi_csuite *s, uint32_t rev)
{
	uint32_t i;

	for (i = 0; i < s->nrevs && s->revs[i] != rev; i++)
		;
	return i;
}

static void run_vectors(struct pvabi_runner *r)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t i, k = rev_index(s, r->rev);

	for (i = 0; i < s->nvecs; i++) {
		const struct pvabi_cvec *v = &s->vecs[i];
		const struct pvabi_cop *op;

		if (k < v->since || k >= v->until || v->op >= s->nops)
			continue;
		op = &s->ops[v->op];
		if (!pvabi_suite_selected(r->only, op->name))
			continue;
		if (op->feature && !(op->feature & r->granted)) {
			pvabi_tap_skip(r->tap, "feature not granted by this platform", "%s: %s",
				       op->name, v->name);
			continue;
		}
		run_vector(r, op, v);
	}
}

/* Before negotiation, only the frozen bootstrap op may be served. */
static void check_not_negotiated(struct pvabi_runner *r)
{
	uint32_t i;

	for (i = 0; i < r->s->nops; i++) {
		const struct pvabi_cop *op = &r->s->ops[i];
		int64_t got;

		if (op->id == r->negotiate_op)
			continue;
		got = r->call(op->id, 0, 0);
		pvabi_tap_check(r->tap, got == r->s->e_notnegotiated,
				"%s before negotiation is refused: %lld", op->name, (long long)got);
		return; /* one is enough: every op shares the same gate */
	}
}

enum pvabi_status pvabi_suite_run(struct pvabi_runner *r)
{
	enum pvabi_status st;

	pvabi_tap_diag(r->tap, "image: abi %s revision %s, offers 0x%08x-0x%08x features 0x%llx",
		       r->s->abi, r->s->revision, r->s->offer_min, r->s->offer_max,
		       (unsigned long long)r->s->features);
	check_not_negotiated(r);
	st = pvabi_suite_negotiate(r);
	if (st != PVABI_PASS) {
		pvabi_tap_note_status(r->tap, st);
		return pvabi_tap_end(r->tap);
	}
	if (r->rev != r->s->offer_max)
		pvabi_tap_diag(r->tap, "negotiated 0x%08x below the image's 0x%08x: running that revision's subset",
			       r->rev, r->s->offer_max);
	check_refusals(r);
	run_vectors(r);
	{
		/* Not "the next free id": a later compatible revision may define
		 * that one. The reserved range is ENOSYS on every platform. */
		int64_t bogus = r->call(r->s->reserved_op, 0, 0);

		pvabi_tap_check(r->tap, bogus == r->s->e_nosys, "reserved op id is refused: %lld",
				(long long)bogus);
	}
	return pvabi_tap_end(r->tap);
}
