/* new-rev's edit of a spec: one <revision> appended to <revisions>,
 * every other byte of the hand-written file kept (comments, layout).
 *
 * The place is found by a scanner that knows XML's lexical structure:
 * comments, CDATA sections, processing instructions and quoted attribute
 * values are skipped, so a commented-out "</revisions>" cannot be taken
 * for the end tag. The file has already been parsed and validated (one
 * <revisions>, a child of <abi>), and outside those constructs a '<'
 * starts markup, so the first real end tag of revisions is the one. The
 * caller loads the result again and checks the new revision is there. */
#include "cli/release.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Position after the first occurrence of end in [p, lim), or lim. */
static const char *past(const char *p, const char *lim, const char *end)
{
	size_t n = strlen(end);

	for (; p + n <= lim; p++)
		if (!memcmp(p, end, n))
			return p + n;
	return lim;
}

static int starts(const char *p, const char *lim, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(lim - p) >= n && !memcmp(p, s, n);
}

/* Skips a start or end tag from its '<', honouring quoted values. */
static const char *skip_tag(const char *p, const char *lim)
{
	for (p++; p < lim && *p != '>'; p++)
		if (*p == '"' || *p == '\'') {
			const char *q = memchr(p + 1, *p, (size_t)(lim - p - 1));

			if (!q)
				return lim;
			p = q;
		}
	return p < lim ? p + 1 : lim;
}

static const char *find_end_tag(const char *p, const char *lim, const char *name)
{
	size_t n = strlen(name);

	while ((p = memchr(p, '<', (size_t)(lim - p)))) {
		if (starts(p, lim, "<!--"))
			p = past(p + 4, lim, "-->");
		else if (starts(p, lim, "<![CDATA["))
			p = past(p + 9, lim, "]]>");
		else if (starts(p, lim, "<?"))
			p = past(p + 2, lim, "?>");
		else if (starts(p, lim, "</") && (size_t)(lim - p) > n + 2 &&
			 !memcmp(p + 2, name, n) && strchr(" \t\r\n>", p[2 + n]))
			return p;
		else
			p = skip_tag(p, lim);
	}
	return NULL;
}

int cli_spec_add_revision(const char *text, size_t len, const char *rev,
			  char **out, size_t *outlen)
{
	const char *end = find_end_tag(text, text + len, "revisions"), *line;
	size_t indent, head, n;
	char add[256];
	int own_line;

	if (!end)
		return -EINVAL;
	for (line = end; line > text && (line[-1] == ' ' || line[-1] == '\t'); line--)
		;
	own_line = line == text || line[-1] == '\n';
	indent = (size_t)(end - line);
	if (own_line)
		n = (size_t)snprintf(add, sizeof(add),
				     "%*s  <revision id=\"%s\">\n%*s    <doc>Draft.</doc>\n%*s  </revision>\n",
				     (int)indent, "", rev, (int)indent, "", (int)indent, "");
	else
		n = (size_t)snprintf(add, sizeof(add), "<revision id=\"%s\"><doc>Draft.</doc></revision>",
				     rev);
	if (n >= sizeof(add))
		return -EINVAL;
	head = (size_t)((own_line ? line : end) - text);
	*out = malloc(len + n + 1);
	if (!*out)
		return -ENOMEM;
	memcpy(*out, text, head);
	memcpy(*out + head, add, n);
	memcpy(*out + head + n, text + head, len - head);
	(*out)[len + n] = '\0';
	*outlen = len + n;
	return 0;
}
