/* Cell result files. The writer escapes every string (it may come from
 * a hostile guest's console) with the one XML escaper;
 * the reader is libxml2 with network and DTDs refused, and treats every
 * file as untrusted: a shard's file from another machine is input. */
#include "conformance/result_io.h"
#include "conformance/oracle.h"
#include "conformance/tapparse.h"
#include "negotiator/pvabi_neg.h"
#include "util/file.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- escaping ----------------------------------------------------------- */

static void xs(FILE *f, const char *s)
{
	pvabi_xml_str(f, s, 0);
}

static void attr(FILE *f, const char *name, const char *v)
{
	fprintf(f, " %s=\"", name);
	xs(f, v);
	fputc('"', f);
}

static void elem(FILE *f, const char *name, const char *text)
{
	fprintf(f, "  <%s>", name);
	xs(f, text);
	fprintf(f, "</%s>\n", name);
}

int pvabi_cell_id_valid(const char *id)
{
	size_t i;

	if (!id[0] || id[0] == '.')
		return 0;
	for (i = 0; id[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~+-",
			    id[i]))
			return 0;
	return i < sizeof(((struct pvabi_cell *)0)->id);
}

/* --- writing ------------------------------------------------------------ */

static const char *status_str(uint32_t st, char *buf, size_t n)
{
	if (st == ~0u)
		return "none";
	snprintf(buf, n, "%u", st);
	return buf;
}

static void write_head(FILE *f, const struct pvabi_cell_result *r)
{
	char rev[16], st[16], num[32];

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cell-result format=\"%d\"",
		PVABI_RESULT_FORMAT);
	attr(f, "id", r->cell.id);
	attr(f, "verdict", pvabi_verdict_name(r->verdict));
	attr(f, "outcome", r->outcome);
	pvabi_neg_rev_format(r->negotiated, rev, sizeof(rev));
	fprintf(f, " exit=\"%d\" ms=\"%.3f\" negotiated=\"%s\" neg-status=\"%s\"", r->exit_code,
		r->ms, rev, status_str(r->neg_status, st, sizeof(st)));
	fprintf(f, " passed=\"%u\" failed=\"%u\" skipped=\"%u\">\n", r->passed, r->failed,
		r->skipped);
	fprintf(f, "  <cell");
	attr(f, "image", r->cell.image);
	attr(f, "image-path", r->cell.image_path);
	attr(f, "image-rev", r->cell.image_rev);
	fprintf(f, " frozen=\"%d\"", r->cell.image_frozen ? 1 : 0);
	attr(f, "platform", r->cell.platform);
	attr(f, "engine", r->cell.engine);
	fprintf(f, "/>\n  <prediction");
	attr(f, "kind", pvabi_pred_kind_name(r->cell.pred.kind));
	pvabi_neg_rev_format(r->cell.pred.rev, rev, sizeof(rev));
	snprintf(num, sizeof(num), "0x%llx", (unsigned long long)r->cell.pred.granted);
	fprintf(f, " rev=\"%s\" neg-status=\"%s\" granted=\"%s\">", rev,
		status_str(r->cell.pred.neg_status, st, sizeof(st)), num);
	xs(f, r->cell.pred.why);
	fprintf(f, "</prediction>\n");
}

static void write_checks(FILE *f, const struct pvabi_cell_result *r)
{
	size_t i;

	fprintf(f, "  <checks>\n");
	for (i = 0; r->checks && i < r->nchecks; i++) {
		const struct pvabi_check *c = &r->checks[i];

		fprintf(f, "    <check ok=\"%d\" skip=\"%d\" todo=\"%d\" ms=\"%.3f\"", c->ok ? 1 : 0,
			c->skip ? 1 : 0, c->todo ? 1 : 0, c->ms);
		attr(f, "name", c->name);
		fputc('>', f);
		xs(f, c->diag);
		fprintf(f, "</check>\n");
	}
	fprintf(f, "  </checks>\n");
}

int pvabi_result_write(const char *dir, const struct pvabi_cell_result *r, char *err,
		       size_t errlen)
{
	struct pvabi_afile a;
	char path[4096];

	if (!pvabi_cell_id_valid(r->cell.id)) {
		snprintf(err, errlen, "cell id '%.100s' cannot name a file", r->cell.id);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/cells", dir);
	if ((mkdir(dir, 0755) && errno != EEXIST) || (mkdir(path, 0755) && errno != EEXIST)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/cells/%s.xml", dir, r->cell.id);
	if (pvabi_afile_open(&a, path, err, errlen))
		return -1;
	write_head(a.f, r);
	elem(a.f, "reason", r->reason);
	elem(a.f, "guest-record", r->guest_record);
	elem(a.f, "platform-record", r->platform_record);
	elem(a.f, "log", r->log);
	elem(a.f, "tap", r->tap);
	write_checks(a.f, r);
	fprintf(a.f, "</cell-result>\n");
	return pvabi_afile_commit(&a, err, errlen);
}

/* --- reading ------------------------------------------------------------ */

struct rd {
	const char *path;
	char *err;
	size_t errlen;
	int bad;
};

/* Attribute into a fixed buffer, cut to fit; 0 when absent. */
static int get(const xmlNode *n, const char *name, char *buf, size_t cap)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);

	buf[0] = '\0';
	if (!v)
		return 0;
	pvabi_text_clean(buf, cap, (const char *)v, strlen((const char *)v));
	xmlFree(v);
	return 1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void rd_fail(struct rd *d, const xmlNode *n, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (d->bad++)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(d->err, d->errlen, "%s:%d: %s", d->path, n ? (int)xmlGetLineNo(n) : 0, msg);
}

static double get_num(struct rd *d, const xmlNode *n, const char *name, double lo, double hi)
{
	char buf[64], *end;
	double v;

	if (!get(n, name, buf, sizeof(buf))) {
		rd_fail(d, n, "<%s> lacks %s=", (const char *)n->name, name);
		return 0;
	}
	errno = 0;
	v = strtod(buf, &end);
	if (!buf[0] || *end || errno || !(v >= lo && v <= hi)) {
		rd_fail(d, n, "%s=\"%s\" is not a number in [%g, %g]", name, buf, lo, hi);
		return 0;
	}
	return v;
}

static uint32_t get_rev(struct rd *d, const xmlNode *n, const char *name)
{
	char buf[32];
	uint32_t rev = 0;

	if (!get(n, name, buf, sizeof(buf)) || pvabi_neg_parse_rev(buf, strlen(buf), &rev))
		rd_fail(d, n, "%s=\"%s\" is not a revision M.m", name, buf);
	return rev;
}

static uint32_t get_status(struct rd *d, const xmlNode *n, const char *name)
{
	char buf[32];

	if (get(n, name, buf, sizeof(buf)) && !strcmp(buf, "none"))
		return ~0u;
	return (uint32_t)get_num(d, n, name, 0, 0xfffffffe);
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (n = n->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name))
			return n;
	return NULL;
}

static void text_of(const xmlNode *n, const char *name, char *buf, size_t cap)
{
	const xmlNode *c = child(n, name);
	xmlChar *t = c ? xmlNodeGetContent(c) : NULL;

	buf[0] = '\0';
	if (t)
		pvabi_text_clean(buf, cap, (const char *)t, strlen((const char *)t));
	xmlFree(t);
}

static void read_root(struct rd *d, const xmlNode *n, struct pvabi_cell_result *r)
{
	char buf[64];
	int v;

	if ((int)get_num(d, n, "format", 0, 1e9) != PVABI_RESULT_FORMAT)
		rd_fail(d, n, "format is not %d", PVABI_RESULT_FORMAT);
	if (!get(n, "id", r->cell.id, sizeof(r->cell.id)) || !pvabi_cell_id_valid(r->cell.id))
		rd_fail(d, n, "missing or invalid cell id '%s'", r->cell.id);
	get(n, "verdict", buf, sizeof(buf));
	if ((v = pvabi_verdict_parse(buf)) < 0)
		rd_fail(d, n, "unknown verdict '%s'", buf);
	r->verdict = v < 0 ? PVABI_V_ERROR : (enum pvabi_verdict)v;
	get(n, "outcome", r->outcome, sizeof(r->outcome));
	r->exit_code = (int)get_num(d, n, "exit", -1, 255);
	r->ms = get_num(d, n, "ms", 0, 1e12);
	r->negotiated = get_rev(d, n, "negotiated");
	r->neg_status = get_status(d, n, "neg-status");
	r->passed = (unsigned int)get_num(d, n, "passed", 0, 4e9);
	r->failed = (unsigned int)get_num(d, n, "failed", 0, 4e9);
	r->skipped = (unsigned int)get_num(d, n, "skipped", 0, 4e9);
}

static void read_cell(struct rd *d, const xmlNode *root, struct pvabi_cell *c)
{
	const xmlNode *n = child(root, "cell"), *p = child(root, "prediction");
	char buf[32];
	uint64_t g = 0;
	int k;

	if (!n || !p) {
		rd_fail(d, root, "missing <%s>", n ? "prediction" : "cell");
		return;
	}
	get(n, "image", c->image, sizeof(c->image));
	get(n, "image-path", c->image_path, sizeof(c->image_path));
	get(n, "image-rev", c->image_rev, sizeof(c->image_rev));
	c->image_frozen = get_num(d, n, "frozen", 0, 1) != 0;
	get(n, "platform", c->platform, sizeof(c->platform));
	get(n, "engine", c->engine, sizeof(c->engine));
	get(p, "kind", buf, sizeof(buf));
	if ((k = pvabi_pred_kind_parse(buf)) < 0)
		rd_fail(d, p, "unknown prediction kind '%s'", buf);
	c->pred.kind = k < 0 ? PVABI_PRED_REFUSED : (enum pvabi_pred_kind)k;
	c->pred.rev = get_rev(d, p, "rev");
	c->pred.neg_status = get_status(d, p, "neg-status");
	if (!get(p, "granted", buf, sizeof(buf)) || pvabi_neg_parse_u64(buf, strlen(buf), &g))
		rd_fail(d, p, "granted=\"%s\" is not a 64-bit mask", buf);
	c->pred.granted = g;
	text_of(root, "prediction", c->pred.why, sizeof(c->pred.why));
}

static void read_check(struct rd *d, const xmlNode *n, struct pvabi_check *c)
{
	xmlChar *t;

	memset(c, 0, sizeof(*c));
	c->ok = get_num(d, n, "ok", 0, 1) != 0;
	c->skip = get_num(d, n, "skip", 0, 1) != 0;
	c->todo = get_num(d, n, "todo", 0, 1) != 0;
	c->ms = get_num(d, n, "ms", 0, 1e12);
	get(n, "name", c->name, sizeof(c->name));
	t = xmlNodeGetContent(n);
	if (t)
		pvabi_text_clean(c->diag, sizeof(c->diag), (const char *)t, strlen((const char *)t));
	xmlFree(t);
}

static void read_checks(struct rd *d, const xmlNode *root, struct pvabi_cell_result *r)
{
	const xmlNode *cs = child(root, "checks"), *n;
	size_t k = 0;

	if (!cs) {
		rd_fail(d, root, "missing <checks>");
		return;
	}
	for (n = cs->children; n; n = n->next)
		k += n->type == XML_ELEMENT_NODE;
	if (k > PVABI_TAP_MAX_CHECKS) {
		rd_fail(d, cs, "%zu checks, more than %d", k, PVABI_TAP_MAX_CHECKS);
		return;
	}
	r->checks = calloc(k ? k : 1, sizeof(*r->checks));
	if (!r->checks) {
		rd_fail(d, cs, "out of memory");
		return;
	}
	for (n = cs->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "check"))
			rd_fail(d, n, "unexpected <%s> in <checks>", (const char *)n->name);
		else
			read_check(d, n, &r->checks[r->nchecks++]);
	}
}

static void read_doc(struct rd *d, xmlDoc *doc, struct pvabi_cell_result *r)
{
	const xmlNode *root = xmlDocGetRootElement(doc);

	if (doc->intSubset || doc->extSubset) {
		rd_fail(d, NULL, "a DOCTYPE is not allowed in a result file");
		return;
	}
	if (!root || strcmp((const char *)root->name, "cell-result")) {
		rd_fail(d, root, "not a cell result (root <%s>)", root ? (const char *)root->name : "");
		return;
	}
	read_root(d, root, r);
	read_cell(d, root, &r->cell);
	text_of(root, "reason", r->reason, sizeof(r->reason));
	text_of(root, "guest-record", r->guest_record, sizeof(r->guest_record));
	text_of(root, "platform-record", r->platform_record, sizeof(r->platform_record));
	text_of(root, "log", r->log, sizeof(r->log));
	text_of(root, "tap", r->tap, sizeof(r->tap));
	read_checks(d, root, r);
}

int pvabi_result_read(const char *path, struct pvabi_cell_result *r, char *err, size_t errlen)
{
	struct rd d = { path, err, errlen, 0 };
	struct pvabi_file_buf b;
	const xmlError *xe;
	xmlDoc *doc;

	memset(r, 0, sizeof(*r));
	if (pvabi_file_read(path, PVABI_RESULT_MAX_BYTES, 0, &b, err, errlen) < 0)
		return -1;
	doc = xmlReadMemory(b.data, (int)b.len, path, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(b.data);
	if (!doc) {
		xe = xmlGetLastError();
		snprintf(err, errlen, "%s:%d: %s", path, xe ? xe->line : 0,
			 xe && xe->message ? xe->message : "not well-formed XML\n");
		err[strcspn(err, "\n")] = '\0';
		return -1;
	}
	read_doc(&d, doc, r);
	xmlFreeDoc(doc);
	if (!d.bad)
		return 0;
	pvabi_cell_result_free(r);
	memset(r, 0, sizeof(*r));
	return -1;
}

/* --- directories ---------------------------------------------------------- */

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
	       !strcmp(a->engine, b->engine) && a->pred.kind == b->pred.kind &&
	       a->pred.rev == b->pred.rev && a->pred.neg_status == b->pred.neg_status &&
	       a->pred.granted == b->pred.granted && !strcmp(a->pred.why, b->pred.why);
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
	    strcmp(a->platform_record, b->platform_record) || a->passed != b->passed ||
	    a->failed != b->failed || a->skipped != b->skipped || a->nchecks != b->nchecks ||
	    a->ms != b->ms || strcmp(a->reason, b->reason))
		return 0;
	for (i = 0; i < a->nchecks; i++)
		if (!same_check(&a->checks[i], &b->checks[i]))
			return 0;
	return 1;
}
