/* Safe loading of pvabi's XML inputs (spec files and the registry).
 *
 * The parser never touches the network, never loads an external DTD, and
 * refuses any DOCTYPE outright, so entity tricks (XXE, billion laughs)
 * fail at the declaration instead of being expanded. The document is then
 * checked for its format version (a newer format is refused before schema
 * validation, so the message says "upgrade" rather than listing schema
 * noise) and validated against the schema compiled into the program. */
#ifndef PVABI_XMLLOAD_H
#define PVABI_XMLLOAD_H

#include <libxml/tree.h>

#include "abi/diag.h"

enum pvabi_schema {
	PVABI_SCHEMA_SPEC,     /* root <abi>, spec/schema/pvabi-spec.rng */
	PVABI_SCHEMA_REGISTRY, /* root <abi-versions>, abi-versions.rng */
};

/* Largest input accepted; a spec of 10,000 ops is a few MiB. */
#define PVABI_XML_MAX_BYTES (256u << 20)

/* Returns the validated document, or NULL with diagnostics in d. */
xmlDocPtr pvabi_xml_load(const char *path, enum pvabi_schema which,
			 struct pvabi_diags *d);
/* Same, from a buffer; name is used in messages. */
xmlDocPtr pvabi_xml_load_mem(const char *buf, size_t len, const char *name,
			     enum pvabi_schema which, struct pvabi_diags *d);

/* A document the one-pass check of xmlfast.h vouches for is not given to
 * libxml2's RelaxNG validator; strict (for tests and `--strict`) gives
 * every document to the validator. Not thread-safe: set it first. */
void pvabi_xml_set_strict(int on);
/* 1 when the schema of which compiled to the one-pass check. */
int pvabi_xml_fast_in_use(enum pvabi_schema which);

/* The embedded schema text (generated from spec/schema/ at build time). */
extern const char pvabi_schema_spec_rng[];
extern const unsigned long pvabi_schema_spec_rng_len;
extern const char pvabi_schema_registry_rng[];
extern const unsigned long pvabi_schema_registry_rng_len;

/* Line of a node, for messages. */
int pvabi_xml_line(const xmlNode *n);

#endif
