#include "util/xml.h"
#include "util/utf8.h"

#include <string.h>

static const char *entity(unsigned char c, unsigned int flags)
{
	int keep = (flags & PVABI_XML_KEEP_NL) != 0;

	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\n': return keep ? "\n" : " ";
	case '\t': return keep ? "\t" : " ";
	default: return c < 0x20 || c == 0x7f ? " " : NULL;
	}
}

void pvabi_xml_write(FILE *f, const char *s, size_t n, unsigned int flags)
{
	size_t i = 0, l;
	const char *e;

	while (i < n) {
		l = pvabi_utf8_len(s + i, n - i);
		if (l == 0) {
			fputc('?', f);
			i++;
		} else if (l > 1) {
			fwrite(s + i, 1, l, f);
			i += l;
		} else if ((e = entity((unsigned char)s[i], flags))) {
			fputs(e, f);
			i++;
		} else {
			fputc(s[i++], f);
		}
	}
}

void pvabi_xml_str(FILE *f, const char *s, unsigned int flags)
{
	if (s)
		pvabi_xml_write(f, s, strlen(s), flags);
}
