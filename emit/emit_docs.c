/* Docs target: the reference manual of one revision, as Markdown and as
 * one self-contained HTML page. The content is written once against the
 * document interface of emit_docs.h; emit_docs_md.c and emit_docs_html.c
 * render it. This file holds the shared helpers, the front matter, the
 * changelog and the entry point. */
#include "abi/canon.h"
#include "abi/check_internal.h"
#include "emit/emit_docs.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* --- content helpers -------------------------------------------------- */

void dw_text(struct docw *w, const char *s)
{
	if (s && *s)
		w->ops->span(w, DOCW_TEXT, s, strlen(s));
}

void dw_code(struct docw *w, const char *s)
{
	if (s && *s)
		w->ops->span(w, DOCW_CODE, s, strlen(s));
}

void dw_strong(struct docw *w, const char *s)
{
	if (s && *s)
		w->ops->span(w, DOCW_STRONG, s, strlen(s));
}

void dw_textf(struct docw *w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	dw_text(w, buf);
}

void dw_codef(struct docw *w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	dw_code(w, buf);
}

void dw_heading(struct docw *w, int level, const char *anchor, const char *code,
		const char *text)
{
	w->ops->heading(w, level, anchor);
	dw_code(w, code);
	dw_text(w, text);
	w->ops->heading_end(w, level);
}

/* The loader keeps blank lines of a doc as "\n\n" and folds all other
 * whitespace, so a paragraph is the text between two of them. */
static const char *next_para(const char *p, size_t *len)
{
	const char *e = strstr(p, "\n\n");

	*len = e ? (size_t)(e - p) : strlen(p);
	return e ? e + 2 : p + *len;
}

void dw_paras(struct docw *w, const char *doc)
{
	const char *p = doc, *next;
	size_t n;

	while (p && *p) {
		next = next_para(p, &n);
		w->ops->para(w);
		w->ops->span(w, DOCW_TEXT, p, n);
		w->ops->para_end(w);
		p = next;
	}
}

void dw_cell_doc(struct docw *w, const char *doc)
{
	const char *p = doc, *next;
	size_t n;

	w->ops->cell(w);
	if (!p || !*p)
		dw_text(w, "-");
	while (p && *p) {
		next = next_para(p, &n);
		w->ops->span(w, DOCW_TEXT, p, n);
		if (*next)
			w->ops->cell_break(w);
		p = next;
	}
}

void dw_cell_text(struct docw *w, const char *s)
{
	w->ops->cell(w);
	dw_text(w, s);
}

void dw_cell_code(struct docw *w, const char *s)
{
	w->ops->cell(w);
	dw_code(w, s);
}

const char *dw_anchor(char *buf, size_t n, const char *kind, const char *name)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "0123456789_.-";
	size_t i;

	snprintf(buf, n, "%s-%s", kind, name);
	for (i = 0; buf[i]; i++)
		if (!strchr(ok, buf[i]))
			buf[i] = '-';
	return buf;
}

void dw_ref(struct docw *w, const char *kind, const char *name)
{
	char a[160];

	w->ops->link(w, dw_anchor(a, sizeof(a), kind, name), DOCW_CODE, name);
}

void dw_type(struct docw *w, const struct pvabi_type *t)
{
	if (t->kind == PVABI_T_STRUCT)
		dw_ref(w, "struct", t->name);
	else if (t->kind == PVABI_T_ENUM)
		dw_ref(w, "enum", t->name);
	else
		dw_code(w, t->name ? t->name : pvabi_prim_name(t->prim));
}

void dw_item(struct docw *w, const char *label)
{
	w->ops->item(w);
	dw_strong(w, label);
	dw_text(w, ": ");
}

void dw_table(struct docw *w, const char *const *heads, size_t n)
{
	w->ops->table(w, heads, n);
}

void dw_life(struct docw *w, const struct pvabi_gen *g, const struct pvabi_life *l)
{
	const struct pvabi_rev *r = g->spec->revs;

	dw_text(w, r[l->since].id);
	if (l->deprecated >= 0)
		dw_textf(w, ", deprecated in %s", r[l->deprecated].id);
	if (l->removed >= 0)
		dw_textf(w, ", removed in %s", r[l->removed].id);
}

/* HTML5 forbids "-->", "<!--" and "--!>" in a comment; breaking every
 * "--" rules them all out, whatever path the user named the spec by. */
void docw_comment_text(FILE *f, const char *s)
{
	char prev = 0;

	for (; *s; s++) {
		if (*s == '-' && prev == '-')
			fputc(' ', f);
		if ((unsigned char)*s >= 0x20 || *s == '\t')
			fputc(*s, f);
		prev = *s;
	}
}

/* --- front matter ----------------------------------------------------- */

static const struct pvabi_reg_rev *reg_rev(const struct pvabi_gen *g, int rev)
{
	int i = g->reg ? pvabi_registry_find(g->reg, g->spec->revs[rev].id) : -1;

	return i >= 0 ? &g->reg->revs[i] : NULL;
}

static const char *status_of(const struct pvabi_gen *g, int rev)
{
	const struct pvabi_reg_rev *rr = reg_rev(g, rev);

	return rr ? pvabi_status_name(rr->status) : "unregistered";
}

static void rev_links(struct docw *w, const struct pvabi_gen *g)
{
	char a[160];
	size_t i;

	/* the changelog has a section for each revision up to this one */
	for (i = 0; i < g->spec->nrevs; i++) {
		if (i)
			dw_text(w, ", ");
		if ((int)i <= g->rev)
			w->ops->link(w, dw_anchor(a, sizeof(a), "rev", g->spec->revs[i].id),
				     DOCW_TEXT, g->spec->revs[i].id);
		else
			dw_text(w, g->spec->revs[i].id);
	}
}

static void facts(struct docw *w, const struct pvabi_gen *g, const char *fp)
{
	const struct pvabi_reg_rev *rr = reg_rev(g, g->rev);

	w->ops->list(w);
	dw_item(w, "Status");
	dw_text(w, status_of(g, g->rev));
	w->ops->item_end(w);
	dw_item(w, "Date");
	dw_text(w, rr && rr->date ? rr->date : "not recorded");
	w->ops->item_end(w);
	dw_item(w, "Fingerprint");
	dw_code(w, fp);
	w->ops->item_end(w);
	dw_item(w, "Revisions of this ABI");
	rev_links(w, g);
	w->ops->item_end(w);
	if (g->reg && g->reg->window_from && g->reg->window_to) {
		dw_item(w, "Support window");
		dw_textf(w, "%s to %s", g->reg->window_from, g->reg->window_to);
		w->ops->item_end(w);
	}
	w->ops->list_end(w);
}

static void contents(struct docw *w)
{
	static const char *const sec[][2] = {
		{ "conventions", "Calling conventions" }, { "ops", "Operations" },
		{ "structs", "Structures" }, { "enums", "Enumerations" },
		{ "features", "Features" }, { "errors", "Errors" },
		{ "changelog", "Changelog" },
	};
	size_t i;

	w->ops->heading(w, 2, "contents");
	dw_text(w, "Contents");
	w->ops->heading_end(w, 2);
	w->ops->list(w);
	for (i = 0; i < sizeof(sec) / sizeof(sec[0]); i++) {
		w->ops->item(w);
		w->ops->link(w, sec[i][0], DOCW_TEXT, sec[i][1]);
		w->ops->item_end(w);
	}
	w->ops->list_end(w);
}

static void front(struct docw *w, const struct pvabi_gen *g, const char *fp)
{
	const struct pvabi_rev *r = &g->spec->revs[g->rev];
	const struct pvabi_reg_rev *rr = reg_rev(g, g->rev);

	w->ops->heading(w, 1, "top");
	dw_textf(w, "%s ABI reference, revision %s", g->spec->name, r->id);
	w->ops->heading_end(w, 1);
	facts(w, g, fp);
	dw_paras(w, g->spec->doc);
	if (r->doc || (rr && rr->doc)) {
		w->ops->heading(w, 2, "about");
		dw_textf(w, "About revision %s", r->id);
		w->ops->heading_end(w, 2);
		dw_paras(w, r->doc);
		dw_paras(w, rr ? rr->doc : NULL);
	}
	contents(w);
}

/* --- changelog -------------------------------------------------------- */

/* Marks the breaks the spec waives, on a copy of its waiver list: the
 * checker records use in the list, and the spec we were given is const. */
static void waive(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	struct pvabi_spec copy = *s;
	struct pvabi_waiver *v;

	if (!s->nwaivers)
		return;
	v = malloc(s->nwaivers * sizeof(*v));
	if (!v) {
		f->oom = 1;
		return;
	}
	memcpy(v, s->waivers, s->nwaivers * sizeof(*v));
	copy.waivers = v;
	pvabi_check_waivers(&copy, f);
	free(v);
}

static const char *justification(const struct pvabi_spec *s,
				 const struct pvabi_finding *x)
{
	size_t i;

	for (i = 0; i < s->nwaivers; i++)
		if (s->waivers[i].loc.line == x->waiver_line &&
		    !strcmp(s->waivers[i].rule, x->rule))
			return s->waivers[i].justification;
	return NULL;
}

/* Unused-waiver warnings are about other revisions' waivers, not about
 * a change: the changelog leaves them to `pvabi check`. */
static int is_change(const struct pvabi_finding *x)
{
	return strcmp(x->rule, "WAIVER_UNUSED") != 0;
}

static void change_rows(struct docw *w, const struct pvabi_gen *g,
			const struct pvabi_findings *f)
{
	static const char *const heads[] = { "Rule", "Class", "Target", "Change" };
	const char *why;
	size_t i;

	dw_table(w, heads, 4);
	for (i = 0; i < f->n; i++) {
		const struct pvabi_finding *x = &f->v[i];

		if (!is_change(x))
			continue;
		w->ops->row(w);
		dw_cell_code(w, x->rule);
		dw_cell_text(w, pvabi_severity_name(x->sev));
		dw_cell_code(w, x->target);
		dw_cell_text(w, x->msg);
		if (x->sev == PVABI_SEV_WAIVED && (why = justification(g->spec, x))) {
			dw_text(w, " (waived: ");
			dw_text(w, why);
			dw_text(w, ")");
		}
		w->ops->row_end(w);
	}
	w->ops->table_end(w);
}

/* Findings that describe a change, of one class. */
static size_t count_changes(const struct pvabi_findings *f, int sev)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += is_change(&f->v[i]) && (sev < 0 || f->v[i].sev == (enum pvabi_severity)sev);
	return n;
}

static void change_summary(struct docw *w, const struct pvabi_gen *g, int rev,
			   const struct pvabi_findings *f)
{
	static const enum pvabi_severity sev[] = {
		PVABI_SEV_COMPAT, PVABI_SEV_WARNING, PVABI_SEV_WAIVED, PVABI_SEV_BREAKING,
	};
	size_t i, k, n = count_changes(f, -1);
	int first = 1;

	w->ops->para(w);
	if (!n)
		dw_textf(w, "No ABI change from %s.", g->spec->revs[rev - 1].id);
	else
		dw_textf(w, "%zu change%s from %s:", n, n == 1 ? "" : "s",
			 g->spec->revs[rev - 1].id);
	for (i = 0; n && i < sizeof(sev) / sizeof(sev[0]); i++) {
		if (!(k = count_changes(f, (int)sev[i])))
			continue;
		dw_textf(w, "%s %zu %s", first ? "" : ",", k, pvabi_severity_name(sev[i]));
		first = 0;
	}
	dw_text(w, n ? "." : "");
	w->ops->para_end(w);
}

/* The changes from rev - 1 to rev, classified by the checker itself so
 * the manual and `pvabi check` can never disagree. */
static void changes(struct docw *w, const struct pvabi_gen *g, int rev)
{
	struct view a = { g->spec, rev - 1 }, b = { g->spec, rev };
	struct pvabi_findings f = { 0 };

	compare_views(a, b, CMP_EVOLVE, &f);
	waive(g->spec, &f);
	pvabi_findings_sort(&f);
	if (f.oom)
		w->oom = 1;
	change_summary(w, g, rev, &f);
	if (count_changes(&f, -1))
		change_rows(w, g, &f);
	pvabi_findings_free(&f);
}

static void changelog(struct docw *w, const struct pvabi_gen *g)
{
	const struct pvabi_reg_rev *rr;
	char a[160];
	int i;

	w->ops->heading(w, 2, "changelog");
	dw_text(w, "Changelog");
	w->ops->heading_end(w, 2);
	for (i = g->rev; i >= 0; i--) {
		rr = reg_rev(g, i);
		w->ops->heading(w, 3, dw_anchor(a, sizeof(a), "rev", g->spec->revs[i].id));
		dw_textf(w, "Revision %s", g->spec->revs[i].id);
		w->ops->heading_end(w, 3);
		w->ops->para(w);
		dw_textf(w, "Status %s, date %s.", status_of(g, i),
			 rr && rr->date ? rr->date : "not recorded");
		w->ops->para_end(w);
		dw_paras(w, g->spec->revs[i].doc);
		if (i > 0)
			changes(w, g, i);
		else
			dw_paras(w, "The first revision of this ABI.");
	}
}

/* --- entry point ------------------------------------------------------ */

void docs_write(struct docw *w, const struct pvabi_gen *g, const char *fp)
{
	front(w, g, fp);
	docs_convs(w, g);
	docs_ops(w, g);
	docs_types(w, g);
	changelog(w, g);
}

static int write_manual(const struct pvabi_gen *g, struct pvabi_emit_file *ef,
			const struct docw_ops *ops, const char *const text[3])
{
	struct docw w = { 0 };

	w.ops = ops;
	w.f = emit_fp(ef);
	w.line_start = 1;
	ops->begin(&w, text[0], text[1]);
	docs_write(&w, g, text[2]);
	ops->end(&w);
	return w.oom ? -1 : 0;
}

/* Title, stamp (as emit_stamp words it) and fingerprint, shared by both
 * formats. The stamp names the spec as the user passed it, nothing else
 * of this machine. */
static int texts(const struct pvabi_gen *g, char *fp, char **title, char **stamp)
{
	const char *id = g->spec->revs[g->rev].id;

	*title = *stamp = NULL;
	if (pvabi_fingerprint(g->spec, g->rev, fp, PVABI_FINGERPRINT_LEN))
		return -1;
	if (asprintf(title, "%s ABI reference, revision %s", g->spec->name, id) < 0) {
		*title = NULL;
		return -1;
	}
	if (asprintf(stamp, "Generated by pvabi %s (reference manual). Do not edit: "
		     "edit %s and regenerate. ABI %s revision %s (%s), fingerprint %s",
		     PVABI_GENERATOR_VERSION, g->spec_name ? g->spec_name : g->spec->name,
		     g->spec->name, id, status_of(g, g->rev), fp) < 0) {
		*stamp = NULL;
		return -1;
	}
	return 0;
}

static int write_all(const struct pvabi_gen *g, struct pvabi_emit_file *ef[2],
		     const char *const text[3])
{
	static const struct docw_ops *const ops[2] = { &docw_markdown, &docw_html };
	static const char *const ext[2] = { "md", "html" };
	char name[256];
	size_t i, nd;
	int rc = 0;

	for (i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "%s-%s.%s", g->spec->name,
			 g->spec->revs[g->rev].id, ext[i]);
		nd = g->d->n;
		if (!(ef[i] = emit_open(g, name))) {
			if (g->d->n == nd)
				pvabi_diag_add(g->d, "OUT_OF_MEMORY", name, 0, "out of memory");
			return -1;
		}
		if (write_manual(g, ef[i], ops[i], text)) {
			pvabi_diag_add(g->d, "OUT_OF_MEMORY", name, 0, "out of memory");
			rc = -1;
		}
		if (emit_close(ef[i])) {
			pvabi_diag_add(g->d, "OUTPUT_UNWRITABLE", name, 0,
				       "cannot write into %s", g->outdir);
			rc = -1;
		}
	}
	return rc;
}

int pvabi_emit_docs(const struct pvabi_gen *g)
{
	struct pvabi_emit_file *ef[2] = { NULL, NULL };
	char fp[PVABI_FINGERPRINT_LEN], *title, *stamp;
	int ok;

	if (g->rev < 0 || (size_t)g->rev >= g->spec->nrevs) {
		pvabi_diag_add(g->d, "UNKNOWN_REVISION", g->spec->file, 0,
			       "revision index %d is not defined", g->rev);
		return -1;
	}
	ok = texts(g, fp, &title, &stamp) == 0;
	if (!ok)
		pvabi_diag_add(g->d, "OUT_OF_MEMORY", g->spec->file, 0, "out of memory");
	else
		ok = write_all(g, ef, (const char *const[3]){ title, stamp, fp }) == 0;
	free(title);
	free(stamp);
	/* Both files or neither: a manual in one format only looks complete
	 * but is not what was asked for. */
	return emit_finish(ef, 2, ok);
}
