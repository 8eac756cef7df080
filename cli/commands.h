/* pvabi subcommands. Each returns the process exit status; the codes are
 * documented in docs/exit-codes.md and shared through these constants. */
#ifndef PVABI_CLI_COMMANDS_H
#define PVABI_CLI_COMMANDS_H

enum pvabi_exit {
	PVABI_EXIT_OK = 0,       /* compatible / success */
	PVABI_EXIT_BREAKING = 1, /* a breaking change or failed outcome */
	PVABI_EXIT_USAGE = 2,    /* usage error, unreadable or invalid input */
};

struct pvabi_command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

int pvabi_cmd_version(int argc, char **argv);
int pvabi_cmd_check(int argc, char **argv);
int pvabi_cmd_coverage(int argc, char **argv);
int pvabi_cmd_diff(int argc, char **argv);
int pvabi_cmd_show(int argc, char **argv);
int pvabi_cmd_release(int argc, char **argv);
int pvabi_cmd_new_rev(int argc, char **argv);
int pvabi_cmd_describe(int argc, char **argv);
int pvabi_cmd_correct(int argc, char **argv);
int pvabi_cmd_gen(int argc, char **argv);
int pvabi_cmd_negotiate(int argc, char **argv);

/* "pvabi": the first word of every diagnostic (cli/progname.c). */
extern const char *pvabi_progname;

#endif
