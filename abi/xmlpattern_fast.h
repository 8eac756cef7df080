/* Native matchers for the most used schema patterns (xmlpattern_fast.c). */
#ifndef PVABI_XMLPATTERN_FAST_H
#define PVABI_XMLPATTERN_FAST_H

#include <stddef.h>

/* 1 when the whole of v matches the pattern. */
typedef int (*pvabi_xml_matcher)(const unsigned char *v);

/* The native matcher of this exact pattern text, or NULL. */
pvabi_xml_matcher pvabi_xml_fast_matcher(const char *pattern);
/* The i-th pattern with a native matcher, or NULL past the last. */
const char *pvabi_xml_fast_pattern(size_t i);

#endif
