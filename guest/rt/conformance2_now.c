/* The probes of a format 2 <now> (emit/emit_conf2_now.c): a bit the
 * platform sets when the effect happens, polled against the time of a
 * pvclock record, and the platform release the runner says it runs, by
 * which a past value's answer is judged. */
#include "guest/rt/conformance2.h"

int pvabi_c2_now_poll(const volatile uint8_t *p, unsigned int bit, const volatile void *rec,
		      uint64_t until, uint64_t *t)
{
	uint64_t now;

	for (;;) {
		unsigned int set = *p >> bit & 1;

		/* the record is read after the bit: the effect happened
		 * before that moment, so a time below the deadline is early
		 * whatever held the guest up */
		now = pvabi_c2_pvclock(rec);
		if (set) {
			*t = now;
			return 1;
		}
		if (now > until) {
			*t = now;
			return 0;
		}
		__asm__ volatile("pause");
	}
}

int pvabi_c2_now_want(const struct pvabi_c2_past *table, size_t n, int64_t *want)
{
	const char *rel = pvabi_c2_release ? pvabi_c2_release() : 0;
	size_t i, k;

	for (i = 0; rel && i < n; i++) {
		for (k = 0; table[i].release[k] && table[i].release[k] == rel[k]; k++)
			;
		if (!table[i].release[k] && !rel[k]) {
			*want = table[i].answer;
			return 0;
		}
	}
	return -1;
}
