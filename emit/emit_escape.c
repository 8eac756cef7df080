#include "emit/emit_escape.h"
#include "util/utf8.h"

/* Puts c after prev, breaking the pairs that mean something in a
 * comment: its closer and opener, and "??" that starts a trigraph. */
static char comment_put(FILE *f, char prev, char c)
{
	if ((prev == '*' && c == '/') || (prev == '/' && c == '*') ||
	    (prev == '?' && c == '?'))
		fputc(' ', f);
	fputc(c, f);
	return c;
}

void emit_c_comment(FILE *f, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	char prev = 0;

	while (i < n) {
		len = pvabi_utf8_len(s + i, n - i);
		if (len > 1) {
			fwrite(s + i, 1, len, f);
			prev = 0;
			i += len;
			continue;
		}
		if (len == 0)
			prev = comment_put(f, prev, '?');
		else if (u[i] < 0x20 || u[i] == 0x7f)
			prev = comment_put(f, prev, ' ');
		else
			prev = comment_put(f, prev, s[i]);
		i++;
	}
}

const char *emit_c_string_byte(const char *s, size_t i, char buf[8])
{
	unsigned char c = (unsigned char)s[i];

	if (c == '"' || c == '\\' || (c == '?' && i > 0 && s[i - 1] == '?')) {
		buf[0] = '\\';
		buf[1] = (char)c;
		buf[2] = '\0';
	} else if (c < 0x20 || c > 0x7e) {
		buf[0] = '\\';
		buf[1] = (char)('0' + (c >> 6));
		buf[2] = (char)('0' + ((c >> 3) & 7));
		buf[3] = (char)('0' + (c & 7));
		buf[4] = '\0';
	} else {
		buf[0] = (char)c;
		buf[1] = '\0';
	}
	return buf;
}

void emit_c_string(FILE *f, const char *s, size_t n)
{
	char buf[8];
	size_t i;

	fputc('"', f);
	for (i = 0; i < n; i++)
		fputs(emit_c_string_byte(s, i, buf), f);
	fputc('"', f);
}
