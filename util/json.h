/* The one JSON string writer. Whatever the input (a file name, a doc
 * string, a guest's console), the output is a valid JSON string:
 *  - valid UTF-8 characters are written as they are, multi-byte ones
 *    intact (U+2028 and U+2029 as \u escapes, so the text is also valid
 *    JavaScript);
 *  - each byte that is not part of a valid UTF-8 character becomes
 *    \ufffd (U+FFFD REPLACEMENT CHARACTER), so the output is valid UTF-8;
 *  - '"' and '\' are escaped, \b \f \n \r \t by name, every other control
 *    character (and DEL) as \u00XX. */
#ifndef PVABI_UTIL_JSON_H
#define PVABI_UTIL_JSON_H

#include <stddef.h>
#include <stdio.h>

/* n bytes of s, quotes included. */
void pvabi_json_strn(FILE *f, const char *s, size_t n);
/* A NUL-terminated s, quotes included; NULL is written as "". */
void pvabi_json_str(FILE *f, const char *s);

#endif
