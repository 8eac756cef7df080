/* The memory console's runner side (conformance/conmem.c over
 * conformance/conrec_read.c): one input is a hostile guest's life with
 * its result-record region, writes into its memory and calls of the
 * memory console's op, each call preceded by a drain as the cell runner
 * does before every call.
 *
 * Input: byte 0 picks the memory size (bits 0-1); then steps, each a kind
 * byte (kind & 7):
 *   0: poke    u32 offset, u16 length, the bytes
 *   1: header  u32 address, u32 cap, u32 len; bit 3: a bad magic
 *   2: record  u16 length, the bytes, appended at the header's len (bit 3:
 *              its size field set to the length), len raised
 *   3: call    the op with the last header's address; bit 3: another
 *              address (u32), bit 4: two arguments, bit 5: another op
 *   4: len     u32 written into the last header's len
 *   otherwise: a drain alone
 * Promises beyond no crash, no leak and no undefined behaviour (guest
 * memory is allocated to the byte): a call is served only as the op with
 * one argument at a header with the magic; a refused channel has its
 * reason, answers -1 and renders nothing more; what was read never passes
 * the capacity; the rendered text stays within PVABI_CONMEM_MAX_OUTPUT
 * whatever the records' widths and however often they are drained. */
#include "fuzz/fuzz.h"

#include "conformance/conmem.h"
#include "guest/rt/console_mem.h"

#include <stdlib.h>
#include <string.h>

static const size_t mem_sizes[4] = { 0x1000, 0x4000, 0x12000, (1u << 20) + 0x2000 };

struct input {
	const uint8_t *p;
	size_t n;
};

struct life {
	struct pvabi_host h;
	struct pvabi_conmem m;
	uint64_t hdr;      /* the last header written */
	size_t out;        /* bytes rendered */
	size_t dead_out;   /* bytes rendered when the channel was refused */
	int was_dead;
	volatile char sum;
};

static uint64_t take(struct input *in, size_t k)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < k && in->n; i++, in->n--)
		v |= (uint64_t)*in->p++ << (8 * i);
	return v;
}

static void sink(void *ctx, const char *buf, size_t n)
{
	struct life *l = ctx;
	char x = 0;
	size_t i;

	for (i = 0; i < n; i++) /* n readable bytes */
		x ^= buf[i];
	l->sum = x;
	l->out += n;
}

static void put(struct life *l, uint64_t at, const void *p, size_t n)
{
	if (at <= l->h.size && n <= l->h.size - at)
		memcpy(l->h.mem + at, p, n);
}

static void poke(struct life *l, struct input *in)
{
	uint64_t at = take(in, 4) % l->h.size;
	size_t n = (size_t)take(in, 2);

	if (n > in->n)
		n = in->n;
	put(l, at, in->p, n);
	in->p += n;
	in->n -= n;
}

static void header(struct life *l, struct input *in, uint8_t kind)
{
	struct pvabi_console_mem hd = { kind & 8 ? 0x52435651u : PVABI_CONREC_MAGIC, 0, 0, 0 };

	l->hdr = take(in, 4) % (l->h.size + 64);
	hd.cap = (uint32_t)take(in, 4);
	hd.len = (uint32_t)take(in, 4);
	put(l, l->hdr, &hd, sizeof(hd));
}

static void record(struct life *l, struct input *in, uint8_t kind)
{
	struct pvabi_console_mem hd;
	size_t n = (size_t)take(in, 2);
	uint16_t size;

	if (n > in->n)
		n = in->n;
	if (!pvabi_gmem_read(&l->h, l->hdr, &hd, sizeof(hd))) {
		uint64_t at = l->hdr + sizeof(hd) + hd.len;

		put(l, at, in->p, n);
		if (kind & 8 && n >= 2) {
			size = (uint16_t)n;
			put(l, at, &size, 2);
		}
		hd.len += (uint32_t)n;
		put(l, l->hdr, &hd, sizeof(hd));
	}
	in->p += n;
	in->n -= n;
}

static void set_len(struct life *l, struct input *in)
{
	uint32_t len = (uint32_t)take(in, 4);

	put(l, l->hdr + 8, &len, 4);
}

static void call(struct life *l, struct input *in, uint8_t kind)
{
	uint64_t args[2] = { l->hdr, 0 };
	uint32_t op = kind & 32 ? (uint32_t)take(in, 4) : PVABI_CONSOLE_MEM_OP, magic = 0;
	uint32_t nargs = kind & 16 ? 2 : 1;
	int served, ours;
	int64_t ret = 7;

	if (kind & 8)
		args[0] = take(in, 4) % (l->h.size + 64);
	ours = op == PVABI_CONSOLE_MEM_OP && nargs == 1 &&
	       !pvabi_gmem_read(&l->h, args[0], &magic, 4) && magic == PVABI_CONREC_MAGIC;
	pvabi_conmem_drain(&l->m, &l->h);
	served = pvabi_conmem_call(&l->m, &l->h, op, nargs, args, &ret);
	if (served != ours)
		fuzz_fail("op 0x%x, %u args at 0x%llx: %s", op, nargs, (unsigned long long)args[0],
			  ours ? "not served" : "served, yet not the memory console's");
	if (served && ret != 0 && ret != -1)
		fuzz_fail("the memory console answered %lld", (long long)ret);
	if (served && l->m.dead && ret != -1)
		fuzz_fail("a refused channel answered %lld", (long long)ret);
}

static void promises(struct life *l)
{
	if (memchr(l->m.error, 0, sizeof(l->m.error)) == NULL)
		fuzz_fail("reason not NUL-terminated");
	if (l->m.dead && !l->m.error[0])
		fuzz_fail("refused without a reason");
	if (!l->m.dead && l->m.gpa && l->m.seen > l->m.cap)
		fuzz_fail("read %u bytes of a region of %u", l->m.seen, l->m.cap);
	if (l->m.dead && !l->was_dead) {
		l->was_dead = 1;
		l->dead_out = l->out;
	}
	if (l->was_dead && l->out != l->dead_out)
		fuzz_fail("%zu bytes rendered after the channel was refused", l->out - l->dead_out);
	if (l->out > PVABI_CONMEM_MAX_OUTPUT + sizeof(l->m.error) + 64)
		fuzz_fail("%zu bytes rendered, past the limit %u", l->out, PVABI_CONMEM_MAX_OUTPUT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	static struct life l;

	memset(&l, 0, sizeof(l));
	l.h.size = mem_sizes[take(&in, 1) & 3];
	l.h.mem = calloc(1, l.h.size);
	if (!l.h.mem)
		fuzz_fail("no memory");
	pvabi_conmem_init(&l.m, sink, &l);
	while (in.n) {
		uint8_t kind = (uint8_t)take(&in, 1);

		switch (kind & 7) {
		case 0: poke(&l, &in); break;
		case 1: header(&l, &in, kind); break;
		case 2: record(&l, &in, kind); break;
		case 3: call(&l, &in, kind); break;
		case 4: set_len(&l, &in); break;
		default: pvabi_conmem_drain(&l.m, &l.h); break;
		}
		promises(&l);
	}
	free(l.h.mem);
	return 0;
}
