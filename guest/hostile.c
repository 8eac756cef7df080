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
 * guest header (pvabi_abi_errors[]).
 *
 * Built with -DPVABI_HOSTILE_ABI, the image also includes hostile_abi.h,
 * generated per ABI, which may name:
 *   HOSTILE_OP_SHUTDOWN           never issued, whatever skip= says
 *   HOSTILE_OP_MMU_UPDATE         (table, index, value): the platform
 *   HOSTILE_OP_MMU_UPDATE_BATCH   writes entry `index` of the page
 *                                 `table`; (count, reqs, done) with
 *   hostile_mmu_req               requests {table, index, reserved0, value}
 * Those ops write guest memory at addresses the guest names, so their
 * arguments come from their own generators: every table address that is
 * valid (aligned, the whole page in RAM) lies in scratch table pages the
 * image reserves between two guard pages, and every request array the
 * platform may read is the image's own (ended by an entry that always
 * fails); the invalid addresses (misaligned, at and beyond the end of RAM,
 * wrapping around 2^64, above any physical address) are sent as well.
 * pte_writes counts the entries the platform said it wrote; the host
 * compares it with its own count. */
#include "guest/rt/cmdline.h"
#include "guest/rt/io.h"
#include "guest/rt/runtime.h"
#include "guest/rt/suite.h"
#include "guest/rt/transport.h"
#include "abi_errors.h"
#ifdef PVABI_HOSTILE_ABI
#include "hostile_abi.h"
#endif

#define FAULT INT64_MIN /* what call_raw returns for a mismatched answer */

struct hostile {
	uint64_t rng, ram, frame;
	char skip[64];
	uint64_t calls, bad_frames, spurious, undefined, bad_answers;
	uint64_t mmu_calls, pte_writes, mmu_wrong;
	struct pvabi_tap *tap;
};

static uint8_t scratch[8192] __attribute__((aligned(64)));

/* Guest images load at 1 MiB (guest/boot/guest.ld) and stay below 2 MiB:
 * code, page tables and stack. No pointer the guest hands the platform as
 * valid and writable lands there. */
#define IMAGE_BASE UINT64_C(0x100000)
#define IMAGE_LIMIT UINT64_C(0x200000)

static uint64_t rnd(struct hostile *h)
{
	h->rng ^= h->rng >> 12;
	h->rng ^= h->rng << 25;
	h->rng ^= h->rng >> 27;
	return h->rng * UINT64_C(2685821657736338717);
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
	default: {
		uint64_t v = UINT64_C(1) << (k % 64);

		return v >= IMAGE_BASE && v < IMAGE_LIMIT ? (uint64_t)(uintptr_t)scratch + k % 4096 : v;
	}
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
#ifdef HOSTILE_OP_MMU_UPDATE
		else if (r % 16 == 1) /* the ops that write guest memory, more often */
			op = (r >> 8) % 2 ? HOSTILE_OP_MMU_UPDATE : HOSTILE_OP_MMU_UPDATE_BATCH;
#endif
		else
			op = (uint32_t)((r >> 8) % (s->unknown_op + 4));
		r = rnd(h);
	} while (skipped(h, op)
#ifdef HOSTILE_OP_SHUTDOWN
		 || op == HOSTILE_OP_SHUTDOWN
#endif
	);
	return op;
}

static void answered(struct hostile *h, uint32_t op, uint32_t nargs, int64_t ret)
{
	h->calls++;
	h->bad_frames += nargs > PVABI_FRAME_ARGS;
	if (!defined_result(ret) && h->undefined++ < 5)
		pvabi_tap_diag(h->tap, "op %u nargs %u: undefined result %lld", op, nargs,
			       (long long)ret);
}

#ifdef HOSTILE_OP_MMU_UPDATE
#define PAGE UINT64_C(4096)
#define NTABLES 4
#define NREQS 16
#define GUARD UINT64_C(0x4755415244475541) /* "AUGDRAUG" */

/* The only pages a valid table address names, between two guard pages
 * nothing may write. */
static struct {
	uint64_t lo[512];
	uint64_t pages[NTABLES][512];
	uint64_t hi[512];
} tables __attribute__((aligned(4096)));
/* The only request arrays the platform may read; the last entry always
 * fails (index 512), so no batch applies anything beyond it. */
static hostile_mmu_req reqs[NREQS + 1];
static uint8_t done_buf[8] __attribute__((aligned(8)));

static uint64_t table_page(unsigned int i)
{
	return (uint64_t)(uintptr_t)tables.pages[i % NTABLES];
}

static int valid_entry(uint64_t table, uint64_t idx)
{
	uint64_t base = table_page(0);

	return table >= base && table - base < NTABLES * PAGE && !(table & (PAGE - 1)) &&
	       idx < 512;
}

static int landed(uint64_t table, uint64_t idx, uint64_t value)
{
	return ((volatile uint64_t *)(uintptr_t)table)[idx] == value;
}

/* A table address: valid ones only in the scratch pages; the others are
 * misaligned, at or beyond the end of RAM, wrapping, or far above it. */
static uint64_t mmu_table(struct hostile *h)
{
	uint64_t r = rnd(h), k = r >> 8, v;

	switch (r % 8) {
	case 0:
	case 1:
	case 2:
		return table_page((unsigned int)k);
	case 3: /* misaligned, inside a scratch page */
		return table_page((unsigned int)k) + 1 + (k >> 8) % (PAGE - 1);
	case 4: /* the page at the end of RAM and beyond */
		return h->ram + (k % 4096) * PAGE;
	case 5: /* the last pages below 2^64: the page wraps */
		return (uint64_t)0 - PAGE * (1 + k % 16);
	case 6: /* beyond any physical address */
		return UINT64_C(1) << (40 + k % 24);
	default:
		v = rnd(h) & ~(PAGE - 1);
		return v < h->ram ? v + h->ram : v;
	}
}

static uint64_t mmu_index(struct hostile *h, int wide)
{
	uint64_t r = rnd(h), k = r >> 8;

	switch (r % 8) {
	case 0:
		return 511;
	case 1:
		return 512 + k % 4096;
	case 2:
		return (uint32_t)k | 0x80000000u;
	case 3:
		if (wide) /* above 32 bits: the argument is a u32 */
			return k | UINT64_C(1) << 32;
		/* fall through */
	default:
		return k % 512;
	}
}

/* A PTE: mostly one the platform must take (not present, or present
 * within the physical address width), sometimes any 64 bits. */
static uint64_t pte_value(struct hostile *h)
{
	uint64_t r = rnd(h), k = r >> 8;

	switch (r % 4) {
	case 0:
		return rnd(h);
	case 1:
		return (k & ((UINT64_C(1) << 32) - 1) & ~(PAGE - 1)) | 3;
	case 2:
		return 0;
	default:
		return k & ~UINT64_C(1);
	}
}

/* One request: half of them a write the platform must do. */
static void mmu_request(struct hostile *h, uint64_t *table, uint64_t *idx, uint64_t *value,
			uint32_t *reserved, int wide)
{
	uint64_t r = rnd(h), k = r >> 8;

	if (r % 2) {
		*table = table_page((unsigned int)k);
		*idx = (k >> 8) % 512;
		*value = (k >> 17) % 2 ? k & ~UINT64_C(1) : (k & 0xfffff000u) | 3;
		*reserved = 0;
	} else {
		*table = mmu_table(h);
		*idx = mmu_index(h, wide);
		*value = pte_value(h);
		*reserved = (k >> 8) % 4 ? 0 : (uint32_t)rnd(h) | 1;
	}
}

static void mmu_wrong(struct hostile *h, uint32_t op, const char *what, uint64_t a, uint64_t b)
{
	if (h->mmu_wrong++ < 5)
		pvabi_tap_diag(h->tap, "op %u: %s (0x%llx 0x%llx)", op, what, (unsigned long long)a,
			       (unsigned long long)b);
}

static void mmu_update(struct hostile *h, uint32_t nargs, uint64_t *args)
{
	const uint32_t op = HOSTILE_OP_MMU_UPDATE;
	uint32_t reserved;
	int64_t ret;

	mmu_request(h, &args[0], &args[1], &args[2], &reserved, 1);
	ret = pvabi_transport_call_raw(&pvabi_transport, op, nargs, args, FAULT);
	answered(h, op, nargs, ret);
	if (ret < 0)
		return;
	h->pte_writes += ret == 0;
	if (ret != 0 || nargs != 3 || !valid_entry(args[0], args[1]))
		mmu_wrong(h, op, "invalid update accepted", args[0], args[1]);
	else if (!landed(args[0], args[1], args[2]))
		mmu_wrong(h, op, "entry not written where asked", args[0], args[1]);
}

static uint64_t batch_count(struct hostile *h)
{
	uint64_t r = rnd(h), k = r >> 8;

	switch (r % 16) {
	case 0:
		return 0;
	case 1:
		return 512;
	case 2:
		return 513 + k % 1024;
	case 3:
		return (uint32_t)k | 0x80000000u;
	case 4: /* above 32 bits: the argument is a u32 */
		return k | UINT64_C(1) << 32;
	default:
		return 1 + k % (NREQS + 2);
	}
}

static void mmu_update_batch(struct hostile *h, uint32_t nargs, uint64_t *args)
{
	const uint32_t op = HOSTILE_OP_MMU_UPDATE_BATCH;
	const uint64_t size = sizeof(hostile_mmu_req);
	uint64_t r = rnd(h), k = r >> 8, count = batch_count(h), s = k % (NREQS + 1);
	uint64_t i, end = count < NREQS - s ? s + count : NREQS, applied = 0;
	int own_reqs = r % 8 < 5, own_done = (r >> 3) % 8 < 6;
	uint32_t d;
	int64_t ret;

	if (own_reqs) {
		for (i = s; i < end; i++) {
			uint64_t idx;

			mmu_request(h, &reqs[i].table, &idx, &reqs[i].value, &reqs[i].reserved0, 0);
			reqs[i].index = (uint32_t)idx;
		}
		args[1] = (uint64_t)(uintptr_t)&reqs[s];
	} else if ((r >> 6) % 3 == 0 && count) { /* straddles the end of RAM */
		args[1] = h->ram - size * ((k >> 8) % count);
	} else if ((r >> 6) % 3 == 1) {
		args[1] = h->ram + (k >> 8) % (UINT64_C(1) << 32);
	} else { /* wraps around 2^64 */
		args[1] = UINT64_MAX - (k >> 8) % (size * 4);
	}
	memset(done_buf, 0, sizeof(done_buf));
	if (own_done)
		args[2] = (uint64_t)(uintptr_t)done_buf + (k >> 12) % 5;
	else
		args[2] = (k >> 12) % 2 ? h->ram - (k >> 13) % 4 : UINT64_MAX - (k >> 13) % 4;
	args[0] = count;
	ret = pvabi_transport_call_raw(&pvabi_transport, op, nargs, args, FAULT);
	answered(h, op, nargs, ret);
	if (own_done) {
		memcpy(&d, done_buf + (args[2] - (uint64_t)(uintptr_t)done_buf), 4);
		applied = d;
	}
	if (ret >= 0 && (nargs != 3 || !own_done || (uint64_t)ret != count || applied != count))
		mmu_wrong(h, op, "batch accepted", count, (uint64_t)ret);
	if (applied > count || applied > NREQS - s || (applied && !own_reqs)) {
		mmu_wrong(h, op, "more requests applied than it could read", count, applied);
		applied = 0;
	}
	h->pte_writes += applied;
	for (i = s; i < s + applied; i++)
		if (!valid_entry(reqs[i].table, reqs[i].index) || reqs[i].reserved0)
			mmu_wrong(h, op, "invalid request applied", reqs[i].table, reqs[i].index);
	i = s + applied - 1;
	if (applied && !landed(reqs[i].table, reqs[i].index, reqs[i].value))
		mmu_wrong(h, op, "last request not written where asked", reqs[i].table,
			  reqs[i].index);
}

static void mmu_call(struct hostile *h, uint32_t op, uint32_t nargs, uint64_t *args)
{
	if (rnd(h) % 4) /* mostly well-formed, so every check behind nargs runs */
		nargs = 3;
	h->mmu_calls++;
	if (op == HOSTILE_OP_MMU_UPDATE)
		mmu_update(h, nargs, args);
	else
		mmu_update_batch(h, nargs, args);
}

static void mmu_init(void)
{
	unsigned int i;

	for (i = 0; i < 512; i++)
		tables.lo[i] = tables.hi[i] = GUARD;
	reqs[NREQS].table = table_page(0);
	reqs[NREQS].index = 512;
}

static void mmu_report(struct hostile *h)
{
	unsigned int i, changed = 0;

	for (i = 0; i < 512; i++)
		changed += (tables.lo[i] != GUARD) + (tables.hi[i] != GUARD);
	changed += reqs[NREQS].table != table_page(0) || reqs[NREQS].index != 512;
	pvabi_tap_check(h->tap, h->mmu_wrong == 0 && h->pte_writes > 0,
			"%llu page-table calls: %llu entries written, each where asked and only "
			"into the scratch tables (%llu wrong)",
			(unsigned long long)h->mmu_calls, (unsigned long long)h->pte_writes,
			(unsigned long long)h->mmu_wrong);
	pvabi_tap_check(h->tap, changed == 0,
			"guard pages around the scratch tables untouched (%u words changed)", changed);
}
#endif

static void random_call(struct hostile *h)
{
	uint64_t args[PVABI_FRAME_ARGS], r = rnd(h);
	uint32_t nargs = r % 8 == 0 ? (uint32_t)(r >> 32) : (uint32_t)((r >> 8) % 12);
	uint32_t op = hostile_op(h), i;
	int64_t ret;

	for (i = 0; i < PVABI_FRAME_ARGS; i++)
		args[i] = hostile_arg(h);
#ifdef HOSTILE_OP_MMU_UPDATE
	if (op == HOSTILE_OP_MMU_UPDATE || op == HOSTILE_OP_MMU_UPDATE_BATCH) {
		mmu_call(h, op, nargs, args);
		return;
	}
#endif
	ret = pvabi_transport_call_raw(&pvabi_transport, op, nargs, args, FAULT);
	answered(h, op, nargs, ret);
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
	mmu_report(h);
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
	mmu_init();
#endif
	st = pvabi_suite_negotiate_as(&t, &pvabi_conformance_suite, 0x6057);
	if (st != PVABI_PASS) {
		uart_wait(UART_LSR_TEMT);
		return st;
	}
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
	st = pvabi_tap_end(&t);
	uart_wait(UART_LSR_TEMT); /* the last byte left before the exit */
	return st;
}
