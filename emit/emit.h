/* Emitters: guest stubs for one revision, platform dispatch for the whole
 * support window, and the manual. Output is deterministic (no dates, no
 * absolute paths, stable order) and staged: files are written under a
 * temporary name and renamed into place only when all of them are
 * complete, so a failed run leaves no output that looks finished. */
#ifndef PVABI_EMIT_H
#define PVABI_EMIT_H

#include <stdio.h>

#include "abi/diag.h"
#include "abi/model.h"
#include "abi/registry.h"

#define PVABI_GENERATOR_VERSION "0.1.0"

struct pvabi_gen {
	const struct pvabi_spec *spec;
	const struct pvabi_registry *reg;
	const char *spec_name; /* as the user should edit it, for stamps */
	int rev;               /* guest, docs: the revision */
	const char *outdir;
	struct pvabi_diags *d;
	/* errors, alias: the output file's name in outdir instead of the
	 * target's default; errors: the array's name instead of <abi>_errors */
	const char *file, *symbol;
	/* alias: "NEW=KIND:NAME" each, KIND one of op, struct, enum, error,
	 * feature */
	const char *const *aliases;
	size_t naliases;
};

int pvabi_emit_guest(const struct pvabi_gen *g);
int pvabi_emit_platform(const struct pvabi_gen *g);
int pvabi_emit_docs(const struct pvabi_gen *g);
/* The conformance tables a guest image of revision g->rev runs. */
int pvabi_emit_conformance(const struct pvabi_gen *g);
/* Handlers that forward to one platform function: a starting point. */
int pvabi_emit_skeleton(const struct pvabi_gen *g);
/* The error values of revision g->rev as one array, for guests that need
 * the list rather than the names. */
int pvabi_emit_errors(const struct pvabi_gen *g);
/* A header naming items of revision g->rev by names a program chooses
 * (g->aliases), on top of <abi>_guest.h: programs written once for
 * several ABIs include it instead of spelling one ABI's names. */
int pvabi_emit_alias(const struct pvabi_gen *g);
/* Static assertions that upstream C headers agree with revision g->rev
 * in every guest mode (format 2, emit_crosscheck.c). */
int pvabi_emit_crosscheck(const struct pvabi_gen *g);

/* --- shared by the emitters ----------------------------------------- */

/* -1 (diagnosed, naming what is missing) when a format 2 ABI lacks what
 * the platform, skeleton and conformance targets are built on. */
int emit_needs_call_frame(const struct pvabi_gen *g, const char *target);

struct pvabi_emit_file;

/* Opens DIR/name for writing through a staging file. */
struct pvabi_emit_file *emit_open(const struct pvabi_gen *g, const char *name);
FILE *emit_fp(struct pvabi_emit_file *ef);
/* Closes the staging file; it stays staged. Returns 0 or -1. */
int emit_close(struct pvabi_emit_file *ef);
/* Renames all n staged files into place when ok and every one was
 * written, else removes them all; frees the handles. Returns 0 or -1. */
int emit_finish(struct pvabi_emit_file **v, size_t n, int ok);

/* The description generation the registry's fingerprint= covers (its
 * described=, 1 without a registry), and the one after gen that the
 * registry records or the spec reaches (0: none): emit_fingerprint.c. */
int emit_generation_base(const struct pvabi_gen *g);
int emit_generation_next(const struct pvabi_gen *g, int gen);
/* Revision rev's fingerprint of generation gen into fp
 * (PVABI_FINGERPRINT_LEN bytes); 0 or -1. */
int emit_fingerprint(const struct pvabi_gen *g, int rev, int gen, char *fp);
/* Whether the registry records generation gen of revision rev, in words. */
const char *emit_generation_note(const struct pvabi_gen *g, int rev, int gen);

/* Stamp comment naming generator, spec to edit, revision, fingerprint
 * (the registry's, then each later description generation's). */
void emit_stamp(FILE *f, const struct pvabi_gen *g, const char *what, int rev);
const char *emit_rev_macro(const struct pvabi_gen *g, int rev, char *buf,
			   size_t n);
/* C type of a field / by-value arg. */
const char *emit_ctype(const struct pvabi_gen *g, const struct pvabi_type *t,
		       char *buf, size_t n);

/* Ops in id order, whatever their order in the file (caller frees). */
const struct pvabi_op **emit_ops_by_id(const struct pvabi_spec *s, size_t *n);

/* Diagnoses an allocation failure; returns -1. */
int emit_oom(const struct pvabi_gen *g);

/* A 64-bit value as a C constant valid for its type. C has no negative
 * literals: "-9223372036854775808" negates a literal too large for any
 * signed type, so INT64_MIN is spelt (-INT64_MAX - 1); a u64 value past
 * INT64_MAX is stored as a negative int64_t and written UINT64_C(n).
 * emit_c_value: a plain literal where one is valid (small values keep the
 * type int, as before); emit_c_int64: an int64_t constant for tables. */
const char *emit_c_value(char *buf, size_t n, int64_t v, int is_unsigned);
const char *emit_c_int64(char *buf, size_t n, int64_t v);

struct emit_name;
/* "#define <FEATURE>_BIT b" and "#define <FEATURE> (UINT64_C(1) << b)",
 * as both the guest and the platform headers carry them. */
void emit_feature_bits(FILE *f, const struct emit_name *x, unsigned int bit);

#endif
