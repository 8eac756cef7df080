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

/* Helpers the derivers of a handle's lifecycle share (the handle-kind
 * probes here, the state kept apart from a handle in
 * emit/emit_keep_scen.c). The args text of op opi's first successful
 * call from vCPU 0 in a scenario alive in rev, or NULL. */
const char *emit_kind_template(const struct pvabi_spec *s, int opi, int rev);
/* opi's template args with its handle argument (limit li) set to var,
 * kept by d. */
const char *emit_kind_hcall(struct emit_derived *d, const struct pvabi_spec *s, int opi,
			    int li, int rev, const char *var);
/* Every <refused-kind> probe of the ops the image knows, in every
 * revision up to its own, kept in sg->readback. */
int emit_kind_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops);

/* State kept apart from a handle (emit/emit_keep_scen.c): value v of
 * the kind argument `by` of the allocating op al (its handles freed by
 * fr, of limit li) names in its doc the op st, which takes no such
 * handle; st's argument sa is a moment on the platform's clock (now, its
 * absolute <now>), so the state st sets is the caller's, only raised on
 * a handle of kind v. ch: the ops that change such a handle's state
 * (the handle-kind probes' lifecycle, less those refusing kind v); obs:
 * the op where now's `seen` field shows the effect, or PVABI_NONE. */
struct emit_keep_at {
	const struct pvabi_spec *s;
	int rev, al, fr, li, by, v, st, sa, obs;
	const struct pvabi_now *now;
	int ch[EMIT_KIND_CHANGERS];
	int nch;
};
/* The number of values of op al's kind argument in rev (0: al
 * allocates no handle of a kind there). */
size_t emit_keep_nkinds(const struct pvabi_spec *s, int al, int rev);
/* 1 with w filled when value v of al's kind argument derives the class
 * in rev, else 0. */
int emit_keep_at_init(struct emit_keep_at *w, const struct pvabi_spec *s, int al, int v,
		      int rev);
/* The vCPUs that each arm the moment and replace their handle, in one
 * scenario: the boot vCPU and another (each call is made from its vCPU;
 * the handle's changes keep their template's arguments, so events are
 * delivered where those say). */
#define EMIT_KEEP_VCPUS 2
/* Its scenario, alive from w's revision until `until`; NULL out of
 * memory. */
struct emit_derived *emit_keep_derive(const struct emit_keep_at *w, int until);
/* The scenarios of state kept apart from a handle, in every revision up
 * to the image's, kept in sg->readback. */
int emit_keep_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops);

/* At most one handle of a kind per scope (<one-per>,
 * emit/emit_uniq_scen.c): one held on vCPU 0, another asked from vCPU 1
 * and from vCPU 0, the first freed and the other asked again, in every
 * revision up to the image's, kept in sg->readback. */
/* The probe of value m of <one-per> k on argument by of op al, in rev,
 * into *d: 1, 0 when none is derived there, -1 out of memory. */
int emit_uniq_derive(const struct pvabi_spec *s, int al, int by, const struct pvabi_one_per *k,
		     size_t m, int rev, struct emit_derived **d);
int emit_uniq_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops);

/* At most one handle of a kind per scope in format 2 (<one-per> on a
 * command, emit/emit_uniq2.c): the probe of one value, as the scenario
 * every fresh format 2 suite runs (emit/emit_conf2_uniq.c) and the
 * manual lists (emit/emit_docs_kind.c). */
#define EMIT_UNIQ2_STEPS 12
struct emit_uniq2 {
	struct pvabi_scenario sc; /* its steps are st[], its name name[] */
	struct pvabi_step st[EMIT_UNIQ2_STEPS];
	char args[EMIT_UNIQ2_STEPS][192], expect[EMIT_UNIQ2_STEPS][64];
	char bind[EMIT_UNIQ2_STEPS][80], name[256];
	/* the value being derived, and the steps so far */
	const struct pvabi_spec *s;
	int op, cmd;
	const struct pvabi_one_per *o;
	uint64_t v;
	size_t n;
};
/* 1 when o, on command cmd of op, derives its probes in rev (the op,
 * both commands and the declaration alive there). */
int emit_uniq2_alive(const struct pvabi_spec *s, int op, int cmd, const struct pvabi_one_per *o,
		     int rev);
/* 1 when any command's <one-per> derives a probe in rev: the suite then
 * starts vCPU 1. */
int emit_uniq2_any(const struct pvabi_spec *s, int rev);
/* u->sc: the probe of value m of o (alive) on command cmd of op. */
void emit_uniq2_derive(struct emit_uniq2 *u, const struct pvabi_spec *s, int op, int cmd,
		       const struct pvabi_one_per *o, size_t m);

#endif
