/* pvabi: the command-line front end. Every subcommand lives in its own
 * cmd_*.c file; this file only dispatches. */
#include "cli/commands.h"
#include "cli/version.h"
#ifndef PVABI_STAGE_GEN
#include "cli/runner/runner.h"
#endif

#include "util/afile.h"

#include <stdio.h>
#include <string.h>

const char *pvabi_progname = "pvabi";

static const struct pvabi_command commands[] = {
	{ "check", pvabi_cmd_check, "check the spec's history and its registry" },
	{ "diff", pvabi_cmd_diff, "classify the changes between two spec files" },
	{ "show", pvabi_cmd_show, "print one revision's view and fingerprint" },
	{ "gen", pvabi_cmd_gen, "generate guest stubs, platform dispatch or the manual" },
	{ "release", pvabi_cmd_release, "turn a draft revision into a released one" },
	{ "new-rev", pvabi_cmd_new_rev, "open a new draft revision" },
	{ "negotiate", pvabi_cmd_negotiate, "negotiate a described guest with a described platform" },
#ifndef PVABI_STAGE_GEN
	{ "run", pvabi_cmd_run, "boot one guest image against the reference platform" },
	{ "matrix", pvabi_cmd_matrix, "run the compatibility matrix: images x platforms x engines" },
	{ "gate", pvabi_cmd_gate, "check + full matrix: the release verdict" },
	{ "report", pvabi_cmd_report, "merge shard results or re-render reports" },
#endif
	{ "version", pvabi_cmd_version, "print the program and spec format versions" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	const struct pvabi_command *c;

	fprintf(f, "usage: %s COMMAND [ARGS...]\n\ncommands:\n", pvabi_progname);
	for (c = commands; c->name; c++)
		fprintf(f, "  %-12s %s\n", c->name, c->summary);
	fprintf(f, "\n'%s COMMAND --help' describes one command.\n"
		   "Exit codes: see docs/exit-codes.md.\n", pvabi_progname);
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
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return PVABI_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version"))
		return pvabi_cmd_version(argc - 1, argv + 1);
	/* A command killed by a signal leaves no temp file behind. */
	pvabi_tmpfiles_on_signals();
	for (c = commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s'\n", pvabi_progname, argv[1]);
	usage(stderr);
	return PVABI_EXIT_USAGE;
}
