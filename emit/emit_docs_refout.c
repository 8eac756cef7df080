/* The manual's "What a refused command writes" (format 2; docs/
 * spec-language.md#what-a-refused-call-writes): under an op, every call
 * of the manual's revision that is to be refused and whose struct the
 * platform writes -- the commands' vectors, the scenarios' steps and the
 * asks of the at-most-one-per-scope probes -- with the vCPU that makes
 * it and the error it wants. Each fresh suite makes these with the
 * struct poisoned and judges it byte for byte after the refusal
 * (emit/emit_conf2_refout.c); the last column says which fields that
 * refusal may write (written-on=). Format 1 says the same in an output
 * argument's row, since its refusals are judged on every op alike. */
#include "emit/emit_docs.h"
#include "emit/emit_conf2.h"
#include "emit/emit_kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HAS(life) pvabi_life_has(&(life), g->rev)

/* The table being written: command cmd (PVABI_NONE: the op's own
 * arguments) of op, whose argument `arg` is the struct st the platform
 * writes; n rows so far. */
struct refout {
	struct docw *w;
	const struct pvabi_gen *g;
	const struct pvabi_op *op;
	int cmd, arg;
	const struct pvabi_struct *st;
	size_t n;
};

/* The argument a suite poisons for a refused call of command cmd of op
 * (PVABI_NONE: of the op itself), or -1 when the call writes no struct. */
static int written_arg(const struct pvabi_op *op, int cmd, int rev)
{
	const struct pvabi_cmd *k;
	size_t i;

	if (cmd >= 0) {
		k = &op->cmds[cmd];
		return k->has_data && op->data_arg >= 0 && c2_written_struct(k->dir, &k->data)
			       ? op->data_arg : -1;
	}
	for (i = 0; i < op->nargs; i++)
		if (pvabi_life_has(&op->args[i].life, rev) &&
		    c2_written_struct(op->args[i].dir, &op->args[i].type))
			return (int)i;
	return -1;
}

/* The fields of r->st a refusal with the error expect names may write
 * (written-on=), or "nothing". */
static void may_write(struct refout *r, const char *expect)
{
	const struct pvabi_gen *g = r->g;
	char name[64];
	size_t i, n = 0;
	int e;

	snprintf(name, sizeof(name), "%.*s", (int)strcspn(expect + 6, " "), expect + 6);
	e = pvabi_spec_error(g->spec, name);
	for (i = 0; e >= 0 && e < 64 && i < r->st->nfields; i++) {
		const struct pvabi_field *f = &r->st->fields[i];

		if (!HAS(f->life) || !(f->written_on >> e & 1))
			continue;
		dw_text(r->w, n++ ? ", " : "");
		dw_code(r->w, pvabi_field_name(f, g->rev));
	}
	if (!n)
		dw_text(r->w, "nothing");
}

static void row(struct refout *r, const char *probe, const struct pvabi_step *st)
{
	static const char *const heads[] = { "Command", "Probe", "Call", "May write" };
	struct docw *w = r->w;
	struct sbuf b = { 0 };
	char text[400];

	if (!st->expect || strncmp(st->expect, "error=", 6))
		return;
	if (!r->n++) {
		dw_subheading(w, "What a refused command writes");
		snprintf(text, sizeof(text),
			 "Each fresh suite makes these calls, which are to be refused, with %s "
			 "filled with the guest's poison 0xc3 and the call's fields set over it; "
			 "after the refusal every other byte must still be 0xc3, but for the fields "
			 "the last column names (declared written-on= that error):",
			 r->op->args[r->arg].name);
		dw_para_text(w, text);
		dw_table(w, heads, 4);
	}
	docs_step_text(r->g->spec, st, &b);
	w->ops->row(w);
	dw_cell_code(w, r->cmd >= 0 ? r->op->cmds[r->cmd].name : r->op->name);
	dw_cell_text(w, probe);
	if (b.oom)
		w->oom = 1;
	else
		dw_cell_code(w, sb_str(&b));
	w->ops->cell(w);
	may_write(r, st->expect);
	w->ops->row_end(w);
	free(b.p);
}

static void vectors(struct refout *r, const struct pvabi_vector *v, size_t n)
{
	struct pvabi_step st;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!pvabi_life_has(&v[i].life, r->g->rev))
			continue;
		memset(&st, 0, sizeof(st));
		st.kind = PVABI_STEP_CALL;
		st.op = (int)(r->op - r->g->spec->ops);
		st.cmd = r->cmd;
		st.args = v[i].args;
		st.expect = v[i].expect;
		row(r, "vector", &st);
	}
}

/* The steps of sc that call r's command; probe names sc. */
static void steps(struct refout *r, const struct pvabi_scenario *sc, const char *probe)
{
	char what[400];
	size_t i;

	for (i = 0; i < sc->nsteps; i++)
		if (sc->steps[i].kind == PVABI_STEP_CALL &&
		    &r->g->spec->ops[sc->steps[i].op] == r->op && sc->steps[i].cmd == r->cmd) {
			snprintf(what, sizeof(what), "%s, step %zu", probe, i + 1);
			row(r, what, &sc->steps[i]);
		}
}

/* The asks of every <one-per> of the op's commands alive in the revision. */
static void one_pers(struct refout *r, struct emit_uniq2 *u)
{
	const struct pvabi_spec *s = r->g->spec;
	const struct pvabi_op *op = r->op;
	int oi = (int)(op - s->ops);
	char probe[200];
	size_t j, k, m;

	for (j = 0; j < op->ncmds; j++)
		for (k = 0; k < op->cmds[j].nones; k++) {
			const struct pvabi_one_per *o = &op->cmds[j].ones[k];

			if (!emit_uniq2_alive(s, oi, (int)j, o, r->g->rev))
				continue;
			for (m = 0; m < o->nvalues; m++) {
				emit_uniq2_derive(u, s, oi, (int)j, o, m);
				snprintf(probe, sizeof(probe), "at most one per scope, %s.%s=%llu",
					 op->args[op->data_arg].name, o->field,
					 (unsigned long long)o->nums[m]);
				steps(r, &u->sc, probe);
			}
		}
}

/* The refused calls of command r->cmd (PVABI_NONE: the op's own), when
 * it writes a struct. */
static void one_cmd(struct refout *r, struct emit_uniq2 *u)
{
	const struct pvabi_gen *g = r->g;
	const struct pvabi_op *op = r->op;
	char probe[200];
	size_t i;

	if ((r->arg = written_arg(op, r->cmd, g->rev)) < 0)
		return;
	r->st = &g->spec->structs[r->cmd >= 0 ? op->cmds[r->cmd].data.index
					       : op->args[r->arg].type.index];
	if (r->cmd >= 0)
		vectors(r, op->cmds[r->cmd].vectors, op->cmds[r->cmd].nvectors);
	else
		vectors(r, op->vectors, op->nvectors);
	for (i = 0; i < g->spec->nscenarios; i++)
		if (HAS(g->spec->scenarios[i].life)) {
			snprintf(probe, sizeof(probe), "scenario %s", g->spec->scenarios[i].name);
			steps(r, &g->spec->scenarios[i], probe);
		}
	one_pers(r, u);
}

void docs_refout(struct docw *w, const struct pvabi_gen *g, const struct pvabi_op *op)
{
	struct refout r = { w, g, op, PVABI_NONE, -1, NULL, 0 };
	struct emit_uniq2 *u;
	size_t c;

	if (g->spec->format < 2)
		return;
	if (!(u = calloc(1, sizeof(*u)))) {
		w->oom = 1;
		return;
	}
	if (!op->ncmds)
		one_cmd(&r, u);
	for (c = 0; c < op->ncmds; c++)
		if (HAS(op->cmds[c].life)) {
			r.cmd = (int)c;
			one_cmd(&r, u);
		}
	if (r.n)
		w->ops->table_end(w);
	free(u);
}
