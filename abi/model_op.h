/* The model's calls (abi/model.h): calling conventions, ops with their
 * arguments, commands, conformance vectors and documented growth. */
#ifndef PVABI_MODEL_OP_H
#define PVABI_MODEL_OP_H

#include "abi/model_base.h"

struct pvabi_partition; /* abi/partition.h */
struct pvabi_guest_bits; /* abi/limit.h */
struct pvabi_ignored_bits; /* abi/limit.h */
struct pvabi_edge; /* abi/edge.h */
struct pvabi_span; /* abi/span.h */
struct pvabi_addr; /* abi/addr.h */
struct pvabi_mono; /* abi/mono.h */
struct pvabi_fixed; /* abi/fixed.h */
struct pvabi_by_caller; /* abi/caller.h */

enum pvabi_conv_kind {
	PVABI_CONV_CALL_FRAME,     /* frame in guest memory + doorbell port */
	PVABI_CONV_REGISTERS,      /* args in registers, trap instruction */
	PVABI_CONV_HYPERCALL_PAGE, /* call page + nr * stride, regs */
	PVABI_CONV_CPUID,          /* leaf/subleaf, result in registers */
	PVABI_CONV_MSR,            /* rdmsr/wrmsr of an index */
};

#define PVABI_MAX_REGS 8

/* A calling convention: how a guest reaches the platform. The Xen and KVM
 * profiles need registers and instructions, not only a C signature. */
struct pvabi_conv {
	const char *name;
	enum pvabi_conv_kind kind;
	const char *mode;        /* guest mode: "x86_64", "x86_32", "any" */
	const char *instruction; /* "out", "vmcall", "int 0x82", "call" ... */
	unsigned int port;       /* CALL_FRAME doorbell port */
	uint64_t frame;          /* CALL_FRAME guest-physical frame address */
	unsigned int stride;     /* HYPERCALL_PAGE entry stride */
	const char *regs[PVABI_MAX_REGS]; /* argument registers in order */
	size_t nregs;
	const char *op_reg;  /* register holding the op id, if any */
	const char *ret_reg; /* register holding the result */
	/* format 2: registers per guest mode (<mode> children), and how the
	 * guest finds and installs the entry (abi/load_conv.c) */
	struct pvabi_conv_mode {
		int present;
		const char *regs[PVABI_MAX_REGS];
		size_t nregs;
		const char *op_reg, *ret_reg;
	} modes[2];
	const char *install;   /* "cpuid-msr", "elf-note", "none" */
	const char *signature; /* CPUID signature, e.g. XenVMMXenVMM */
	uint32_t cpuid_base, cpuid_step, cpuid_tries, msr_leaf;
	/* wide-args=: how a 64-bit by-value argument travels on x86_32,
	 * whose registers are 32 bits: "pair" (two registers, low half
	 * first: Xen), "register" (one, its upper half lost: KVM), or NULL */
	const char *wide_args;
	/* not-offered=: the error an op of this convention gives where the
	 * platform does not offer the op's feature (KVM's MSRs raise #GP),
	 * or NULL. Conformance data like a vector: not in the fingerprint. */
	const char *not_offered;
	/* format 2, install="cpuid-msr": <grows> of the signature leaf's
	 * block (abi/load_leaves.c) */
	struct pvabi_grows *grows;
	size_t ngrows;
	const char *doc;
	struct pvabi_loc loc;
};

enum pvabi_arg_dir {
	PVABI_BY_VALUE, /* a scalar in the frame slot / register */
	PVABI_PTR_IN,   /* guest-physical address of data the guest fills */
	PVABI_PTR_OUT,  /* ... of data the platform fills */
	PVABI_PTR_INOUT,
};

/* The most values one <refused-kind> names. */
#define PVABI_KIND_MAX 8

/* <refused-kind by="ARG" in="V ..." error="E"> on a handle argument: the
 * op refuses a handle that its allocating op (the op whose <ret limit=
 * freed-by=> hands out handles of this argument's limit) made with ARG
 * one of the values, with E, in every state the handle can be in, and
 * the refused call has no effect (abi/load_kind.c,
 * docs/spec-language.md#refusals-by-what-a-handle-is). Conformance data,
 * not in the fingerprint. */
struct pvabi_kind_refusal {
	const char *by;     /* the allocating op's argument, as written */
	const char *in;     /* its values, as written */
	int alloc_op;       /* index in spec->ops (resolved after every op) */
	int by_arg;         /* index in the allocating op's args */
	int values[PVABI_KIND_MAX]; /* indices in by's enum values */
	size_t nvalues;
	int error;          /* index in spec->errors */
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* <one-per scope="guest|vcpu" in="V ..." error="E"> on the kind argument
 * of an op that allocates handles (<ret limit= freed-by=>): while a
 * handle of one of the values exists in the scope (the guest, or the
 * calling vCPU), another allocation of it in that scope fails with E;
 * in another vCPU's scope it does not (abi/load_oneper.c,
 * docs/spec-language.md#at-most-one-per-scope). Conformance data, not
 * in the fingerprint. */
enum pvabi_scope { PVABI_SCOPE_GUEST, PVABI_SCOPE_VCPU };
struct pvabi_one_per {
	const char *in;     /* the values, as written */
	int scope;          /* enum pvabi_scope */
	int values[PVABI_KIND_MAX]; /* indices in the argument's enum values */
	size_t nvalues;
	int error;          /* index in spec->errors */
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
	/* Format 2, on a <command> (abi/load_oneper2.c): the kind is field
	 * `field` of the command's data, its values numbers (or names of
	 * the field's enum) in nums; a vcpu scope is the vCPU that field
	 * `vcpu` names (not the caller); the platform writes the handle to
	 * field `handle`, and command free_cmd of the same op frees it
	 * with the handle in its data's field free_field. elsewhere: a
	 * guest-scope handle asked on a vCPU other than 0 (PVABI_NONE: no
	 * such rule). */
	const char *field, *vcpu, *handle, *freed_by, *free_field;
	uint64_t nums[PVABI_KIND_MAX];
	int free_cmd;
	int elsewhere;
};

struct pvabi_arg {
	const char *name;
	struct pvabi_type type; /* for pointers: the pointee */
	enum pvabi_arg_dir dir;
	int count_arg;  /* pointer to an array: index of the arg holding its
			 * element count, or PVABI_NONE for one element */
	int has_default;
	int64_t default_value; /* what a compat adapter passes for callers
				* of revisions before `since` */
	int limit;      /* index in spec->limits (limit="NAME"), or PVABI_NONE */
	int handler_limit; /* 1 + index in spec->limits (handler-limit="NAME"):
			    * the op's own check, not the dispatch's */
	const struct pvabi_guest_bits *gbits; /* <guest-bits> (abi/limit.h) */
	size_t ngbits;
	const struct pvabi_ignored_bits *ibits; /* <ignored-bits> (abi/limit.h) */
	size_t nibits;
	const struct pvabi_edge *edges; /* <edge> (abi/edge.h) */
	size_t nedges;
	const struct pvabi_span *spans; /* <span> (abi/span.h) */
	size_t nspans;
	const struct pvabi_addr *addrs; /* <addr> (abi/addr.h) */
	size_t naddrs;
	const struct pvabi_now *nows; /* <now> (abi/now.h) */
	size_t nnows;
	const struct pvabi_kind_refusal *kinds; /* <refused-kind> */
	size_t nkinds;
	const struct pvabi_one_per *ones; /* <one-per> */
	size_t nones;
	/* What puts back the state a successful call of the op changed,
	 * when a scenario fails holding it (abi/load_release.c): reset="V",
	 * the same call with this argument V; restore-from="OP", OP (its
	 * by-value arguments the call's of the same name) reads the value
	 * this argument writes, before the write, and the op writes it back.
	 * Conformance data, not in the fingerprint. restore_from: 1 + index
	 * in spec->ops (0: none); restore_out: OP's out argument. */
	int has_reset;
	uint64_t reset_value;
	int restore_from, restore_out;
	struct pvabi_loc release_loc;
	/* written-on="E ...": the errors (bit i: spec->errors[i]) after
	 * which a refusal may write this out-argument, as the op's doc says
	 * (abi/load_written.c); every other refusal leaves it as the guest
	 * had it. Conformance data, not in the fingerprint. */
	uint64_t written_on;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* One conformance vector: arguments -> expected result or error, valid in
 * the revisions of its lifetime. Values are kept as written; the generator
 * resolves names (enum values, features) against the revision view. */
struct pvabi_vector {
	const char *args;   /* "a=1 b=poweroff" */
	const char *expect; /* "ret=0", "error=EINVAL" */
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* A value the spec documents to change in later revisions, as a limit
 * grows: `value` ("ret" or "ARG.FIELD") of the calls whose arguments
 * match `when` ("name=value ...", empty for every call). A vector may
 * only bound it from below (VECTOR_FALSIFIABLE). Not in the fingerprint:
 * it constrains vectors, not the wire. */
struct pvabi_grows {
	const char *value;
	const char *when;
	const char *doc;
	struct pvabi_loc loc;
	/* format 2, a CPUID block's maximum (abi/load_leaves.c,
	 * docs/spec-language.md#cpuid-blocks-that-grow): the register of
	 * the block's first leaf that holds its highest leaf (0 eax .. 3
	 * edx, -1 in format 1); next=, the first leaf past the block (0 on
	 * a convention: its base + cpuid-step); at-least=, the maximum a
	 * smaller report stands for; unserved=, what a leaf past the
	 * maximum answers (PVABI_UNSERVED_*). Conformance data: not in the
	 * fingerprint, as format 1's <grows>. */
	int reg;
	uint64_t next, at_least;
	unsigned int unserved;
};

#define PVABI_UNSERVED_ZERO 1u  /* all four registers 0 (AMD's rule) */
#define PVABI_UNSERVED_BASIC 2u /* the highest basic leaf's (Intel's rule) */

/* Op ids reserved forever in every ABI: no op may take one
 * (OP_ID_RESERVED), so every platform of every revision answers them
 * ENOSYS, and a conformance image probes the first one for it. */
#define PVABI_OP_ID_RESERVED_FIRST 0xffff0000u

/* Format 2: one command of an op that multiplexes several on one id
 * (Xen's XENVER_*, EVTCHNOP_*). The command number travels in the op's
 * argument `cmd_arg`; the command's own argument (a struct by address, or
 * a scalar, or nothing) in argument `data_arg`. */
#define PVABI_MAX_HANDLES 4

struct pvabi_handle_dir {
	const char *path;       /* "buffer", "addr.h": through nested fields */
	int strct, field;       /* the handle field: index in structs[strct] */
	enum pvabi_arg_dir dir; /* who fills what it points at */
};

struct pvabi_cmd {
	const char *name;
	int64_t value;
	const char *c_name;
	struct pvabi_life life;
	struct pvabi_type data;  /* struct or scalar the data arg carries */
	int data_tdef;           /* data declared as an array typedef, or NONE */
	int has_data;            /* 0: the data arg is unused */
	enum pvabi_arg_dir dir;  /* struct data: in, out, inout */
	struct pvabi_type ret;
	int ret_void;
	int *errors;
	struct pvabi_raise *raises; /* parallel to errors */
	size_t nerrors;
	struct pvabi_handle_dir handles[PVABI_MAX_HANDLES];
	size_t nhandles;
	struct pvabi_vector *vectors; /* abi/vector2.h resolves them */
	size_t nvectors;
	const struct pvabi_now *nows; /* <now> of a data field (abi/now2.h) */
	size_t nnows;

	/* ends-run="NAME": the command a guest ends its run with (format 2,
	 * abi/load_runend.c): PVABI_ENDS_DATA when the data itself, a scalar
	 * enum passed by value, is the reason (Xen's sched_op_compat);
	 * PVABI_ENDS_FIELD + i when field i of the data struct is
	 * (sched_shutdown.reason); 0: not such a command. Conformance data,
	 * not in the fingerprint. */
	int ends_run;
	const struct pvabi_one_per *ones; /* format 2 <one-per> */
	size_t nones;
	const struct pvabi_fixed *fixeds; /* format 2 <fixed> (abi/fixed.h) */
	size_t nfixeds;
	const char *doc;
	struct pvabi_loc loc;
};

#define PVABI_ENDS_DATA 1
#define PVABI_ENDS_FIELD 2

struct pvabi_op {
	const char *name;
	uint32_t id;
	const char *c_name; /* format 2: the C constant of its number */
	struct pvabi_cmd *cmds; /* format 2 */
	size_t ncmds;
	int cmd_arg, data_arg;  /* arg indices, PVABI_NONE without commands */
	struct pvabi_life life;
	int frozen;
	int feature;     /* index in spec->features or PVABI_NONE */
	int conv;        /* index in spec->convs */
	int replaced_by; /* index in spec->ops or PVABI_NONE */
	struct pvabi_type ret;
	int ret_void;    /* returns only a status (0 or an error) */
	/* <ret limit="L" full="E">: the handles it returns lie in limit L,
	 * and E answers when none is left (conformance data): 1 + index in
	 * spec->limits (0: none), index in spec->errors */
	int ret_limit, ret_full;
	/* <ret freed-by="OP" order="lowest">: the op freeing a handle (its
	 * one argument), 1 + index in spec->ops (0: none); 1 when the
	 * lowest free handle is handed out (abi/load_handle.c) */
	int ret_freed_by, ret_lowest;
	const char *ret_doc; /* <ret><doc>: what the value is (the manual's) */
	/* ends-run="ARG": the op a guest ends its run with, ARG the enum of
	 * the reasons it stops for (abi/load_runend.c): 1 + index in args,
	 * 0: not such an op. Conformance data, not in the fingerprint. */
	int ends_run;
	struct pvabi_loc ret_loc;
	struct pvabi_arg *args;
	size_t nargs;
	int *errors; /* indices in spec->errors */
	struct pvabi_raise *raises; /* parallel to errors */
	size_t nerrors;
	struct pvabi_vector *vectors;
	size_t nvectors;
	struct pvabi_grows *grows;
	size_t ngrows;
	/* <probe-base args="..."/>: the values the derived limit probes pass
	 * for the arguments they do not probe; NULL: neutral values. */
	const char *probe_base;
	struct pvabi_loc probe_base_loc;
	struct pvabi_partition *parts; /* <partition> (abi/partition.h) */
	size_t nparts;
	struct pvabi_batch *batches; /* <batch> (abi/batch.h) */
	size_t nbatches;
	struct pvabi_mono *monos; /* <monotonic> (abi/mono.h) */
	size_t nmonos;
	struct pvabi_fixed *fixeds; /* <fixed> (abi/fixed.h) */
	size_t nfixeds;
	struct pvabi_by_caller *by_callers; /* <by-caller> (abi/caller.h) */
	size_t nby_callers;
	const char *doc;
	struct pvabi_loc loc;
};

/* 1 when a call of op writes results into the guest's buffers (an out
 * or in-out pointer): an observer of state, where the derivers need one. */
static inline int pvabi_op_writes_back(const struct pvabi_op *op)
{
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (op->args[i].dir == PVABI_PTR_OUT || op->args[i].dir == PVABI_PTR_INOUT)
			return 1;
	return 0;
}

/* The by-value enum argument of allocating op al alive in rev (the kind
 * of handle it hands out), or -1. */
static inline int pvabi_op_kind_arg(const struct pvabi_op *al, int rev)
{
	size_t i;

	for (i = 0; i < al->nargs; i++)
		if (al->args[i].dir == PVABI_BY_VALUE && al->args[i].type.kind == PVABI_T_ENUM &&
		    pvabi_life_has(&al->args[i].life, rev))
			return (int)i;
	return -1;
}

/* The by-value argument of op, alive in rev, that takes a handle of
 * limit li (an index in spec->limits, as pvabi_arg's limit), or -1. */
static inline int pvabi_op_handle_arg(const struct pvabi_op *op, int li, int rev)
{
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (op->args[i].dir == PVABI_BY_VALUE && op->args[i].limit == li &&
		    pvabi_life_has(&op->args[i].life, rev))
			return (int)i;
	return -1;
}

#endif
