/* The compatibility matrix: every frozen guest image plus the draft
 * image, against the current platform and every released platform
 * release, on one or more engines. Planning is pure (the oracle predicts
 * every cell from the spec and the negotiator); running spawns one
 * command per cell, --jobs at a time, and keeps each finished cell in its
 * own result file, so a killed run resumes and shards merge. */
#ifndef PVABI_MATRIX_H
#define PVABI_MATRIX_H

#include <stddef.h>
#include <stdio.h>

#include "conformance/cell.h"
#include "abi/model.h"
#include "abi/registry.h"

#define PVABI_MATRIX_MAX_ENGINES 4

struct pvabi_matrix_opts {
	const char *spec, *registry; /* paths, handed on to every cell */
	const char *fixtures;        /* frozen images: DIR/<rev>/MANIFEST */
	const char *draft_dir;       /* fresh images: DIR/<rev>/conformance.elf */
	const char *engines[PVABI_MATRIX_MAX_ENGINES]; /* resolved names */
	size_t nengines;
	const char *engine_cmd;      /* a command template instead of engines */
	const char *platforms;       /* comma list of "current"/releases, NULL = all */
	const char *images;          /* comma list of image labels, NULL = all */
	const char *out;             /* results directory */
	const char *self;            /* the pvabi program, for `pvabi run` */
	unsigned int jobs;
	double timeout_s;            /* per cell */
	int resume;
	int fresh;                   /* also each released revision's fresh image */
	unsigned int shard_k, shard_n; /* 1-based shard K of N; 0/0 = all */
	int no_feature_axis;         /* plan the (image, platform) cells only */
	int stop_at_red;             /* stop at the first red cell: the cells not
				      * run yet never run (pvabi_cell_stopped) */
};

struct pvabi_matrix {
	struct pvabi_cell *cells;
	size_t n;
	/* the axes, in display order */
	char images[32][48];
	size_t nimages;
	char platforms[32][24];
	size_t nplatforms;
};

/* The feature axis's sub-cells of cell c (conformance/matrix_feat.c):
 * can_offer when the platform can be told to offer less, can_want when
 * the image's request can be set. Returns how many were written. */
#define PVABI_MATRIX_MAX_VARIANTS 200
size_t pvabi_matrix_feature_variants(const struct pvabi_spec *s, const struct pvabi_registry *r,
				     const struct pvabi_cell *c, int can_offer, int can_want,
				     struct pvabi_cell_features *out, size_t max);

/* Builds and predicts every cell (then keeps this shard's). 0, or -1 with
 * why in err. */
int pvabi_matrix_plan(const struct pvabi_matrix_opts *o, const struct pvabi_spec *s,
		      const struct pvabi_registry *r, struct pvabi_matrix *m,
		      char *err, size_t errlen);
void pvabi_matrix_free(struct pvabi_matrix *m);

/* The cells as a JSON array, one line per cell. */
void pvabi_matrix_list(FILE *f, const struct pvabi_matrix *m);

/* Runs every cell not already finished (with --resume), writing
 * OUT/cells/<id>.{xml,tap,log}. progress: one line per finished cell, or
 * NULL. Returns 0, or -1 with why in err when the runner itself failed
 * (cells that ran are kept). Interrupted by SIGINT/SIGTERM: kills the
 * running cells, keeps the finished ones, returns -1. With stop_at_red
 * the cells run in pvabi_matrix_run_order's order and, once one is red,
 * no other starts and the running ones are killed, leaving no file. */
int pvabi_matrix_run(const struct pvabi_matrix_opts *o, const struct pvabi_matrix *m,
		     FILE *progress, char *err, size_t errlen);

/* The order stop_at_red runs cells in: the rows that hold the most checks
 * first (docs/matrix.md, The gate): fresh images before frozen ones, each
 * revision's own cell before the feature sub-cells, the newest image
 * revision first, and otherwise the plan's order. Sorts todo, n indices
 * into m->cells. */
void pvabi_matrix_run_order(const struct pvabi_matrix *m, size_t *todo, size_t n);

/* The results of this plan's cells, from OUT/cells; a cell without a
 * result file gets verdict ERROR "not run", or with stop_at_red verdict
 * SKIP, outcome "stopped" (the run stopped before it). *res is malloc'd. */
int pvabi_matrix_collect(const struct pvabi_matrix_opts *o, const struct pvabi_matrix *m,
			 struct pvabi_cell_result **res, char *err, size_t errlen);

/* Locks the results directory OUT (created if needed) for one run: the
 * descriptor, or -1 with why in err, naming the other run's pid when
 * OUT is in use. */
int pvabi_matrix_lock(const char *out, char *err, size_t errlen);
void pvabi_matrix_unlock(int fd);

/* Whether a result file kept by --resume can stand for the planned cell:
 * the same plan, counts that agree with its checks, the verdict the
 * judge gives its exit code and checks again, and its TAP file present.
 * 0, or -1 with why in why (the cell then reruns). */
int pvabi_result_verify(const struct pvabi_cell *planned, const struct pvabi_cell_result *r,
			const char *out, char *why, size_t n);

#endif
