/* A one-pass check that a document certainly matches a schema (xmlfast.c),
 * so that libxml2's RelaxNG validator, about a fifth of the time of a
 * large check, runs only on documents this pass cannot vouch for.
 *
 * The check is compiled from the schema itself (xmlfast_compile.c), with
 * its pattern facets taken out (xmlpattern.c checks those): the schema
 * stays the one statement of the format. Only a plain subset compiles:
 * elements with attributes and an ordered list of child elements whose
 * names are distinct, optional or repeated; attribute values that are
 * text, XSD positiveInteger, boolean, nonNegativeInteger up to a bound,
 * strings of a minimum length, fixed values, lists of those. A schema
 * using anything else compiles to NULL and every document goes to the
 * validator.
 *
 * The answer is one-sided: 1 only when each condition it checks is
 * sufficient for the schema to accept (a value equal to one of the
 * schema's values, digits without sign, space or leading zero, ...); 0
 * for "not vouched for", never "invalid". The validator then gives the
 * verdict and the messages, so a refusal is worded as it always was. */
#ifndef PVABI_XMLFAST_H
#define PVABI_XMLFAST_H

#include <libxml/tree.h>

struct pvabi_xml_fast;

/* schema: the parsed .rng, its pattern facets taken out. */
struct pvabi_xml_fast *pvabi_xml_fast_compile(xmlDocPtr schema);
void pvabi_xml_fast_free(struct pvabi_xml_fast *f);
/* 1 when doc certainly matches; 0 when the validator must decide. */
int pvabi_xml_fast_valid(const struct pvabi_xml_fast *f, xmlDocPtr doc);

#endif
