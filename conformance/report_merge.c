/* pvabi report's library side: merging shard result directories and
 * re-rendering one. The command (cli/runner/cmd_report.c) parses its
 * arguments, calls these and prints the table. */
#include "conformance/report_merge.h"
#include "conformance/report.h"
#include "conformance/result_io.h"
#include "util/afile.h"
#include "util/file.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct item {
	struct pvabi_cell_result *r;
	const char *dir;
	size_t src;
};

struct merge {
	const char *out;
	struct pvabi_cell_result *res[PVABI_MERGE_MAX_DIRS + 1];
	size_t nres[PVABI_MERGE_MAX_DIRS + 1];
	const char *dirs[PVABI_MERGE_MAX_DIRS + 1];
	size_t nsrc;
	struct item *items;
	size_t nitems;
	char *err;
	size_t errlen;
};

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->r->cell.id, y->r->cell.id);

	return c ? c : x->src < y->src ? -1 : x->src > y->src;
}

static int load_sources(struct merge *m, size_t n, char *const *dirs)
{
	char cells[4200];
	struct stat st;
	size_t i, k, total = 0;

	snprintf(cells, sizeof(cells), "%s/cells", m->out);
	if (!stat(cells, &st))
		m->dirs[m->nsrc++] = m->out; /* earlier merges into OUT are kept */
	for (i = 0; i < n; i++)
		m->dirs[m->nsrc++] = dirs[i];
	for (i = 0; i < m->nsrc; i++) {
		if (pvabi_result_load_dir(m->dirs[i], &m->res[i], &m->nres[i], m->err, m->errlen))
			return -1;
		total += m->nres[i];
	}
	m->items = calloc(total + 1, sizeof(*m->items));
	if (!m->items) {
		snprintf(m->err, m->errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < m->nsrc; i++)
		for (k = 0; k < m->nres[i]; k++)
			m->items[m->nitems++] = (struct item){ &m->res[i][k], m->dirs[i], i };
	qsort(m->items, m->nitems, sizeof(*m->items), cmp_item);
	return 0;
}

/* Drops repeated cells; a repeat with other content is a conflict. */
static int dedup(struct merge *m)
{
	size_t i, k = 0;

	for (i = 0; i < m->nitems; i++) {
		struct item *prev = k ? &m->items[k - 1] : NULL;

		if (!prev || strcmp(prev->r->cell.id, m->items[i].r->cell.id)) {
			m->items[k++] = m->items[i];
			continue;
		}
		if (!pvabi_result_same(prev->r, m->items[i].r)) {
			snprintf(m->err, m->errlen, "cell %s differs between %s/cells/%s.xml and "
				 "%s/cells/%s.xml", prev->r->cell.id, prev->dir, prev->r->cell.id,
				 m->items[i].dir, m->items[i].r->cell.id);
			return -1;
		}
	}
	m->nitems = k;
	return 0;
}

/* One grid shows one plan: shards run on different engines (say, auto
 * picking kvm on one machine and qemu-tcg on another) are refused, not
 * shown as one matrix with holes. */
static int plans_agree(struct merge *m)
{
	const struct item *a = m->nitems ? &m->items[0] : NULL, *b;
	size_t i;

	for (i = 1; i < m->nitems; i++) {
		b = &m->items[i];
		if (strcmp(a->r->cell.engines, b->r->cell.engines)) {
			snprintf(m->err, m->errlen, "shards of different runs: %s ran on %s, %s on %s "
				 "(cells %s and %s); merge the shards of each engine into their own "
				 "directory", a->dir, a->r->cell.engines, b->dir, b->r->cell.engines,
				 a->r->cell.id, b->r->cell.id);
			return -1;
		}
	}
	return 0;
}

static int same_dir(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	return realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}

/* Copies DIR/cells/<id>.<ext> into OUT/cells and points path at it
 * (relative to OUT); a cell without that file keeps the path it had. */
static int copy_side(const struct merge *m, const struct item *it, const char *ext, char *path,
		     size_t cap)
{
	char from[4200], to[4200];
	int rc;

	snprintf(from, sizeof(from), "%s/cells/%s.%s", it->dir, it->r->cell.id, ext);
	snprintf(to, sizeof(to), "%s/cells/%s.%s", m->out, it->r->cell.id, ext);
	if ((rc = pvabi_afile_copy(from, to, m->err, m->errlen)))
		return rc == -ENOENT && access(from, F_OK) ? 0 : -1;
	snprintf(path, cap, "cells/%s.%s", it->r->cell.id, ext);
	return 0;
}

static int write_cells(struct merge *m)
{
	size_t i;

	for (i = 0; i < m->nitems; i++) {
		struct item *it = &m->items[i];

		if (same_dir(it->dir, m->out))
			continue;
		if (copy_side(m, it, "log", it->r->log, sizeof(it->r->log)) ||
		    copy_side(m, it, "tap", it->r->tap, sizeof(it->r->tap)) ||
		    pvabi_result_write(m->out, it->r, m->err, m->errlen))
			return -1;
	}
	return 0;
}

static int make_out(const struct merge *m)
{
	char cells[4200];

	snprintf(cells, sizeof(cells), "%s/cells", m->out);
	if ((mkdir(m->out, 0755) && errno != EEXIST) || (mkdir(cells, 0755) && errno != EEXIST)) {
		snprintf(m->err, m->errlen, "%s: %s", cells, strerror(errno));
		return -1;
	}
	return 0;
}

int pvabi_report_merge(const char *out, char *const *dirs, size_t ndirs, char *err,
		       size_t errlen)
{
	struct merge m;
	size_t i;
	int rc = -1;

	memset(&m, 0, sizeof(m));
	m.out = out;
	m.err = err;
	m.errlen = errlen;
	if (ndirs > PVABI_MERGE_MAX_DIRS)
		snprintf(err, errlen, "at most %d directories per merge", PVABI_MERGE_MAX_DIRS);
	else if (!load_sources(&m, ndirs, dirs) && !dedup(&m) && !plans_agree(&m) &&
		 !make_out(&m) && !write_cells(&m))
		rc = 0;
	free(m.items);
	for (i = 0; i < m.nsrc; i++)
		pvabi_results_free(m.res[i], m.nres[i]);
	return rc;
}

int pvabi_report_render(const char *dir, struct pvabi_cell_result **res, size_t *n, char *err,
			size_t errlen)
{
	if (pvabi_result_load_dir(dir, res, n, err, errlen))
		return -1;
	if (pvabi_report_write_all(dir, *res, *n, err, errlen) == 0)
		return 0;
	pvabi_results_free(*res, *n);
	*res = NULL;
	*n = 0;
	return -1;
}
