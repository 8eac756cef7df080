/* UTF-8 as every writer of text here sees it: one validator, one
 * cleaner. Text comes from guest consoles, file names and spec doc
 * strings, so nothing is assumed valid. */
#ifndef PVABI_UTIL_UTF8_H
#define PVABI_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 character at s (n bytes left): 1 for ASCII,
 * 0 for an invalid, overlong, surrogate or truncated sequence (and for
 * the noncharacters U+FFFE, U+FFFF). */
size_t pvabi_utf8_len(const char *s, size_t n);

/* The code point of the valid character of length l at s (l from
 * pvabi_utf8_len). */
uint32_t pvabi_utf8_decode(const char *s, size_t l);

/* Copies at most n bytes of src into dst (cap > 0) as valid UTF-8 without
 * control characters: NUL and controls become spaces, invalid sequences
 * '?'. Never splits a character. Returns the length written. */
size_t pvabi_text_clean(char *dst, size_t cap, const char *src, size_t n);

#endif
