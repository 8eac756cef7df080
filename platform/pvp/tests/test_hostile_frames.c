/* Hostile frames: the frame server and the pvp dispatch and handlers fed
 * a large number of random call frames over guest memory, as a guest
 * that wants to hurt its platform would write them: random op ids and
 * argument counts, bad magics, pointers just inside, at and beyond the
 * end of memory, huge sizes and counts. Every answer must be a success
 * (ret >= 0) or one of the ABI's defined errors, every frame must be
 * answered, and nothing outside guest memory may change (guard bytes
 * here; ASan in the SANITIZE=1 build). Deterministic: a fixed seed,
 * overridable with PVP_HOSTILE_SEED; PVP_HOSTILE_FRAMES sets the count. */
#include "platform/pvp/tests/pvp_fixture.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEM (256u << 10)
#define FRAMES_DEFAULT 250000ul
#define SESSION 5000 /* frames per platform instance */

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t below(uint64_t n)
{
	return next() % n;
}

static const int64_t errors[] = {
	PVP_EPERM, PVP_ENOENT, PVP_E2BIG, PVP_EFAULT, PVP_EBUSY, PVP_EINVAL, PVP_ENOSPC,
	PVP_ERANGE, PVP_ENOSYS, PVP_ETIME, PVP_EALREADY, PVP_ENOTNEGOTIATED, PVP_EREVISION,
	PVP_EREMOVED, PVP_ENOFEATURE,
};

static int defined_result(int64_t r)
{
	size_t i;

	if (r >= 0)
		return 1;
	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (r == errors[i])
			return 1;
	return 0;
}

/* An argument the way a hostile guest picks them. */
static uint64_t hostile_arg(void)
{
	switch (below(12)) {
	case 0: return below(16);
	case 1: return MEM - below(128);             /* just inside the end */
	case 2: return MEM + below(128);             /* at and past the end */
	case 3: return ~UINT64_C(0) - below(4096);   /* wraps */
	case 4: return UINT64_C(1) << below(64);
	case 5: return below(MEM / 4096) * 4096;     /* page-aligned gpa */
	case 6: return below(MEM);                   /* any gpa */
	case 7: return below(1100);                  /* ports, counts, lengths */
	case 8: return 131072 - 2 + below(4);        /* the fifo port limit */
	case 9: return 0xffffffffu - below(2);
	case 10: return next() & 0xffffffffu;
	default: return next();
	}
}

/* Argument counts of ops 0-20 in the newest revision; older revisions
 * take one fewer for set_timer and yield. Used for most frames so that
 * calls get past the argument-count gate to the handlers. */
static const uint8_t op_nargs[] = { 2, 2, 1, 3, 2, 2, 3, 1, 2, 0, 1, 1, 3, 1, 1, 1, 3, 2, 3, 3, 1 };

static uint32_t pick_nargs(uint32_t op)
{
	if (op < sizeof(op_nargs) && below(4))
		return op_nargs[op] - (op_nargs[op] && !below(4) ? 1u : 0u);
	return below(30) ? (uint32_t)below(9) : (uint32_t)below(64);
}

static void write_frame(uint8_t *f, uint64_t seq)
{
	uint32_t magic = below(50) ? 0x46435650u : (uint32_t)next();
	uint32_t op = below(20) ? (uint32_t)below(24) : (uint32_t)next();
	uint32_t nargs = pick_nargs(op);
	uint32_t state = 1;
	uint64_t a;
	int i;

	memcpy(f, &magic, 4);
	memcpy(f + 4, &op, 4);
	memcpy(f + 8, &nargs, 4);
	memcpy(f + 16, &seq, 8);
	for (i = 0; i < 8; i++) {
		a = hostile_arg();
		memcpy(f + 24 + 8 * i, &a, 8);
	}
	memset(f + 88, 0, 8);
	memcpy(f + 12, &state, 4);
}

/* Occasionally plant plausible structures where pointers may land: a
 * valid offer (so sessions get negotiated), size guards, batch requests. */
static void seed_memory(uint8_t *mem)
{
	uint64_t at = below(MEM / 64) * 64;
	struct pvabi_neg_offer o;
	uint32_t v;

	switch (below(4)) {
	case 0:
		o.rev_min = PVABI_NEG_REV(1, 0);
		o.rev_max = pvp_window_revs[below(PVP_WINDOW_NREVS)];
		o.required = 0;
		o.optional = next();
		o.guest_id = 1;
		if (at + 64 <= MEM && (at + 64 <= 0x7000 || at >= 0x7000 + 96))
			pvabi_neg_offer_encode(&o, mem + at, 64);
		break;
	case 1:
		v = (uint32_t)below(64);
		if (at + 4 <= MEM)
			memcpy(mem + at, &v, 4);
		break;
	default:
		break;
	}
}

struct run {
	struct gmem g;
	struct pvp_ctx c;
	struct pvabi_neg_profile p;
	unsigned long frames, bad, unanswered, negotiated_sessions, ok;
	unsigned long log_calls;
};

static void count_log(void *ctx, const char *buf, size_t n)
{
	struct run *r = ctx;

	(void)buf;
	(void)n;
	r->log_calls++;
}

/* One platform instance: optionally negotiated up front at a random
 * revision with random features; then SESSION random frames. */
static void session(struct run *r, unsigned long n)
{
	struct pvp_options o = { count_log, r, 1 + (uint32_t)below(4), below(2) ? 32 : 64, NULL, NULL, 0, 0 };
	uint8_t *f = r->g.mem + 0x7000;
	unsigned long i;
	int64_t ret;
	uint32_t st;

	CU_ASSERT_EQUAL_FATAL(pvp_platform_init(&r->c, &r->p, &o), 0);
	r->c.host.mem = r->g.mem;
	r->c.host.size = r->g.size;
	if (below(4)) {
		uint32_t rev = pvp_window_revs[below(PVP_WINDOW_NREVS)];

		pvp_test_negotiate(&r->c, 0x8000, rev, rev, next());
	}
	r->negotiated_sessions += r->c.st.negotiated ? 1 : 0;
	for (i = 0; i < n; i++) {
		if (!below(8))
			seed_memory(r->g.mem);
		write_frame(f, r->frames);
		CU_ASSERT_EQUAL(pvabi_host_serve(&r->c.host), 1);
		memcpy(&st, f + 12, 4);
		memcpy(&ret, f + 88, 8);
		r->frames++;
		r->unanswered += st != 2;
		if (!defined_result(ret) && r->bad++ < 10)
			printf("\n  frame %lu: undefined result %lld", r->frames, (long long)ret);
		r->ok += ret >= 0;
	}
	pvp_platform_fini(&r->c);
}

static void test_random_frames(void)
{
	static struct run r;
	const char *e = getenv("PVP_HOSTILE_FRAMES"), *s = getenv("PVP_HOSTILE_SEED");
	unsigned long total = e ? strtoul(e, NULL, 0) : FRAMES_DEFAULT;
	uint64_t seed = s ? strtoull(s, NULL, 0) : UINT64_C(0x9e3779b97f4a7c15);

	memset(&r, 0, sizeof(r));
	rng = seed ? seed : 1;
	CU_ASSERT_EQUAL_FATAL(gmem_alloc(&r.g, MEM), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_test_window_profile(&r.p), 0);
	while (r.frames < total) {
		session(&r, total - r.frames < SESSION ? total - r.frames : SESSION);
		if (!gmem_guards_intact(&r.g))
			break;
	}
	printf("\n  seed 0x%llx: %lu frames, %lu succeeded, %lu sessions negotiated, %lu log records",
	       (unsigned long long)seed, r.frames, r.ok, r.negotiated_sessions, r.log_calls);
	CU_ASSERT_TRUE(r.frames >= total);
	CU_ASSERT_EQUAL(r.bad, 0);
	CU_ASSERT_EQUAL(r.unanswered, 0);
	CU_ASSERT_TRUE(gmem_guards_intact(&r.g));
	/* the generator must reach handlers, not only the dispatch's gates */
	CU_ASSERT_TRUE(r.ok > total / 100);
	CU_ASSERT_TRUE(r.negotiated_sessions > 0);
	gmem_free(&r.g);
}

/* The frame itself at the end of memory or beyond: a harness fault (-1),
 * never an access outside memory. */
static void test_frame_outside_memory(void)
{
	struct pvabi_neg_profile p;
	struct pvp_ctx c;
	struct gmem g;

	CU_ASSERT_EQUAL_FATAL(gmem_alloc(&g, 0x7000 + 95), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_test_window_profile(&p), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_platform_init(&c, &p, NULL), 0);
	CU_ASSERT_EQUAL(pvp_platform_doorbell(&c, 0, g.mem, g.size, 0), -1);
	CU_ASSERT_TRUE(gmem_guards_intact(&g));
	pvp_platform_fini(&c);
	gmem_free(&g);
}

/* A ring named after a vCPU the platform does not run is the engine's
 * fault: refused (-1), the pending frame left as it was, never served
 * as another vCPU's call. */
static void test_ring_from_unknown_vcpu(void)
{
	struct pvp_options o = { .nvcpus = 2 };
	struct pvabi_neg_profile p;
	struct pvp_ctx c;
	struct gmem g;
	uint32_t state = 1;

	CU_ASSERT_EQUAL_FATAL(gmem_alloc(&g, 0x10000), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_test_window_profile(&p), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_platform_init(&c, &p, &o), 0);
	memcpy(g.mem + 0x7000 + 12, &state, 4);
	CU_ASSERT_EQUAL(pvp_platform_doorbell(&c, 2, g.mem, g.size, 3), -1);
	CU_ASSERT_EQUAL(pvp_platform_doorbell(&c, UINT32_MAX, g.mem, g.size, 0), -1);
	CU_ASSERT_EQUAL(c.host.calls, 0);
	memcpy(&state, g.mem + 0x7000 + 12, 4);
	CU_ASSERT_EQUAL(state, 1);
	CU_ASSERT_EQUAL(pvp_platform_doorbell(&c, 1, g.mem, g.size, 2), 0);
	CU_ASSERT_EQUAL(c.host.calls, 1);
	CU_ASSERT_EQUAL(c.vcpu, 1);
	CU_ASSERT_TRUE(gmem_guards_intact(&g));
	pvp_platform_fini(&c);
	gmem_free(&g);
}

const struct pvabi_test_case pvp_hostile_cases[] = {
	{ "random_frames", test_random_frames },
	{ "frame_outside_memory", test_frame_outside_memory },
	{ "ring_from_unknown_vcpu", test_ring_from_unknown_vcpu },
	{ NULL, NULL },
};
