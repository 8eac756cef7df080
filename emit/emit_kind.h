/* Refusals that depend on what a handle is, probed in every state the
 * handle can be in (<refused-kind>, emit/emit_kind_scen.c): the images
 * run the derived scenarios, the manual lists them. */
#ifndef PVABI_EMIT_KIND_H
#define PVABI_EMIT_KIND_H

#include "emit/emit_derive.h"

/* The most ops a handle's lifecycle derives states from. */
#define EMIT_KIND_CHANGERS 4

/* One <refused-kind> k of argument a of op opi, in revision rev, with
 * the ops that change a handle's state there (ch, nch). */
struct emit_kind_at {
	const struct pvabi_spec *s;
	int opi;
	const struct pvabi_arg *a;
	const struct pvabi_kind_refusal *k;
	int rev;
	int ch[EMIT_KIND_CHANGERS];
	int nch;
};

/* The ops that change the state of a handle k's op probes, in rev, into
 * out (at most EMIT_KIND_CHANGERS); their number. */
int emit_kind_changers(const struct pvabi_spec *s, int opi, const struct pvabi_arg *a,
		       const struct pvabi_kind_refusal *k, int rev, int *out);
/* 1 with w filled when k derives probes in rev, else 0. */
int emit_kind_at_init(struct emit_kind_at *w, const struct pvabi_spec *s, int opi,
		      const struct pvabi_arg *a, const struct pvabi_kind_refusal *k, int rev);
/* The number of states: allocated, and two per op that changes one. */
static inline int emit_kind_nstates(const struct emit_kind_at *w)
{
	return 1 + 2 * w->nch;
}
/* 1 when k's m-th value exists in w's revision. */
int emit_kind_value_alive(const struct emit_kind_at *w, size_t m);
/* State st's name ("allocated", "after evtchn_bind", ...). */
void emit_kind_state_name(const struct emit_kind_at *w, int st, char *buf, size_t n);
/* The probe of enum value v (index in the enum) in state st, alive from
 * w's revision until `until` (PVABI_NONE: on); NULL out of memory. */
struct emit_derived *emit_kind_derive(const struct emit_kind_at *w, int v, int st, int until);

/* Every <refused-kind> probe of the ops the image knows, in every
 * revision up to its own, kept in sg->readback. */
int emit_kind_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops);

#endif
