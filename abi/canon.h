/* The canonical serialization of one revision's view: one line per ABI
 * fact (op, arg, struct field with its offset, enum value, feature bit,
 * error, convention), sorted, so it does not depend on element order in
 * the file, on docs, or on conformance vectors. Its sha256 is the
 * revision's fingerprint recorded in ABI-VERSIONS.xml. */
#ifndef PVABI_CANON_H
#define PVABI_CANON_H

#include <stddef.h>
#include <stdio.h>

#include "abi/model.h"

struct pvabi_canon_chunk;

struct pvabi_canon {
	char **lines;
	size_t n, cap;
	struct pvabi_canon_chunk *chunks; /* where the lines' text lives */
};

/* Builds the sorted lines of revision rev. Returns 0 or -1 (no memory). */
int pvabi_canon_build(const struct pvabi_spec *s, int rev,
		      struct pvabi_canon *out);
/* Every generation of the description (format 2's described=). */
#define PVABI_DESCRIBED_ALL 0x7fffffff
/* Same, of the items described by generation gen or before: what a
 * registry's fingerprints cover (its described=). */
int pvabi_canon_build_gen(const struct pvabi_spec *s, int rev, int gen,
			  struct pvabi_canon *out);
void pvabi_canon_free(struct pvabi_canon *c);
void pvabi_canon_print(const struct pvabi_canon *c, FILE *f);

/* "sha256:<64 hex>" of the lines (each ended by a newline) into buf (at
 * least PVABI_FINGERPRINT_LEN bytes). */
int pvabi_canon_digest(const struct pvabi_canon *c, char *buf, size_t len);
/* "sha256:<64 hex>" of revision rev into buf (at least 72 bytes). */
int pvabi_fingerprint(const struct pvabi_spec *s, int rev, char *buf,
		      size_t len);
int pvabi_fingerprint_gen(const struct pvabi_spec *s, int rev, int gen, char *buf,
			  size_t len);
/* The highest description generation (described=) of an item a
 * fingerprint covers; 1 for a spec without described= (abi/described.c). */
int pvabi_spec_generation(const struct pvabi_spec *s);

#define PVABI_FINGERPRINT_LEN 72

/* The lines format 2 adds: revision codes, modes, layouts per mode,
 * unions, handles, commands, aliases, negotiation. Never called for a
 * format 1 spec, whose fingerprints stay what they were. */
int canon_fmt2(const struct pvabi_spec *s, int rev, int gen,
	       int (*put)(void *ctx, const char *line, size_t len), void *ctx);

/* The fingerprints (of generation gen) of revisions revs[0..n) into
 * out[0..n), computed on the machine's cores. Returns 0 or -1. */
int pvabi_fingerprints(const struct pvabi_spec *s, const int *revs, size_t n, int gen,
		       char (*out)[PVABI_FINGERPRINT_LEN]);

#endif
