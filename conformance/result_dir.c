/* A result directory: every DIR/cells/<id>.xml loaded and sorted, and
 * the comparison of two results that merging shards relies on. */
#include "conformance/result_io.h"
#include "conformance/oracle.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_result(const void *a, const void *b)
{
	return strcmp(((const struct pvabi_cell_result *)a)->cell.id,
		      ((const struct pvabi_cell_result *)b)->cell.id);
}

void pvabi_results_free(struct pvabi_cell_result *res, size_t n)
{
	size_t i;

	for (i = 0; res && i < n; i++)
		pvabi_cell_result_free(&res[i]);
	free(res);
}

static int is_result_name(const char *name)
{
	size_t l = strlen(name);

	return name[0] != '.' && l > 4 && !strcmp(name + l - 4, ".xml");
}

/* Appends the cell of file name in cells to *res. */
static int load_one(const char *cells, const char *name, struct pvabi_cell_result **res,
		    size_t *n, size_t *cap, char *err, size_t errlen)
{
	char path[8200];
	struct pvabi_cell_result *r;

	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;

		r = realloc(*res, nc * sizeof(*r));
		if (!r) {
			snprintf(err, errlen, "%s: out of memory", cells);
			return -1;
		}
		*res = r;
		*cap = nc;
	}
	snprintf(path, sizeof(path), "%s/%s", cells, name);
	r = &(*res)[*n];
	if (pvabi_result_read(path, r, err, errlen))
		return -1;
	(*n)++;
	if (strlen(name) != strlen(r->cell.id) + 4 || strncmp(name, r->cell.id, strlen(r->cell.id))) {
		snprintf(err, errlen, "%s: holds cell '%s', not the one its name says", path,
			 r->cell.id);
		return -1;
	}
	/* A shard's file may be damaged or edited: a verdict its own checks
	 * contradict must not turn a merged or re-rendered matrix green. */
	if (!pvabi_cell_counts_match(r)) {
		snprintf(err, errlen, "%s: its counts (%u passed, %u failed, %u skipped) disagree "
			 "with its %zu checks", path, r->passed, r->failed, r->skipped, r->nchecks);
		return -1;
	}
	if (pvabi_cell_green(r) && r->failed) {
		snprintf(err, errlen, "%s: verdict %s with %u failed checks, which is never green",
			 path, pvabi_verdict_name(r->verdict), r->failed);
		return -1;
	}
	return 0;
}

int pvabi_result_load_dir(const char *dir, struct pvabi_cell_result **res, size_t *n,
			  char *err, size_t errlen)
{
	char cells[4096];
	struct dirent *e;
	size_t cap = 0;
	DIR *dp;
	int rc = 0;

	*res = NULL;
	*n = 0;
	snprintf(cells, sizeof(cells), "%s/cells", dir);
	if (!(dp = opendir(cells))) {
		snprintf(err, errlen, "%s: %s", cells, strerror(errno));
		return -1;
	}
	while (!rc && (e = readdir(dp)))
		if (is_result_name(e->d_name))
			rc = load_one(cells, e->d_name, res, n, &cap, err, errlen);
	closedir(dp);
	if (rc) {
		pvabi_results_free(*res, *n);
		*res = NULL;
		*n = 0;
		return -1;
	}
	if (*n)
		qsort(*res, *n, sizeof(**res), cmp_result);
	return 0;
}

static int same_cell(const struct pvabi_cell *a, const struct pvabi_cell *b)
{
	return !strcmp(a->id, b->id) && !strcmp(a->image, b->image) &&
	       !strcmp(a->image_path, b->image_path) && !strcmp(a->image_rev, b->image_rev) &&
	       !a->image_frozen == !b->image_frozen && !strcmp(a->platform, b->platform) &&
	       !strcmp(a->engine, b->engine) && !strcmp(a->engines, b->engines) &&
	       a->pred.kind == b->pred.kind &&
	       a->pred.rev == b->pred.rev && a->pred.neg_status == b->pred.neg_status &&
	       a->pred.granted == b->pred.granted && a->pred.missing == b->pred.missing &&
	       !strcmp(a->pred.why, b->pred.why) && pvabi_cell_features_same(&a->feat, &b->feat);
}

static int same_check(const struct pvabi_check *a, const struct pvabi_check *b)
{
	return !strcmp(a->name, b->name) && a->ok == b->ok && a->skip == b->skip &&
	       a->todo == b->todo && a->ms == b->ms && !strcmp(a->diag, b->diag);
}

int pvabi_result_same(const struct pvabi_cell_result *a, const struct pvabi_cell_result *b)
{
	size_t i;

	if (!same_cell(&a->cell, &b->cell) || a->verdict != b->verdict ||
	    a->exit_code != b->exit_code || strcmp(a->outcome, b->outcome) ||
	    a->negotiated != b->negotiated || a->neg_status != b->neg_status ||
	    strcmp(a->guest_record, b->guest_record) ||
	    strcmp(a->platform_record, b->platform_record) || strcmp(a->end_asked, b->end_asked) ||
	    strcmp(a->end_recorded, b->end_recorded) || a->passed != b->passed ||
	    a->failed != b->failed || a->skipped != b->skipped || a->nchecks != b->nchecks ||
	    a->ms != b->ms || strcmp(a->reason, b->reason))
		return 0;
	for (i = 0; i < a->nchecks; i++)
		if (!same_check(&a->checks[i], &b->checks[i]))
			return 0;
	return 1;
}
