/* Scenarios derived from a spec scenario for one declaration of an
 * argument (emit_derive.c): a range edge's effect (emit_edge_scen.c)
 * and a value against the platform's now (emit_now_scen.c). Each owns
 * its steps and the strings they point at, and lives in a set while the
 * scenario groups point at it. */
#ifndef PVABI_EMIT_DERIVE_H
#define PVABI_EMIT_DERIVE_H

#include "emit/emit_ctable.h"

struct pvabi_now;

struct emit_derived {
	struct pvabi_scenario sc;
	struct pvabi_step *steps;
	char *text[40]; /* the strings the steps and the name point at */
	size_t ntext;
	int oom; /* a string could not be kept */
};

struct emit_derived_set {
	struct emit_derived **v;
	size_t n, cap;
};

/* orig, an observer's expectation, with the token that names field seen
 * set to seen followed by want (">=1": the effect shows); NULL when out
 * of memory. */
char *emit_derive_seen(const char *orig, const char *seen, const char *want);
/* Step st made from like (its vCPU, waits and place) as a kind step of
 * op with args, expect and bind, never retried; the next free step. */
struct pvabi_step *emit_derive_step(struct pvabi_step *st, const struct pvabi_step *like,
				    enum pvabi_step_kind kind, int op, const char *args,
				    const char *expect, const char *bind);
/* Step st made from no template: a kind step of op (PVABI_NONE: of no
 * op), with no command, placed at the declaration it was derived from
 * (loc), every other field 0; the next free step. The derivers that
 * build their steps from a declaration alone fill the rest. */
struct pvabi_step *emit_derive_fresh(struct pvabi_step *st, enum pvabi_step_kind kind, int op,
				     const struct pvabi_loc *loc);
/* Step st made from no template as a call of op with args (NULL or
 * empty: none), expect and bind, placed at loc; the next free step. */
struct pvabi_step *emit_derive_call(struct pvabi_step *st, int op, const char *args,
				    const char *expect, const char *bind,
				    const struct pvabi_loc *loc);
/* Step st made from like (its place) as a quiet wait on vCPU 0 of
 * within_ns in which nothing may arrive (an idle wait: no call, no ring);
 * the next free step. */
struct pvabi_step *emit_derive_idle(struct pvabi_step *st, const struct pvabi_step *like,
				    uint64_t within_ns);
/* A zeroed derived scenario with room for nsteps steps, or NULL. */
struct emit_derived *emit_derive_new(size_t nsteps);
/* s, now owned by d; NULL (d->oom set) when s is NULL or d is full. */
const char *emit_derive_keep(struct emit_derived *d, char *s);
/* Index of sc's first call of op, or sc->nsteps when it makes none. */
size_t emit_derive_call_at(const struct pvabi_scenario *sc, int op);
/* d's scenario: sc with d's first nsteps steps, named name, alive where
 * both sc and the declaration (life) are. */
void emit_derive_finish(struct emit_derived *d, const struct pvabi_scenario *sc, size_t nsteps,
			const char *name, const struct pvabi_life *life);
/* d's scenario, made from no template: its first nsteps steps, named
 * name, alive from since to removed (PVABI_NONE: still), described, and
 * placed at the declaration it was derived from (loc). */
void emit_derive_finish_own(struct emit_derived *d, int since, int removed,
			    const struct pvabi_loc *loc, size_t nsteps, const char *name);
/* Appends d to *x (made on first use); 0, or -1 and d not held. */
int emit_derive_push(struct emit_derived_set **x, struct emit_derived *d);
void emit_derive_free(struct emit_derived *d);
/* 1 when a and b make the same calls (arguments, expectations and
 * bindings) and waits: two revisions that derive them share one. */
int emit_derive_same_steps(const struct emit_derived *a, const struct emit_derived *b);

/* The steps a derived scenario puts in place of its template's call at
 * `at` through the step that observes it, written from st; the next free
 * step. how is the deriver's own (the declaration, the point). */
typedef struct pvabi_step *emit_derive_middle_fn(struct emit_derived *d, struct pvabi_step *st,
						 const struct pvabi_scenario *sc, size_t at,
						 const void *how);
/* sc's steps before its first call of op, middle's steps, then sc's steps
 * after step `seen`; named name (owned, freed on failure) and alive where
 * life is. room: the steps middle may add beyond sc's. NULL when out of
 * memory. */
struct emit_derived *emit_derive_splice(const struct pvabi_scenario *sc, int op, size_t seen,
					size_t room, emit_derive_middle_fn *middle,
					const void *how, char *name,
					const struct pvabi_life *life);
/* Holds d in *set and collects its scenario into t and sg; 0, or -1 (d
 * freed when *set does not hold it). */
int emit_derive_add(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		    const struct pvabi_op **ops, size_t nops, struct emit_derived_set **set,
		    struct emit_derived *d);
/* One derived scenario per run of revisions, up to the image's, that
 * derive the same steps: derive(ctx, rev, &d) sets d (NULL where rev
 * derives none) and answers 0, or -1 on failure. A scenario kept is
 * alive from the first revision of its run until the next that differs;
 * the set it is kept in is the read-backs' (every derived kind that
 * follows a handle's state); 0 or -1. */
typedef int emit_derive_rev_fn(void *ctx, int rev, struct emit_derived **d);
int emit_derive_revs(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		     const struct pvabi_op **ops, size_t nops, emit_derive_rev_fn *derive, void *ctx);
/* One derived scenario per run of revisions, up to the image's, in which
 * a declaration reads the same, for the derivers that can say so without
 * making the scenario: same(ctx, first, rev) is 1 when rev derives what
 * first does (same(ctx, rev, rev): rev derives one at all), and
 * make(ctx, since, until) makes the run's scenario, alive in
 * [since, until), or answers NULL out of memory. Kept in the read-backs'
 * set as emit_derive_revs keeps its; 0 or -1. */
typedef int emit_derive_same_fn(void *ctx, int first, int rev);
typedef struct emit_derived *emit_derive_make_fn(void *ctx, int since, int until);
int emit_derive_runs(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		     const struct pvabi_op **ops, size_t nops, emit_derive_same_fn *same,
		     emit_derive_make_fn *make, void *ctx);
/* Calls each(..., op, arg, now) for every <now> of every argument of the
 * ops g knows, in spec order; 0, or the first failure. */
typedef int emit_derive_now_fn(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			       const struct pvabi_op **ops, size_t nops, int op,
			       const struct pvabi_arg *a, const struct pvabi_now *n);
int emit_derive_each_now(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			 const struct pvabi_op **ops, size_t nops, emit_derive_now_fn *each);

/* The steps of the grids, in ns, at which a <now> mode's lateness is
 * probed (emit_late_scen.c): those a rounding to could break its promise
 * (late=), into out (room for 3); how many. None for a format 2 <now>. */
size_t emit_late_grids(const struct pvabi_now *n, uint64_t *out);
/* What the least lateness may exceed the promise by: the reference
 * platform fires what is due before it serves a call, so the read before
 * a poll that did not see the effect is always before the moment; this
 * covers a platform that raises a due timer asynchronously, a few tens
 * of microseconds after the call that found it due. */
#define EMIT_LATE_SLACK_NS 50000u

/* The probes past a maximum the platform reports (emit_grows_scen.c):
 * <grows> k of op, in rev, bounds argument arg's range [from, value];
 * past it the op refuses with error, and next is the first value of the
 * next range the op's <grows> declare (0: none below the type's end,
 * which is 64 bits wide). gap: (value, next) is swept too, from the
 * value the image reads (guest/rt/suite_sweep.c). */
struct emit_grows_probe {
	int arg;
	uint64_t from, next;
	const char *error; /* the argument's refused edge's */
	const char *value; /* the grows' ARG.FIELD */
	int gap;
};
/* 1 with p filled but for error when grows k of op, in rev, is the
 * maximum of a range of one by-value argument, else 0: the reading of
 * the maximum both the refusals past it and the values it promises
 * (emit_served_scen.c) derive from. */
int emit_grows_max(const struct pvabi_spec *s, const struct pvabi_op *op, size_t k, int rev,
		   struct emit_grows_probe *p);
/* 1 with p filled when grows k of op derives probes in rev, else 0. */
int emit_grows_probe(const struct pvabi_spec *s, const struct pvabi_op *op, size_t k, int rev,
		     struct emit_grows_probe *p);

#endif
