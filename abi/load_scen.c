/* Loads <scenario> elements and checks that every step resolves in every
 * revision the scenario exists in (SCENARIO_INVALID). */
#include "abi/load_internal.h"
#include "abi/scenario.h"

#include <string.h>

/* Format 2: command="NAME" calls one command of a multiplexing op. */
static void load_call_cmd(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
			  struct pvabi_step *st)
{
	const char *cmd = fmt2_attr(L, c, "command");
	const struct pvabi_op *op = st->op >= 0 ? &L->s->ops[st->op] : NULL;
	size_t i;

	if (!cmd || !op)
		return;
	for (i = 0; i < op->ncmds; i++)
		if (!strcmp(op->cmds[i].name, cmd))
			st->cmd = (int)i;
	if (st->cmd < 0)
		LERR(L, c, "SCENARIO_INVALID", "scenario %s: '%s' is no command of op %s",
		     sc->name, cmd, op->name);
}

static void load_call(struct loader *L, xmlNode *c, const struct pvabi_scenario *sc,
		      struct pvabi_step *st)
{
	const char *op = attr(L, c, "op");
	int64_t retry = 0, vcpu = 0;

	st->op = op ? pvabi_spec_op(L->s, op) : PVABI_NONE;
	if (st->op < 0)
		LERR(L, c, "SCENARIO_INVALID", "scenario %s: op '%s' is not defined", sc->name,
		     op ? op : "");
	st->cmd = PVABI_NONE;
	load_call_cmd(L, c, sc, st);
	st->args = attr(L, c, "args");
	st->expect = attr(L, c, "expect");
	st->bind = attr(L, c, "bind");
	if (num_attr(L, c, "retry", &retry) == 0 && (retry < 0 || retry > 65535))
		LERR(L, c, "SCENARIO_INVALID", "scenario %s: retry %lld outside 0..65535",
		     sc->name, (long long)retry);
	st->retry = (unsigned int)retry;
	/* The conformance runtime starts one vCPU besides the boot one. */
	if (num_attr(L, c, "vcpu", &vcpu) == 0 && (vcpu < 0 || vcpu > PVABI_SCEN_MAX_VCPU))
		LERR(L, c, "SCENARIO_INVALID", "scenario %s: vcpu %lld: a scenario runs on vCPUs 0 "
		     "to %d", sc->name, (long long)vcpu, PVABI_SCEN_MAX_VCPU);
	st->vcpu = vcpu >= 0 && vcpu <= PVABI_SCEN_MAX_VCPU ? (unsigned int)vcpu : 0;
	st->loc.file = L->file;
	st->loc.line = pvabi_xml_line(c);
}

static void load_scenario(struct loader *L, xmlNode *n, struct pvabi_scenario *sc)
{
	xmlNode *c;

	sc->name = attr(L, n, "name");
	life_of(L, n, NULL, &sc->life);
	sc->doc = doc_of(L, n);
	sc->loc.file = L->file;
	sc->loc.line = pvabi_xml_line(n);
	sc->steps = pvabi_arena_array(L->a,
				      count_children(n, "call") + count_children(n, "page") +
					      count_children(n, "read") + count_children(n, "wait") +
					      count_children(n, "idle") +
					      count_children(n, "check") + count_children(n, "write") +
					      count_children(n, "clock"),
				      sizeof(*sc->steps));
	if (!sc->steps) {
		L->failed = 1;
		return;
	}
	for (c = n->children; c; c = c->next)
		if (is_elem(c, "call"))
			load_call(L, c, sc, &sc->steps[sc->nsteps++]);
		else if (is_elem(c, "page") || is_elem(c, "read") || is_elem(c, "wait") ||
			 is_elem(c, "idle") || is_elem(c, "check") || is_elem(c, "write") || is_elem(c, "clock"))
			load_step(L, c, sc, &sc->steps[sc->nsteps++]);
}

void load_scenarios(struct loader *L, xmlNode *root)
{
	struct pvabi_spec *s = L->s;
	struct pvabi_names *names;
	xmlNode *c;
	size_t t;

	(void)root;
	s->nscenarios = L->top[TOP_SCENARIO].n;
	if (!s->nscenarios)
		return;
	s->scenarios = pvabi_arena_array(L->a, s->nscenarios, sizeof(*s->scenarios));
	names = names_build(L, s->nscenarios);
	if (!s->scenarios || !names)
		return;
	s->nscenarios = 0;
	FOR_TOP(L, TOP_SCENARIO, t, c) {
		struct pvabi_scenario *sc = &s->scenarios[s->nscenarios];
		int prev;

		load_scenario(L, c, sc);
		prev = names_add(L, names, sc->name, (int)s->nscenarios);
		if (prev >= 0)
			LERR(L, c, "DUPLICATE_NAME", "scenario '%s' already defined at line %d",
			     sc->name, s->scenarios[prev].loc.line);
		s->nscenarios++;
	}
}

/* A step that cannot run in a revision of its scenario is a dangling
 * reference, refused here as a vector's would be. */
void check_scenarios(struct loader *L)
{
	char err[256];
	size_t i;
	int r, line;

	for (i = 0; i < L->s->nscenarios; i++) {
		const struct pvabi_scenario *sc = &L->s->scenarios[i];
		int until = sc->life.removed >= 0 ? sc->life.removed : (int)L->s->nrevs;

		for (r = sc->life.since; r < until; r++) {
			if (pvabi_scenario_check(L->s, sc, r, &line, err, sizeof(err)) == 0)
				continue;
			pvabi_diag_add(L->d,
				       pvabi_vec_err_is_expr(err) ? "EXPR_INVALID" : "SCENARIO_INVALID",
				       L->file, line,
				       "scenario %s, revision %s: %s", sc->name, L->s->revs[r].id,
				       err);
			L->failed = 1;
			break;
		}
	}
}
