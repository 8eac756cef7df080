/* Markdown writer of the manual (CommonMark with GitHub tables). Every
 * character that could start markup is escaped, so a doc string renders
 * as the text it is; anchors are explicit so links do not depend on how
 * a renderer derives ids from headings. */
#include "emit/emit_docs.h"
#include "util/utf8.h"

#include <ctype.h>
#include <string.h>

/* Raw markup: whatever follows is no longer at the start of a line. */
static void put(struct docw *w, const char *s)
{
	fputs(s, w->f);
	w->line_start = 0;
}

/* An underscore between two letters or digits cannot open or close
 * emphasis, so identifiers in prose stay readable in the source. */
static int intraword(const char *s, size_t i, size_t n)
{
	return i > 0 && i + 1 < n && isalnum((unsigned char)s[i - 1]) &&
	       isalnum((unsigned char)s[i + 1]);
}

/* At the start of a line "#", "-", "+", "=" and "1." or "1)" begin a
 * block; returns how many characters it wrote. */
static size_t line_start(struct docw *w, const char *s, size_t n)
{
	size_t k = 0;

	w->line_start = 0;
	if (strchr("#+-=", s[0])) {
		fputc('\\', w->f);
		return 0;
	}
	while (k < n && k < 9 && isdigit((unsigned char)s[k]))
		k++;
	if (!k || k == n || (s[k] != '.' && s[k] != ')'))
		return 0;
	fwrite(s, 1, k, w->f);
	fputc('\\', w->f);
	return k;
}

/* One UTF-8 character, or '?' for a byte that starts none (as
 * util/xml.c writes it in the HTML manual); returns the bytes it took. */
static size_t utf8_put(FILE *f, const char *s, size_t n)
{
	size_t len = pvabi_utf8_len(s, n);

	if (!len) {
		fputc('?', f);
		return 1;
	}
	fwrite(s, 1, len, f);
	return len;
}

static void text(struct docw *w, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n') {
			fputc(w->in_cell ? ' ' : '\n', w->f);
			w->line_start = !w->in_cell;
			continue;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			continue;
		if (c >= 0x80) {
			i += utf8_put(w->f, s + i, n - i) - 1;
			w->line_start = 0;
			continue;
		}
		if (w->line_start && (i += line_start(w, s + i, n - i)) >= n)
			break;
		c = (unsigned char)s[i];
		if (strchr("\\`*[]<>|~&", c) || (c == '_' && !intraword(s, i, n)))
			fputc('\\', w->f);
		fputc(c, w->f);
	}
}

static size_t longest_backticks(const char *s, size_t n)
{
	size_t i, run = 0, max = 0;

	for (i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	return max;
}

static void fence(struct docw *w, size_t len)
{
	while (len--)
		fputc('`', w->f);
}

/* A code span whose fence is longer than any backtick run inside; a "|"
 * inside a table cell still needs its backslash in GitHub tables. */
static void code(struct docw *w, const char *s, size_t n)
{
	size_t i, len = longest_backticks(s, n) + 1;
	int pad = n && (s[0] == '`' || s[n - 1] == '`' || s[0] == ' ');

	fence(w, len);
	fputs(pad ? " " : "", w->f);
	for (i = 0; i < n; i++) {
		if (s[i] == '|' && w->in_cell)
			fputc('\\', w->f);
		if ((unsigned char)s[i] >= 0x80)
			i += utf8_put(w->f, s + i, n - i) - 1;
		else if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
			fputc(s[i], w->f);
		else if (s[i] == '\n' || s[i] == '\t')
			fputc(' ', w->f);
	}
	fputs(pad ? " " : "", w->f);
	fence(w, len);
	w->line_start = 0;
}

static void span(struct docw *w, enum docw_span k, const char *s, size_t n)
{
	if (!n)
		return;
	if (k == DOCW_CODE) {
		code(w, s, n);
		return;
	}
	if (k == DOCW_STRONG)
		put(w, "**");
	text(w, s, n);
	if (k == DOCW_STRONG)
		put(w, "**");
}

static void link(struct docw *w, const char *anchor, enum docw_span k, const char *s)
{
	put(w, "[");
	span(w, k, s, strlen(s));
	fprintf(w->f, "](#%s)", anchor);
}

/* Blocks are separated by one blank line, owed by the block before, so
 * the file ends with exactly one newline. */
static void gap(struct docw *w)
{
	if (w->gap)
		fputc('\n', w->f);
	w->gap = 0;
	w->line_start = 1;
}

static void block_end(struct docw *w)
{
	fputc('\n', w->f);
	w->gap = 1;
	w->line_start = 1;
}

static void begin(struct docw *w, const char *title, const char *stamp)
{
	(void)title; /* the first heading carries it */
	fputs("<!-- ", w->f);
	docw_comment_text(w->f, stamp);
	fputs(" -->\n", w->f);
	w->gap = 1;
}

static void end(struct docw *w)
{
	(void)w;
}

static void heading(struct docw *w, int level, const char *anchor)
{
	gap(w);
	if (anchor)
		fprintf(w->f, "<a id=\"%s\"></a>\n\n", anchor);
	fprintf(w->f, "%.*s ", level, "######");
	w->line_start = 0;
}

static void heading_end(struct docw *w, int level)
{
	(void)level;
	block_end(w);
}

static void para(struct docw *w)
{
	gap(w);
}

static void list(struct docw *w)
{
	gap(w);
}

static void item(struct docw *w)
{
	fputs("- ", w->f);
	w->line_start = 1;
}

static void item_end(struct docw *w)
{
	fputc('\n', w->f);
}

static void list_end(struct docw *w)
{
	w->gap = 1;
	w->line_start = 1;
}

static void table(struct docw *w, const char *const *heads, size_t n)
{
	size_t i;

	gap(w);
	w->in_cell = 1;
	fputc('|', w->f);
	for (i = 0; i < n; i++) {
		fputc(' ', w->f);
		text(w, heads[i], strlen(heads[i]));
		fputs(" |", w->f);
	}
	fputs("\n|", w->f);
	for (i = 0; i < n; i++)
		fputs(" --- |", w->f);
	fputc('\n', w->f);
	w->in_cell = 0;
}

static void row(struct docw *w)
{
	w->in_cell = 1;
	w->col = 0;
	fputc('|', w->f);
}

static void cell(struct docw *w)
{
	fputs(w->col++ ? " | " : " ", w->f);
	w->line_start = 0;
}

static void row_end(struct docw *w)
{
	fputs(" |\n", w->f);
	w->in_cell = 0;
}

static void table_end(struct docw *w)
{
	w->gap = 1;
	w->line_start = 1;
}

static void pre(struct docw *w, const char *s)
{
	size_t len = longest_backticks(s, strlen(s)) + 1;

	len = len < 3 ? 3 : len;
	gap(w);
	fence(w, len);
	fprintf(w->f, "\n%s\n", s);
	fence(w, len);
	block_end(w);
}

static void cell_break(struct docw *w)
{
	put(w, "<br><br>");
}

const struct docw_ops docw_markdown = {
	.begin = begin, .end = end,
	.heading = heading, .heading_end = heading_end,
	.para = para, .para_end = block_end,
	.list = list, .item = item, .item_end = item_end, .list_end = list_end,
	.table = table, .row = row, .cell = cell, .row_end = row_end,
	.table_end = table_end,
	.pre = pre, .span = span, .link = link, .cell_break = cell_break,
};
