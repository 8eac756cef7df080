#include "util/utf8.h"

#include <string.h>

size_t pvabi_utf8_len(const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t len, i;
	uint32_t cp;

	if (!n)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return len;
}

uint32_t pvabi_utf8_decode(const char *src, size_t l)
{
	const unsigned char *s = (const unsigned char *)src;
	uint32_t cp = l == 1 ? s[0] : l == 2 ? s[0] & 0x1f : l == 3 ? s[0] & 0x0f : s[0] & 0x07;
	size_t i;

	for (i = 1; i < l; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

size_t pvabi_text_clean(char *dst, size_t cap, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, o = 0, l;

	if (!cap)
		return 0;
	while (i < n && o + 1 < cap) {
		l = pvabi_utf8_len(src + i, n - i);
		if (l > 1 && o + l < cap) {
			memcpy(dst + o, s + i, l);
			o += l;
			i += l;
			continue;
		}
		if (l > 1)
			break; /* a whole character does not fit */
		dst[o++] = l == 0 ? '?' : (s[i] < 0x20 || s[i] == 0x7f) ? ' ' : (char)s[i];
		i++;
	}
	dst[o] = '\0';
	return o;
}
