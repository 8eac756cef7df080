/* A hostile guest: negotiates, then issues many raw calls with random op
 * ids (unknown ones too), random nargs (above 8 too) and arguments that
 * point into the call frame itself, at and beyond the end of RAM and
 * around 2^64; between calls it corrupts the frame (bad magic, nargs out
 * of range, stale states) and rings the doorbell with nothing pending.
 * The platform must answer every call with a result >= 0 or one of the
 * ABI's errors, never crash, hang or touch memory outside the guest.
 *
 *   seed=N count=N   the random sequence and its length (default 1, 2000)
 *   ram=MiB          guest RAM (default 64), for the end-of-RAM pointers
 *   skip=A,B         op ids never issued (ops that end the run, e.g. a
 *                    platform's shutdown)
 *
 * It prints TAP (one check per kind of hostility), then one line the host
 * side compares with its own counters:
 *   # hostile: calls=N bad_frames=N spurious=N
 * The ABI's errors come from a header generated from the revision's
 * guest header (pvabi_abi_errors[]). */
#include "guest/rt/io.h"
#include "guest/rt/runtime.h"
#include "guest/rt/suite.h"
#include "guest/rt/transport.h"
#include "abi_errors.h"

#define FAULT INT64_MIN /* what call_raw returns for a mismatched answer */

struct hostile {
	uint64_t rng, ram, frame;
	char skip[64];
	uint64_t calls, bad_frames, spurious, undefined, bad_answers;
	struct pvabi_tap *tap;
};

static uint8_t scratch[8192] __attribute__((aligned(64)));

static uint64_t rnd(struct hostile *h)
{
	h->rng ^= h->rng >> 12;
	h->rng ^= h->rng << 25;
	h->rng ^= h->rng >> 27;
	return h->rng * UINT64_C(2685821657736338717);
}

static uint64_t number(const char *cmdline, const char *key, uint64_t def)
{
	char buf[24];
	uint64_t v = 0;
	const char *p;

	if (pvabi_cmdline_get(cmdline, key, buf, sizeof(buf)) || !buf[0])
		return def;
	for (p = buf; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return *p ? def : v;
}

static int defined_result(int64_t ret)
{
	size_t i;

	if (ret >= 0)
		return 1;
	for (i = 0; i < sizeof(pvabi_abi_errors) / sizeof(pvabi_abi_errors[0]); i++)
		if (ret == pvabi_abi_errors[i])
			return 1;
	return 0;
}

/* Pointers a guest can name. Writable targets inside RAM avoid the
 * image itself (it must survive to report): the scratch buffer, the
 * frame's argument slots and the top of RAM, which nothing uses. */
static uint64_t hostile_arg(struct hostile *h)
{
	uint64_t r = rnd(h), k = r >> 8;

	switch (r % 9) {
	case 0:
		return k % 17;
	case 1:
		return rnd(h);
	case 2: /* the frame's own argument slots and result */
		return h->frame + 24 + 8 * (k % 9);
	case 3: /* at the end of RAM, straddling it */
		return h->ram - (uint64_t[]){ 0, 1, 4, 8, 16, 24, 72, 4096 }[k % 8];
	case 4: /* beyond RAM */
		return h->ram + k % (UINT64_C(1) << 32);
	case 5: /* wrapping around 2^64 */
		return UINT64_MAX - k % 128;
	case 6:
		return (uint64_t)(uintptr_t)scratch + k % 4096;
	case 7:
		return (uint64_t[]){ 0xffffffffu, 0x80000000u, 0x7fffffffffffffffu,
				     UINT64_C(1) << 63, (uint64_t)-1 }[k % 5];
	default:
		return UINT64_C(1) << (k % 64);
	}
}

static int skipped(const struct hostile *h, uint32_t op)
{
	const char *p = h->skip;

	while (*p) {
		uint32_t v = 0;

		for (; *p >= '0' && *p <= '9'; p++)
			v = v * 10 + (uint32_t)(*p - '0');
		if (v == op)
			return 1;
		while (*p && (*p < '0' || *p > '9'))
			p++;
	}
	return 0;
}

static uint32_t hostile_op(struct hostile *h)
{
	const struct pvabi_csuite *s = &pvabi_conformance_suite;
	uint64_t r = rnd(h);
	uint32_t op;

	do {
		if (r % 4 == 0)
			op = (uint32_t)(r >> 32);
		else
			op = (uint32_t)((r >> 8) % (s->unknown_op + 4));
		r = rnd(h);
	} while (skipped(h, op));
	return op;
}

static void random_call(struct hostile *h)
{
	uint64_t args[PVABI_FRAME_ARGS], r = rnd(h);
	uint32_t nargs = r % 8 == 0 ? (uint32_t)(r >> 32) : (uint32_t)((r >> 8) % 12);
	uint32_t op = hostile_op(h), i;
	int64_t ret;

	for (i = 0; i < PVABI_FRAME_ARGS; i++)
		args[i] = hostile_arg(h);
	ret = pvabi_transport_call_raw(&pvabi_transport, op, nargs, args, FAULT);
	h->calls++;
	h->bad_frames += nargs > PVABI_FRAME_ARGS;
	if (!defined_result(ret) && h->undefined++ < 5)
		pvabi_tap_diag(h->tap, "op %u nargs %u: undefined result %lld", op, nargs,
			       (long long)ret);
}

/* A frame the platform must refuse as a whole: waits for its answer. */
static void corrupt_pending(struct hostile *h, uint64_t r)
{
	volatile struct pvabi_frame *f = pvabi_transport.frame;
	uint64_t seq = r | 1;

	f->magic = r % 2 ? (uint32_t)r : PVABI_FRAME_MAGIC;
	f->nargs = r % 2 ? (uint32_t)(r >> 32) % 9 : PVABI_FRAME_ARGS + 1 + (uint32_t)(r >> 40);
	if (f->magic == PVABI_FRAME_MAGIC && f->nargs <= PVABI_FRAME_ARGS)
		f->magic = ~PVABI_FRAME_MAGIC;
	f->op = (uint32_t)(r >> 16);
	f->seq = seq;
	__asm__ volatile("" : : : "memory");
	f->state = PVABI_FRAME_PENDING;
	outb(pvabi_transport.port, (uint8_t)r);
	while (f->state != PVABI_FRAME_DONE)
		cpu_relax();
	h->calls++;
	h->bad_frames++;
	if ((!defined_result(f->ret) || f->ret >= 0 || f->seq != seq) && h->bad_answers++ < 5)
		pvabi_tap_diag(h->tap, "bad frame answered ret %lld seq %llx", (long long)f->ret,
			       (unsigned long long)f->seq);
	f->state = PVABI_FRAME_FREE;
}

/* A doorbell with nothing pending: the platform must ignore it. */
static void spurious_ring(struct hostile *h, uint64_t r)
{
	volatile struct pvabi_frame *f = pvabi_transport.frame;
	static const uint32_t states[] = { PVABI_FRAME_FREE, PVABI_FRAME_DONE, 7, 0xffffffffu };

	f->magic = r % 2 ? PVABI_FRAME_MAGIC : (uint32_t)r;
	f->state = states[(r >> 8) % 4];
	outb(pvabi_transport.port, (uint8_t)(r >> 16));
	h->spurious++;
	f->state = PVABI_FRAME_FREE;
}

static int64_t call(uint32_t op, uint32_t nargs, const uint64_t *args)
{
	return pvabi_transport_call_raw(&pvabi_transport, op, nargs, args, FAULT);
}

static enum pvabi_status negotiate(struct pvabi_tap *t)
{
	struct pvabi_runner r;

	memset(&r, 0, sizeof(r));
	r.s = &pvabi_conformance_suite;
	r.tap = t;
	r.call = call;
	r.negotiate_op = r.s->negotiate_op;
	r.guest_id = 0x6057;
	return pvabi_suite_negotiate(&r);
}

static void report(struct hostile *h, uint64_t count, int faults)
{
	pvabi_tap_check(h->tap, h->undefined == 0,
			"%llu random calls: every result >= 0 or an ABI error (%llu undefined)",
			(unsigned long long)count, (unsigned long long)h->undefined);
	pvabi_tap_check(h->tap, h->bad_answers == 0,
			"corrupt frames refused with an ABI error, seq echoed (%llu wrong)",
			(unsigned long long)h->bad_answers);
	pvabi_tap_check(h->tap, faults == 0, "every answer matched its call (%d transport faults)",
			faults);
	pvabi_printf("# hostile: calls=%llu bad_frames=%llu spurious=%llu\n",
		     (unsigned long long)h->calls, (unsigned long long)h->bad_frames,
		     (unsigned long long)h->spurious);
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	const struct pvabi_csuite *s = &pvabi_conformance_suite;
	uint64_t count = number(cmdline, "count", 2000), i;
	struct hostile h;
	struct pvabi_tap t;
	enum pvabi_status st;
	int faults;

	memset(&h, 0, sizeof(h));
	h.rng = number(cmdline, "seed", 1) * UINT64_C(0x9e3779b97f4a7c15) | 1;
	h.ram = number(cmdline, "ram", 64) << 20;
	h.frame = s->frame_gpa;
	h.tap = &t;
	pvabi_cmdline_get(cmdline, "skip", h.skip, sizeof(h.skip));
	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	pvabi_transport_init(&pvabi_transport, s->frame_gpa, s->doorbell_port);
	st = negotiate(&t);
	if (st != PVABI_PASS)
		return st;
	for (i = 0; i < count; i++) {
		uint64_t r = rnd(&h);

		if (r % 16 == 0)
			corrupt_pending(&h, rnd(&h));
		else if (r % 16 == 1)
			spurious_ring(&h, rnd(&h));
		random_call(&h);
	}
	faults = pvabi_transport.faults;
	report(&h, count, faults);
	return pvabi_tap_end(&t);
}
