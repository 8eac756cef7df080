/* HTML writer of the manual: one self-contained HTML5 page with inline
 * CSS and no script, so it can be archived with a release and opened
 * offline. Every piece of text is escaped. */
#include "emit/emit_docs.h"
#include "util/xml.h"

#include <string.h>

/* Light and dark themes follow the reader's setting; wide tables scroll
 * instead of overflowing the page. */
static const char css[] =
	":root{color-scheme:light dark}\n"
	"body{margin:0;padding:0 1rem;font:15px/1.5 system-ui,-apple-system,"
	"\"Segoe UI\",Roboto,sans-serif}\n"
	".manual{max-width:62rem;margin:2rem auto 4rem}\n"
	"h1{font-size:1.8rem}\n"
	"h2{margin-top:2.5rem;padding-bottom:.2rem;"
	"border-bottom:1px solid rgba(127,127,127,.4)}\n"
	"h3{margin-top:2rem}\n"
	"h4{margin:1.2rem 0 .4rem}\n"
	"code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
	"font-size:.9em}\n"
	"pre{padding:.6rem .8rem;overflow-x:auto;background:rgba(127,127,127,.12);"
	"border-radius:4px}\n"
	"table{display:block;overflow-x:auto;border-collapse:collapse;"
	"margin:.4rem 0 1rem}\n"
	"th,td{padding:.25rem .6rem;border:1px solid rgba(127,127,127,.4);"
	"text-align:left;vertical-align:top}\n"
	"th{background:rgba(127,127,127,.15)}\n"
	"a{color:inherit;text-decoration-color:rgba(127,127,127,.7)}\n";

static void esc(FILE *f, const char *s, size_t n)
{
	pvabi_xml_write(f, s, n, PVABI_XML_KEEP_NL);
}

static void esc_str(FILE *f, const char *s)
{
	esc(f, s, strlen(s));
}

static void begin(struct docw *w, const char *title, const char *stamp)
{
	fputs("<!DOCTYPE html>\n<!-- ", w->f);
	docw_comment_text(w->f, stamp);
	fputs(" -->\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>", w->f);
	esc_str(w->f, title);
	fprintf(w->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<div class=\"manual\">\n", css);
}

static void end(struct docw *w)
{
	fputs("</div>\n</body>\n</html>\n", w->f);
}

static void heading(struct docw *w, int level, const char *anchor)
{
	fprintf(w->f, "<h%d", level);
	if (anchor) {
		fputs(" id=\"", w->f);
		esc_str(w->f, anchor);
		fputc('"', w->f);
	}
	fputc('>', w->f);
}

static void heading_end(struct docw *w, int level)
{
	fprintf(w->f, "</h%d>\n", level);
}

static void para(struct docw *w)
{
	fputs("<p>", w->f);
}

static void para_end(struct docw *w)
{
	fputs("</p>\n", w->f);
}

static void list(struct docw *w)
{
	fputs("<ul>\n", w->f);
}

static void item(struct docw *w)
{
	fputs("<li>", w->f);
}

static void item_end(struct docw *w)
{
	fputs("</li>\n", w->f);
}

static void list_end(struct docw *w)
{
	fputs("</ul>\n", w->f);
}

static void table(struct docw *w, const char *const *heads, size_t n)
{
	size_t i;

	fputs("<table>\n<thead><tr>", w->f);
	for (i = 0; i < n; i++) {
		fputs("<th>", w->f);
		esc_str(w->f, heads[i]);
		fputs("</th>", w->f);
	}
	fputs("</tr></thead>\n<tbody>\n", w->f);
}

static void row(struct docw *w)
{
	w->col = 0;
	fputs("<tr>", w->f);
}

static void cell(struct docw *w)
{
	fputs(w->col++ ? "</td><td>" : "<td>", w->f);
}

static void row_end(struct docw *w)
{
	fputs(w->col ? "</td></tr>\n" : "</tr>\n", w->f);
}

static void table_end(struct docw *w)
{
	fputs("</tbody>\n</table>\n", w->f);
}

static void pre(struct docw *w, const char *s)
{
	fputs("<pre><code>", w->f);
	esc_str(w->f, s);
	fputs("</code></pre>\n", w->f);
}

static void span(struct docw *w, enum docw_span k, const char *s, size_t n)
{
	static const char *const tag[][2] = {
		[DOCW_TEXT] = { "", "" },
		[DOCW_CODE] = { "<code>", "</code>" },
		[DOCW_STRONG] = { "<strong>", "</strong>" },
	};

	fputs(tag[k][0], w->f);
	esc(w->f, s, n);
	fputs(tag[k][1], w->f);
}

static void link(struct docw *w, const char *anchor, enum docw_span k, const char *s)
{
	fputs("<a href=\"#", w->f);
	esc_str(w->f, anchor);
	fputs("\">", w->f);
	span(w, k, s, strlen(s));
	fputs("</a>", w->f);
}

static void cell_break(struct docw *w)
{
	fputs("<br><br>", w->f);
}

const struct docw_ops docw_html = {
	.begin = begin, .end = end,
	.heading = heading, .heading_end = heading_end,
	.para = para, .para_end = para_end,
	.list = list, .item = item, .item_end = item_end, .list_end = list_end,
	.table = table, .row = row, .cell = cell, .row_end = row_end,
	.table_end = table_end,
	.pre = pre, .span = span, .link = link, .cell_break = cell_break,
};
