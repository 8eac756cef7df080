/* Pure (no libc, no I/O), so the host unit tests run the guests' code. */
#include "guest/rt/cmdline.h"

/* Whether c starts with "key=". */
static int key_at(const char *c, const char *key)
{
	while (*key && *c == *key) {
		c++;
		key++;
	}
	return !*key && *c == '=';
}

int pvabi_cmdline_get(const char *c, const char *key, char *buf, unsigned int len)
{
	unsigned int kl = 0;

	while (key[kl])
		kl++;
	while (c && *c) {
		while (*c == ' ')
			c++;
		if (key_at(c, key)) {
			unsigned int i = 0;

			for (c += kl + 1; *c && *c != ' ' && i + 1 < len; c++)
				buf[i++] = *c;
			buf[i] = '\0';
			return 0;
		}
		while (*c && *c != ' ')
			c++;
	}
	return -1;
}

uint64_t pvabi_cmdline_number(const char *cmdline, const char *key, uint64_t def)
{
	char buf[24];
	uint64_t v = 0;
	const char *p;

	if (pvabi_cmdline_get(cmdline, key, buf, sizeof(buf)) || !buf[0])
		return def;
	for (p = buf; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return *p ? def : v;
}
