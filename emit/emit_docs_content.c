/* Content helpers of the manual: spans, paragraphs, cells, anchors and
 * references written through the document interface, shared by every
 * section of emit_docs*.c. */
#include "emit/emit_docs.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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
 * "--" rules them all out, whatever path the user named the spec by.
 * Control characters are dropped and invalid UTF-8 written as '?', so
 * the page stays valid UTF-8. */
void docw_comment_text(FILE *f, const char *s)
{
	size_t n = strlen(s), i, len;
	char prev = 0;

	for (i = 0; i < n; i += len) {
		len = pvabi_utf8_len(s + i, n - i);
		if (len > 1) {
			fwrite(s + i, 1, len, f);
			prev = 0;
			continue;
		}
		if (!len) {
			fputc('?', f);
			prev = '?';
			len = 1;
			continue;
		}
		if (s[i] == '-' && prev == '-')
			fputc(' ', f);
		if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
			fputc(s[i], f);
		else if (s[i] == '\t')
			fputc(s[i], f);
		prev = s[i];
	}
}

/* The registry entry of a revision, or NULL when unregistered. */
const struct pvabi_reg_rev *dw_reg_rev(const struct pvabi_gen *g, int rev)
{
	int i = g->reg ? pvabi_registry_find(g->reg, g->spec->revs[rev].id) : -1;

	return i >= 0 ? &g->reg->revs[i] : NULL;
}

const char *dw_status(const struct pvabi_gen *g, int rev)
{
	const struct pvabi_reg_rev *rr = dw_reg_rev(g, rev);

	return rr ? pvabi_status_name(rr->status) : "unregistered";
}

void dw_subheading(struct docw *w, const char *title)
{
	w->ops->heading(w, 4, NULL);
	dw_text(w, title);
	w->ops->heading_end(w, 4);
}

void dw_para_text(struct docw *w, const char *text)
{
	w->ops->para(w);
	dw_text(w, text);
	w->ops->para_end(w);
}

void dw_op_ref(struct docw *w, const struct pvabi_gen *g, int oi)
{
	const struct pvabi_op *op = &g->spec->ops[oi];

	if (pvabi_life_has(&op->life, g->rev))
		dw_ref(w, "op", op->name);
	else
		dw_code(w, op->name);
}

void dw_errors(struct docw *w, const struct pvabi_gen *g, uint64_t mask)
{
	size_t i, n = 0;

	for (i = 0; i < g->spec->nerrors && i < 64; i++) {
		if (!(mask & (UINT64_C(1) << i)))
			continue;
		dw_text(w, n++ ? ", " : "");
		dw_code(w, g->spec->errors[i].name);
	}
}
