/* Shared state and helpers of the spec loader (load*.c only). */
#ifndef PVABI_LOAD_INTERNAL_H
#define PVABI_LOAD_INTERNAL_H

#include <libxml/tree.h>
#include <stdint.h>
#include <string.h>

#include "abi/arena.h"
#include "abi/diag.h"
#include "abi/model.h"
#include "abi/names.h"
#include "abi/xmlload.h"

/* <abi>'s element children by kind (abi/load_top.c); TOP_STRUCT holds
 * <struct> and <union> in file order. */
enum top_kind {
	TOP_DOC, TOP_REVISIONS, TOP_CONVENTIONS, TOP_ERRORS, TOP_ENUM, TOP_FEATURE,
	TOP_TYPEDEF, TOP_STRUCT, TOP_LIMIT, TOP_OP, TOP_WAIVER, TOP_SCENARIO,
	TOP_NEGOTIATION, TOP_NKINDS
};

struct top_list {
	xmlNode **v;
	size_t n, cap;
};

struct loader {
	struct pvabi_spec *s;
	struct pvabi_arena *a;
	struct pvabi_diags *d;
	const char *file;
	int failed;
	xmlNode *root;
	struct top_list top[TOP_NKINDS];
};

/* Lists root's children by kind: 0 or -ENOMEM. */
int load_top_index(struct loader *L, xmlNode *root);
/* The first child of root of kind k, or NULL. */
xmlNode *load_top_first(const struct loader *L, enum top_kind k);
void load_top_free(struct loader *L);
/* Each child of root of kind k, in file order, as c. */
#define FOR_TOP(L, k, i, c) \
	for ((i) = 0; (i) < (L)->top[k].n && ((c) = (L)->top[k].v[i]); (i)++)

#define LERR(L, node, rule, ...)                                              \
	do {                                                                  \
		pvabi_diag_add((L)->d, (rule), (L)->file,                     \
			       pvabi_xml_line(node), __VA_ARGS__);            \
		(L)->failed = 1;                                              \
	} while (0)

/* Inline, first letter before strcmp: the loader asks it of every child
 * of <abi> once per kind, a million children in a large spec. */
static inline int is_elem(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name[0] == (xmlChar)name[0] &&
	       !strcmp((const char *)n->name, name);
}

size_t count_children(const xmlNode *parent, const char *name);
/* An arena array for the children of n named name (one declaration of
 * op per child), each size bytes; its length is count_children(). NULL
 * when there are none, without memory (L->failed), or, with fmt1, in a
 * format 2 spec, which does not read them yet (FORMAT_FEATURE at n).
 * The caller fills it in a loop over the children, keeping those it
 * loads. */
void *load_children(struct loader *L, xmlNode *n, const char *name, size_t size,
		    const struct pvabi_op *op, int fmt1);
/* Attribute copied into the arena, or NULL when absent. */
const char *attr(struct loader *L, xmlNode *n, const char *name);
/* Attribute as the document holds it, valid while the document lives
 * (the load): for values parsed, not kept. NULL when absent. */
const char *attr_view(struct loader *L, xmlNode *n, const char *name);
/* The <doc> child's text, whitespace-normalised, or NULL. */
const char *doc_of(struct loader *L, xmlNode *n);
/* A number attribute: 0, 1 when absent, -1 (reported) when malformed.
 * *out keeps the bit pattern of u64 constants above INT64_MAX. */
int num_attr(struct loader *L, xmlNode *n, const char *name, int64_t *out);

/* A number as written, for range checks against a width; text is the
 * attribute as written, for messages. */
struct wide {
	int neg;
	uint64_t mag;
	const char *text;
};

int parse_wide(const char *s, struct wide *w);
/* Like num_attr, into w. */
int wide_attr(struct loader *L, xmlNode *n, const char *name, struct wide *w);
/* 1 if lo <= w <= hi. */
int wide_in(const struct wide *w, int64_t lo, uint64_t hi);
/* The value as int64_t, u64 bit patterns kept. */
int64_t wide_value(const struct wide *w);
/* The values a primitive type holds. */
void prim_range(enum pvabi_prim p, int64_t *lo, uint64_t *hi);
int bool_attr(struct loader *L, xmlNode *n, const char *name);
/* Revision attribute -> index; dflt when absent; reports unknown ids. */
int rev_attr(struct loader *L, xmlNode *n, const char *name, int dflt);
/* 1 in a format 2 spec, else FORMAT_FEATURE reported about what and 0;
 * an attribute of format 2, NULL when absent or refused. */
int fmt2_need(struct loader *L, xmlNode *n, const char *what);
const char *fmt2_attr(struct loader *L, xmlNode *n, const char *name);
/* since/deprecated/removed; parent NULL for top-level elements. */
void life_of(struct loader *L, xmlNode *n, const struct pvabi_life *parent,
	     struct pvabi_life *out);
/* A <raises>' lifetime (parent: its op's or command's) and line, for
 * both formats. */
void raise_of(struct loader *L, xmlNode *n, const struct pvabi_life *parent,
	      struct pvabi_raise *out);
/* Resolves a type name; allow_struct for fields and pointer args. */
int type_of(struct loader *L, xmlNode *n, const char *name, int allow_struct,
	    struct pvabi_type *out);
struct pvabi_names *names_build(struct loader *L, size_t n);
/* Registers name -> idx; returns the index already holding name, or -1. */
int names_add(struct loader *L, struct pvabi_names *m, const char *name,
	      int idx);

/* Refuses (NAME_RESERVED) a name generated C cannot declare: what is
 * "abi", "argument" or "field"; is_arg for arguments. */
void load_check_name(struct loader *L, xmlNode *n, const char *what, const char *name,
		     int is_arg);

void load_structs(struct loader *L, xmlNode *root);
void load_ops(struct loader *L, xmlNode *root);
void load_waivers(struct loader *L, xmlNode *root);
/* <changes> of each feature (abi/load_changes.c), after the ops. */
void load_feature_changes(struct loader *L);
/* <cap> of each feature (abi/load_caps.c), after the scenarios. */
void load_feature_caps(struct loader *L);
void load_scenarios(struct loader *L, xmlNode *root);
/* A <page>, <read> or <wait> step of sc (abi/load_step.c). */
void load_step(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
	       struct pvabi_step *st);
/* SCENARIO_INVALID: every step resolves in every revision of its
 * scenario. */
void check_scenarios(struct loader *L);
/* STRUCT_TOO_LARGE: every struct fits 4 GiB - 1 in every revision. */
void check_struct_sizes(struct loader *L);
/* Declared limits (abi/load_limit.c): <limit> elements, before the
 * ops; an arg's limit="NAME"; then LIMIT_REF_INVALID and
 * PROBE_BASE_INVALID once everything is loaded. */
void load_declared_limits(struct loader *L, xmlNode *root);
/* <ret limit="L" full="E">: both or neither (UNKNOWN_LIMIT,
 * LIMIT_REF_INVALID). */
void load_ret_limit(struct loader *L, xmlNode *c, struct pvabi_op *op);
/* ends-run= on an op (load_runend.c): read after its arguments; on a
 * command, refused (format 2 does not read it yet); after every op, at
 * most one op ends a run. */
void load_ends_run(struct loader *L, xmlNode *n, struct pvabi_op *op);
void load_ends_run_cmd(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		       struct pvabi_cmd *k);
void load_ends_run_check(struct loader *L);
/* written-on= on the args of an op (load_written.c): read once the op's
 * <raises> are, as the errors it names must be the op's own. */
void load_written_on(struct loader *L, xmlNode *n, struct pvabi_op *op);
/* <ret freed-by= order=> and <guest-bits> (load_handle.c); the freeing
 * ops are checked once every op is loaded. */
void load_ret_handle(struct loader *L, xmlNode *c, struct pvabi_op *op);
void load_handles_check(struct loader *L);
/* The <refused-kind> children of a handle argument (abi/load_kind.c),
 * resolved after every op is loaded by load_kinds_check. */
void load_kind_refusals(struct loader *L, xmlNode *n, const struct pvabi_op *op,
			struct pvabi_arg *a);
void load_kinds_check(struct loader *L);
/* The space-separated names in `in` as indices in e's values, appended
 * to values (at most PVABI_KIND_MAX); NULL, or why they are refused
 * (abi/load_kind.c; <refused-kind in=> and <one-per in=>). */
const char *load_enum_names(const struct pvabi_enum *e, const char *in, int *values,
			    size_t *nvalues);
/* An op's or command's <raises> as one list, with the life of what
 * raises them. */
struct pvabi_raise_list {
	const int *errors;
	const struct pvabi_raise *raises; /* parallel to errors */
	size_t n;
	const struct pvabi_life *life;
};
#define LOAD_OP_RAISES(op) \
	((struct pvabi_raise_list){ (op)->errors, (op)->raises, (op)->nerrors, &(op)->life })
/* Whether the list names error in any revision. */
int load_raise_named(const struct pvabi_raise_list *l, int error);
/* The first revision in which the list's owner, and lives a and b where
 * given, all hold but the list does not raise error; -1 when there is
 * none. A declaration that promises an error (a limit's, a refused
 * kind's, a one-per's, a size-error=) makes the dispatch or a derived
 * probe answer it in every revision the declaration lives in, so each
 * of those revisions' views must list it, not only some revision's. */
int load_raise_gap(const struct pvabi_spec *s, const struct pvabi_raise_list *l, int error,
		   const struct pvabi_life *a, const struct pvabi_life *b);
/* The <one-per> children of an allocating op's kind argument
 * (abi/load_oneper.c), checked at once: the op's <ret> is read before
 * its arguments' checks run in load_one_per_check, after every op. */
void load_one_per(struct loader *L, xmlNode *n, const struct pvabi_op *op,
		  struct pvabi_arg *a);
void load_one_per_check(struct loader *L);
/* The attributes a <one-per> has in both formats (abi/load_oneper.c). */
void load_one_per_common(struct loader *L, xmlNode *c, const struct pvabi_life *parent,
			 struct pvabi_one_per *k);
/* Format 2: <one-per> on a command (abi/load_oneper2.c), checked once
 * every command of the op is read. */
void load_cmd_one_per(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		      struct pvabi_cmd *k);
void load_cmd_one_per_check(struct loader *L);
/* Format 2: written-on= (text v, or NULL) on field f of struct st
 * (abi/load_written.c). */
void load_field_written_on(struct loader *L, xmlNode *c, const struct pvabi_struct *st,
			   struct pvabi_field *f, const char *v);
/* reset= and restore-from= of an argument (load_release.c); after every
 * op is loaded, the one release of each op and its reading op. */
void load_arg_release(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		      struct pvabi_arg *a);
void load_release_check(struct loader *L);
/* size-error= of a struct (load_sizes.c): read with the struct; then
 * every op that passes it out must raise it. */
void load_size_error(struct loader *L, xmlNode *n, struct pvabi_struct *st);
void load_size_errors_check(struct loader *L);
/* <edge> children of an argument, and their modes, answers and state
 * ops once every op has loaded (load_edge.c). */
void load_edges(struct loader *L, xmlNode *n, const struct pvabi_op *op, struct pvabi_arg *a);
void load_edges_resolve(struct loader *L);
/* <span> children of a count argument, and their bases once every op
 * has loaded (load_span.c). */
void load_spans(struct loader *L, xmlNode *n, const struct pvabi_op *op, struct pvabi_arg *a);
void load_spans_check(struct loader *L);
/* <addr> children of an address argument, and their modes and answers
 * once every op has loaded (load_addr.c). */
void load_addrs(struct loader *L, xmlNode *n, const struct pvabi_op *op, struct pvabi_arg *a);
void load_addrs_resolve(struct loader *L);
/* <now> children of an argument, resolved once every op and scenario
 * has loaded (load_now.c). */
void load_nows(struct loader *L, xmlNode *x, const struct pvabi_op *op, struct pvabi_arg *a);
void load_nows_resolve(struct loader *L);
/* early=, late=: nanoseconds, 0 when absent; 0, or -1 (not reported). */
int load_now_ns(struct loader *L, xmlNode *c, const char *name, uint64_t *out);
/* <now> of a format 2 command (load_now2.c), read with it and resolved
 * against its observer once layouts exist. */
void load_cmd_nows(struct loader *L, xmlNode *c, const struct pvabi_op *op, struct pvabi_cmd *k);
void load_arg_nows2(struct loader *L, xmlNode *x, const struct pvabi_op *op, struct pvabi_arg *a);
void check_nows2(struct loader *L);
/* What <edge> and <now> share (load_decl.c). The args of op alive in
 * revision r. */
size_t load_decl_nargs(const struct pvabi_op *op, int r);
/* The mode when= of a declaration about argument ai in revision r: it
 * names arguments of op there, and not ai ("when= sets the argument "
 * self). NULL, or what is wrong (into err). */
const char *load_decl_mode(struct loader *L, const struct pvabi_op *op, size_t ai,
			   const char *when, int r, const char *self, char *err, size_t len);
/* A kind of declaration: its rule, its word in messages, and what
 * resolves one (decl) in revision r: NULL, or what is wrong. */
struct load_decl {
	const char *rule, *what;
	const char *(*resolve)(struct loader *L, const struct pvabi_op *op, size_t ai,
			       void *decl, int r, char *err, size_t len);
};
/* Resolves decl, of argument ai of op, in each revision both it (life)
 * and op live in; the first problem is reported at line. */
void load_decl_resolve(struct loader *L, const struct load_decl *k, const struct pvabi_op *op,
		       size_t ai, void *decl, const struct pvabi_life *life, int line);
void load_guest_bits(struct loader *L, xmlNode *n, const struct pvabi_op *op,
		     struct pvabi_arg *a);
/* <ignored-bits> of an argument, and their modes once every op has
 * loaded (load_ignored.c). */
void load_ignored_bits(struct loader *L, xmlNode *n, const struct pvabi_op *op,
		       struct pvabi_arg *a);
void load_ignored_resolve(struct loader *L);
void load_arg_limit(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		    struct pvabi_arg *a);
void check_declared_limits(struct loader *L);
/* <partition> children of an op, its args loaded; PARTITION_INVALID
 * for one no probe derives from, once all is loaded (abi/load_part.c). */
void load_partitions(struct loader *L, xmlNode *n, struct pvabi_op *op);
void check_partitions(struct loader *L);
/* <batch> children of an op, its args loaded; BATCH_INVALID for one no
 * probe derives from, once all is loaded (abi/load_batch.c). */
void load_batches(struct loader *L, xmlNode *n, struct pvabi_op *op);
void check_batches(struct loader *L);
/* <monotonic> children of an op; MONOTONIC_INVALID for one no image
 * could read, once all is loaded (abi/load_mono.c). */
void load_monos(struct loader *L, xmlNode *n, struct pvabi_op *op);
void check_monos(struct loader *L);
/* <fixed> children of an op; FIXED_INVALID for one no image could read
 * again, once all is loaded (abi/load_fixed.c). */
void load_fixeds(struct loader *L, xmlNode *n, struct pvabi_op *op);
void check_fixeds(struct loader *L);
/* What a <fixed> says in both formats (who: "op X" or "op X: command
 * Y" for messages), and why declaration k of all clashes with the
 * others, or NULL (abi/load_fixed.c). */
struct pvabi_fixed;
struct pvabi_mono;
void load_fixed_common(struct loader *L, xmlNode *c, const char *who,
		       const struct pvabi_life *parent, struct pvabi_fixed *f);
const char *load_fixed_clash(const struct pvabi_fixed *all, size_t k,
			     const struct pvabi_mono *monos, size_t nmonos, int ends_run);
/* Format 2: <fixed> children of a command, and FIXED_INVALID for one no
 * image could read again (abi/load_fixed2.c). */
void load_cmd_fixeds(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		     struct pvabi_cmd *k);
void check_cmd_fixeds(struct loader *L);
void load_by_callers(struct loader *L, xmlNode *n, struct pvabi_op *op);
void check_by_callers(struct loader *L);
/* GROWS_INVALID, VECTOR_FALSIFIABLE (abi/load_grows.c). */
void check_growth(struct loader *L);

/* Format 2 (load_fmt2.c, load_cmds.c). */
void load_modes(struct loader *L, xmlNode *root);
void load_conv_fmt2(struct loader *L, xmlNode *c, struct pvabi_conv *cv);
void load_rev_code(struct loader *L, xmlNode *c, struct pvabi_rev *r);
void load_typedefs(struct loader *L, xmlNode *root);
int typedef_find(const struct pvabi_spec *s, const char *name);
void load_struct_fmt2(struct loader *L, xmlNode *n, struct pvabi_struct *st);
/* VECTOR_INVALID for the vectors of a format 2 spec's ops and commands
 * (abi/vector2.h), in every revision where each exists. */
void check_vectors2(struct loader *L);
void load_field_fmt2(struct loader *L, xmlNode *c, struct pvabi_struct *st,
		     struct pvabi_field *f);
void field_typedef(struct loader *L, xmlNode *c, const struct pvabi_struct *st,
		   struct pvabi_field *f, const char *type);
void load_error_fmt2(struct loader *L, xmlNode *c, struct pvabi_error *e);
/* Commands of one op; the op's args are loaded. */
void load_cmds(struct loader *L, xmlNode *n, struct pvabi_op *op);
void load_nego(struct loader *L, xmlNode *root);
/* Cross-references of format 2, once everything is loaded. */
void check_fmt2(struct loader *L);
/* Format 2 <grows>: a CPUID block's maximum (abi/load_leaves.c): the
 * attributes of one (refused in format 1), a convention's, and the
 * checks of every one. */
void load_grows_fmt2(struct loader *L, xmlNode *c, struct pvabi_grows *g);
void load_conv_grows(struct loader *L, xmlNode *c, struct pvabi_conv *cv);
void check_leaves(struct loader *L);

#endif
