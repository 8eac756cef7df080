#include "util/json.h"
#include "util/utf8.h"

#include <string.h>

static void ascii(FILE *f, unsigned char c)
{
	switch (c) {
	case '"': fputs("\\\"", f); break;
	case '\\': fputs("\\\\", f); break;
	case '\b': fputs("\\b", f); break;
	case '\f': fputs("\\f", f); break;
	case '\n': fputs("\\n", f); break;
	case '\r': fputs("\\r", f); break;
	case '\t': fputs("\\t", f); break;
	default:
		if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

void pvabi_json_strn(FILE *f, const char *s, size_t n)
{
	size_t i = 0, l;
	uint32_t cp;

	fputc('"', f);
	while (i < n) {
		l = pvabi_utf8_len(s + i, n - i);
		if (l == 0) {
			fputs("\\ufffd", f);
			l = 1;
		} else if (l == 1) {
			ascii(f, (unsigned char)s[i]);
		} else if ((cp = pvabi_utf8_decode(s + i, l)) == 0x2028 || cp == 0x2029) {
			fprintf(f, "\\u%04x", cp);
		} else {
			fwrite(s + i, 1, l, f);
		}
		i += l;
	}
	fputc('"', f);
}

void pvabi_json_str(FILE *f, const char *s)
{
	pvabi_json_strn(f, s ? s : "", s ? strlen(s) : 0);
}
