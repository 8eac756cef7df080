/* What the platform may answer a hostile call: a result >= 0 or one of
 * the ABI's errors (pvabi_abi_errors[], generated per ABI). */
#include "guest/hostile.h"
#include "guest/rt/tap.h"
#include "guest/rt/transport.h"
#include "abi_errors.h"

int hostile_defined_result(int64_t ret)
{
	size_t i;

	if (ret >= 0)
		return 1;
	for (i = 0; i < sizeof(pvabi_abi_errors) / sizeof(pvabi_abi_errors[0]); i++)
		if (ret == pvabi_abi_errors[i])
			return 1;
	return 0;
}

void hostile_answered(struct hostile *h, uint32_t op, uint32_t nargs, int64_t ret)
{
	h->calls++;
	h->bad_frames += nargs > PVABI_FRAME_ARGS;
	if (!hostile_defined_result(ret) && h->undefined++ < 5)
		pvabi_tap_diag(h->tap, "op %u nargs %u: undefined result %lld", op, nargs,
			       (long long)ret);
}
