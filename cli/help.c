/* Rendering the help table as terminal text. */
#include "cli/help.h"

#include <string.h>

#define HELP_WIDTH 79
#define OPT_COLUMN 26

const struct pvabi_help *pvabi_help_find(const char *name)
{
	const struct pvabi_help *h;

	for (h = pvabi_help_table; name && h->name; h++)
		if (!strcmp(h->name, name))
			return h;
	return NULL;
}

/* The length of the next word of s; in a synopsis (groups set) a word
 * ends only at a space outside brackets, so "[--timeout S]" is never split
 * across lines. */
static size_t word_len(const char *s, int groups)
{
	int depth = 0;
	size_t i;

	if (!groups)
		return strcspn(s, " \n");
	for (i = 0; s[i] && s[i] != '\n' && (s[i] != ' ' || depth > 0); i++) {
		if (s[i] == '[' || s[i] == '(')
			depth++;
		else if ((s[i] == ']' || s[i] == ')') && depth > 0)
			depth--;
	}
	return i;
}

static void wrap(FILE *f, const char *text, int indent, int width, int first, int groups)
{
	int col = first ? 0 : indent;
	const char *p = text;

	if (first)
		col = fprintf(f, "%*s", indent, "");
	while (*p) {
		size_t n;

		if (*p == '\n') {
			col = fprintf(f, "\n%*s", indent, "") - 1;
			p++;
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		n = word_len(p, groups);
		if (col > indent && col + 1 + (int)n > width)
			col = fprintf(f, "\n%*s", indent, "") - 1;
		else if (col > indent)
			col += fprintf(f, " ");
		col += fprintf(f, "%.*s", (int)n, p);
		p += n;
	}
	fputc('\n', f);
}

void pvabi_help_wrap(FILE *f, const char *text, int indent, int width, int first)
{
	wrap(f, text, indent, width, first, 0);
}

/* "usage: pvabi NAME ARGS", one line per form, continuation lines under
 * the first argument. */
static void print_synopsis(FILE *f, const struct pvabi_help *h)
{
	const char *form = h->synopsis;
	int first = 1;

	do {
		const char *nl = strchr(form, '\n');
		size_t n = nl ? (size_t)(nl - form) : strlen(form);
		char line[1024];
		int lead;

		snprintf(line, sizeof(line), "%.*s", (int)n, form);
		lead = fprintf(f, "%s pvabi %s", first ? "usage:" : "      ", h->name);
		if (*line) {
			fputc(' ', f);
			wrap(f, line, lead + 1, HELP_WIDTH, 0, 1);
		} else {
			fputc('\n', f);
		}
		first = 0;
		form = nl ? nl + 1 : NULL;
	} while (form);
}

static void print_opt(FILE *f, const char *name, const char *arg, const char *text)
{
	int n = fprintf(f, "  %s%s%s", name, arg ? " " : "", arg ? arg : "");

	if (n + 1 > OPT_COLUMN) {
		fputc('\n', f);
		pvabi_help_wrap(f, text, OPT_COLUMN, HELP_WIDTH, 1);
	} else {
		fprintf(f, "%*s", OPT_COLUMN - n, "");
		pvabi_help_wrap(f, text, OPT_COLUMN, HELP_WIDTH, 0);
	}
}

void pvabi_help_print(FILE *f, const struct pvabi_help *h)
{
	const struct pvabi_help_opt *o;

	print_synopsis(f, h);
	fprintf(f, "%s.\n\n", h->summary);
	pvabi_help_wrap(f, h->text, 2, HELP_WIDTH, 1);
	fprintf(f, "\noptions:\n");
	for (o = h->opts; o && o->name; o++)
		print_opt(f, o->name, o->arg, o->text);
	print_opt(f, "--help", NULL, "print this help");
	fprintf(f, "\nexit status:\n");
	pvabi_help_wrap(f, h->exit, 2, HELP_WIDTH, 1);
}

void pvabi_help_usage(FILE *f, const struct pvabi_help *h)
{
	print_synopsis(f, h);
	fprintf(f, "'pvabi %s --help' says more.\n", h->name);
}

int pvabi_help_cmd(FILE *f, const char *name)
{
	const struct pvabi_help *h = pvabi_help_find(name);

	if (h)
		pvabi_help_print(f, h);
	return h ? 0 : -1;
}

int pvabi_help_usage_cmd(FILE *f, const char *name)
{
	const struct pvabi_help *h = pvabi_help_find(name);

	if (h)
		pvabi_help_usage(f, h);
	return h ? 0 : -1;
}
