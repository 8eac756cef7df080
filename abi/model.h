/* The in-memory model of one spec file: plain C structs, built once by the
 * loader, never modified afterwards, freed in one go.
 *
 * History is kept as revision indices: every element carries a lifetime
 * (since / deprecated / removed) whose values index spec->revs, which the
 * loader has already checked to be in strictly increasing order. A
 * revision "view" is then just a predicate: element e exists in revision r
 * iff since <= r && (removed < 0 || r < removed).
 */
#ifndef PVABI_MODEL_H
#define PVABI_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* The spec format this compiler reads. A spec with a higher format= is
 * refused (see docs/spec-language.md). */
#define PVABI_SPEC_FORMAT 2
#define PVABI_REGISTRY_FORMAT 1

#define PVABI_NONE (-1)
#define PVABI_MAX_FEATURE_BITS 64
/* Argument slots of a call frame; an op has at most this many args. */
#define PVABI_MAX_ARGS 8

struct pvabi_loc {
	const char *file;
	int line;
};

struct pvabi_life {
	int since;      /* revision index, always set */
	int deprecated; /* revision index or PVABI_NONE */
	int removed;    /* revision index or PVABI_NONE */
	int described;  /* description generation (format 2), 1 by default */
};

struct pvabi_rev {
	const char *id; /* "1.0"; format 2 also "3.2.5" with a code */
	unsigned int major, minor; /* format 2 with code=: code >> 16, & 0xffff */
	const char *doc;
	struct pvabi_loc loc;
	int has_code; /* format 2: the wire code was written (code=) */
};

enum pvabi_prim {
	PVABI_U8, PVABI_U16, PVABI_U32, PVABI_U64,
	PVABI_S8, PVABI_S16, PVABI_S32, PVABI_S64,
	/* format 2: C's unsigned long / long, as wide as the guest mode's
	 * pointers; their size here is x86_64's, pvabi_mode_* has the rest */
	PVABI_ULONG, PVABI_SLONG,
	PVABI_PRIM_COUNT
};

enum pvabi_type_kind {
	PVABI_T_PRIM,
	PVABI_T_ENUM,   /* stored as the enum's underlying primitive */
	PVABI_T_STRUCT, /* only as a struct field or through a pointer arg */
};

struct pvabi_type {
	enum pvabi_type_kind kind;
	enum pvabi_prim prim; /* PRIM, ENUM: the scalar representation */
	int index;            /* ENUM, STRUCT: index in spec->enums/structs */
	const char *name;     /* as written in the spec */
};

struct pvabi_enum_value {
	const char *name;
	int64_t value;
	const char *c_name; /* format 2: the C constant's name */
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

struct pvabi_names;
struct pvabi_partition;

struct pvabi_enum {
	const char *name;
	enum pvabi_prim prim; /* underlying type, default u32 */
	struct pvabi_life life;
	struct pvabi_enum_value *values;
	size_t nvalues;
	struct pvabi_names *value_names; /* name -> index; NULL: none built */
	const char *doc;
	struct pvabi_loc loc;
};

struct pvabi_field {
	const char *name;
	struct pvabi_type type;
	unsigned int count; /* array length, 1 for a scalar */
	/* format 2 (abi/load_fmt2.c) */
	int handle;         /* a guest handle: a pointer to type, mode-sized */
	unsigned int mode_mask; /* modes the field exists in (bit per enum
				 * pvabi_mode); 0: every mode */
	int tdef;           /* typedef the field was declared with, or NONE */
	int discriminant;   /* union-typed: index of the field selecting the
			     * member, or PVABI_NONE */
	const char *when;   /* union member: the discriminant's value name */
	const char *c_name; /* name in C when it differs from name */
	const char *old_name; /* name before revision `renamed` */
	int renamed;        /* revision index of the rename, or PVABI_NONE */
	int replaces;       /* reserved field whose bytes this one reuses, or
			     * PVABI_NONE */
	const char *replaces_name;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

struct pvabi_struct {
	const char *name;
	/* A size-guarded struct starts with a u32 size field (size_field)
	 * that the reader checks: it may only grow, and only at its end. */
	int size_guarded;
	const char *size_field;
	int is_union;       /* format 2: every member at offset 0 */
	int tail_growth;    /* format 2 growth="tail": appends up to max_size */
	uint32_t max_size;
	const char *c_name; /* C struct tag when it differs from name */
	struct pvabi_life life;
	struct pvabi_field *fields;
	size_t nfields;
	struct pvabi_names *field_names; /* name -> index; NULL: none built */
	const char *doc;
	struct pvabi_loc loc;
};

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
	const char *doc;
	struct pvabi_loc loc;
};

enum pvabi_arg_dir {
	PVABI_BY_VALUE, /* a scalar in the frame slot / register */
	PVABI_PTR_IN,   /* guest-physical address of data the guest fills */
	PVABI_PTR_OUT,  /* ... of data the platform fills */
	PVABI_PTR_INOUT,
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
	const struct pvabi_edge *edges; /* <edge> (abi/edge.h) */
	size_t nedges;
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
};

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
	size_t nerrors;
	struct pvabi_handle_dir handles[PVABI_MAX_HANDLES];
	size_t nhandles;
	struct pvabi_vector *vectors; /* abi/vector2.h resolves them */
	size_t nvectors;
	const char *doc;
	struct pvabi_loc loc;
};

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
	struct pvabi_loc ret_loc;
	struct pvabi_arg *args;
	size_t nargs;
	int *errors; /* indices in spec->errors */
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
	const char *doc;
	struct pvabi_loc loc;
};

/* One step of a scenario. A call is a vector (args, expect) of op `op`, whose
 * by-value args may name variables ("port=$p") bound by earlier steps.
 * bind: "NAME" binds the return value, "NAME=ARG.FIELD" a field of a
 * pass="out" struct, "NAME=ARG" a pass="out" scalar; NULL binds nothing.
 * retry > 0 repeats the call until its expectation holds, at most retry
 * times: how a guest observes asynchronous effects by polling. vcpu is
 * the vCPU that makes the call (0 unless the step names another). */
enum pvabi_step_kind {
	PVABI_STEP_CALL, /* <call> */
	PVABI_STEP_PAGE, /* <page>: a zeroed 4 KiB guest page, its address bound */
	PVABI_STEP_READ, /* <read>: guest memory at a bound address */
	PVABI_STEP_WAIT, /* <wait>: interrupts the guest received */
	PVABI_STEP_CHECK, /* <check>: an expression of the variables (args:
			   * value, expect: the comparison) */
	PVABI_STEP_WRITE, /* <write>: guest memory at a bound address (format 2) */
	PVABI_STEP_CLOCK, /* <clock>: a pvclock record's time (format 2) */
};

#define PVABI_SCEN_MAX_VCPU 1 /* the highest vCPU a scenario step names */

struct pvabi_step {
	enum pvabi_step_kind kind;
	int op; /* CALL: index in spec->ops; PVABI_NONE otherwise */
	const char *args;
	const char *expect;
	const char *bind; /* CALL and PAGE */
	unsigned int retry;
	unsigned int vcpu; /* CALL: the calling vCPU, 0 or 1 */
	/* READ: width bytes at $at + offset, masked, must equal value;
	 * READ and WAIT: polled for up to within_ns (0: read once) */
	const char *at;
	uint32_t offset, width;
	uint64_t mask, value;
	uint64_t within_ns;
	uint32_t count; /* WAIT: upcalls since the scenario began */
	struct pvabi_loc loc;
	int cmd; /* format 2 CALL: index in the op's cmds, or PVABI_NONE */
	/* Format 2 only. READ, WRITE: field ("STRUCT.FIELD") gives the
	 * offset by the spec's layout in each guest mode; bit ("$NAME")
	 * addresses bit $NAME of the bitmap at the offset. WAIT: exact waits
	 * all of within_ns and wants exactly count; at ("$NAME") and offset
	 * name the byte the guest clears on each upcall (its acknowledgement).
	 * CLOCK: the pvclock record at at + offset/field; bind and expect
	 * (">=$NAME" or ">=$NAME+N") as a call's */
	const char *field;
	const char *bit;
	int exact;
};

/* A conformance scenario: calls run in order, in the revisions of its
 * lifetime, checking effects that one call cannot show. */
struct pvabi_scenario {
	const char *name;
	struct pvabi_life life;
	struct pvabi_step *steps;
	size_t nsteps;
	const char *doc;
	struct pvabi_loc loc;
};

/* An accepted break: finding `rule` on `target` at revision `rev` is
 * reported as waived instead of breaking. */
struct pvabi_waiver {
	const char *rule;
	int rev;
	const char *target; /* "op:set_timer", "struct:time_info.flags" */
	const char *justification;
	struct pvabi_loc loc;
	int used; /* set by the checker */
};

/* Format 2: guest modes whose layouts differ (System V x86_64 and i386:
 * long, pointers and handles are 4 bytes on x86_32, and 64-bit members
 * are 4-byte aligned inside its structs). Format 1 has one layout. */
enum pvabi_mode { PVABI_MODE_X86_64, PVABI_MODE_X86_32, PVABI_MODE_COUNT };

/* Format 2: a named array type, `char[16]`. */
struct pvabi_typedef {
	const char *name;
	struct pvabi_type type;
	unsigned int count;
	const char *c_name;
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

struct pvabi_arena;
struct pvabi_layouts;
struct pvabi_limit; /* abi/limit.h */
struct canon_ranks;

struct pvabi_spec {
	const char *file;
	const char *name;  /* abi name */
	unsigned int format;
	const char *doc;
	int default_conv;  /* index in convs */
	struct pvabi_rev *revs;
	size_t nrevs;
	struct pvabi_conv *convs;
	size_t nconvs;
	struct pvabi_error *errors;
	size_t nerrors;
	struct pvabi_enum *enums;
	size_t nenums;
	struct pvabi_feature *features;
	size_t nfeatures;
	struct pvabi_struct *structs;
	size_t nstructs;
	struct pvabi_op *ops;
	size_t nops;
	struct pvabi_waiver *waivers;
	size_t nwaivers;
	struct pvabi_scenario *scenarios;
	size_t nscenarios;
	/* Every struct after the structs it contains (abi/struct_order.c);
	 * NULL when the loader did not compute it. */
	const int *struct_order;
	/* Struct layouts per revision, computed once each on first use
	 * (abi/model.c); NULL for a model not made by the loader. */
	struct pvabi_layouts *layouts;
	struct pvabi_limit *limits;
	size_t nlimits;
	/* The ranks canonical lines sort by (abi/canon_order.c), made on
	 * first use: one block, freed with free(). */
	struct canon_ranks *canon_ranks;
	/* format 2 */
	unsigned int modes;   /* bit per enum pvabi_mode; 0 in format 1 */
	struct pvabi_typedef *typedefs;
	size_t ntypedefs;
	struct pvabi_nego nego;
	int has_nego;
	struct pvabi_arena *arena; /* owns every string and array above */
	/* name -> index maps, one per kind, built by the loader */
	struct pvabi_names *op_names, *struct_names, *enum_names,
		*feature_names, *error_names, *conv_names, *rev_names;
};

/* --- revision views -------------------------------------------------- */

static inline int pvabi_life_has(const struct pvabi_life *l, int rev)
{
	return rev >= l->since && (l->removed < 0 || rev < l->removed);
}

static inline int pvabi_life_deprecated(const struct pvabi_life *l, int rev)
{
	return l->deprecated >= 0 && rev >= l->deprecated;
}

/* Index of revision id in spec->revs, or PVABI_NONE. */
int pvabi_spec_rev(const struct pvabi_spec *spec, const char *id);
int pvabi_spec_op(const struct pvabi_spec *spec, const char *name);
int pvabi_spec_struct(const struct pvabi_spec *spec, const char *name);
int pvabi_spec_enum(const struct pvabi_spec *spec, const char *name);
int pvabi_spec_feature(const struct pvabi_spec *spec, const char *name);
int pvabi_spec_error(const struct pvabi_spec *spec, const char *name);

/* Index of a value in e->values / a field in st->fields, or PVABI_NONE;
 * names are unique within their parent. */
int pvabi_enum_value(const struct pvabi_enum *e, const char *name);
int pvabi_struct_field(const struct pvabi_struct *st, const char *name);

/* Feature bits defined in revision rev. */
uint64_t pvabi_spec_feature_mask(const struct pvabi_spec *spec, int rev);

/* The name element e has in revision rev (format 2 renames). */
const char *pvabi_field_name(const struct pvabi_field *f, int rev);

/* Revision number as carried on the wire: major << 16 | minor. */
/* Format 2 codes written with code= are split the same way. */
static inline uint32_t pvabi_rev_code(const struct pvabi_rev *r)
{
	return (uint32_t)r->major << 16 | (r->minor & 0xffff);
}

void pvabi_spec_free(struct pvabi_spec *spec);

/* Sizes and layouts of the types above, after their definitions. */
#include "abi/layout.h"

#endif
