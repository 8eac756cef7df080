/* What the runner's commands (run, matrix, gate, report) share. */
#ifndef PVABI_CLI_RUNNER_H
#define PVABI_CLI_RUNNER_H

#include <stddef.h>
#include <stdio.h>

#include "abi/check.h"
#include "conformance/cell.h"
#include "conformance/engine.h"
#include "conformance/matrix.h"
#include "negotiator/pvabi_neg.h"
#include "platform/vmm/vmm.h"

int pvabi_cmd_run(int argc, char **argv);
int pvabi_cmd_matrix(int argc, char **argv);
int pvabi_cmd_gate(int argc, char **argv);
int pvabi_cmd_report(int argc, char **argv);
/* pvabi gate --xen PATH: the Xen spec's check and the Xen matrix with the
 * build as the candidate column (cmd_gate_xen.c). */
int pvabi_gate_xen(int argc, char **argv);

/* The spec check of a gate (gate_spec.c); the findings point into the
 * spec, so both live until the reports are written. */
struct pvabi_gate_spec {
	struct pvabi_spec *s;
	struct pvabi_registry *r;
	struct pvabi_findings f;
	int invalid;
};

/* Checks spec and registry into g, printing each breaking finding on a
 * line; returns how many (g->invalid when either could not load). */
size_t pvabi_gate_check(const char *spec, const char *registry, struct pvabi_gate_spec *g);
void pvabi_gate_spec_free(struct pvabi_gate_spec *g);

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
	const char *out_name; /* --out's default, in the build directory:
			       * "matrix", or "gate" (set after parsing) */
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

/* A host kernel's profile for one run (cli/runner/run_host.c). */
struct pvabi_run_host {
	const struct pvabi_vm_kvm_pv *kvm_pv; /* the kvm engine's; NULL: none */
	struct pvabi_vm_kvm_pv pv;
	uint32_t deny[16];
	char cpu[512];                        /* qemu-kvm's -cpu; "": none */
};

/* For a spec whose platform is the host kernel, the profile of release
 * (NULL: today's host) as engine presents it. 0 (h empty for another
 * spec), 1 when the engine cannot present it, -1 for bad input; why
 * says which. */
int pvabi_run_host(const char *spec, const char *release, const char *engine,
		   struct pvabi_run_host *h, char *why, size_t n);

/* An engine by name ("auto" picks one): 0, -EINVAL for an unknown name,
 * -ENODEV when it cannot run here; why says which and why. */
int pvabi_runner_engine(const char *name, const struct pvabi_engine **e, char *why, size_t n);
/* The same name looked up without probing anything: 0 (*e NULL for
 * "auto"), or -EINVAL with why. */
int pvabi_runner_engine_known(const char *name, const struct pvabi_engine **e, char *why,
			      size_t n);

#endif
