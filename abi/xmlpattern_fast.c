/* Native matchers for the schema patterns nearly every attribute has
 * (names, revision ids, numbers): libxml2's regular expressions run an
 * automaton per character, a good part of loading a million-element
 * spec. A matcher is used only for its exact pattern text, and a test
 * compares each with the compiled pattern on every short string of a
 * chosen alphabet and at the length limits. */
#include "abi/xmlpattern_fast.h"

#include <string.h>

static int lower_(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

static int upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int hex(unsigned char c)
{
	return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* first, then 0 to 63 of rest, then the end */
static int name(const unsigned char *v, int (*first)(unsigned char), int (*rest)(unsigned char))
{
	size_t n;

	if (!first(*v))
		return 0;
	for (n = 1; v[n] && rest(v[n]); n++)
		;
	return !v[n] && n <= 64;
}

static int lower_digit(unsigned char c)
{
	return lower_(c) || digit(c);
}

static int any_letter(unsigned char c)
{
	return lower_(c) || upper(c);
}

static int any_letter_digit(unsigned char c)
{
	return any_letter(c) || digit(c);
}

static int upper_digit_(unsigned char c)
{
	return upper(c) || digit(c) || c == '_';
}

static int ident(const unsigned char *v)
{
	return name(v, lower_, lower_digit);
}

static int c_ident(const unsigned char *v)
{
	return name(v, any_letter, any_letter_digit);
}

static int err_name(const unsigned char *v)
{
	return name(v, upper, upper_digit_);
}

/* 1 to max digits of kind at *v; advances v. */
static size_t run(const unsigned char **v, int (*kind)(unsigned char), size_t max)
{
	size_t n = 0;

	while (kind((*v)[n]))
		n++;
	*v += n;
	return n >= 1 && n <= max ? n : 0;
}

static int rev_id(const unsigned char *v)
{
	if (!run(&v, digit, 5) || *v++ != '.' || !run(&v, digit, 5))
		return 0;
	if (*v == '.' && (v++, !run(&v, digit, 5)))
		return 0;
	return !*v;
}

static int number(const unsigned char *v)
{
	v += *v == '-';
	if (v[0] == '0' && v[1] == 'x') {
		v += 2;
		if (run(&v, hex, 16) && !*v)
			return 1;
		return 0;
	}
	return run(&v, digit, 20) && !*v;
}

static const struct {
	const char *pattern;
	pvabi_xml_matcher m;
} fast[] = {
	{ "[a-z_][a-z0-9_]{0,63}", ident },
	{ "[A-Za-z_][A-Za-z0-9_]{0,63}", c_ident },
	{ "[A-Z][A-Z0-9_]{0,63}", err_name },
	{ "[0-9]{1,5}\\.[0-9]{1,5}(\\.[0-9]{1,5})?", rev_id },
	{ "-?(0x[0-9a-fA-F]{1,16}|[0-9]{1,20})", number },
};

pvabi_xml_matcher pvabi_xml_fast_matcher(const char *pattern)
{
	size_t i;

	for (i = 0; pattern && i < sizeof(fast) / sizeof(fast[0]); i++)
		if (!strcmp(fast[i].pattern, pattern))
			return fast[i].m;
	return NULL;
}

const char *pvabi_xml_fast_pattern(size_t i)
{
	return i < sizeof(fast) / sizeof(fast[0]) ? fast[i].pattern : NULL;
}
