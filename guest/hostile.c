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
 * It prints TAP (one check per kind of hostility) on COM1, polled byte by
 * byte, with one diagnostic line the host side compares with its own
 * counters:
 *   # hostile: calls=N bad_frames=N spurious=N pte_writes=N
 * The ABI's errors come from a header generated from the revision's
 * guest header (pvabi_abi_errors[]); hostile_check.c tells them apart.
 *
 * Built with -DPVABI_HOSTILE_ABI, the image also includes hostile_abi.h,
 * generated per ABI, which may name:
 *   HOSTILE_OP_SHUTDOWN           never issued, whatever skip= says
 *   HOSTILE_OP_MMU_UPDATE(_BATCH) the page-table ops, issued more often
 *                                 and with arguments of their own
 *                                 (hostile_mmu.c) */
#include "guest/hostile.h"
#include "guest/rt/cmdline.h"
#include "guest/rt/io.h"
#include "guest/rt/runtime.h"
#include "guest/rt/suite.h"
#include "guest/rt/transport.h"
#ifdef PVABI_HOSTILE_ABI
#include "hostile_abi.h"
#endif

static uint8_t scratch[8192] __attribute__((aligned(64)));

/* Guest images load at 1 MiB (guest/boot/guest.ld) and stay below 2 MiB:
 * code, page tables and stack. No pointer the guest hands the platform as
 * valid and writable lands there. */
#define IMAGE_BASE UINT64_C(0x100000)
#define IMAGE_LIMIT UINT64_C(0x200000)

/* Pointers a guest can name. Writable targets inside RAM avoid the
 * image itself (it must survive to report): the scratch buffer, the
 * frame's argument slots and the top of RAM, which nothing uses. */
static uint64_t hostile_arg(struct hostile *h)
{
	uint64_t r = hostile_rnd(h), k = r >> 8;

	switch (r % 9) {
	case 0:
		return k % 17;
	case 1:
		return hostile_rnd(h);
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
	default: {
		uint64_t v = UINT64_C(1) << (k % 64);

		return v >= IMAGE_BASE && v < IMAGE_LIMIT ? (uint64_t)(uintptr_t)scratch + k % 4096 : v;
	}
	}
}

static uint32_t hostile_op(struct hostile *h)
{
	const struct pvabi_csuite *s = &pvabi_conformance_suite;
	uint64_t r = hostile_rnd(h);
	uint32_t op;

	do {
		if (r % 4 == 0)
			op = (uint32_t)(r >> 32);
#ifdef HOSTILE_OP_MMU_UPDATE
		else if (r % 16 == 1) /* the ops that write guest memory, more often */
			op = (r >> 8) % 2 ? HOSTILE_OP_MMU_UPDATE : HOSTILE_OP_MMU_UPDATE_BATCH;
#endif
		else
			op = (uint32_t)((r >> 8) % (s->unknown_op + 4));
		r = hostile_rnd(h);
	} while (pvabi_cmdline_list_has_number(h->skip, op)
#ifdef HOSTILE_OP_SHUTDOWN
		 || op == HOSTILE_OP_SHUTDOWN
#endif
	);
	return op;
}

static void random_call(struct hostile *h)
{
	uint64_t args[PVABI_FRAME_ARGS], r = hostile_rnd(h);
	uint32_t nargs = r % 8 == 0 ? (uint32_t)(r >> 32) : (uint32_t)((r >> 8) % 12);
	uint32_t op = hostile_op(h), i;
	int64_t ret;

	for (i = 0; i < PVABI_FRAME_ARGS; i++)
		args[i] = hostile_arg(h);
#ifdef HOSTILE_OP_MMU_UPDATE
	if (op == HOSTILE_OP_MMU_UPDATE || op == HOSTILE_OP_MMU_UPDATE_BATCH) {
		hostile_mmu_call(h, op, nargs, args);
		return;
	}
#endif
	ret = pvabi_transport_call_raw(&pvabi_transport, op, nargs, args, FAULT);
	hostile_answered(h, op, nargs, ret);
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
	if ((!hostile_defined_result(f->ret) || f->ret >= 0 || f->seq != seq) && h->bad_answers++ < 5)
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
#ifdef HOSTILE_OP_MMU_UPDATE
	hostile_mmu_report(h);
#endif
	pvabi_tap_diag(h->tap, "hostile: calls=%llu bad_frames=%llu spurious=%llu pte_writes=%llu",
		       (unsigned long long)h->calls, (unsigned long long)h->bad_frames,
		       (unsigned long long)h->spurious, (unsigned long long)h->pte_writes);
}

/* The console, one byte at a time once COM1 can take it. QEMU's UART
 * keeps a byte it could not pass to its chardev (the runner's socket
 * momentarily full) and overwrites it with the next one written while THRE
 * is clear, so a burst of output can lose its tail, which is the part the
 * host parses; the string writes of pvabi_console_sink do not wait. */
#define UART_LSR 5
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40

static void uart_wait(uint8_t bit)
{
	while (!(inb(PVABI_COM1 + UART_LSR) & bit))
		cpu_relax();
}

static void polled_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	while (n--) {
		uart_wait(UART_LSR_THRE);
		outb(PVABI_COM1, (uint8_t)*s++);
	}
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	const struct pvabi_csuite *s = &pvabi_conformance_suite;
	uint64_t count = pvabi_cmdline_number(cmdline, "count", 2000), i;
	struct hostile h;
	struct pvabi_tap t;
	enum pvabi_status st;
	int faults;

	memset(&h, 0, sizeof(h));
	h.rng = pvabi_cmdline_number(cmdline, "seed", 1) * UINT64_C(0x9e3779b97f4a7c15) | 1;
	h.ram = pvabi_cmdline_number(cmdline, "ram", 64) << 20;
	h.frame = s->frame_gpa;
	h.tap = &t;
	pvabi_cmdline_get(cmdline, "skip", h.skip, sizeof(h.skip));
	pvabi_tap_begin(&t, polled_sink, 0);
	pvabi_transport_init(&pvabi_transport, s->frame_gpa, s->doorbell_port);
#ifdef HOSTILE_OP_MMU_UPDATE
	hostile_mmu_init();
#endif
	st = pvabi_suite_negotiate_as(&t, &pvabi_conformance_suite, 0x6057);
	if (st != PVABI_PASS) {
		uart_wait(UART_LSR_TEMT);
		return st;
	}
	for (i = 0; i < count; i++) {
		uint64_t r = hostile_rnd(&h);

		if (r % 16 == 0)
			corrupt_pending(&h, hostile_rnd(&h));
		else if (r % 16 == 1)
			spurious_ring(&h, hostile_rnd(&h));
		random_call(&h);
	}
	faults = pvabi_transport.faults;
	report(&h, count, faults);
	st = pvabi_tap_end(&t);
	uart_wait(UART_LSR_TEMT); /* the last byte left before the exit */
	return st;
}
