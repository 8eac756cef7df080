/* The manual is written once, against this small document interface, and
 * rendered by two writers (Markdown, HTML), so both formats always carry
 * the same content. Private to emit_docs*.c. */
#ifndef PVABI_EMIT_DOCS_H
#define PVABI_EMIT_DOCS_H

#include <stddef.h>
#include <stdio.h>

#include "emit/emit.h"

enum docw_span {
	DOCW_TEXT,
	DOCW_CODE,
	DOCW_STRONG,
};

struct docw;

/* Blocks are opened and closed around spans; a table's rows hold cells
 * (cell() starts the next one), a list holds items. Spans take a length
 * because doc paragraphs are slices of one string. */
struct docw_ops {
	void (*begin)(struct docw *w, const char *title, const char *stamp);
	void (*end)(struct docw *w);
	void (*heading)(struct docw *w, int level, const char *anchor);
	void (*heading_end)(struct docw *w, int level);
	void (*para)(struct docw *w);
	void (*para_end)(struct docw *w);
	void (*list)(struct docw *w);
	void (*item)(struct docw *w);
	void (*item_end)(struct docw *w);
	void (*list_end)(struct docw *w);
	void (*table)(struct docw *w, const char *const *heads, size_t n);
	void (*row)(struct docw *w);
	void (*cell)(struct docw *w);
	void (*row_end)(struct docw *w);
	void (*table_end)(struct docw *w);
	/* A preformatted block of plain text (signatures). */
	void (*pre)(struct docw *w, const char *text);
	void (*span)(struct docw *w, enum docw_span k, const char *s, size_t n);
	/* A span linking to an anchor of this document. */
	void (*link)(struct docw *w, const char *anchor, enum docw_span k,
		     const char *s);
	/* A paragraph break inside a table cell. */
	void (*cell_break)(struct docw *w);
};

struct docw {
	const struct docw_ops *ops;
	FILE *f;
	int in_cell;    /* Markdown: a cell must stay on one line */
	int line_start; /* Markdown: block markers are escaped only here */
	int gap;        /* Markdown: a blank line is owed before the next block */
	size_t col;     /* cells started in the current row */
	int oom;        /* content was cut short: the run fails */
};

extern const struct docw_ops docw_markdown;
extern const struct docw_ops docw_html;

/* Writes the whole manual of g->rev through w; w->oom tells whether it
 * is complete. fp is the revision's fingerprint. */
void docs_write(struct docw *w, const struct pvabi_gen *g, const char *fp);
/* Sections: operations (emit_docs_ops.c); conventions, and structures,
 * enumerations, features and errors (emit_docs_types.c); the changelog
 * (emit_docs_changelog.c). */
void docs_ops(struct docw *w, const struct pvabi_gen *g);
/* An op's history across every revision of the spec, and the ops gone
 * by the manual's revision (emit_docs_history.c). */
void docs_op_history(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
void docs_ops_removed(struct docw *w, const struct pvabi_gen *g,
		      const struct pvabi_op *const *ops, size_t n);
/* The scenarios of the revision (emit_docs_scen.c). */
void docs_scenarios(struct docw *w, const struct pvabi_gen *g);
/* The declared limits of the revision and their probes (emit_docs_limits.c). */
void docs_limits(struct docw *w, const struct pvabi_gen *g);
void docs_convs(struct docw *w, const struct pvabi_gen *g);
void docs_types(struct docw *w, const struct pvabi_gen *g);
void docs_changelog(struct docw *w, const struct pvabi_gen *g);
/* Per op of ops (by id, n of them), the classes of derived check that
 * call it in an image of g->rev, as bits for docs_classes; NULL when
 * the ABI's images are not call-frame ones or out of memory (the
 * manual then says nothing of them) (emit_docs_classes.c). */
uint64_t *docs_classes_new(const struct pvabi_gen *g, const struct pvabi_op **ops, size_t n);
/* The "Derived checks" subsection of an op with those bits. */
void docs_classes(struct docw *w, const struct pvabi_gen *g, uint64_t mask);
/* The name of a derived scenario class (PVABI_CSCEN_*, as the image's
 * cost lines name it), NULL for the spec's own scenarios. */
const char *docs_class_name(int origin);
/* Format 2 (emit_docs_fmt2.c): an op's commands with their vectors; what
 * a field is beyond its type (handle, union member, discriminant, one
 * mode only), written into its description cell; a union's and the
 * per-mode layout's notes; a convention's registers per mode and its
 * installation, as rows of its table. */
void docs_commands(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
/* An op's input partitions with their probes in the manual's revision
 * (emit_docs_part.c); nothing when it declares none. */
void docs_partitions(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
/* What an op's calls leave behind and its outputs promise over time
 * (emit_docs_state.c): the returned handle's limit and release, after
 * the return's description; an argument's own limit check and release
 * after a failed scenario, inside its row; the outputs that never go
 * back and the values that grow, as parts of the op's section. */
void docs_ret_state(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
void docs_arg_state(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op,
		    const struct pvabi_arg *a);
void docs_monotonic(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
/* The op's <fixed> outputs (emit_docs_fixed.c). */
void docs_fixed(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
/* The vectors made again from vCPU 1 (emit_docs_caller.c). */
void docs_by_caller(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
/* What the images probe after a refused negotiation: on the bootstrap op. */
void docs_refused(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
void docs_grows(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
/* The probes of each <refused-kind> of op's arguments (emit_docs_kind.c). */
void docs_kinds(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
/* The call of op that must deliver what fell due (emit_docs_stale.c). */
void docs_tick(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);

/* The probes of each <one-per> of op's arguments, from two vCPUs
 * (emit_docs_kind.c). */
void docs_one_per(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
/* Format 2: the calls of op that are to be refused and whose struct the
 * platform writes, each judged for what the refusal wrote
 * (emit_docs_refout.c); nothing for format 1 or when there is none. */
void docs_refout(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
/* One step as the probe tables say it, appended to b (emit_docs_kind.c):
 * a call as "vCPU 1: NAME(ARGS) -> ERROR" (a format 2 call by its
 * command's name), a wait or a check in words. */
struct sbuf;
void docs_step_text(const struct pvabi_spec *s, const struct pvabi_step *st, struct sbuf *b);
/* The pairs of calls each output of op is read after (emit_docs_stale.c). */
void docs_stale(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);

/* The probes of each <span> of op's arguments, and of each limited count
 * of a buffer, where a width is crossed (emit_docs_span.c). */
void docs_spans(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);

/* The state op keeps apart from a handle, and its scenario
 * (emit/emit_keep_scen.c). */
void docs_keeps(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
/* What a failing request of a batch leaves behind (emit_docs_batch.c). */
void docs_batch(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op);
void docs_field_notes(struct docw *w, const struct pvabi_gen *g, const struct pvabi_struct *st,
		      const struct pvabi_field *x);
void docs_struct_notes(struct docw *w, const struct pvabi_gen *g, int si);
void docs_conv_fmt2(struct docw *w, const struct pvabi_conv *cv);
/* A CPUID block's maximum (emit_docs_leaves.c): the sweep past it as
 * text, first naming the block's first leaf and next its end; and the
 * rows of a convention's <grows>. */
void docs_leaf_gap(char *buf, size_t n, const struct pvabi_grows *g, const char *first,
		   const char *next);
void docs_conv_grows(struct docw *w, const struct pvabi_conv *cv);
void docs_cell_fmt2(struct docw *w, const struct pvabi_gen *g, const char *c_name,
		    int alias_of, const char *served_by, const char *doc);
void docs_nego(struct docw *w, const struct pvabi_gen *g);
/* "1.0", "1.0, deprecated in 1.1, removed in 2.0": an element's whole
 * lifetime, later revisions included, so readers of an old manual see
 * what is coming. */
void dw_life(struct docw *w, const struct pvabi_gen *g,
	     const struct pvabi_life *l);

/* --- content helpers (emit_docs_content.c) --------------------------- */

void dw_text(struct docw *w, const char *s);
void dw_code(struct docw *w, const char *s);
void dw_strong(struct docw *w, const char *s);
void dw_textf(struct docw *w, const char *fmt, ...) PVABI_PRINTF(2, 3);
void dw_codef(struct docw *w, const char *fmt, ...) PVABI_PRINTF(2, 3);
/* A heading with its anchor, its text as one code span plus a suffix. */
void dw_heading(struct docw *w, int level, const char *anchor,
		const char *code, const char *text);
/* Each blank-line separated paragraph of doc as a paragraph block. */
void dw_paras(struct docw *w, const char *doc);
/* The same inside a table cell; "-" when there is no doc. */
void dw_cell_doc(struct docw *w, const char *doc);
void dw_cell_text(struct docw *w, const char *s);
void dw_cell_code(struct docw *w, const char *s);
/* "kind-name" with anything outside [A-Za-z0-9_.-] replaced, so both
 * writers produce the same, valid fragment ids. */
const char *dw_anchor(char *buf, size_t n, const char *kind, const char *name);
/* name as code, linking to the element's anchor. */
void dw_ref(struct docw *w, const char *kind, const char *name);
/* A type: primitives as code, enums and structs as links. */
void dw_type(struct docw *w, const struct pvabi_type *t);
/* An argument's range edges and values against now in g's revision,
 * inside its row (emit_docs_edges.c). */
void emit_docs_arg_edges(struct docw *w, const struct pvabi_gen *g, const struct pvabi_arg *a);
/* A heading of a part of an element's section (level 4), and a
 * paragraph of plain text. */
void dw_subheading(struct docw *w, const char *title);
void dw_para_text(struct docw *w, const char *text);
/* The errors of a written-on= mask (bit i: spec->errors[i]) as code,
 * comma-separated. */
void dw_errors(struct docw *w, const struct pvabi_gen *g, uint64_t mask);
/* A link when op oi has a section in this manual, else just its name. */
void dw_op_ref(struct docw *w, const struct pvabi_gen *g, int oi);
/* An item "Label: " whose value the caller writes, then item_end. */
void dw_item(struct docw *w, const char *label);
void dw_table(struct docw *w, const char *const *heads, size_t n);

/* The registry entry of revision rev, or NULL; its status name, or
 * "unregistered". */
const struct pvabi_reg_rev *dw_reg_rev(const struct pvabi_gen *g, int rev);
const char *dw_status(const struct pvabi_gen *g, int rev);

/* Text that is safe inside an HTML or Markdown comment: no "--". */
void docw_comment_text(FILE *f, const char *s);

#endif
