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

static int digit(char c)
{
	return c >= '0' && c <= '9';
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
	for (p = buf; digit(*p); p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return *p ? def : v;
}

int pvabi_cmdline_list_has(const char *list, const char *item)
{
	while (*list) {
		const char *i = item;

		while (*i && *list == *i) {
			list++;
			i++;
		}
		if (!*i && (*list == ',' || !*list))
			return 1;
		while (*list && *list != ',')
			list++;
		if (*list == ',')
			list++;
	}
	return 0;
}

int pvabi_cmdline_list_has_number(const char *list, uint32_t v)
{
	while (*list) {
		uint32_t n = 0;

		while (*list && !digit(*list))
			list++;
		if (!*list)
			break;
		for (; digit(*list); list++)
			n = n * 10 + (uint32_t)(*list - '0');
		if (n == v)
			return 1;
	}
	return 0;
}

static int hexdigit(char c, unsigned int *v)
{
	if (digit(c))
		*v = (unsigned int)(c - '0');
	else if (c >= 'a' && c <= 'f')
		*v = (unsigned int)(c - 'a' + 10);
	else if (c >= 'A' && c <= 'F')
		*v = (unsigned int)(c - 'A' + 10);
	else
		return 0;
	return 1;
}

int pvabi_cmdline_scan(const char **s, uint64_t *out)
{
	const char *p = *s;
	uint64_t v = 0;
	unsigned int d, base = 10, n = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; *p && hexdigit(*p, &d) && d < base && n < 16; p++, n++)
		v = v * base + d;
	if (!n)
		return -1;
	*s = p;
	*out = v;
	return 0;
}

int pvabi_cmdline_mask(const char *cmdline, const char *key, uint64_t *out)
{
	char buf[24];
	const char *p = buf;
	uint64_t v;

	if (pvabi_cmdline_get(cmdline, key, buf, sizeof(buf)))
		return 1;
	if (pvabi_cmdline_scan(&p, &v) || *p)
		return -1;
	*out = v;
	return 0;
}
