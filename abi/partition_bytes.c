/* The classes of byte a bytes="any" partition probes (docs/spec-language.md,
 * "Every class of byte a buffer holds"): one probe per class, so a red
 * line names the class a platform refuses, cuts at or rewrites. The
 * classes are the ones a sink's developer singles out "for safety" or
 * by habit: a C string's terminator, the terminal's controls (ESC of a
 * colour sequence, CR, BEL, the rest of C0), DEL, a byte above 0x7f
 * alone (a 7-bit line, an ASCII check), sequences no UTF-8 decoder
 * accepts (a validator), a valid multi-byte one (a decoder that counts
 * characters), and every byte at once, so that a class missed here
 * still meets one call. */
#include "abi/partition.h"

#include <string.h>

struct byte_class {
	const char *name;
	const char *bytes;
	size_t n;
};

#define BC(name, lit) { name, lit, sizeof(lit) - 1 }

static const struct byte_class classes[] = {
	BC("nul", "\0"),
	BC("esc", "\x1b[31m"),              /* a colour sequence */
	BC("cr", "\r"),
	BC("bel", "\a"),
	BC("c0", "\x01\x02\x08\x0b\x0c\x0e\x1f"), /* SOH STX BS VT FF SO US */
	BC("del", "\x7f"),
	BC("high", "\x80"),                 /* alone: not UTF-8 either */
	/* overlong '/', a truncated 3-byte sequence, a surrogate, 0xfe */
	BC("bad_utf8", "\xc0\xaf" "\xe2\x82" "\xed\xa0\x80" "\xfe"),
	BC("utf8", "\xc3\xa9" "\xe2\x82\xac" "\xf0\x9f\x90\xa7"), /* e-acute, euro, U+1F427 */
	{ "every", NULL, 256 },            /* 0x00 to 0xff in order */
};

size_t pvabi_part_nclasses(void)
{
	return sizeof(classes) / sizeof(classes[0]);
}

const char *pvabi_part_class(const struct pvabi_partition *p, size_t k)
{
	return p->kind == PVABI_PART_BYTES && k < pvabi_part_nclasses() ? classes[k].name : NULL;
}

/* Class k put into the plain buffer buf[0..*n) of capacity max: in its
 * middle, over as many plain bytes as the class has, so the length stays
 * the plain case's; a buffer too short keeps a plain byte on each side
 * (the class inside, not at an end), and "every" is the whole buffer.
 * 0, or -1 when the result would not fit in max. */
int pvabi_part_class_put(size_t k, char *buf, size_t *n, size_t max)
{
	const struct byte_class *c = &classes[k];
	char first = *n ? buf[0] : 'a', last = *n ? buf[*n - 1] : 'a';
	size_t i;

	if (k >= pvabi_part_nclasses() || c->n > max)
		return -1;
	if (!c->bytes) {
		for (i = 0; i < c->n; i++)
			buf[i] = (char)i;
		*n = c->n;
		return 0;
	}
	if (*n < c->n + 2) {
		if (c->n + 2 > max)
			return -1;
		buf[0] = first;
		buf[c->n + 1] = last;
		*n = c->n + 2;
	}
	memcpy(buf + (*n - c->n) / 2, c->bytes, c->n);
	return 0;
}
