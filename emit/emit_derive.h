/* Scenarios derived from a spec scenario for one declaration of an
 * argument (emit_derive.c): a range edge's effect (emit_edge_scen.c)
 * and a value against the platform's now (emit_now_scen.c). Each owns
 * its steps and the strings they point at, and lives in a set while the
 * scenario groups point at it. */
#ifndef PVABI_EMIT_DERIVE_H
#define PVABI_EMIT_DERIVE_H

#include "emit/emit_ctable.h"

struct emit_derived {
	struct pvabi_scenario sc;
	struct pvabi_step *steps;
	char *text[12]; /* the strings the steps and the name point at */
	size_t ntext;
	int oom; /* a string could not be kept */
};

struct emit_derived_set {
	struct emit_derived **v;
	size_t n, cap;
};

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
/* Appends d to *x (made on first use); 0, or -1 and d not held. */
int emit_derive_push(struct emit_derived_set **x, struct emit_derived *d);
void emit_derive_free(struct emit_derived *d);

#endif
