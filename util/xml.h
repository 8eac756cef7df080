/* The one XML and HTML text escaper, for character data and for
 * attribute values in either kind of quotes: & < > " ' become entities;
 * valid UTF-8 characters are kept; a byte that is not part of one becomes
 * '?', and control characters (not allowed in XML 1.0) become spaces, so
 * the output is always well-formed. */
#ifndef PVABI_UTIL_XML_H
#define PVABI_UTIL_XML_H

#include <stddef.h>
#include <stdio.h>

/* Newlines and tabs are kept, not turned into spaces. */
#define PVABI_XML_KEEP_NL 1u

/* n bytes of s. */
void pvabi_xml_write(FILE *f, const char *s, size_t n, unsigned int flags);
/* A NUL-terminated s; NULL writes nothing. */
void pvabi_xml_str(FILE *f, const char *s, unsigned int flags);

#endif
