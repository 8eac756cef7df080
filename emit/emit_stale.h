/* Every output judged right after a call that left another value in it
 * (emit/emit_stale_obs.c, emit/emit_stale_scen.c): the images run the
 * derived pairs, the manual lists them. */
#ifndef PVABI_EMIT_STALE_H
#define PVABI_EMIT_STALE_H

#include "emit/emit_derive.h"

/* The most calls of one op a revision's pairs are chosen from, handle
 * steps one stateful call replays, outputs told apart, and pairs. */
#define EMIT_STALE_OBS 32
#define EMIT_STALE_HIST 3
#define EMIT_STALE_KEYS 32
#define EMIT_STALE_PAIRS 12

/* One call of the op whose expected outputs are known: a vector (no
 * history), or a scenario's call on a handle, replayed with the steps
 * that took that handle before it (hist, each on $var). */
struct emit_stale_obs {
	const char *args, *expect;
	const struct pvabi_step *hist[EMIT_STALE_HIST];
	size_t nhist;
	const char *var;  /* the handle's variable in its scenario; NULL: none */
	int frees;        /* the history frees the handle */
};

struct emit_stale_pair {
	size_t a, b;
	uint32_t keys; /* the outputs the two calls' expectations tell apart */
};

/* Op opi in revision rev: its calls, the outputs they name, and the
 * pairs chosen so that every output two calls tell apart is read right
 * after a call that left another value in it. */
struct emit_stale_at {
	const struct pvabi_spec *s;
	int opi, rev;
	int harg, freer; /* the handle argument, the op that frees it (-1) */
	struct emit_stale_obs obs[EMIT_STALE_OBS];
	size_t nobs;
	char keys[EMIT_STALE_KEYS][48];
	size_t nkeys;
	struct emit_stale_pair pairs[EMIT_STALE_PAIRS];
	size_t npairs;
};

/* 1 with w filled when op opi has outputs in rev, else 0. */
int emit_stale_at_init(struct emit_stale_at *w, const struct pvabi_spec *s, int opi, int rev);
/* The calls of scenarios on a handle of w's op, each with the steps
 * that brought its handle into its state (emit_stale_hist.c), added to
 * w->obs; w->harg and w->freer set when the op reports on a handle. */
void emit_stale_hist_collect(struct emit_stale_at *w);
/* s with every mention of $var (n bytes) made $to; NULL out of memory
 * (emit_stale_hist.c). */
char *emit_stale_rename(const char *s, const char *var, size_t n, const char *to);
/* The outputs pair k tells apart, with both values ("status.vector
 * 0x40|0, ..."), into buf. */
void emit_stale_keys_text(const struct emit_stale_at *w, size_t k, char *buf, size_t n);
/* What call i of w is, for the manual ("port=1000", "port after
 * evtchn_alloc, evtchn_bind"). */
void emit_stale_obs_text(const struct emit_stale_at *w, size_t i, char *buf, size_t n);
/* Pair k as a scenario alive from w's revision until `until`
 * (PVABI_NONE: on): both calls' histories, the calls A, B, A, and the
 * handles freed; NULL out of memory. */
struct emit_derived *emit_stale_derive(const struct emit_stale_at *w, size_t k, int until);

/* Every pair of the ops the image knows, in every revision up to its
 * own, kept in sg->readback. */
int emit_stale_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops);

#endif
