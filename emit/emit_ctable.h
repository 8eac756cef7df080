/* The conformance tables under construction (emit_conformance.c,
 * emit_scen.c): resolved vectors and scenario steps rendered as pool runs,
 * so equal runs are shared. */
#ifndef PVABI_EMIT_CTABLE_H
#define PVABI_EMIT_CTABLE_H

#include <stdio.h>

#include "emit/emit.h"
#include "abi/vector.h"

/* A growing string: the generator renders each resolved vector's parts
 * first, to compare them across revisions and share equal runs. */
struct sbuf {
	char *p;
	size_t n, cap;
	int oom;
};

void sb_add(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sb_str(const struct sbuf *b);
/* s[0..n) as a C string literal. */
void c_string(struct sbuf *b, const char *s, size_t n);

/* One table entry: a vector resolved identically in revisions
 * [since, until). */
struct centry {
	size_t opi;               /* index in the emitted ops */
	const struct pvabi_vector *vec;
	int since, until;
	struct sbuf args, checks; /* rendered pool runs */
	size_t nargs, nchecks;
	const char *expect;
	long long value;
	size_t argoff, chkoff;    /* where the runs landed in the pools */
	struct sbuf extra;        /* scenario steps: binding and retry */
	const struct pvabi_step *step; /* a scenario step, not a vector */
	int probe;                /* the base call of limit probes */
	struct sbuf label;        /* a derived vector's name (partitions) */
	int mono;                 /* a <monotonic> reading, not a vector */
};

struct ctable {
	struct centry *e;
	size_t n, cap;
};

void ctable_free(struct ctable *t);
/* Entries a and b resolve to the same table rows. */
int centry_same(const struct centry *a, const struct centry *b);
/* One pool element per line, so equal runs are equal strings. */
/* What a successful call must write into pass="out" argument a of a
 * guest buffer of size bytes in rev, PVABI_COUT_* (emit_out.c); keeps:
 * a refusal must leave the buffer as the guest had it. 0: not judged. */
uint64_t emit_out_map(const struct pvabi_gen *g, const struct pvabi_arg *a, int rev, size_t size,
		      int keeps);
/* Whether a call of op expected to fail with error (index in
 * spec->errors; -1: expected to succeed) must leave out-argument arg as
 * the guest had it: every refusal does, but those its written-on=
 * names (emit_out.c). */
int emit_refusal_keeps(const struct pvabi_op *op, int arg, int error);
void render_arg(struct sbuf *b, const struct pvabi_gen *g, const struct pvabi_op *op,
		const struct pvabi_vec_arg *va, int rev, int keeps);
/* An expression as a compound literal; a check element's end. */
void render_expr(struct sbuf *b, const struct pvabi_expr *x);
void render_check_tail(struct sbuf *b, const struct pvabi_vec_check *c);
int render_checks(struct sbuf *b, const struct pvabi_gen *g, const struct pvabi_op *op,
		  const struct pvabi_vec *v, int rev);
/* Adds vector v of op, resolved in rev, as an entry named by vec or by
 * label (NULL: vec's args and expect), or extends *last when it is the
 * same and covers the revision before. 0, or -1 (diagnosed at loc)
 * (emit_centry.c). */
int emit_vec_entry(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op *op,
		   size_t opi, const struct pvabi_vector *vec, const char *label,
		   const struct pvabi_vec *v, int rev, long *last, const struct pvabi_loc *loc);
/* One probe per member of each input partition (abi/partition.h) of the
 * ops the image knows, in each revision up to its own (emit_part.c). */
int emit_part_collect(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op **ops,
		      size_t nops);
/* Every pointer argument's buffer at the end of guest memory: per op
 * the image knows, argument by address and revision up to its own, the
 * first succeeding vector with that buffer placed flush against the end
 * (emit_edgebuf.c). */
int emit_edgebuf_collect(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op **ops,
			 size_t nops);
/* Every pointer argument's buffer across a page boundary: the same
 * sources, the same extent laid across a boundary inside memory
 * (emit_edgebuf.c). */
int emit_splitbuf_collect(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op **ops,
			  size_t nops);
/* Size-guard probes: every guest size a size guard tells apart, for
 * each op passing a size-guarded struct out, in each revision up to the
 * image's own (emit_sizes.c). */
int emit_sizes_collect(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op **ops,
		       size_t nops);
/* Appends e (taking its buffers) to t; returns its index or -1. */
long ctable_push(struct ctable *t, struct centry *e);
size_t emit_pool(FILE *f, struct ctable *t, const char *type, const char *name, int checks);

/* Scenarios resolved identically over revisions [since, until): steps
 * are the table entries first .. first + nsteps. */
struct sgroup {
	const struct pvabi_scenario *sc;
	int since, until;
	size_t first, nsteps;
	int hidden;       /* run only by a probe that names it (a scenario
			   * as written, without injected refusals, that
			   * observes a value in a full table's freed handle,
			   * emit_probe_full.c): no revision runs it in turn */
	int origin;       /* PVABI_CSCEN_*: its cost class in the image */
};

struct emit_derived_set;
struct sgroups {
	char **rels;                  /* the steps' release rows
				       * (emit_release.c) */
	size_t nrels, caprels;
	struct sgroup *g;
	size_t n, cap;
	struct emit_dscen *d; /* derived scenarios the groups point at */
	size_t nd;
	/* scenarios derived per declaration (emit_derive.h): a range
	 * edge's effect, per point (emit_edge_scen.c); a value against
	 * the platform's now, per mode and point (emit_now_scen.c) */
	struct emit_derived_set *edge, *now;
	/* every value a write accepts, read back (emit_readback.c) */
	struct emit_derived_set *readback;
	int origin; /* PVABI_CSCEN_*: of the groups added from now on */
	/* every op on a handle made from the other vCPU (emit_xvcpu_scen.c) */
	struct emit_derived_set *xvcpu;
};

/* What a call of spec op opi, resolved as v in rev, holds once it
 * succeeds, interned among sg's release rows (emit_release.c): 1 + its
 * row, 0 when it holds nothing, -1 out of memory or too many rows; the
 * rows as the image's releases table; freed with sg. */
int emit_release_index(struct sgroups *sg, const struct pvabi_gen *g, const struct pvabi_op **ops,
		       size_t nops, int opi, const struct pvabi_vec *v, int rev);
void emit_release_print(FILE *f, const struct sgroups *sg);
void emit_release_free(struct sgroups *sg);

/* A scenario with calls injected (emit_refuse.c), under its own name:
 * steps are the
 * scenario's own and, after the first successful call of each op that
 * changes state, that op's vectors expecting an error; from[i] is the
 * vector step i calls, NULL for the scenario's own. */
struct emit_dscen {
	struct pvabi_scenario sc;
	struct pvabi_step *steps;
	const struct pvabi_vector **from;
};

/* 1 with d filled when sc has somewhere to inject, 0 when not, -1 out
 * of memory; emit_refuse_free releases d. */
int emit_refuse_derive(const struct pvabi_spec *s, const struct pvabi_scenario *sc,
		       struct emit_dscen *d);
void emit_refuse_free(struct emit_dscen *d);

/* Index of spec op opi among the ops the image knows (ops by id), and
 * whether the image knows op (emit_centry.c). */
size_t emit_known_index(const struct pvabi_gen *g, const struct pvabi_op **ops, size_t nops,
			int opi);
int emit_known(const struct pvabi_gen *g, const struct pvabi_op *op);
/* Resolves every scenario for each revision up to the image's into t
 * and sg (emit_scen.c). Returns 0 or -1 (diagnosed). */
int emit_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		      const struct pvabi_op **ops, size_t nops);
/* One scenario in every revision of its life up to the image's into t
 * and sg; from: the vectors of the refusals injected into it (NULL:
 * none) (emit_scen_one.c). The scenarios of the range edges that name one with observe=,
 * per point (emit_edge_scen.c). */
int emit_scen_collect_one(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			  const struct pvabi_op **ops, size_t nops, const struct pvabi_scenario *sc,
			  const struct pvabi_vector *const *from);
int emit_edge_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops);
/* The call's args (a step's args text) with the mode's (when, NULL:
 * none) and arg's values set: a new string, NULL out of memory
 * (emit_derive.c). */
char *emit_derive_args(const char *orig, const char *when, const char *arg, const char *value);
/* The probes of each <now> declaration (emit_now_scen.c). */
int emit_now_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			  const struct pvabi_op **ops, size_t nops);
/* Every value a write accepts read back through its restore-from= op
 * (emit_readback.c). */
int emit_readback_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			  const struct pvabi_op **ops, size_t nops);
/* The first vector of op alive in rev that expects success: the call a
 * derived write is made from (as a partition's base); NULL when none. */
const struct pvabi_vector *emit_readback_base(const struct pvabi_op *op, int rev);
/* The write's arguments (args) the reading op rd takes by value (its
 * selector, such as an MSR index), as the reading call's args text;
 * NULL out of memory. */
char *emit_readback_args(const struct pvabi_op *rd, const char *args);
/* The bits a write ignores read back after writes that change every
 * writable bit (emit_ignored.c); kept in sg->readback. */
int emit_ignored_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			 const struct pvabi_op **ops, size_t nops);
/* Each boundary of a canonical form at the width an answer reports,
 * probed at both sides (emit_width_scen.c); kept in sg->readback. */
int emit_width_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops);
/* An allocation after a reused handle while handles above it are held,
 * per allocating op and kind (emit_reuse_scen.c); kept in sg->readback. */
int emit_reuse_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops);
/* The first value past each maximum the platform reports, refused
 * (emit_grows_scen.c); kept in sg->readback. */
int emit_grows_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops);
/* Every value a reported maximum promises, served (emit_served_scen.c):
 * kept in sg->readback. */
int emit_served_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			     const struct pvabi_op **ops, size_t nops);
/* Each refusal that depends only on the written value, probed over each
 * state of the entry it replaces (emit_prior_scen.c): kept in
 * sg->readback. */
int emit_prior_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops);
/* Every bit of a stored value the doc's checks do not name, toggled in
 * an accepted value, stored and read back (emit_prior_scen.c): kept in
 * sg->readback. */
int emit_bits_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops);
/* A lateness bound judged on the least of several tries, per <now>
 * mode and grid (emit_late_scen.c); kept in sg->now with the <now>
 * probes. */
int emit_late_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops);
/* Events that fall due between calls, per <now> mode (emit_due_scen.c);
 * kept in sg->now with the <now> probes. */
int emit_due_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			  const struct pvabi_op **ops, size_t nops);
/* Each replacement of a <now> moment judged in both directions, per
 * mode (emit_replace_scen.c); kept in sg->now with the <now> probes. */
int emit_replace_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			      const struct pvabi_op **ops, size_t nops);
/* A call on a handle that succeeded, repeated exactly and judged by the
 * spec's answer for the state it left (emit_idem_scen.c); kept with the
 * read-backs' per run of revisions. */
int emit_idem_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops);
/* What fell due delivered by one call of each op (emit_tick_scen.c):
 * a spec scenario's <idle> and the call after it, with one call of each
 * op the revision has put first and a wait that neither calls nor rings
 * after it; kept with the read-backs' per run of revisions. */
int emit_tick_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops);
/* How long the copy's quiet wait lets the upcall take to come. */
#define EMIT_TICK_QUIET_NS 500000000u
/* 1 with the template's name and the vector whose call the copy for
 * op opi makes in rev, 0 when op opi has none there. */
int emit_tick_call(const struct pvabi_spec *s, int opi, int rev, const char **tmpl,
		   const struct pvabi_vector **v);
/* 1 with the template the copies of rev are made from: a scenario
 * alive in rev whose step idle is an <idle>, followed by a call on
 * vCPU 0 and then by wait, a wait on vCPU 0 for a fixed count of
 * upcalls; 0 when no scenario of rev has that shape. */
int emit_tick_template(const struct pvabi_spec *s, int rev, const struct pvabi_scenario **sc,
		       size_t *idle, const struct pvabi_step **wait);
/* Work due on every vCPU at once, all of it delivered by one call
 * (emit_many_scen.c): the tick template's arming made by each vCPU,
 * one idle, one call of the arming op's clock from the last vCPU, and
 * a quiet wait for every upcall, then a guard that none comes twice;
 * kept with the read-backs' per run of revisions. */
int emit_many_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops);
/* Every cap a feature's doc states on a count the platform keeps,
 * reached and passed (emit_cap_scen.c): per <cap> and <raise>, the
 * raise's template with the count raised to the cap and twice past it,
 * read after each, and the drain counting the cap. */
int emit_cap_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			  const struct pvabi_op **ops, size_t nops);
/* Releases a set of derived scenarios (emit_derive.c); NULL is none. */
void emit_derive_set_free(struct emit_derived_set *x);
/* Frees sg and the derived scenarios it holds. */
void emit_scen_free(struct sgroups *sg);
/* Prints the steps and scens tables and NSCENS. */
void emit_scen_print(FILE *f, const struct ctable *t, const struct sgroups *sg);

/* Limit probes (emit_probe.c): one argument of a base call set to a
 * value at a declared limit's edge, for revisions [since, until) and
 * the grant (granted & fmask) == fwant. */
struct pentry {
	size_t base;      /* the ctable entry holding the base call's args */
	size_t opi;       /* index in the emitted ops */
	const struct pvabi_op *op;
	int argi;         /* the probed argument, index in op->args; -1: arity */
	size_t slot;      /* its frame slot */
	uint64_t value, fmask, fwant;
	int refused, error; /* error: index in spec->errors; refused 2:
			     * discover a platform limit's value (below), 3:
			     * fill the table of the handles the op returns,
			     * 4: cycle through some, 5: guest-owned bits
			     * (guest/rt/conformance.h) */
	int limit;        /* the limit probed, index in spec->limits */
	uint64_t lo;      /* discovery: a value the platform must allow */
	int fill_slot;    /* the buffer the probed value counts, or -1 */
	unsigned int fill_elem, fill_byte;
	int since, until;
	size_t free_op1;  /* refused 3, 4: 1 + index in the emitted ops of
			   * the op freeing a handle; 0: none */
	int lowest;       /* refused 3, 4: handed out lowest first */
	size_t gbit;      /* refused 5: which <guest-bits> of the argument */
	const struct pvabi_edge *edge; /* refused 6: a range edge (<edge>):
			   * the call must answer want; lowest 1: as the
			   * base call answers (ignored); free_op1: 1 +
			   * the state op whose result the value is
			   * taken from (value - result + 1 overflows) */
	int64_t want;
	/* refused 6 with edge NULL (emit_probe_span.c): a span's probe (span:
	 * the <span>, span_base the base argument's value) or, span NULL,
	 * a count a limit bounds times its buffer's element size; cross:
	 * the width the product or sum crosses (31, 32, 63, 64), 0: not a
	 * span probe; cross_sum: the sum crosses it, not the product */
	const struct pvabi_span *span;
	uint64_t span_base;
	unsigned int cross;
	int cross_sum;
	/* refused 6 with edge NULL (emit_probe_addr.c): an address probe
	 * (addr: the <addr>; addr_bound the boundary of its form the value
	 * sits at or one alignment below; span set: a range from span_base
	 * across it) */
	const struct pvabi_addr *addr;
	uint64_t addr_bound;
	/* refused 7 (emit_probe_full.c): a value of argument argi (gbit:
	 * its index in the enum) in the table its fill left full; check_op1:
	 * 1 + the op reading a handle's state back (0: none), its base call
	 * check_base, the handle's slot, the out struct's slot, the op's
	 * index in the spec, and the field's offset and size */
	size_t check_op1, check_base;
	size_t scen1;     /* refused 7: 1 + the scenario group run in the
			   * freed handle (it allocates the value once and
			   * observes its effect); 0: none */
	int check_slot, check_out, check_field;
	long check_off;
	unsigned int check_size;
	/* refused 9 (emit_fixed.c): the <fixed> its base call reads; limit:
	 * its ordinal in the image; slot 1: the result is one of the
	 * values; lowest 1: scope guest (read from vCPU 1 too) */
	const struct pvabi_fixed *fixed;
};

/* The slot of an arity probe (PVABI_CPROBE_ARITY in
 * guest/rt/conformance.h): it varies the frame's argument count. */
#define EMIT_PROBE_ARITY 0xfe

struct pentries {
	struct pentry *p;
	size_t n, cap;
	const struct sgroups *sg; /* the image's scenarios, collected first */
};

/* Derives the probes of every limited argument of the ops the image
 * knows, for each revision up to the image's, into t (base calls) and
 * pe. Returns 0 or -1 (diagnosed). */
int emit_probe_collect(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		       const struct pvabi_op **ops, size_t nops);
/* Shared by the probe derivations (emit_probe_base.c):
 * adds p, or extends an equal entry of the revision before; the grants
 * that change a limit (none, then each feature of fm alone) into want,
 * returning how many. */
int emit_probe_add(const struct ctable *t, struct pentries *pe, const struct pentry *p);
size_t emit_probe_grants(uint64_t fm, uint64_t *want);
/* The probes of an op's handles (<ret limit= full= freed-by= order=>)
 * and of the bits of its arguments that belong to the guest
 * (<guest-bits>), in rev (emit_probe_life.c). vals: each argument's
 * value in the base call. */
int emit_probe_handles(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		       struct pentry *p, int rev, size_t free_op1, const struct pvabi_op **ops,
		       size_t nops, const size_t *slots);
/* In the table a fill (p, refused 3) leaves full: each value of each
 * enum argument refused, then allocated after a free and read back
 * (emit_probe_full.c). */
int emit_probe_full(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		    const struct pvabi_op **ops, size_t nops, const struct pentry *fill, int rev,
		    const size_t *slots);
/* The scenarios, as written, that can observe a value's effect in a
 * full table's one free handle, added to sg hidden (emit_probe_full.c). */
int emit_probe_full_observers(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			      const struct pvabi_op **ops, size_t nops);
void emit_probe_full_print(FILE *f, const struct ctable *t, const struct pentries *pe);
void emit_probe_full_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p);
int emit_probe_bits(const struct ctable *t, struct pentries *pe,
		    struct pentry *p, int rev, const size_t *slots, const uint64_t *vals);
/* The base call of op in rev into e, the mode's arguments (NULL:
 * none) over the probe base's; slots[i] the frame slot of arg i,
 * vals[i] its value when passed by value. Returns the number of
 * limited arguments present, or -1 (diagnosed) (emit_probe_base.c). */
int emit_probe_base(struct centry *e, const struct pvabi_gen *g, const struct pvabi_op *op,
		    int rev, const char *mode, size_t *slots, uint64_t *vals);
/* The probes of each argument's range edges alive in rev, and the
 * type's top of every argument a dispatch limit bounds
 * (emit_probe_edge.c); their names. */
int emit_probe_edges(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		     struct pentry *p, int rev, const struct pvabi_op **ops, size_t nops);
void emit_probe_edge_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p);
/* The base call of op in rev with mode's arguments over the probe base,
 * shared with the last probe's when equal: its index in t, or -1
 * (emit_probe_base.c). */
long emit_probe_mode_base(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op *op,
			  int rev, const char *mode, size_t *slots);
/* The probes of the spans argument p->argi carries, where the formula
 * crosses each width, and of a limited count of a buffer, where count
 * times the element size does (emit_probe_span.c, abi/span.h). */
int emit_probe_spans(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		     struct pentry *p, int rev);
int emit_probe_span_counts(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
			   struct pentry *p, int rev);
void emit_probe_span_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p);
/* The probes of the <addr> declarations argument p->argi carries, at
 * each boundary of the address's form (emit_probe_addr.c, abi/addr.h). */
int emit_probe_addrs(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		     struct pentry *p, int rev);
void emit_probe_addr_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p);
/* Probe names (the TAP line's text): a cycle's or guest-owned bits'
 * (refused 4, 5); the grant a probe is made under, " (with F)"
 * (emit_probe_base.c). */
void emit_probe_life_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p);
void emit_probe_grant_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p);
/* Prints the batch probes (emit_batch.c): their failing requests and
 * the batches table, NBATCHES. 0 or -1 (diagnosed). */
int emit_batch_print(FILE *f, const struct pvabi_gen *g, const struct pvabi_op **ops, size_t nops);
/* The reading calls of the <monotonic> outputs of the ops the image
 * knows (emit_mono.c): collected into t before the pools are laid
 * out, printed as the monos table and NMONOS after. */
struct emit_monos;
int emit_mono_collect(struct ctable *t, struct emit_monos **out, const struct pvabi_gen *g,
		      const struct pvabi_op **ops, size_t nops);
void emit_mono_print(FILE *f, const struct ctable *t, const struct emit_monos *mo);
void emit_mono_free(struct emit_monos *mo);
/* The probes of each <fixed> of the ops the image knows, after the
 * other probes (emit_fixed.c): one per declaration and run of revisions
 * it resolves the same in; its name. An image reads at most
 * EMIT_FIXED_MAX (PVABI_CFIXED_MAX in guest/rt/conformance.h). */
#define EMIT_FIXED_MAX 32
int emit_fixed_collect(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		       const struct pvabi_op **ops, size_t nops);
void emit_fixed_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p);
/* Prints the probes table and NPROBES (after the pools are laid out). */
void emit_probe_print(FILE *f, const struct ctable *t, const struct pentries *pe,
		      const struct pvabi_gen *g);

/* Every table of an image of g->rev as collected, before it is printed:
 * the conformance suite prints them (emit_conformance.c), the manual
 * reads which classes of check call each op (emit_docs_classes.c). */
struct emit_conf {
	struct ctable t;
	struct sgroups sg;
	struct pentries pe;
	struct emit_monos *mo;
	size_t nops; /* the ops the image knows */
};
/* Collects them for the ops by id; 0, or -1 (diagnosed into g->d), c to
 * be freed either way. */
int emit_conf_collect(struct emit_conf *c, const struct pvabi_gen *g, const struct pvabi_op **ops,
		      size_t nops);
void emit_conf_free(struct emit_conf *c);

#endif
