/* Attribute patterns of a RelaxNG schema, checked with regular expressions
 * compiled once. libxml2's validator compiles a <param name="pattern">
 * again for every value it checks, which made pattern facets most of the
 * time of validating a large spec. The patterns are taken out of the
 * schema before it is compiled and checked here instead, with libxml2's
 * own (XML Schema) regular expressions, so the language stays the same. */
#ifndef PVABI_XMLPATTERN_H
#define PVABI_XMLPATTERN_H

#include <libxml/tree.h>

#include "abi/diag.h"

struct pvabi_xml_patterns;

/* Removes from schema (a RelaxNG grammar document) the pattern params it
 * can check itself: those reached only as the value of an attribute, not
 * inside a <list>. Returns what to check, or NULL when out of memory or
 * when a pattern does not compile (schema then left as it was). */
struct pvabi_xml_patterns *pvabi_xml_patterns_take(xmlDocPtr schema);
void pvabi_xml_patterns_free(struct pvabi_xml_patterns *p);

/* Checks every attribute of doc that has a pattern; one SCHEMA_INVALID
 * diagnostic at the element's line per mismatch. Returns their count. */
int pvabi_xml_patterns_check(const struct pvabi_xml_patterns *p, xmlDocPtr doc,
			     const char *name, struct pvabi_diags *d);

#endif
