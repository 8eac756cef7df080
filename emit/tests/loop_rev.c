/* Calls every op of one revision through that revision's generated stubs
 * (compiled once per revision with its own mini_guest.h) and checks what
 * the dispatch passed to the handler: values, defaults filled by compat
 * adapters, pointer sizes as the revision defines them, and the error of
 * every call the revision must refuse. */
#include "emit/tests/loop.h"

#include <CUnit/CUnit.h>

#include "mini_guest.h"

#define CAT2(a, b) a##_##b
#define CAT(a, b) CAT2(a, b)
#define LOOP_FN(name) CAT(name, LOOP_SUFFIX)

void LOOP_FN(loop_stubs)(void);

/* Later revisions' codes: a header names only revisions up to its own. */
#define T_REV_1_1 0x00010001u
#define T_REV_1_2 0x00010002u

#define RET(op) (LOOP_RET_BASE + (int64_t)(op))

static void *gmem(size_t off)
{
	return loop_mem + off;
}

static void check_halt(void)
{
	loop_reset();
	CU_ASSERT_EQUAL(mini_halt(MINI_REASON_REBOOT), RET(MINI_OP_HALT));
	CU_ASSERT_EQUAL(loop_last.args[0], MINI_REASON_REBOOT);
	loop_reset();
	CU_ASSERT_EQUAL(mini_halt(7), MINI_EINVAL); /* the spec's own vector */
	CU_ASSERT_FALSE(loop_last.called);
	loop_reset();
#if MINI_REVISION >= T_REV_1_1
	CU_ASSERT_EQUAL(mini_halt(MINI_REASON_CRASH), RET(MINI_OP_HALT));
#else
	/* crash (2) arrives in 1.1: a 1.0 guest may not use it */
	CU_ASSERT_EQUAL(mini_halt(2), MINI_EINVAL);
#endif
}

static void check_set_timer(void)
{
	loop_reset();
#if MINI_REVISION >= T_REV_1_1
	CU_ASSERT_EQUAL(mini_set_timer(UINT64_C(1) << 40, 9), RET(MINI_OP_SET_TIMER));
	CU_ASSERT_EQUAL(loop_last.args[1], 9);
#else
	CU_ASSERT_EQUAL(mini_set_timer(UINT64_C(1) << 40), RET(MINI_OP_SET_TIMER));
	CU_ASSERT_EQUAL(loop_last.args[1], 0); /* compat adapter's default */
#endif
	CU_ASSERT_EQUAL(loop_last.args[0], UINT64_C(1) << 40);
	CU_ASSERT_EQUAL(loop_last.nargs, 2);
}

/* The dispatch's idea of a struct's size in this revision must equal the
 * guest header's sizeof: both come from one spec. */
static void check_get_info(void)
{
	loop_reset();
	CU_ASSERT_EQUAL(mini_get_info((struct mini_info *)gmem(64)), RET(MINI_OP_GET_INFO));
	CU_ASSERT_EQUAL(loop_last.args[0], 64);
	CU_ASSERT_EQUAL(loop_last.ptr_size[0], sizeof(struct mini_info));
	loop_reset();
	CU_ASSERT_EQUAL(mini_get_info((struct mini_info *)gmem(LOOP_MEM_SIZE - 8)), MINI_EFAULT);
	CU_ASSERT_FALSE(loop_last.called);
}

static void check_writes(void)
{
	uint64_t a[2] = { 5, 0 };

	loop_reset();
#if MINI_REVISION >= T_REV_1_1
	CU_ASSERT_EQUAL(mini_write(5, (const uint8_t *)gmem(100)), RET(MINI_OP_WRITE));
	CU_ASSERT_EQUAL(loop_last.ptr_size[1], 5);
	CU_ASSERT_EQUAL(mini_write(1u << 21, (const uint8_t *)gmem(0)), MINI_E2BIG);
	CU_ASSERT_EQUAL(mini_write(LOOP_MEM_SIZE, (const uint8_t *)gmem(1)), MINI_EFAULT);
#else
	CU_ASSERT_EQUAL(loop_raw(loop_op("write"), 2, a), MINI_EREVISION);
#endif
	loop_reset();
#if MINI_REVISION >= T_REV_1_2
	CU_ASSERT_EQUAL(loop_raw(loop_op("old_write"), 1, a), MINI_EREMOVED);
#else
	CU_ASSERT_EQUAL(mini_old_write(5), RET(MINI_OP_OLD_WRITE));
	CU_ASSERT_EQUAL(loop_raw(MINI_OP_OLD_WRITE, 1, (a[0] = 70000, a)), MINI_EINVAL);
#endif
}

static void check_fast_path(void)
{
#if MINI_REVISION >= T_REV_1_1
	uint64_t a[2] = { 1, 128 };

	loop_reset();
	CU_ASSERT_EQUAL(mini_fast_path(MINI_DELTA_DOWN, -128), RET(MINI_OP_FAST_PATH));
	CU_ASSERT_EQUAL((int64_t)loop_last.args[0], -1);
	CU_ASSERT_EQUAL((int64_t)loop_last.args[1], -128);
	CU_ASSERT_EQUAL(mini_fast_path(5, 0), MINI_EINVAL);     /* not a delta */
	CU_ASSERT_EQUAL(loop_raw(MINI_OP_FAST_PATH, 2, a), MINI_EINVAL); /* 128 > s8 */
	loop_negotiate(MINI_REVISION, 0);
	CU_ASSERT_EQUAL(mini_fast_path(MINI_DELTA_UP, 0), MINI_ENOFEATURE);
	loop_negotiate(MINI_REVISION, MINI_FEATURES_DEFINED);
#else
	CU_ASSERT_EQUAL(loop_raw(loop_op("fast_path"), 0, NULL), MINI_EREVISION);
#endif
}

void LOOP_FN(loop_stubs)(void)
{
	CU_ASSERT_EQUAL_FATAL(loop_negotiate(MINI_REVISION, MINI_FEATURES_DEFINED), 0);
	check_halt();
	check_set_timer();
	check_get_info();
	check_writes();
	check_fast_path();
	loop_reset();
	CU_ASSERT_EQUAL(mini_nop(), RET(MINI_OP_NOP));
	CU_ASSERT_EQUAL(mini_negotiate((const struct mini_neg_offer *)gmem(0),
				       (struct mini_neg_answer *)gmem(64)), RET(MINI_OP_NEGOTIATE));
	CU_ASSERT_EQUAL(loop_last.ptr_size[0], 40);
	CU_ASSERT_EQUAL(loop_last.ptr_size[1], 72);
	CU_ASSERT_EQUAL(loop_raw(MINI_OP_NOP, 1, NULL), MINI_EINVAL); /* wrong nargs */
}
