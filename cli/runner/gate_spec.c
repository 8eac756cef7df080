/* The spec half of a gate: the checker on a spec and its registry, each
 * breaking finding printed. Both gates call it, `pvabi gate`
 * (cmd_gate.c) and `pvabi gate --xen` (cmd_gate_xen.c), and it calls
 * neither, so the command that dispatches to the Xen gate is not also
 * the one the Xen gate calls back. */
#include "cli/load.h"
#include "cli/runner/runner.h"
#include "abi/check.h"

#include <stdio.h>
#include <string.h>

void pvabi_gate_spec_free(struct pvabi_gate_spec *g)
{
	pvabi_findings_free(&g->f);
	pvabi_registry_free(g->r);
	pvabi_spec_free(g->s);
}

size_t pvabi_gate_check(const char *spec, const char *registry, struct pvabi_gate_spec *g)
{
	size_t i, brk = 0;

	memset(g, 0, sizeof(*g));
	g->s = cli_load_spec(spec);
	g->r = g->s ? cli_load_registry(registry) : NULL;
	g->invalid = !g->s || !g->r;
	if (g->invalid)
		return 0;
	pvabi_check_history(g->s, &g->f);
	pvabi_check_registry(g->s, g->r, &g->f);
	pvabi_check_waivers(g->s, &g->f);
	pvabi_findings_sort(&g->f);
	for (i = 0; i < g->f.n; i++) {
		const struct pvabi_finding *x = &g->f.v[i];

		if (x->sev != PVABI_SEV_BREAKING)
			continue;
		printf("  rule %s: %s:%d: %s%s%s%s\n", x->rule, x->file, x->line, x->msg,
		       x->rev ? " [" : "", x->rev ? x->rev : "", x->rev ? "]" : "");
		brk++;
	}
	g->invalid = g->f.oom;
	return brk;
}
