/* Reading a cell result file: libxml2 with network and DTDs refused, on
 * a file read by the one reader (regular files only, size-limited);
 * every file is untrusted, a shard's file from another machine is
 * input, so each value is checked and cleaned to valid text. */
#include "conformance/result_io.h"
#include "conformance/oracle.h"
#include "conformance/revname.h"
#include "conformance/tapparse.h"
#include "negotiator/pvabi_neg.h"
#include "util/file.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

/* The id the writer recorded beside a code (revname.h), if any. */
static void get_rev_id(const xmlNode *n, const char *name, uint32_t code)
{
	char buf[32];

	if (get(n, name, buf, sizeof(buf)))
		pvabi_revname_learn(code, buf);
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
	get_rev_id(n, "negotiated-id", r->negotiated);
	r->neg_status = get_status(d, n, "neg-status");
	r->passed = (unsigned int)get_num(d, n, "passed", 0, 4e9);
	r->failed = (unsigned int)get_num(d, n, "failed", 0, 4e9);
	r->skipped = (unsigned int)get_num(d, n, "skipped", 0, 4e9);
}

/* A mask attribute absent in files of older runs: 0. */
static uint64_t opt_mask(struct rd *d, const xmlNode *n, const char *name)
{
	char buf[32];
	uint64_t m = 0;

	if (get(n, name, buf, sizeof(buf)) && pvabi_neg_parse_u64(buf, strlen(buf), &m))
		rd_fail(d, n, "%s=\"%s\" is not a 64-bit mask", name, buf);
	return m;
}

/* The feature axis's coordinates (absent: the cell itself). */
static void read_features(struct rd *d, const xmlNode *n, struct pvabi_cell_features *f)
{
	char buf[32];

	memset(f, 0, sizeof(*f));
	get(n, "features", f->label, sizeof(f->label));
	if (get(n, "want-required", buf, sizeof(buf)) || get(n, "want-optional", buf, sizeof(buf))) {
		f->want = 1;
		f->required = opt_mask(d, n, "want-required");
		f->optional = opt_mask(d, n, "want-optional");
	}
	if (get(n, "offer", buf, sizeof(buf))) {
		f->offer = 1;
		f->offered = opt_mask(d, n, "offer");
	}
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
	/* absent in files of older runs: the cell's own engine */
	if (!get(n, "engines", c->engines, sizeof(c->engines)))
		snprintf(c->engines, sizeof(c->engines), "%s", c->engine);
	get(p, "kind", buf, sizeof(buf));
	if ((k = pvabi_pred_kind_parse(buf)) < 0)
		rd_fail(d, p, "unknown prediction kind '%s'", buf);
	c->pred.kind = k < 0 ? PVABI_PRED_REFUSED : (enum pvabi_pred_kind)k;
	c->pred.rev = get_rev(d, p, "rev");
	get_rev_id(p, "rev-id", c->pred.rev);
	c->pred.neg_status = get_status(d, p, "neg-status");
	if (!get(p, "granted", buf, sizeof(buf)) || pvabi_neg_parse_u64(buf, strlen(buf), &g))
		rd_fail(d, p, "granted=\"%s\" is not a 64-bit mask", buf);
	c->pred.granted = g;
	c->pred.missing = opt_mask(d, p, "missing");
	text_of(root, "prediction", c->pred.why, sizeof(c->pred.why));
	read_features(d, n, &c->feat);
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

/* The guest's "# waited:" figures, when it printed them (optional:
 * files from before them, and frozen images, have none). */
static void read_waited(struct rd *d, const xmlNode *root, struct pvabi_cell_waited *w)
{
	const xmlNode *n = child(root, "waited");
	const double max = 9007199254740992.0; /* 2^53: a double holds it exactly */

	if (!n)
		return;
	w->waits = (unsigned long long)get_num(d, n, "waits", 0, max);
	w->declared_ns = (unsigned long long)get_num(d, n, "declared-ns", 0, max);
	w->event_ticks = (unsigned long long)get_num(d, n, "event-ticks", 0, max);
	w->ticks = (unsigned long long)get_num(d, n, "ticks", 0, max);
	w->tsc_khz = (unsigned long long)get_num(d, n, "tsc-khz", 0, max);
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
	pvabi_record_masks(r->guest_record, &r->granted, &r->missing);
	text_of(root, "platform-record", r->platform_record, sizeof(r->platform_record));
	text_of(root, "end-asked", r->end_asked, sizeof(r->end_asked));
	text_of(root, "end-recorded", r->end_recorded, sizeof(r->end_recorded));
	text_of(root, "log", r->log, sizeof(r->log));
	text_of(root, "tap", r->tap, sizeof(r->tap));
	read_waited(d, root, &r->waited);
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
