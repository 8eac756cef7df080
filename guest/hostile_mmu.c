/* The hostile guest's page-table calls (guest/hostile.c), for an ABI whose
 * hostile_abi.h names:
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
#include "guest/hostile.h"
#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"
#include "guest/rt/transport.h"
#include "hostile_abi.h"

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
	uint64_t r = hostile_rnd(h), k = r >> 8, v;

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
		v = hostile_rnd(h) & ~(PAGE - 1);
		return v < h->ram ? v + h->ram : v;
	}
}

static uint64_t mmu_index(struct hostile *h, int wide)
{
	uint64_t r = hostile_rnd(h), k = r >> 8;

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
	uint64_t r = hostile_rnd(h), k = r >> 8;

	switch (r % 4) {
	case 0:
		return hostile_rnd(h);
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
	uint64_t r = hostile_rnd(h), k = r >> 8;

	if (r % 2) {
		*table = table_page((unsigned int)k);
		*idx = (k >> 8) % 512;
		*value = (k >> 17) % 2 ? k & ~UINT64_C(1) : (k & 0xfffff000u) | 3;
		*reserved = 0;
	} else {
		*table = mmu_table(h);
		*idx = mmu_index(h, wide);
		*value = pte_value(h);
		*reserved = (k >> 8) % 4 ? 0 : (uint32_t)hostile_rnd(h) | 1;
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
	hostile_answered(h, op, nargs, ret);
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
	uint64_t r = hostile_rnd(h), k = r >> 8;

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
	uint64_t r = hostile_rnd(h), k = r >> 8, count = batch_count(h), s = k % (NREQS + 1);
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
	hostile_answered(h, op, nargs, ret);
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

void hostile_mmu_call(struct hostile *h, uint32_t op, uint32_t nargs, uint64_t *args)
{
	if (hostile_rnd(h) % 4) /* mostly well-formed, so every check behind nargs runs */
		nargs = 3;
	h->mmu_calls++;
	if (op == HOSTILE_OP_MMU_UPDATE)
		mmu_update(h, nargs, args);
	else
		mmu_update_batch(h, nargs, args);
}

void hostile_mmu_init(void)
{
	unsigned int i;

	for (i = 0; i < 512; i++)
		tables.lo[i] = tables.hi[i] = GUARD;
	reqs[NREQS].table = table_page(0);
	reqs[NREQS].index = 512;
}

void hostile_mmu_report(struct hostile *h)
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
