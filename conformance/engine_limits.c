/* What every engine accepts alike, checked once before any of them runs:
 * a result must not depend on which engine a value happened to fit. */
#include "conformance/engine.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int pvabi_engine_parse_timeout(const char *s, unsigned int *ms, char *why, size_t n)
{
	unsigned int whole;
	double v, x;
	char *end;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v <= 0 ||
	    v > PVABI_ENGINE_MAX_TIMEOUT_S) {
		snprintf(why, n, "timeout '%s': not a number of seconds in (0, %u]", s,
			 PVABI_ENGINE_MAX_TIMEOUT_S);
		return -EINVAL;
	}
	/* The engines count whole milliseconds: a value below one would be
	 * no timeout at all, so it is refused; a fraction above is rounded
	 * up, so a guest is never stopped before the time asked for. The
	 * epsilon absorbs decimal-to-binary error ("0.001" * 1000 < 1). */
	x = v * 1000.0;
	if (x < PVABI_ENGINE_TIMEOUT_RES_MS - 1e-6) {
		snprintf(why, n, "timeout %s s is below the engines' resolution of %u ms", s,
			 PVABI_ENGINE_TIMEOUT_RES_MS);
		return -ERANGE;
	}
	x -= 1e-6;
	whole = (unsigned int)x;
	whole += whole < x;
	*ms = whole;
	return 0;
}

void pvabi_engine_timeout_str(unsigned int ms, char *buf, size_t n)
{
	size_t k;

	snprintf(buf, n, "%u.%03u", ms / 1000, ms % 1000);
	k = strlen(buf);
	while (k && buf[k - 1] == '0')
		buf[--k] = '\0';
	if (k && buf[k - 1] == '.')
		buf[--k] = '\0';
}

int pvabi_engine_check_cmdline(const char *cmdline, char *why, size_t n)
{
	size_t len = cmdline ? strlen(cmdline) : 0;

	if (len <= PVABI_ENGINE_MAX_CMDLINE)
		return 0;
	snprintf(why, n, "guest command line is %zu bytes; every engine takes at most %u", len,
		 PVABI_ENGINE_MAX_CMDLINE);
	return -E2BIG;
}

int pvabi_engine_wallref(char *buf, size_t n, unsigned int win_ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return snprintf(buf, n, "wallref=%llu wallwin=%u",
			(unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec,
			win_ms);
}
