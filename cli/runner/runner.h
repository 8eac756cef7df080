/* What the runner's commands (run, matrix, gate, report) share. */
#ifndef PVABI_CLI_RUNNER_H
#define PVABI_CLI_RUNNER_H

#include <stddef.h>
#include <stdio.h>

#include "conformance/cell.h"
#include "conformance/engine.h"
#include "conformance/matrix.h"
#include "negotiator/pvabi_neg.h"

int pvabi_cmd_run(int argc, char **argv);
int pvabi_cmd_matrix(int argc, char **argv);
int pvabi_cmd_gate(int argc, char **argv);
int pvabi_cmd_report(int argc, char **argv);

/* Exit codes of `pvabi matrix` and `pvabi gate`. */
enum pvabi_matrix_exit {
	PVABI_MATRIX_EXIT_GREEN = 0,       /* every cell green (or skipped); gate: clean */
	PVABI_MATRIX_EXIT_RED = 1,         /* a cell not green; gate: a cell or a rule broken */
	PVABI_MATRIX_EXIT_USAGE = 2,       /* usage, unreadable or invalid input */
	PVABI_MATRIX_EXIT_UNAVAILABLE = 3, /* no engine can run here */
	PVABI_MATRIX_EXIT_INTERRUPTED = 4, /* the runner stopped; finished cells kept */
};

/* Options of matrix, shared by gate. */
struct pvabi_matrix_cli {
	struct pvabi_matrix_opts o;
	const char *engines;
	int list, quiet, help;
};

int pvabi_matrix_parse(int argc, char **argv, struct pvabi_matrix_cli *c);
/* Loads spec and registry, resolves engines, plans: 0 or an exit code. */
int pvabi_matrix_prepare(struct pvabi_matrix_cli *c, struct pvabi_matrix *m, FILE *info);
/* Runs, collects and writes the reports: 0 or an exit code. */
int pvabi_matrix_execute(struct pvabi_matrix_cli *c, struct pvabi_matrix *m,
			 struct pvabi_cell_result **res);
int pvabi_matrix_worst(const struct pvabi_cell_result *res, size_t n);

const char *pvabi_runner_exit_name(enum pvabi_run_exit e);

/* An engine by name ("auto" picks one): 0, -EINVAL for an unknown name,
 * -ENODEV when it cannot run here; why says which and why. */
int pvabi_runner_engine(const char *name, const struct pvabi_engine **e, char *why, size_t n);

#endif
