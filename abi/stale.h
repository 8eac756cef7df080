/* Every output read right after a call that left another value in it
 * (docs/checks.md, "Every output read after another value"): for one op
 * in one revision, the calls whose answers the spec knows and the pairs
 * of them that read each output two calls tell apart after the other
 * one's value. Derived here, from the spec alone, so that the generator
 * (emit/emit_stale_scen.c: one scenario a pair), the manual and `pvabi
 * coverage` show the same pairs. */
#ifndef PVABI_STALE_H
#define PVABI_STALE_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"

/* The most calls of one op a revision's pairs are chosen from, handle
 * steps one stateful call replays, outputs told apart, and pairs. */
#define PVABI_STALE_OBS 32
#define PVABI_STALE_HIST 3
#define PVABI_STALE_KEYS 32
#define PVABI_STALE_PAIRS 12

/* One call of the op whose expected outputs are known: a vector (no
 * history), or a scenario's call on a handle, replayed with the steps
 * that took that handle before it (hist, each on $var). */
struct pvabi_stale_obs {
	const char *args, *expect;
	const struct pvabi_step *hist[PVABI_STALE_HIST];
	size_t nhist;
	const char *var;  /* the handle's variable in its scenario; NULL: none */
	int frees;        /* the history frees the handle */
};

struct pvabi_stale_pair {
	size_t a, b;
	uint32_t keys; /* the outputs (bits of keys[]) the two calls tell apart */
};

/* Op opi in revision rev: its calls, the outputs they name (keys[0] is
 * "ret"), and the pairs chosen so that every output two calls tell apart
 * is read right after a call that left another value in it. */
struct pvabi_stale {
	const struct pvabi_spec *s;
	int opi, rev;
	int harg, freer; /* the handle argument, the op that frees it (-1) */
	struct pvabi_stale_obs obs[PVABI_STALE_OBS];
	size_t nobs;
	char keys[PVABI_STALE_KEYS][48];
	size_t nkeys;
	struct pvabi_stale_pair pairs[PVABI_STALE_PAIRS];
	size_t npairs;
};

/* 1 with w filled when op opi has outputs in rev (format 1), else 0. */
int pvabi_stale_init(struct pvabi_stale *w, const struct pvabi_spec *s, int opi, int rev);
/* What call i of w expects of output keys[key], as written with its
 * comparison (">=0x40000001", "ENOENT" for an error on ret), into buf. */
void pvabi_stale_value(const struct pvabi_stale *w, size_t i, size_t key, char *buf, size_t n);
/* The outputs pair k tells apart, with both values ("status.vector
 * 64|0, ..."), into buf. */
void pvabi_stale_keys_text(const struct pvabi_stale *w, size_t k, char *buf, size_t n);
/* 1 when pair k of w reads output (named as pvabi_coverage_name names
 * it: "ret", "error ENOENT", "regs.eax", "value") after the other call
 * left another value in it. */
int pvabi_stale_reads(const struct pvabi_stale *w, size_t k, const char *output);
/* What call i of w is ("port=1000", "port after evtchn_alloc,
 * evtchn_bind"). */
void pvabi_stale_obs_text(const struct pvabi_stale *w, size_t i, char *buf, size_t n);
/* s with every mention of $var (n bytes) made $to; NULL out of memory
 * (stale_hist.c). */
char *pvabi_stale_rename(const char *s, const char *var, size_t n, const char *to);

#endif
