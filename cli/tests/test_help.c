/* The help table is the one source of every command's --help, the
 * command list of `pvabi help`, the README's command list, the man page
 * and the bash completion: these tests fail when any of them drifts from
 * the table or from the options the commands really accept. */
#include "tests/harness.h"
#include "cli/help.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs a shell command; its stdout in a malloc'd string, exit in *rc. */
static char *run(int *rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *run(int *rc, const char *fmt, ...)
{
	char cmd[4096], chunk[4096];
	size_t len = 0, n;
	char *out = calloc(1, 1);
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	if (!p || !out) {
		free(out);
		*rc = -1;
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0) {
		char *bigger = realloc(out, len + n + 1);

		if (!bigger)
			break;
		out = bigger;
		memcpy(out + len, chunk, n);
		len += n;
		out[len] = '\0';
	}
	st = pclose(p);
	*rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return out;
}

static const char *pvabi(void)
{
	return pvabi_test_path(pvabi_test_builddir(), "pvabi");
}

static char *rendered(void (*fn)(FILE *, const struct pvabi_help *), const struct pvabi_help *h)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f)
		return NULL;
	fn(f, h);
	fclose(f);
	return buf;
}

static int safe_word(const char *s, const char *extra)
{
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && !strchr(extra, *s))
			return 0;
	return 1;
}

static void test_table(void)
{
	const struct pvabi_help *h, *g;
	const struct pvabi_help_opt *o;

	CU_ASSERT_FATAL(pvabi_help_table[0].name != NULL);
	for (h = pvabi_help_table; h->name; h++) {
		CU_ASSERT(safe_word(h->name, "-"));
		CU_ASSERT(h->synopsis && h->summary && *h->summary && h->text && *h->text &&
			  h->exit && *h->exit);
		for (g = pvabi_help_table; g < h; g++)
			CU_ASSERT(strcmp(g->name, h->name) != 0);
		for (o = h->opts; o && o->name; o++) {
			/* what the completion script and the man page quote unescaped */
			CU_ASSERT(!strncmp(o->name, "--", 2) && safe_word(o->name + 2, "-"));
			CU_ASSERT(!o->choices || safe_word(o->choices, " -."));
			if (!strstr(h->synopsis, o->name))
				fprintf(stderr, "%s: %s missing from the synopsis\n", h->name, o->name);
			CU_ASSERT(strstr(h->synopsis, o->name) != NULL);
		}
	}
	CU_ASSERT_PTR_NOT_NULL(pvabi_help_find("gate"));
	CU_ASSERT_PTR_NULL(pvabi_help_find("no-such-command"));
}

/* `pvabi NAME --help` and `pvabi help NAME` print the table's text. */
static void test_each_help(void)
{
	const struct pvabi_help *h;
	int rc;

	for (h = pvabi_help_table; h->name; h++) {
		char *want = rendered(pvabi_help_print, h), *got, *got2;

		got = run(&rc, "'%s' %s --help 2>/dev/null", pvabi(), h->name);
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT(want && got && !strcmp(want, got));
		got2 = run(&rc, "'%s' help %s", pvabi(), h->name);
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT(want && got2 && !strcmp(want, got2));
		free(want);
		free(got);
		free(got2);
	}
	free(run(&rc, "'%s' help no-such-command 2>/dev/null", pvabi()));
	CU_ASSERT_EQUAL(rc, 2);
}

/* gate describes itself, not matrix, wherever --help stands. */
static void test_gate_help(void)
{
	char *out;
	int rc;

	out = run(&rc, "'%s' gate --quiet --help", pvabi());
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(out && !strncmp(out, "usage: pvabi gate ", 18) && !strstr(out, "\n  --list"));
	free(out);
}

/* `pvabi help` lists exactly the commands the program dispatches, each
 * with its summary from the table, in the table's order. */
static void test_listing(void)
{
	const struct pvabi_help *h;
	char want[8192];
	size_t n = 0;
	char *out;
	int rc;

	for (h = pvabi_help_table; h->name; h++)
		n += (size_t)snprintf(want + n, sizeof(want) - n, "  %-12s %s\n", h->name, h->summary);
	out = run(&rc, "'%s' help | sed -n '/^commands:/,/^$/p' | sed '1d;$d'", pvabi());
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(out && !strcmp(out, want));
	if (out && strcmp(out, want))
		fprintf(stderr, "pvabi help lists:\n%s\nthe table:\n%s", out, want);
	free(out);
}

/* Every option the table lists is one the command accepts: getopt
 * complains about an unknown one whatever follows it. */
static void test_options_accepted(void)
{
	const struct pvabi_help *h;
	const struct pvabi_help_opt *o;
	int rc;

	for (h = pvabi_help_table; h->name; h++)
		for (o = h->opts; o && o->name; o++) {
			/* help's options are whole requests, not getopt flags */
			int alone = !strcmp(h->name, "help");
			char *err = run(&rc, "'%s' %s %s %s %s 2>&1 >/dev/null", pvabi(), h->name,
					o->name, o->arg ? "x" : "", alone ? "" : "--help");

			CU_ASSERT(err && !strstr(err, "unrecognized option") &&
				  !strstr(err, "unknown command or option"));
			if (err && (strstr(err, "unrecognized") || strstr(err, "unknown command")))
				fprintf(stderr, "%s %s: %s", h->name, o->name, err);
			free(err);
		}
}

static int documented(const char *opt)
{
	const struct pvabi_help *h;
	const struct pvabi_help_opt *o;

	for (h = pvabi_help_table; h->name; h++)
		for (o = h->opts; o && o->name; o++)
			if (!strcmp(o->name + 2, opt))
				return 1;
	return 0;
}

/* Every long option in the command sources is in some command's help. */
static void test_sources_documented(void)
{
	char *out, *line, *save = NULL;
	int rc, seen = 0;

	out = run(&rc, "cd '%s' && grep -ho '{ \"[a-z-]*\", *[a-z]*_argument' cli/*.c cli/*/*.c "
		       "| sed 's/^{ \"\\([a-z-]*\\)\".*/\\1/' | sort -u", pvabi_test_srcdir());
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		seen++;
		if (!strcmp(line, "help"))
			continue;
		if (!documented(line))
			fprintf(stderr, "--%s is accepted but in no command's help\n", line);
		CU_ASSERT(documented(line));
	}
	CU_ASSERT(seen > 10); /* the scan found the option tables */
	free(out);
}

/* The README's command list names every command of the table, and every
 * option it shows for a command is one of that command's options. */
static void test_readme(void)
{
	const struct pvabi_help *h;
	char *block, *line, *save = NULL;
	int rc, listed[64] = { 0 };
	size_t i;

	block = run(&rc, "sed -n '/^## Commands/,/^## /p' '%s/README.md' | sed -n '/^```/,/^```/p'",
		    pvabi_test_srcdir());
	CU_ASSERT_FATAL(rc == 0 && block && *block);
	for (line = strtok_r(block, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64], *tok, *tsave = NULL;

		if (sscanf(line, "pvabi %63s", name) != 1)
			continue;
		h = pvabi_help_find(name);
		if (!h)
			fprintf(stderr, "README lists 'pvabi %s', which is no command\n", name);
		CU_ASSERT_PTR_NOT_NULL(h);
		if (!h)
			continue;
		listed[h - pvabi_help_table] = 1;
		for (tok = strtok_r(line, " []|,", &tsave); tok; tok = strtok_r(NULL, " []|,", &tsave)) {
			const struct pvabi_help_opt *o;
			int found = !strcmp(tok, "--help");

			if (strncmp(tok, "--", 2))
				continue;
			for (o = h->opts; o && o->name; o++)
				found |= !strcmp(o->name, tok);
			if (!found)
				fprintf(stderr, "README: pvabi %s %s: no such option\n", name, tok);
			CU_ASSERT(found);
		}
	}
	for (i = 0, h = pvabi_help_table; h->name; h++, i++) {
		if (!listed[i])
			fprintf(stderr, "README's command list lacks 'pvabi %s'\n", h->name);
		CU_ASSERT(listed[i]);
	}
	free(block);
}

/* The program prints the man page and the completion the table renders;
 * the man page is well-formed troff, the script valid bash that completes
 * commands, options and their values. */
static void test_man_and_completion(void)
{
	const struct pvabi_help *h;
	char *out, tmp[] = "/tmp/pvabi-help-XXXXXX";
	int rc, fd;

	out = run(&rc, "'%s' help --man", pvabi());
	CU_ASSERT(rc == 0 && out && !strncmp(out, ".\\\"", 3) && strstr(out, ".TH PVABI 1"));
	for (h = pvabi_help_table; out && h->name; h++) {
		char ss[64];
		size_t n = (size_t)snprintf(ss, sizeof(ss), "\n.SS ");
		const char *c;

		for (c = h->name; *c; c++)
			n += (size_t)snprintf(ss + n, sizeof(ss) - n, *c == '-' ? "\\-" : "%c", *c);
		snprintf(ss + n, sizeof(ss) - n, "\n");
		CU_ASSERT(strstr(out, ss) != NULL);
	}
	free(out);
	out = run(&rc, "command -v groff >/dev/null || exit 77; '%s' help --man | groff -man -ww -z 2>&1",
		  pvabi());
	if (rc == 77)
		fprintf(stderr, "groff not installed: the man page's troff is not checked here\n");
	else
		CU_ASSERT(rc == 0 && out && !*out);
	free(out);
	fd = mkstemp(tmp);
	CU_ASSERT_FATAL(fd >= 0);
	out = run(&rc, "'%s' help --bash-completion > '%s' && bash -n '%s'", pvabi(), tmp, tmp);
	CU_ASSERT_EQUAL(rc, 0);
	free(out);
#define COMPLETE(words, cword) \
	run(&rc, "bash -c 'source %s; COMP_WORDS=(%s); COMP_CWORD=%d; _pvabi; echo \"${COMPREPLY[*]}\"'", \
	    tmp, words, cword)
	out = COMPLETE("pvabi ga", 1);
	CU_ASSERT(rc == 0 && out && !strcmp(out, "gate\n"));
	free(out);
	out = COMPLETE("pvabi gen --target sk", 3);
	CU_ASSERT(out && !strcmp(out, "skeleton\n"));
	free(out);
	out = COMPLETE("pvabi matrix --eng", 2);
	CU_ASSERT(out && !strcmp(out, "--engine --engine-cmd\n"));
	free(out);
	out = COMPLETE("pvabi report re", 2);
	CU_ASSERT(out && !strcmp(out, "render\n"));
	free(out);
	out = COMPLETE("pvabi help neg", 2);
	CU_ASSERT(out && !strcmp(out, "negotiate\n"));
	free(out);
	remove(tmp);
	close(fd);
}

static const struct pvabi_test_case cases[] = {
	{ "table", test_table },
	{ "each_command_help", test_each_help },
	{ "gate_help", test_gate_help },
	{ "listing", test_listing },
	{ "options_accepted", test_options_accepted },
	{ "sources_documented", test_sources_documented },
	{ "readme_command_list", test_readme },
	{ "man_and_completion", test_man_and_completion },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "help", cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
