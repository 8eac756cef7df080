/* The help text of every command, in one table: `pvabi CMD --help`,
 * `pvabi help`, the man page and the shell completion are all rendered
 * from it, so none of them can list a command or an option the others
 * do not. */
#ifndef PVABI_CLI_HELP_H
#define PVABI_CLI_HELP_H

#include <stdio.h>

struct pvabi_help_opt {
	const char *name;    /* "--spec" */
	const char *arg;     /* "FILE", or NULL for a flag */
	const char *text;    /* one sentence */
	const char *choices; /* "kvm qemu-tcg ...": what completion offers, or NULL */
};

struct pvabi_help {
	const char *name;     /* "check" */
	const char *synopsis; /* arguments after "pvabi NAME"; '\n' starts another form */
	const char *summary;  /* one line, lower case, no full stop */
	const char *text;     /* paragraphs separated by '\n' */
	const struct pvabi_help_opt *opts; /* terminated by a NULL name; may be NULL */
	const char *words;    /* subcommands or fixed first arguments, for completion */
	const char *exit;     /* "0 compatible, 1 breaking change, ..." */
};

/* What pvabi is for, the exit codes every command shares and the files
 * it reads: the man page's DESCRIPTION, EXIT STATUS and FILES. */
extern const char pvabi_help_intro[];
extern const char pvabi_help_exit[];
extern const char pvabi_help_files[];

/* The table, in the order `pvabi help` lists it; ends with a NULL name. */
extern const struct pvabi_help pvabi_help_table[];

const struct pvabi_help *pvabi_help_find(const char *name);

/* The whole help of a command (what --help prints). */
void pvabi_help_print(FILE *f, const struct pvabi_help *h);
/* Its synopsis and a pointer to --help: what a usage error prints. */
void pvabi_help_usage(FILE *f, const struct pvabi_help *h);
/* Both by name; an unknown name prints nothing. Return 0 / -1. */
int pvabi_help_cmd(FILE *f, const char *name);
int pvabi_help_usage_cmd(FILE *f, const char *name);

/* The man page pvabi(1), troff -man source. */
void pvabi_help_man(FILE *f, const char *version);
/* A bash completion script for the pvabi command. */
void pvabi_help_bash(FILE *f);

/* Prints text wrapped to width columns, every line indented by indent
 * spaces, the first line's indent already written when first is 0. */
void pvabi_help_wrap(FILE *f, const char *text, int indent, int width, int first);

#endif
