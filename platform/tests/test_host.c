/* The shared frame server against hostile frames: outside memory,
 * misaligned, bad magic, too many arguments, not pending, and a large
 * number of random frames; every served call gets an answer, nothing is
 * read or written outside guest memory (ASan would catch it: guest memory
 * here is an exactly-sized heap buffer). */
#include "platform/host.h"
#include "platform/irq.h"
#include "tests/harness.h"

#include <stdlib.h>
#include <string.h>

#define MEM 8192

static uint8_t *mem;
static uint32_t last_op, last_nargs;
static uint64_t last_args[8];

static int64_t dispatch(void *ctx, uint32_t op, uint32_t nargs, const uint64_t *args)
{
	(void)ctx;
	last_op = op;
	last_nargs = nargs;
	memcpy(last_args, args, sizeof(last_args));
	return 1000 + op;
}

static void frame(uint64_t gpa, uint32_t magic, uint32_t op, uint32_t nargs, uint32_t state,
		  uint64_t seq)
{
	uint8_t *f = mem + gpa;
	uint64_t i;

	memcpy(f, &magic, 4);
	memcpy(f + 4, &op, 4);
	memcpy(f + 8, &nargs, 4);
	memcpy(f + 12, &state, 4);
	memcpy(f + 16, &seq, 8);
	for (i = 0; i < 8; i++)
		memcpy(f + 24 + 8 * i, &(uint64_t){ 100 + i }, 8);
}

static int64_t ret_of(uint64_t gpa)
{
	int64_t r;

	memcpy(&r, mem + gpa + 88, 8);
	return r;
}

static uint32_t state_of(uint64_t gpa)
{
	uint32_t s;

	memcpy(&s, mem + gpa + 12, 4);
	return s;
}

static void test_serves(void)
{
	struct pvabi_host h = { 0 };

	mem = calloc(1, MEM);
	h = (struct pvabi_host){ mem, MEM, 0x1000, dispatch, NULL, 0, 0, 0, -22, 0 };
	frame(0x1000, PVABI_HOST_FRAME_MAGIC, 7, 3, 1, 42);
	CU_ASSERT_EQUAL(pvabi_host_serve(&h), 1);
	CU_ASSERT_EQUAL(last_op, 7);
	CU_ASSERT_EQUAL(last_nargs, 3);
	CU_ASSERT_EQUAL(last_args[2], 102);
	CU_ASSERT_EQUAL(ret_of(0x1000), 1007);
	CU_ASSERT_EQUAL(state_of(0x1000), 2);
	CU_ASSERT_EQUAL(pvabi_host_serve(&h), 0); /* nothing pending now */
	CU_ASSERT_EQUAL(h.spurious, 1);
	free(mem);
}

/* Slots past nargs are counted when not zero (frame() fills all eight),
 * never refused: the dispatch still gets the call. */
static void test_stale_slots(void)
{
	struct pvabi_host h;
	uint64_t zero = 0;
	int i;

	mem = calloc(1, MEM);
	h = (struct pvabi_host){ mem, MEM, 0x1000, dispatch, NULL, 0, 0, 0, -22, 0 };
	frame(0x1000, PVABI_HOST_FRAME_MAGIC, 7, 3, 1, 1);
	CU_ASSERT_EQUAL(pvabi_host_serve(&h), 1);
	CU_ASSERT_EQUAL(h.stale_slots, 1);
	CU_ASSERT_EQUAL(ret_of(0x1000), 1007);
	frame(0x1000, PVABI_HOST_FRAME_MAGIC, 7, 3, 1, 2);
	for (i = 3; i < 8; i++)
		memcpy(mem + 0x1000 + 24 + 8 * i, &zero, 8);
	CU_ASSERT_EQUAL(pvabi_host_serve(&h), 1);
	CU_ASSERT_EQUAL(h.stale_slots, 1);
	frame(0x1000, PVABI_HOST_FRAME_MAGIC, 7, 8, 1, 3); /* every slot used */
	CU_ASSERT_EQUAL(pvabi_host_serve(&h), 1);
	CU_ASSERT_EQUAL(h.stale_slots, 1);
	CU_ASSERT_EQUAL(h.calls, 3);
	free(mem);
}

static void test_hostile_frames(void)
{
	struct pvabi_host h;

	mem = calloc(1, MEM);
	h = (struct pvabi_host){ mem, MEM, 0x1000, dispatch, NULL, 0, 0, 0, -22, 0 };
	frame(0x1000, 0xdeadbeef, 7, 3, 1, 1);
	CU_ASSERT_EQUAL(pvabi_host_serve(&h), 1);
	CU_ASSERT_EQUAL(ret_of(0x1000), -22);
	frame(0x1000, PVABI_HOST_FRAME_MAGIC, 7, 9, 1, 1);
	CU_ASSERT_EQUAL(pvabi_host_serve(&h), 1);
	CU_ASSERT_EQUAL(ret_of(0x1000), -22);
	CU_ASSERT_EQUAL(h.bad_frames, 2);
	h.frame_gpa = MEM - 95; /* frame straddles the end */
	CU_ASSERT_EQUAL(pvabi_host_serve(&h), -1);
	h.frame_gpa = UINT64_MAX - 8;
	CU_ASSERT_EQUAL(pvabi_host_serve(&h), -1);
	h.frame_gpa = 0x1004; /* misaligned */
	CU_ASSERT_EQUAL(pvabi_host_serve(&h), -1);
	CU_ASSERT_EQUAL(pvabi_gmem_check(&h, MEM, 0), 0);
	CU_ASSERT_EQUAL(pvabi_gmem_check(&h, MEM, 1), -1);
	CU_ASSERT_EQUAL(pvabi_gmem_check(&h, 1, UINT64_MAX), -1);
	free(mem);
}

static void test_random_frames(void)
{
	struct pvabi_host h;
	unsigned int seed = 12345, i, j, answered = 0, pending = 0;

	mem = calloc(1, MEM);
	h = (struct pvabi_host){ mem, MEM, 0x800, dispatch, NULL, 0, 0, 0, -22, 0 };
	for (i = 0; i < 200000; i++) {
		for (j = 0; j < 96; j++)
			mem[0x800 + j] = (uint8_t)(rand_r(&seed) >> 7);
		if (i & 1)
			mem[0x800 + 12] = 1, mem[0x800 + 13] = mem[0x800 + 14] = mem[0x800 + 15] = 0;
		pending += state_of(0x800) == 1;
		if (pvabi_host_serve(&h) == 1)
			answered += state_of(0x800) == 2;
	}
	CU_ASSERT_EQUAL(answered, pending);
	CU_ASSERT_EQUAL(h.calls, pending);
	free(mem);
}

/* The interrupt queue between a platform and its engine: in order, a
 * full queue and other vCPUs dropped and counted, never blocking. */
static void test_irq_queue(void)
{
	struct pvabi_irqq q;
	unsigned int i;

	memset(&q, 0, sizeof(q));
	CU_ASSERT_EQUAL(pvabi_irq_take(&q, 0), -1);
	CU_ASSERT_EQUAL(pvabi_irq_take(NULL, 0), -1);
	CU_ASSERT_EQUAL(pvabi_irq_take(&q, PVABI_IRQ_VCPUS), -1);
	pvabi_irq_post(NULL, 0, 0x40); /* no queue: nothing to do */
	pvabi_irq_post(&q, 0, 0x40);
	pvabi_irq_post(&q, 1, 0x42);
	pvabi_irq_post(&q, 0, 0x41);
	pvabi_irq_post(&q, PVABI_IRQ_VCPUS, 0x43); /* no such vCPU: dropped */
	CU_ASSERT_EQUAL(q.dropped, 1);
	CU_ASSERT_EQUAL(pvabi_irq_pending(&q, 0), 2);
	CU_ASSERT_EQUAL(pvabi_irq_pending(&q, 1), 1);
	CU_ASSERT_EQUAL(pvabi_irq_take(&q, 0), 0x40);
	CU_ASSERT_EQUAL(pvabi_irq_take(&q, 0), 0x41); /* each vCPU's own, in order */
	CU_ASSERT_EQUAL(pvabi_irq_take(&q, 0), -1);
	CU_ASSERT_EQUAL(pvabi_irq_take(&q, 1), 0x42);
	CU_ASSERT_EQUAL(pvabi_irq_take(&q, 1), -1);
	for (i = 0; i < PVABI_IRQ_DEPTH + 10; i++)
		pvabi_irq_post(&q, 1, (uint8_t)(0x20 + i));
	CU_ASSERT_EQUAL(pvabi_irq_pending(&q, 1), PVABI_IRQ_DEPTH);
	CU_ASSERT_EQUAL(pvabi_irq_pending(&q, 0), 0);
	CU_ASSERT_EQUAL(q.dropped, 11);
	for (i = 0; i < PVABI_IRQ_DEPTH; i++)
		CU_ASSERT_EQUAL(pvabi_irq_take(&q, 1), (int)(uint8_t)(0x20 + i)); /* wraps in order */
	CU_ASSERT_EQUAL(q.posted, 3 + PVABI_IRQ_DEPTH);
	CU_ASSERT_EQUAL(q.taken, 3 + PVABI_IRQ_DEPTH);
}

static const struct pvabi_test_case cases[] = {
	{ "serves", test_serves },
	{ "stale_slots_counted", test_stale_slots },
	{ "irq_queue", test_irq_queue },
	{ "hostile_frames", test_hostile_frames },
	{ "random_frames", test_random_frames },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "platform_host", cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
