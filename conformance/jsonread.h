/* Reading the JSON a guest or a platform prints (its negotiation
 * record): input from a possibly hostile console, so nothing is trusted. */
#ifndef PVABI_JSONREAD_H
#define PVABI_JSONREAD_H

#include <stddef.h>

/* A minimal JSON reader for negotiation records. pvabi_json_object_get
 * checks that s[0..n) is exactly one JSON object (whitespace around it
 * allowed) and, when key is not NULL, copies the raw text of its
 * top-level member key into out (strings without their quotes, and only
 * when free of escapes). Returns 1 found, 0 valid but not found, -1 not
 * a valid object. */
int pvabi_json_object_get(const char *s, size_t n, const char *key, char *out, size_t cap);

#endif
