/* Text from a spec inside generated C. The spec's names are checked by
 * the loader (identifiers, no keywords); everything else it holds (doc
 * text, vector strings, the path the spec was given by) can be anything,
 * invalid UTF-8 included, and goes through these writers so it stays
 * text in every target. The manual's writers (emit_docs_md.c, and
 * emit_docs_html.c through util/xml.h) do the same for Markdown and HTML. */
#ifndef PVABI_EMIT_ESCAPE_H
#define PVABI_EMIT_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* s[0..n) inside a C block comment, on one line: no comment opener or
 * closer, no trigraph, no line break (so no line splice either), control
 * characters as blanks, invalid UTF-8 as '?'. */
void emit_c_comment(FILE *f, const char *s, size_t n);
/* s[0..n) as a C string literal, quotes included: quotes, backslashes,
 * control and non-ASCII bytes escaped (octal, always three digits), and
 * "??" written "?\?" so no trigraph forms. */
void emit_c_string(FILE *f, const char *s, size_t n);
/* How byte i of s[0..n) is spelt inside a C string literal, into buf;
 * returns buf. For writers that build the literal elsewhere than a FILE. */
const char *emit_c_string_byte(const char *s, size_t i, char buf[8]);

#endif
