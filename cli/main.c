/* pvabi: the command-line front end. Every subcommand lives in its own
 * cmd_*.c file; this file only dispatches. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/version.h"
#ifndef PVABI_STAGE_GEN
#include "cli/runner/runner.h"
#endif

#include "util/afile.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

static int pvabi_cmd_help(int argc, char **argv);

/* The summaries and every other word of help are in cli/help_text.c. */
static const struct pvabi_command commands[] = {
	{ "check", pvabi_cmd_check },
	{ "coverage", pvabi_cmd_coverage },
	{ "diff", pvabi_cmd_diff },
	{ "show", pvabi_cmd_show },
	{ "gen", pvabi_cmd_gen },
	{ "new-rev", pvabi_cmd_new_rev },
	{ "release", pvabi_cmd_release },
	{ "describe", pvabi_cmd_describe },
	{ "correct", pvabi_cmd_correct },
	{ "negotiate", pvabi_cmd_negotiate },
#ifndef PVABI_STAGE_GEN
	{ "run", pvabi_cmd_run },
	{ "matrix", pvabi_cmd_matrix },
	{ "gate", pvabi_cmd_gate },
	{ "report", pvabi_cmd_report },
#endif
	{ "help", pvabi_cmd_help },
	{ "version", pvabi_cmd_version },
	{ NULL, NULL },
};

static void usage(FILE *f)
{
	const struct pvabi_command *c;

	fprintf(f, "usage: %s COMMAND [ARGS...]\n\ncommands:\n", pvabi_progname);
	for (c = commands; c->name; c++) {
		const struct pvabi_help *h = pvabi_help_find(c->name);

		fprintf(f, "  %-12s %s\n", c->name, h ? h->summary : "(undocumented)");
	}
	fprintf(f, "\n'%s COMMAND --help' describes one command.\n"
		   "Exit codes: see docs/exit-codes.md or pvabi(1).\n", pvabi_progname);
}

/* pvabi help [COMMAND | --man | --bash-completion] */
static int pvabi_cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage(stdout);
		return PVABI_EXIT_OK;
	}
	if (argc == 2 && !strcmp(argv[1], "--man")) {
		pvabi_help_man(stdout, PVABI_VERSION);
		return PVABI_EXIT_OK;
	}
	if (argc == 2 && !strcmp(argv[1], "--bash-completion")) {
		pvabi_help_bash(stdout);
		return PVABI_EXIT_OK;
	}
	if (argc == 2 && !pvabi_help_cmd(stdout, argv[1]))
		return PVABI_EXIT_OK;
	fprintf(stderr, "%s help: unknown command or option '%s'\n", pvabi_progname, argv[1]);
	pvabi_help_usage_cmd(stderr, "help");
	return PVABI_EXIT_USAGE;
}

int pvabi_cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("pvabi %s (spec format %d, registry format %d)\n",
	       PVABI_VERSION, PVABI_SPEC_FORMAT_V, PVABI_REGISTRY_FORMAT_V);
	return PVABI_EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct pvabi_command *c;

	if (argc < 2) {
		usage(stderr);
		return PVABI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return pvabi_cmd_help(1, argv);
	if (!strcmp(argv[1], "--version"))
		return pvabi_cmd_version(argc - 1, argv + 1);
	/* A spec's document is millions of small nodes freed together;
	 * glibc's fast bins defer their merging to the next large malloc,
	 * a pass that cost 0.35 s of a 3 s check of 100,000 ops. Without
	 * them, each free merges as it goes (less in all: bench-scale). */
	mallopt(M_MXFAST, 0);
	/* A command killed by a signal leaves no temp file behind. */
	pvabi_tmpfiles_on_signals();
	for (c = commands; c->name; c++) {
		if (strcmp(argv[1], c->name))
			continue;
		/* Every command has --help, whatever its own parser does. */
		if (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")) &&
		    !pvabi_help_cmd(stdout, c->name))
			return PVABI_EXIT_OK;
		return c->run(argc - 1, argv + 1);
	}
	fprintf(stderr, "%s: unknown command '%s'\n", pvabi_progname, argv[1]);
	usage(stderr);
	return PVABI_EXIT_USAGE;
}
