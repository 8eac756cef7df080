/* Output coverage: in every revision, every output of every op and the
 * vectors and scenario calls that check it. An op's outputs in revision
 * R are its result on success (ret), each error of its <raises> that R
 * defines, and what the platform writes into guest memory: each field
 * (in R) of a pass="out"/"inout" struct argument, and a pass="out"/"inout"
 * scalar. In format 2 each command of an op has outputs of its own: its
 * result, the errors of its own <raises> and each field of its out or
 * inout data (the data itself when it is an array or a scalar). What
 * counts as a check is in docs/spec-language.md
 * (#output-coverage); `pvabi check` reports each unchecked output
 * (OUTPUT_UNCHECKED) and `pvabi coverage` prints the table. */
#ifndef PVABI_COVERAGE_H
#define PVABI_COVERAGE_H

#include <stddef.h>

#include "abi/check.h"
#include "abi/model.h"

enum pvabi_out_kind {
	PVABI_OUT_RET,    /* the result of a successful call */
	PVABI_OUT_ERROR,  /* one error of <raises> */
	PVABI_OUT_SCALAR, /* a pass="out"/"inout" scalar argument */
	PVABI_OUT_FIELD,  /* a field of a pass="out"/"inout" struct */
};

enum pvabi_by_kind {
	PVABI_BY_VECTOR, /* a vector of the op names the output */
	PVABI_BY_STEP,   /* a scenario call's expect names it */
	PVABI_BY_BOUND,  /* a scenario call binds it, a later call passes it
			  * and must succeed */
	PVABI_BY_SUITE,  /* the generated suite's own refusal check
			  * (ENOFEATURE of a gated op, or its convention's
			  * not-offered error) */
};

struct pvabi_cov_by {
	enum pvabi_by_kind kind;
	int index; /* VECTOR: in op->vectors; STEP, BOUND: in spec->scenarios */
	int step;  /* STEP: the call; BOUND: the binding call (0-based) */
	int user;  /* BOUND: the later call that passes the value */
	int line;  /* of the vector or call (BOUND: of the later call) */
};

struct pvabi_cov_out {
	int op;  /* index in spec->ops */
	int cmd; /* index in the op's commands, PVABI_NONE: the op's own */
	int rev; /* index in spec->revs */
	enum pvabi_out_kind kind;
	int error; /* ERROR: index in spec->errors */
	int arg;   /* SCALAR, FIELD: index in op->args (a command's data:
		    * op->data_arg) */
	int field; /* FIELD: index in the struct's fields (a command's:
		    * in its data struct) */
	struct pvabi_cov_by *by;
	size_t nby, capby;
};

struct pvabi_coverage {
	struct pvabi_cov_out *v; /* by revision, then op order in the spec */
	size_t n, cap;
};

/* The outputs of revision rev (PVABI_NONE: of every revision) and their
 * checks. Returns 0 or -ENOMEM (c is then empty). */
int pvabi_coverage_build(const struct pvabi_spec *s, int rev, struct pvabi_coverage *c);
void pvabi_coverage_free(struct pvabi_coverage *c);

/* "ret", "error EINVAL", "value", "info.flags"; a command's output is
 * prefixed with the command: "status: ret", "status: arg.vcpu". */
const char *pvabi_coverage_name(const struct pvabi_spec *s, const struct pvabi_cov_out *o,
				char *buf, size_t len);
/* The finding's target: "op:get_time.ret", "op:cpuid.error:ENOENT",
 * "op:read_msr.arg:value", "op:get_time_info.arg:info.field:flags";
 * a command's: "op:event_channel_op.command:status.ret", "….error:EINVAL",
 * "….field:vcpu", and data that is no struct "….arg:arg" (a waiver
 * names them "op:event_channel_op.status.vcpu"). */
const char *pvabi_coverage_target(const struct pvabi_spec *s, const struct pvabi_cov_out *o,
				  char *buf, size_t len);
/* The waiver of s that accepts the unchecked output o, or NULL. */
const struct pvabi_waiver *pvabi_coverage_waiver(const struct pvabi_spec *s,
						 const struct pvabi_cov_out *o);

/* One OUTPUT_UNCHECKED warning per output no vector or scenario checks,
 * per revision, at the op's line; pvabi_check_waivers then accepts those
 * a waiver names. Beyond PVABI_COVERAGE_FOLD of them (and unless
 * f->coverage_all), one warning per op lists its unchecked outputs with
 * their revisions instead; an op a coverage waiver names keeps one
 * finding per output and revision, so its waivers still apply. */
#define PVABI_COVERAGE_FOLD 1000
void pvabi_check_coverage(const struct pvabi_spec *s, struct pvabi_findings *f);
/* FULL_STATE_UNPROBED (abi/check_full.c), in the same pass: an op whose
 * full handle table no image reaches or leaves. */
void pvabi_check_full(const struct pvabi_spec *s, struct pvabi_findings *f);
/* PARTITION_UNPROBED per declared input partition and revision it
 * exists in without a probe (abi/check_part.c); part of the coverage
 * pass. */
void pvabi_check_partitions(const struct pvabi_spec *s, struct pvabi_findings *f);
/* EDGE_UNDECLARED (abi/check_edges.c), which pvabi_check_coverage runs:
 * like OUTPUT_UNCHECKED, a waivable warning judged only where coverage
 * is. */
void pvabi_check_edges(const struct pvabi_spec *s, struct pvabi_findings *f);
/* BATCH_UNDECLARED (abi/check_batch.c), the same way: an op taking an
 * array of requests without a <batch> in a revision. */
void pvabi_check_batches(const struct pvabi_spec *s, struct pvabi_findings *f);
/* NOW_UNDECLARED (abi/check_now.c), in the same pass and alike. */
void pvabi_check_now(const struct pvabi_spec *s, struct pvabi_findings *f);
/* A promise in an op's prose that a declaration must name
 * (abi/check_prose.c): an op whose doc holds one of phrases (lower
 * case, matched in any case) gets warning id, waivable, in every
 * revision it lives in where declared(op, rev) is 0, saying "its doc
 * says SAYS, but no MISSING". */
struct pvabi_prose_rule {
	const char *id;
	const char *const *phrases; /* NULL-terminated */
	int (*declared)(const struct pvabi_op *op, int rev);
	const char *says, *missing;
	/* Format 2: the docs of an op's commands are searched too, each
	 * judged by its own declarations (NULL: commands hold none). */
	int (*cmd_declared)(const struct pvabi_cmd *k, int rev);
	/* 1: the docs of the op's arguments are searched too (a buffer's
	 * prose about its bytes: BYTES_UNDECLARED). */
	int arg_docs;
};
void pvabi_check_prose(const struct pvabi_spec *s, struct pvabi_findings *f,
		       const struct pvabi_prose_rule *rule);
/* Whether doc holds one of phrases (lower case, NULL-terminated), in
 * any case. */
int pvabi_prose_says(const char *doc, const char *const *phrases);
/* The same for struct fields (format 1): each field says() picks gets
 * warning id in every revision it lives in where declared(s, struct
 * index, field name, rev) is 0, saying "struct S: field 'F'SAYS_TEXT,
 * but MISSING". */
struct pvabi_field_rule {
	const char *id;
	int (*says)(const struct pvabi_field *fl);
	int (*declared)(const struct pvabi_spec *s, size_t si, const char *field, int rev);
	const char *says_text, *missing;
};
void pvabi_check_fields(const struct pvabi_spec *s, struct pvabi_findings *f,
			const struct pvabi_field_rule *rule);
/* MONOTONIC_UNDECLARED (abi/check_mono.c), in the same pass and alike:
 * an op whose doc says monotonic without a <monotonic>. */
void pvabi_check_mono(const struct pvabi_spec *s, struct pvabi_findings *f);
/* EXCLUDES_UNDECLARED (abi/check_mono.c), alike: an op whose doc says
 * what an accumulated duration leaves out, without <monotonic excludes=>. */
void pvabi_check_excludes(const struct pvabi_spec *s, struct pvabi_findings *f);
/* FIXED_UNDECLARED (abi/check_fixed.c): an op whose doc says an output is
 * fixed for the guest's life, without a <fixed> alive in the revision. */
void pvabi_check_fixed(const struct pvabi_spec *s, struct pvabi_findings *f);
/* BY_CALLER_UNDECLARED (abi/check_caller.c): an op whose doc says it
 * depends on the calling vCPU, without a <by-caller> alive in the
 * revision. */
void pvabi_check_caller(const struct pvabi_spec *s, struct pvabi_findings *f);
/* IGNORED_BITS_UNDECLARED (abi/check_ignored.c), alike: an op that
 * writes a register it reads back (restore-from=) whose doc says part of
 * a write is ignored, without an <ignored-bits> alive in the revision. */
void pvabi_check_ignored(const struct pvabi_spec *s, struct pvabi_findings *f);
/* FIXED_UNLESS_UNDECLARED (abi/check_unless.c), alike: a field whose doc
 * says it moves when the host clock is stepped, which no <fixed
 * unless="host-clock-step"> alive in the revision reads. */
void pvabi_check_unless(const struct pvabi_spec *s, struct pvabi_findings *f);
/* BYTES_UNDECLARED (abi/check_bytes.c), alike: an op whose doc or whose
 * bytes buffer's doc speaks of the bytes' content, with no bytes="any"
 * partition alive in the revision. */
void pvabi_check_bytes(const struct pvabi_spec *s, struct pvabi_findings *f);
/* TIED_UNDECLARED (abi/check_tied.c), alike: a field that reads as a
 * wall-clock time and no scenario's <check tied=> judges, per revision. */
void pvabi_check_tied(const struct pvabi_spec *s, struct pvabi_findings *f);

#endif
