/* pvabi report: join the per-cell results of matrix shards run on
 * different machines (`merge`), or re-render the reports of one result
 * directory (`render`). Cells are files, so a merge is a union of
 * files; the same cell from two shards must have the same content, or
 * one of the shards is not what it claims to be. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/runner/runner.h"
#include "conformance/oracle.h"
#include "conformance/report.h"
#include "conformance/result_io.h"
#include "util/file.h"

#include <errno.h>
#include <limits.h>
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
	struct pvabi_cell_result *res[64];
	size_t nres[64];
	const char *dirs[64];
	size_t nsrc;
	struct item *items;
	size_t nitems;
};

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->r->cell.id, y->r->cell.id);

	return c ? c : x->src < y->src ? -1 : x->src > y->src;
}

static int load_sources(struct merge *m, int n, char **dirs)
{
	char err[4400], cells[4200];
	struct stat st;
	size_t i, k, total = 0;

	snprintf(cells, sizeof(cells), "%s/cells", m->out);
	if (!stat(cells, &st))
		m->dirs[m->nsrc++] = m->out; /* earlier merges into OUT are kept */
	for (i = 0; i < (size_t)n; i++)
		m->dirs[m->nsrc++] = dirs[i];
	for (i = 0; i < m->nsrc; i++) {
		if (pvabi_result_load_dir(m->dirs[i], &m->res[i], &m->nres[i], err, sizeof(err))) {
			fprintf(stderr, "%s report: %s\n", pvabi_progname, err);
			return -1;
		}
		total += m->nres[i];
	}
	m->items = calloc(total + 1, sizeof(*m->items));
	if (!m->items)
		return -1;
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
			fprintf(stderr, "%s report: cell %s differs between %s/cells/%s.xml and "
					"%s/cells/%s.xml\n", pvabi_progname, prev->r->cell.id, prev->dir,
				prev->r->cell.id, m->items[i].dir, m->items[i].r->cell.id);
			return -1;
		}
	}
	m->nitems = k;
	return 0;
}

static int same_dir(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	return realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}

/* Copies DIR/cells/<id>.<ext> into OUT/cells and points path at it;
 * a cell without that file keeps the path it had. */
static int copy_side(const struct merge *m, const struct item *it, const char *ext, char *path,
		     size_t cap)
{
	char from[4200], to[4200], buf[65536], err[4400];
	struct pvabi_afile a;
	FILE *in = NULL;
	size_t got;
	int fd;

	snprintf(from, sizeof(from), "%s/cells/%s.%s", it->dir, it->r->cell.id, ext);
	snprintf(to, sizeof(to), "%s/cells/%s.%s", m->out, it->r->cell.id, ext);
	if ((fd = pvabi_file_open_regular(from, err, sizeof(err))) < 0 || !(in = fdopen(fd, "rb"))) {
		if (fd >= 0)
			close(fd);
		return fd == -ENOENT ? 0 : (fprintf(stderr, "%s report: %s\n", pvabi_progname, err), -1);
	}
	if (pvabi_afile_open(&a, to, err, sizeof(err))) {
		fclose(in);
		fprintf(stderr, "%s report: %s\n", pvabi_progname, err);
		return -1;
	}
	while ((got = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, got, a.f);
	if (ferror(in) || pvabi_afile_commit(&a, err, sizeof(err))) {
		if (a.f)
			pvabi_afile_abort(&a);
		fclose(in);
		fprintf(stderr, "%s report: %s: cannot copy\n", pvabi_progname, from);
		return -1;
	}
	fclose(in);
	if (strlen(to) >= cap) {
		fprintf(stderr, "%s report: %s: path too long\n", pvabi_progname, to);
		return -1;
	}
	memcpy(path, to, strlen(to) + 1);
	return 0;
}

static int write_cells(struct merge *m)
{
	char err[4400];
	size_t i;

	for (i = 0; i < m->nitems; i++) {
		struct item *it = &m->items[i];

		if (same_dir(it->dir, m->out))
			continue;
		if (copy_side(m, it, "log", it->r->log, sizeof(it->r->log)) ||
		    copy_side(m, it, "tap", it->r->tap, sizeof(it->r->tap)))
			return -1;
		if (pvabi_result_write(m->out, it->r, err, sizeof(err))) {
			fprintf(stderr, "%s report: %s\n", pvabi_progname, err);
			return -1;
		}
	}
	return 0;
}

/* Writes the reports of res into dir, prints the table: the exit code.
 * A skipped cell (engine unavailable here) does not fail the report, as
 * it does not fail `pvabi matrix`; `pvabi gate` is the stricter one. */
static int finish(const char *dir, const struct pvabi_cell_result *res, size_t n)
{
	char err[4400];
	size_t i, green = 0;

	if (pvabi_report_write_all(dir, res, n, err, sizeof(err))) {
		fprintf(stderr, "%s report: %s\n", pvabi_progname, err);
		return PVABI_EXIT_USAGE;
	}
	pvabi_report_table(stdout, res, n, -1);
	for (i = 0; i < n; i++)
		green += pvabi_cell_green(&res[i]) || res[i].verdict == PVABI_V_SKIP;
	if (!n)
		fprintf(stderr, "%s report: %s: no cells\n", pvabi_progname, dir);
	return n && green == n ? PVABI_EXIT_OK : PVABI_EXIT_BREAKING;
}

static int make_out(const char *out)
{
	char cells[4200];

	snprintf(cells, sizeof(cells), "%s/cells", out);
	if ((mkdir(out, 0755) && errno != EEXIST) || (mkdir(cells, 0755) && errno != EEXIST)) {
		fprintf(stderr, "%s report: %s: %s\n", pvabi_progname, cells, strerror(errno));
		return -1;
	}
	return 0;
}

static int merge_into(struct merge *m, int n, char **dirs)
{
	struct pvabi_cell_result *flat;
	size_t i;
	int rc;

	if (n > 60) {
		fprintf(stderr, "%s report: at most 60 directories per merge\n", pvabi_progname);
		return PVABI_EXIT_USAGE;
	}
	if (load_sources(m, n, dirs) || dedup(m) || make_out(m->out) || write_cells(m))
		return PVABI_EXIT_USAGE;
	if (!(flat = calloc(m->nitems + 1, sizeof(*flat))))
		return PVABI_EXIT_USAGE;
	for (i = 0; i < m->nitems; i++)
		flat[i] = *m->items[i].r; /* shallow: the sources own the checks */
	rc = finish(m->out, flat, m->nitems);
	free(flat);
	return rc;
}

static int merge(int n, char **dirs, const char *out)
{
	struct merge m;
	size_t i;
	int rc;

	memset(&m, 0, sizeof(m));
	m.out = out;
	rc = merge_into(&m, n, dirs);
	free(m.items);
	for (i = 0; i < m.nsrc; i++)
		pvabi_results_free(m.res[i], m.nres[i]);
	return rc;
}

static int render(const char *dir)
{
	struct pvabi_cell_result *res;
	char err[4400];
	size_t n;
	int rc;

	if (pvabi_result_load_dir(dir, &res, &n, err, sizeof(err))) {
		fprintf(stderr, "%s report: %s\n", pvabi_progname, err);
		return PVABI_EXIT_USAGE;
	}
	rc = finish(dir, res, n);
	pvabi_results_free(res, n);
	return rc;
}

int pvabi_cmd_report(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		pvabi_help_cmd(stdout, "report");
		return PVABI_EXIT_OK;
	}
	if (argc >= 4 && !strcmp(argv[1], "merge"))
		return merge(argc - 3, argv + 3, argv[2]);
	if (argc == 3 && !strcmp(argv[1], "render"))
		return render(argv[2]);
	fprintf(stderr, "%s report: %s\n", pvabi_progname,
		argc < 2 ? "missing subcommand" : "bad arguments");
	pvabi_help_usage_cmd(stderr, "report");
	return PVABI_EXIT_USAGE;
}
