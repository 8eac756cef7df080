/* The model's negotiable surface (abi/model.h): features and the ops
 * their grant changes, error codes, and how format-2 guests pick their
 * revision. */
#ifndef PVABI_MODEL_FEATURE_H
#define PVABI_MODEL_FEATURE_H

#include "abi/model_base.h"

/* <changes op="OP">HOW</changes> in a <feature>: an op whose behaviour
 * the feature's grant changes (abi/check_grant.h). Not fingerprinted. */
struct pvabi_feature_change {
	int op; /* index in spec->ops */
	/* limit="L": the change is L's value under the grant (a <case> of
	 * the feature), judged by the probes derived from it; PVABI_NONE */
	int limit;
	const char *how;
	struct pvabi_loc loc;
};

/* <raise op="OP" scenario="SC"/> in a <cap>: an op that raises the
 * count, and the spec scenario whose steps show how (the handle it is
 * kept on, the raises, the read of the count, the drain), which the
 * probes of the cap are derived from (emit/emit_cap_scen.c). */
struct pvabi_cap_raise {
	int op;   /* index in spec->ops */
	int scen; /* index in spec->scenarios */
	struct pvabi_loc loc;
};

/* <cap count="OP.FIELD" value="N" otherwise="M" past="merge|refuse"
 * error="E"> in a <feature>: a count the platform keeps, stated in the
 * feature's prose, that holds at most N while the feature is granted and
 * M while it is not; past the cap a raise merges (answers as below it,
 * the count stays) or is refused with E (nothing changes). Not
 * fingerprinted: conformance data, as <changes>. */
struct pvabi_cap {
	int op;            /* the op whose output reads the count */
	int arg;           /* its pass="out" struct argument */
	const char *field; /* the count's field in that struct */
	unsigned int value, otherwise;
	int refuse;        /* past="refuse" */
	int error;         /* refuse: index in spec->errors, else PVABI_NONE */
	struct pvabi_cap_raise *raises;
	size_t nraises;
	struct pvabi_loc loc;
};

struct pvabi_feature {
	const char *name;
	unsigned int bit; /* < PVABI_MAX_FEATURE_BITS */
	const char *c_name; /* format 2: the C constant's name */
	/* format 2, served-by="vmm": a host kernel never offers the bit
	 * itself; the VMM does when it implements the feature (KVM's
	 * MIGRATION_CONTROL). A host profile leaves it out. Not in the
	 * fingerprint: it says who serves the bit, not what it means. */
	const char *served_by;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
	struct pvabi_feature_change *changes;
	size_t nchanges;
	struct pvabi_cap *caps; /* <cap> (abi/load_caps.c) */
	size_t ncaps;
};

/* Error codes an op may return; negative, permanent like op ids. */
struct pvabi_error {
	const char *name;
	int64_t value;
	int alias_of;       /* format 2: the error this name aliases, or NONE */
	const char *c_name; /* format 2: the C constant's name */
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* Format 2: how guests pick their revision when there is no negotiate
 * call: at compile time through a macro, features by a query that
 * answers one submap of bits at a time. */
struct pvabi_nego {
	int compile_time;    /* kind="compile-time" */
	const char *macro;   /* __XEN_INTERFACE_VERSION__ */
	int query_op;        /* op index, or PVABI_NONE */
	int query_cmd;       /* command index of query_op, or PVABI_NONE */
	unsigned int submap_bits;
	const char *doc;
	struct pvabi_loc loc;
};

#endif
