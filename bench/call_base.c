/* The baseline of the call benchmark: the dispatch a careful engineer
 * writes by hand for the newest mini revision only: a switch on the op,
 * the argument count, value ranges, enum values and guest pointers
 * checked, no revision or feature bookkeeping. In its own translation
 * unit, like the generated dispatch, so both are reached the same way. */
#include "bench/call.h"

#include "mini_platform.h"

extern struct mini_ctx bench_ctx;

static int64_t ptr(uint64_t gpa, uint64_t size, struct mini_gptr *p)
{
	p->gpa = gpa;
	p->size = size;
	return mini_guest_check(&bench_ctx, gpa, size) ? MINI_EFAULT : 0;
}

int64_t bench_base_call(uint32_t op, uint32_t nargs, const uint64_t *a)
{
	struct mini_gptr p, q;

	switch (op) {
	case MINI_OP_NEGOTIATE:
		if (nargs != 2 || ptr(a[0], 8, &p) || ptr(a[1], 8, &q))
			return MINI_EINVAL;
		return mini_handle_negotiate(&bench_ctx, p, q);
	case MINI_OP_HALT:
		if (nargs != 1 || a[0] > 2)
			return MINI_EINVAL;
		return mini_handle_halt(&bench_ctx, (uint32_t)a[0]);
	case MINI_OP_GET_INFO:
		if (nargs != 1 || ptr(a[0], 24, &p))
			return MINI_EINVAL;
		return mini_handle_get_info(&bench_ctx, p);
	case MINI_OP_SET_TIMER:
		if (nargs != 2 || a[1] > 0xffffffffu)
			return MINI_EINVAL;
		return mini_handle_set_timer(&bench_ctx, a[0], (uint32_t)a[1]);
	case MINI_OP_WRITE:
		if (nargs != 2 || a[0] > 0xffffffffu || ptr(a[1], a[0], &p))
			return MINI_EINVAL;
		return mini_handle_write(&bench_ctx, (uint32_t)a[0], p);
	case MINI_OP_FAST_PATH:
		if (nargs != 2 || (a[0] != 1 && a[0] != UINT64_MAX) ||
		    (int64_t)a[1] < -128 || (int64_t)a[1] > 127)
			return MINI_EINVAL;
		return mini_handle_fast_path(&bench_ctx, (int16_t)a[0], (int8_t)a[1]);
	case MINI_OP_NOP:
		return nargs ? MINI_EINVAL : mini_handle_nop(&bench_ctx);
	default:
		return MINI_ENOSYS;
	}
}
