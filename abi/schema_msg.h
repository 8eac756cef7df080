/* RelaxNG refusals explained in the user's terms (schema_msg.c). */
#ifndef PVABI_SCHEMA_MSG_H
#define PVABI_SCHEMA_MSG_H

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stddef.h>

/* Rewrites one validity error of libxml2's RelaxNG validator: the
 * element (with its name= or id=), the attribute, the value as written
 * and the rule it breaks. 1 with the message in out and the element's
 * line in *line; 0 for an engine summary of errors reported beside it. */
int pvabi_schema_explain(const xmlError *e, char *out, size_t n, int *line);

/* 1 with a message in out when attribute attr of el breaks its lexical
 * rule (for refusals found outside the validator, xmlpattern.c). */
int pvabi_schema_attr_wrong(xmlNode *el, const char *attr, char *out, size_t n);

/* 1 when the table knows attr on elem (its lexical rule, or free text):
 * for the test that keeps the table and the schemas together. */
int pvabi_schema_attr_known(const char *elem, const char *attr);

#endif
