/* Release after a failed scenario (docs/spec-language.md#release-after-
 * a-failed-scenario): a scenario that fails half-way holds what its
 * steps acquired (a port, an armed timer, an MSR changed from its boot
 * value), and every later scenario that needs the same thing would
 * fail too, so the first red line would no longer name the scenario
 * that broke. The steps' release entries, derived from the spec, say
 * what each successful call holds; this file records it per scenario
 * and puts it back in reverse order when the scenario fails. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

/* What one scenario can hold at once: more is not recorded (said in the
 * diagnostic), the scenario's tables are small. */
#define HELD_MAX 16u
#define ARGS_MAX 8u
/* The window after a failed scenario's release: longer than an
 * emulator's interrupt takes on a loaded host. */
#define RELEASE_TAKE_NS 200000000u

struct held {
	uint64_t a[ARGS_MAX];   /* the release call's arguments */
	uint64_t b[ARGS_MAX];   /* HANDLE: the allocating call's */
	const struct pvabi_cstep *st; /* the step that acquired it */
	uint16_t op;            /* the op the release calls */
	uint8_t nargs, kind, done; /* done: freed or reset by the scenario */
};

static struct held held[HELD_MAX];
static uint32_t nheld, lost;
/* RESTORE: the value read before the call, while it is made */
static uint64_t readback;
static int read_ok;

void pvabi_release_begin(void)
{
	nheld = 0;
	lost = 0;
	read_ok = 0;
}

static struct held *push(const struct pvabi_cstep *st, uint16_t op, const uint64_t *a,
			 uint32_t nargs, uint8_t kind)
{
	struct held *h;
	uint32_t i;

	if (nheld == HELD_MAX) {
		lost++;
		return 0;
	}
	h = &held[nheld++];
	for (i = 0; i < ARGS_MAX; i++)
		h->a[i] = i < nargs ? a[i] : 0;
	h->st = st;
	h->op = op;
	h->nargs = (uint8_t)nargs;
	h->kind = kind;
	h->done = 0;
	return h;
}

/* The live record of the same state as step st's call with arguments a:
 * the same op from the same vCPU, every argument but slot the same
 * (slot 0xff: compare none, a timer per vCPU). */
static struct held *same_state(const struct pvabi_cstep *st, const uint64_t *a, uint8_t kind,
			       uint32_t slot)
{
	uint32_t i, k;

	for (i = nheld; i-- > 0;) {
		struct held *h = &held[i];

		if (h->done || h->kind != kind || h->st->op != st->op || h->st->vcpu != st->vcpu)
			continue;
		for (k = 0; slot != 0xff && k < h->nargs && (k == slot || h->a[k] == a[k]); k++)
			;
		if (slot == 0xff || k == h->nargs)
			return h;
	}
	return 0;
}

void pvabi_release_before(struct pvabi_runner *r, const struct pvabi_cstep *st,
			  const uint64_t *a)
{
	const struct pvabi_crelease *rel;
	uint64_t ra[ARGS_MAX] = { 0 };
	uint32_t i;

	read_ok = 0;
	if (!st->release || !r->releases)
		return;
	rel = &r->releases[st->release - 1];
	if (rel->kind != PVABI_CREL_RESTORE || same_state(st, a, PVABI_CREL_RESTORE, rel->slot))
		return;
	for (i = 0; i < rel->nread && i < ARGS_MAX; i++)
		ra[i] = rel->read[i] == PVABI_CREL_OUT ? (uint64_t)(uintptr_t)&readback
						       : a[rel->read[i] & 7];
	readback = 0;
	read_ok = pvabi_suite_vcpu_call(r, st->vcpu, r->s->ops[rel->op].id, rel->nread, ra) == 0;
}

void pvabi_release_after(struct pvabi_runner *r, const struct pvabi_cstep *st,
			 const uint64_t *a, int64_t got)
{
	const struct pvabi_crelease *rel;
	struct held *h;
	uint32_t i;

	if (!st->release || !r->releases || got < 0)
		return;
	rel = &r->releases[st->release - 1];
	switch (rel->kind) {
	case PVABI_CREL_HANDLE:
		h = push(st, rel->op, (const uint64_t *)&got, 1, PVABI_CREL_HANDLE);
		for (i = 0; h && i < ARGS_MAX; i++)
			h->b[i] = i < st->nargs ? a[i] : 0;
		break;
	case PVABI_CREL_FREES:
		for (i = nheld; i-- > 0;)
			if (!held[i].done && held[i].kind == PVABI_CREL_HANDLE &&
			    held[i].op == st->op && held[i].a[0] == a[0]) {
				held[i].done = 1;
				break;
			}
		break;
	case PVABI_CREL_RESET:
		/* one timer per op and vCPU: the last call replaced the earlier */
		h = same_state(st, a, PVABI_CREL_RESET, 0xff);
		if (a[rel->slot & 7] == rel->value) {
			if (h)
				h->done = 1;
		} else if (!h && (h = push(st, st->op, a, st->nargs, PVABI_CREL_RESET)))
			h->a[rel->slot & 7] = rel->value;
		break;
	case PVABI_CREL_RESTORE:
		if (read_ok && (h = push(st, st->op, a, st->nargs, PVABI_CREL_RESTORE)))
			h->a[rel->slot & 7] = readback;
		read_ok = 0;
		break;
	}
}

/* Text appended at *o of buf[0 .. n) stays inside it: *o ends at most
 * at n - 1 (pvabi_snfmt returns the length it would have written). */
static void grew(uint32_t *o, size_t k, uint32_t n)
{
	*o = *o + k < n ? *o + (uint32_t)k : n - 1;
}

/* "evtchn_close(3)", "set_timer(0, 0x1)" at *o of buf[0 .. n). */
static void say_call(char *buf, uint32_t n, uint32_t *o, const char *op, const uint64_t *a,
		     uint32_t nargs)
{
	uint32_t i;

	grew(o, pvabi_snfmt(buf + *o, n - *o, "%s(", op), n);
	for (i = 0; i < nargs; i++)
		grew(o, pvabi_snfmt(buf + *o, n - *o, a[i] < 10 ? "%s%llu" : "%s0x%llx",
				    i ? ", " : "", (unsigned long long)a[i]), n);
	grew(o, pvabi_snfmt(buf + *o, n - *o, ")"), n);
}

/* 0 while a run that failed is released to be run again at once
 * (pvabi_release_again) */
static int take_after = 1;
/* 1 while what is released goes unsaid: a try run again, which says so
 * on its own line, or a scenario that could not tell (a skip, which
 * says why); whether a timed run can tell follows the host's timing,
 * and a console differs between runs only in lines that say so */
static int quiet;

void pvabi_release_again(struct pvabi_runner *r, const char *scen)
{
	take_after = 0;
	quiet = 1;
	pvabi_release_failed(r, scen);
	quiet = 0;
	take_after = 1;
}

void pvabi_release_skipped(struct pvabi_runner *r, const char *scen)
{
	quiet = 1;
	pvabi_release_failed(r, scen);
	quiet = 0;
}

void pvabi_release_failed(struct pvabi_runner *r, const char *scen)
{
	static int64_t got[HELD_MAX];
	char said[480];
	uint32_t i, o = 0, bad = 0;

	if (r->no_release)
		return;
	for (i = nheld; i-- > 0;) {
		struct held *h = &held[i];

		if (h->done)
			continue;
		got[i] = pvabi_suite_vcpu_call(r, h->st->vcpu, r->s->ops[h->op].id, h->nargs, h->a);
		bad += got[i] < 0;
		grew(&o, pvabi_snfmt(said + o, sizeof(said) - o, "%s", o ? "; " : ""), sizeof(said));
		say_call(said, sizeof(said), &o, r->s->ops[h->op].name, h->a, h->nargs);
		grew(&o, pvabi_snfmt(said + o, sizeof(said) - o, " -> %lld", (long long)got[i]),
		     sizeof(said));
	}
	if (o && !quiet)
		pvabi_tap_diag(r->tap, "scenario %s failed holding state: released %s%s", scen,
			       said, lost ? " (more was held than recorded)" : "");
	/* What the release delivered (a due expiry its calls raised) is
	 * taken here, not counted by the next scenario: where interrupts
	 * come late (an emulator's UART) one round of the next drain can
	 * miss it, and the next scenario would count it as its own. Only
	 * a failed scenario waits, until one upcall or the window's end. */
	if (o && take_after)
		pvabi_upcall_wait(pvabi_upcalls_on[pvabi_upcall_self()] + 1, 0, RELEASE_TAKE_NS,
				  r->s->doorbell_port);
	/* each refused release on its own line, after the scenario's own */
	for (i = nheld; bad && i-- > 0;) {
		struct held *h = &held[i];

		if (h->done || got[i] >= 0)
			continue;
		o = 0;
		say_call(said, sizeof(said), &o, r->s->ops[h->op].name, h->a, h->nargs);
		pvabi_tap_check(r->tap, 0, "release after scenario %s: %s (got %lld)", scen, said,
				(long long)got[i]);
	}
	nheld = 0;
}

/* An earlier handle than held[i] was allocated by the same op, from the
 * same vCPU, with the same arguments: allocating again once for both
 * says as much (a scenario cycling through IPI ports costs two calls,
 * not two per port). */
static int again_before(uint32_t i)
{
	const struct held *h = &held[i];
	uint32_t j, k;

	for (j = 0; j < i; j++) {
		const struct held *e = &held[j];

		if (e->kind != PVABI_CREL_HANDLE || e->st->op != h->st->op ||
		    e->st->vcpu != h->st->vcpu || e->st->nargs != h->st->nargs)
			continue;
		for (k = 0; k < h->st->nargs && e->b[k] == h->b[k]; k++)
			;
		if (k == h->st->nargs)
			return 1;
	}
	return 0;
}

void pvabi_release_passed(struct pvabi_runner *r, const char *scen)
{
	char said[240];
	uint32_t i, o;

	for (i = 0; i < nheld; i++)
		if (held[i].kind == PVABI_CREL_HANDLE && !held[i].done)
			return; /* it keeps a handle: what it freed may stay taken */
	for (i = 0; i < nheld; i++) {
		const struct held *h = &held[i];
		const struct pvabi_crelease *rel = &r->releases[h->st->release - 1];
		uint64_t f[1];
		int64_t got, e = 0;

		if (h->kind != PVABI_CREL_HANDLE || !rel->again || again_before(i))
			continue;
		got = pvabi_suite_vcpu_call(r, h->st->vcpu, r->s->ops[h->st->op].id, h->st->nargs,
					    h->b);
		f[0] = (uint64_t)got;
		if (got >= 0)
			e = pvabi_suite_vcpu_call(r, h->st->vcpu, r->s->ops[h->op].id, 1, f);
		if (got >= 0 && e == 0)
			continue;
		o = 0;
		say_call(said, sizeof(said), &o, r->s->ops[h->st->op].name, h->b, h->st->nargs);
		if (got < 0)
			pvabi_tap_check(r->tap, 0, "scenario %s freed what it allocated, yet %s is "
					"refused after it (got %lld)", scen, said, (long long)got);
		else
			pvabi_tap_check(r->tap, 0, "scenario %s freed what it allocated, yet %s -> "
					"%lld is not freed after it (got %lld)", scen, said,
					(long long)got, (long long)e);
	}
	nheld = 0;
}
