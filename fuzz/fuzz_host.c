/* The frame server (platform/host.c) in front of the reference platform
 * built from the generated pvp dispatch: one input is one guest's life,
 * a sequence of writes into its memory and of calls through the frame.
 *
 * Input: byte 0 configures the platform (bits 0-1: vCPUs - 1; bit 2: a
 * 32-bit guest; bits 3-5: 1 + the window revision negotiated before the
 * first record, 0 for none; bits 6-7: the memory size), bytes 1-8 the
 * features offered in that negotiation; then records, each a kind byte
 *   kind & 3 == 0: poke   u16 offset, u8 length, the bytes
 *   otherwise:     call   u32 op, u8 nargs, 8 x u64 args (missing: 0);
 *                         kind bit 2: each arg taken modulo memory + 256
 *                         (addresses), bit 3: bad magic, bit 4: no call
 *                         pending (a spurious doorbell), bits 5-7: the
 *                         vCPU that rings (modulo the vCPUs)
 * Promises beyond no crash, no leak and no undefined behaviour (guest
 * memory is allocated to the byte, so ASan sees any access beyond it):
 * every pending frame is answered with its sequence number and a
 * success or an error the ABI defines; a doorbell without a pending call
 * changes nothing; events go to existing vCPUs only. */
#include "fuzz/fuzz.h"

#include "platform/pvp/pvp.h"

#include <stdlib.h>
#include <string.h>

#define NEG_AT 0x100u /* offer here, answer 0x80 above */

static const size_t mem_sizes[4] = { 0x8000, 0x10000, 0x40000, PVP_FRAME_GPA + PVABI_HOST_FRAME_SIZE };
static const int64_t errors[] = {
	PVP_EPERM, PVP_ENOENT, PVP_E2BIG, PVP_EFAULT, PVP_EBUSY, PVP_EINVAL, PVP_ENOSPC,
	PVP_ERANGE, PVP_ENOSYS, PVP_ETIME, PVP_EALREADY, PVP_ENOTNEGOTIATED, PVP_EREVISION,
	PVP_EREMOVED, PVP_ENOFEATURE,
};
static struct pvabi_neg_profile window;

struct input {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct input *in, size_t k)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < k && in->n; i++, in->n--)
		v |= (uint64_t)*in->p++ << (8 * i);
	return v;
}

static volatile char log_sum;

static void log_sink(void *ctx, const char *buf, size_t n)
{
	char x = 0;
	size_t i;

	(void)ctx;
	for (i = 0; i < n; i++) /* the platform hands over n readable bytes */
		x ^= buf[i];
	log_sum = x;
}

static void inject_sink(void *ctx, uint32_t vcpu, uint8_t vector)
{
	const struct pvp_ctx *c = ctx;

	(void)vector;
	if (vcpu >= c->opt.nvcpus)
		fuzz_fail("event injected into vCPU %u of %u", vcpu, c->opt.nvcpus);
}

static void check_result(int64_t r, uint32_t op)
{
	size_t i;

	if (r >= 0)
		return;
	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (r == errors[i])
			return;
	fuzz_fail("op %u returned %lld, not an error of the ABI", op, (long long)r);
}

static void poke(struct pvp_ctx *c, struct input *in)
{
	size_t off = (size_t)take(in, 2) % c->host.size, len = (size_t)take(in, 1);

	if (len > in->n)
		len = in->n;
	if (len > c->host.size - off)
		len = c->host.size - off;
	memcpy(c->host.mem + off, in->p, len);
	in->p += len;
	in->n -= len;
}

static void frame_write(uint8_t *f, uint8_t kind, uint32_t op, uint32_t nargs,
			const uint64_t *args, uint64_t seq)
{
	uint32_t magic = kind & 8 ? 0xbad0f00du : PVABI_HOST_FRAME_MAGIC;
	uint32_t state = kind & 16 ? 2u : 1u;

	memcpy(f, &magic, 4);
	memcpy(f + 4, &op, 4);
	memcpy(f + 8, &nargs, 4);
	memcpy(f + 16, &seq, 8);
	memcpy(f + 24, args, 64);
	memset(f + 88, 0xee, 8);
	memcpy(f + 12, &state, 4);
}

static void call(struct pvp_ctx *c, struct input *in, uint8_t kind, uint64_t seq)
{
	uint8_t *f = c->host.mem + PVP_FRAME_GPA, before[PVABI_HOST_FRAME_SIZE];
	uint32_t op = (uint32_t)take(in, 4), nargs = (uint32_t)take(in, 1), state;
	uint64_t args[8], echo;
	int64_t ret;
	int i;

	for (i = 0; i < 8; i++) {
		args[i] = take(in, 8);
		if (kind & 4)
			args[i] %= c->host.size + 256;
	}
	c->vcpu = (uint32_t)(kind >> 5) % c->opt.nvcpus;
	frame_write(f, kind, op, nargs, args, seq);
	memcpy(before, f, sizeof(before));
	if (pvp_platform_doorbell(c, 0, c->host.mem, c->host.size, 0))
		fuzz_fail("the frame at 0x%llx is inside memory, yet refused",
			  (unsigned long long)PVP_FRAME_GPA);
	if (kind & 16) {
		if (memcmp(before, f, sizeof(before)))
			fuzz_fail("a doorbell without a pending call changed the frame");
		return;
	}
	memcpy(&state, f + 12, 4);
	memcpy(&echo, f + 16, 8);
	memcpy(&ret, f + 88, 8);
	/* the handler may have written over the frame (it is guest memory);
	 * the answer, written last, must be intact */
	if (state != 2 || echo != seq)
		fuzz_fail("op %u: frame state %u, sequence %llu for %llu", op, state,
			  (unsigned long long)echo, (unsigned long long)seq);
	check_result(ret, op);
}

static void negotiate(struct pvp_ctx *c, unsigned int idx, uint64_t features)
{
	struct pvabi_neg_offer o = { pvp_window_revs[idx], pvp_window_revs[idx], 0, features, 1 };
	uint64_t args[2] = { NEG_AT, NEG_AT + 0x80 };

	if (pvabi_neg_offer_encode(&o, c->host.mem + NEG_AT, 0x80) < 0)
		fuzz_fail("offer does not encode");
	check_result(pvp_platform_call(c, PVP_OP_NEGOTIATE, 2, args), 0);
	if (!c->st.negotiated)
		fuzz_fail("negotiation of window revision %u failed", idx);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct pvabi_neg_rev_desc d[PVP_WINDOW_NREVS];
	int k;

	(void)argc;
	(void)argv;
	for (k = 0; k < PVP_WINDOW_NREVS; k++) {
		d[k].rev = pvp_window_revs[k];
		d[k].served = 1;
		d[k].features_defined = pvp_window_features[k];
	}
	if (pvabi_neg_profile_build(&window, d, PVP_WINDOW_NREVS, ~UINT64_C(0), 1))
		fuzz_fail("the window profile does not build");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	uint8_t cfg = (uint8_t)take(&in, 1);
	uint64_t features = take(&in, 8), seq = 0;
	struct pvp_options o = { log_sink, NULL, 1 + (cfg & 3u), cfg & 4 ? 32 : 64,
				 inject_sink, NULL, 0, 0 };
	static struct pvp_ctx c;
	uint8_t *mem;

	if (pvp_platform_init(&c, &window, &o))
		fuzz_fail("platform init failed");
	c.opt.inject_ctx = &c;
	c.host.size = mem_sizes[cfg >> 6];
	c.host.mem = mem = calloc(1, c.host.size);
	if (!mem)
		fuzz_fail("no memory");
	if ((cfg >> 3 & 7u) && (cfg >> 3 & 7u) <= PVP_WINDOW_NREVS)
		negotiate(&c, (cfg >> 3 & 7u) - 1, features);
	while (in.n) {
		uint8_t kind = (uint8_t)take(&in, 1);

		if ((kind & 3) == 0)
			poke(&c, &in);
		else
			call(&c, &in, kind, ++seq);
	}
	pvp_platform_fini(&c);
	free(mem);
	return 0;
}
