/* Spec loader, format 2: the commands an op multiplexes on one number,
 * error aliases, and negotiation that is not a call. */
#include "abi/load_internal.h"
#include "abi/vector2.h"

#include <string.h>

static enum pvabi_arg_dir dir_of(const char *p)
{
	if (!p || !strcmp(p, "value"))
		return PVABI_BY_VALUE;
	if (!strcmp(p, "in"))
		return PVABI_PTR_IN;
	return !strcmp(p, "out") ? PVABI_PTR_OUT : PVABI_PTR_INOUT;
}

static int arg_named(const struct pvabi_op *op, const char *name)
{
	size_t i;

	for (i = 0; name && i < op->nargs; i++)
		if (op->args[i].name && !strcmp(op->args[i].name, name))
			return (int)i;
	return PVABI_NONE;
}

/* The data a command passes: a struct or array by address, a scalar by
 * value, or nothing. */
static void cmd_data(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		     struct pvabi_cmd *k)
{
	const char *type = attr(L, c, "type");

	k->dir = dir_of(attr(L, c, "pass"));
	k->data_tdef = typedef_find(L->s, type);
	if (!type)
		return;
	k->has_data = 1;
	if (k->data_tdef >= 0)
		k->data = L->s->typedefs[k->data_tdef].type;
	else
		type_of(L, c, type, k->dir != PVABI_BY_VALUE, &k->data);
	if (op->data_arg < 0)
		LERR(L, c, "COMMAND_INVALID",
		     "op %s: command %s passes data but the op names no data= argument",
		     op->name, k->name);
	else if (k->dir == PVABI_BY_VALUE && k->data_tdef >= 0)
		LERR(L, c, "COMMAND_INVALID",
		     "op %s: command %s passes the array %s by value; give pass=", op->name,
		     k->name, type);
}

/* The handle field at a dotted path from struct si: field index, its
 * struct in *leaf; PVABI_NONE when the path names no handle. */
static int handle_at(const struct pvabi_spec *s, int si, const char *path, int *leaf)
{
	char part[80];
	int depth, f = PVABI_NONE;

	for (depth = 0; path && si >= 0 && depth < 8; depth++) {
		size_t n = strcspn(path, ".");

		if (n >= sizeof(part))
			return PVABI_NONE;
		memcpy(part, path, n);
		part[n] = '\0';
		f = pvabi_struct_field(&s->structs[si], part);
		if (f < 0)
			return PVABI_NONE;
		if (!path[n]) {
			*leaf = si;
			return s->structs[si].fields[f].handle ? f : PVABI_NONE;
		}
		si = s->structs[si].fields[f].type.kind == PVABI_T_STRUCT
			     ? s->structs[si].fields[f].type.index : PVABI_NONE;
		path += n + 1;
	}
	return PVABI_NONE;
}

static void cmd_handle(struct loader *L, xmlNode *h, const struct pvabi_op *op,
		       struct pvabi_cmd *k)
{
	const char *name = attr(L, h, "field");
	int leaf = PVABI_NONE, f = PVABI_NONE;

	if (k->has_data && k->data.kind == PVABI_T_STRUCT)
		f = handle_at(L->s, k->data.index, name, &leaf);
	if (f < 0) {
		LERR(L, h, "COMMAND_INVALID",
		     "op %s: command %s: '%s' is not a guest handle field of its argument",
		     op->name, k->name, name ? name : "");
		return;
	}
	if (k->nhandles == PVABI_MAX_HANDLES) {
		LERR(L, h, "COMMAND_INVALID", "op %s: command %s: more than %d handles",
		     op->name, k->name, PVABI_MAX_HANDLES);
		return;
	}
	k->handles[k->nhandles].path = name;
	k->handles[k->nhandles].strct = leaf;
	k->handles[k->nhandles].field = f;
	k->handles[k->nhandles++].dir = dir_of(attr(L, h, "pass"));
}

/* A command's vector: resolved against its command once everything is
 * loaded (check_vectors2, abi/vector2.c). */
static void cmd_vector(struct loader *L, xmlNode *x, struct pvabi_cmd *k)
{
	struct pvabi_vector *v = &k->vectors[k->nvectors++];

	v->args = attr(L, x, "args");
	if (!v->args)
		v->args = "";
	v->expect = attr(L, x, "expect");
	life_of(L, x, &k->life, &v->life);
	v->doc = doc_of(L, x);
	v->loc.file = L->file;
	v->loc.line = pvabi_xml_line(x);
}

static void cmd_children(struct loader *L, xmlNode *c, const struct pvabi_op *op,
			 struct pvabi_cmd *k)
{
	size_t nr = count_children(c, "raises");
	xmlNode *x;

	k->errors = pvabi_arena_array(L->a, nr, sizeof(int));
	k->raises = pvabi_arena_array(L->a, nr, sizeof(*k->raises));
	k->vectors = pvabi_arena_array(L->a, count_children(c, "vector"), sizeof(*k->vectors));
	if (!k->errors || !k->raises || !k->vectors) {
		L->failed = 1;
		return;
	}
	for (x = c->children; x; x = x->next) {
		if (is_elem(x, "vector")) {
			cmd_vector(L, x, k);
			continue;
		}
		const char *e = is_elem(x, "raises") ? attr(L, x, "error") : NULL;
		int idx = e ? pvabi_spec_error(L->s, e) : PVABI_NONE;

		if (is_elem(x, "ret") && type_of(L, x, attr(L, x, "type"), 0, &k->ret) == 0)
			k->ret_void = 0;
		else if (is_elem(x, "handle"))
			cmd_handle(L, x, op, k);
		else if (e && idx < 0)
			LERR(L, x, "UNKNOWN_ERROR",
			     "op %s: command %s raises '%s', which <errors> does not define",
			     op->name, k->name, e);
		else if (e) {
			raise_of(L, x, &k->life, &k->raises[k->nerrors]);
			k->errors[k->nerrors++] = idx;
		}
	}
}

static void load_cmd(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		     struct pvabi_cmd *k)
{
	const struct pvabi_arg *ca = &op->args[op->cmd_arg];
	struct wide w;
	uint64_t hi;
	int64_t lo;

	k->name = attr(L, c, "name");
	k->c_name = attr(L, c, "c-name");
	k->ret_void = 1;
	if (wide_attr(L, c, "value", &w) == 0) {
		k->value = wide_value(&w);
		prim_range(ca->type.prim, &lo, &hi);
		if (!wide_in(&w, lo, hi))
			LERR(L, c, "COMMAND_INVALID",
			     "op %s: command %s = %s does not fit argument %s (%s)", op->name,
			     k->name, w.text, ca->name, pvabi_prim_name(ca->type.prim));
	}
	life_of(L, c, &op->life, &k->life);
	cmd_data(L, c, op, k);
	load_ends_run_cmd(L, c, op, k);
	if (!L->failed)
		cmd_children(L, c, op, k);
	load_cmd_nows(L, c, op, k);
	load_cmd_one_per(L, c, op, k);
	load_cmd_fixeds(L, c, op, k);
	k->doc = doc_of(L, c);
	k->loc.file = L->file;
	k->loc.line = pvabi_xml_line(c);
}

/* A command's name and number are unique in the op's whole history, as
 * an enum's values are: a number once used means that command forever. */
static void cmd_unique(struct loader *L, xmlNode *c, const struct pvabi_op *op, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (!strcmp(op->cmds[j].name, op->cmds[i].name))
			LERR(L, c, "DUPLICATE_NAME", "op %s: command '%s' already defined at line %d",
			     op->name, op->cmds[i].name, op->cmds[j].loc.line);
		else if (op->cmds[j].value == op->cmds[i].value)
			LERR(L, c, "COMMAND_INVALID",
			     "op %s: command %s reuses number %lld of command %s", op->name,
			     op->cmds[i].name, (long long)op->cmds[i].value, op->cmds[j].name);
}

static void cmd_args(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	const char *ca = fmt2_attr(L, n, "commands"), *da = fmt2_attr(L, n, "data");

	op->cmd_arg = arg_named(op, ca);
	op->data_arg = arg_named(op, da);
	if (ca && (op->cmd_arg < 0 || op->args[op->cmd_arg].dir != PVABI_BY_VALUE ||
		   op->args[op->cmd_arg].type.kind == PVABI_T_STRUCT))
		LERR(L, n, "COMMAND_INVALID",
		     "op %s: commands='%s' is not a by-value integer argument", op->name, ca);
	if (da && (op->data_arg < 0 || op->data_arg == op->cmd_arg))
		LERR(L, n, "COMMAND_INVALID",
		     "op %s: data='%s' is not another argument of the op", op->name, da);
	if (!ca && count_children(n, "command"))
		LERR(L, n, "COMMAND_INVALID",
		     "op %s has <command>s but no commands= naming the argument that selects them",
		     op->name);
}

void load_cmds(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	size_t i = 0;
	xmlNode *c;

	op->c_name = fmt2_attr(L, n, "c-name");
	cmd_args(L, n, op);
	if (op->cmd_arg < 0)
		return;
	op->ncmds = count_children(n, "command");
	op->cmds = pvabi_arena_array(L->a, op->ncmds, sizeof(*op->cmds));
	if (!op->cmds) {
		L->failed = 1;
		return;
	}
	for (c = n->children; c; c = c->next) {
		if (!is_elem(c, "command"))
			continue;
		load_cmd(L, c, op, &op->cmds[i]);
		cmd_unique(L, c, op, i);
		i++;
	}
}

void load_error_fmt2(struct loader *L, xmlNode *c, struct pvabi_error *e)
{
	const char *of = fmt2_attr(L, c, "alias-of");
	size_t i;

	e->alias_of = PVABI_NONE;
	e->c_name = fmt2_attr(L, c, "c-name");
	if (!of)
		return;
	for (i = 0; L->s->errors + i < e; i++)
		if (!strcmp(L->s->errors[i].name, of) && L->s->errors[i].alias_of < 0)
			break;
	if (L->s->errors + i == e) {
		LERR(L, c, "ERROR_ALIAS_INVALID",
		     "error %s: alias-of '%s' names no earlier error that is not itself an alias",
		     e->name, of);
		return;
	}
	e->alias_of = (int)i;
	e->value = L->s->errors[i].value;
}

static void nego_query(struct loader *L, xmlNode *n, struct pvabi_nego *g)
{
	const char *op = attr(L, n, "query-op"), *cmd = attr(L, n, "query-command");
	const struct pvabi_op *o;
	size_t i;

	g->query_op = g->query_cmd = PVABI_NONE;
	if (!op)
		return;
	if ((g->query_op = pvabi_spec_op(L->s, op)) < 0) {
		LERR(L, n, "NEGOTIATION_INVALID", "query-op '%s' names no op", op);
		return;
	}
	o = &L->s->ops[g->query_op];
	for (i = 0; cmd && i < o->ncmds; i++)
		if (!strcmp(o->cmds[i].name, cmd))
			g->query_cmd = (int)i;
	if (cmd && g->query_cmd < 0)
		LERR(L, n, "NEGOTIATION_INVALID", "query-command '%s' is no command of op %s",
		     cmd, op);
}

void load_nego(struct loader *L, xmlNode *root)
{
	struct pvabi_nego *g = &L->s->nego;
	const char *kind;
	xmlNode *n;
	int64_t bits = 32;

	(void)root;
	n = load_top_first(L, TOP_NEGOTIATION);
	if (!n || !fmt2_need(L, n, "<negotiation>"))
		return;
	L->s->has_nego = 1;
	kind = attr(L, n, "kind");
	g->compile_time = kind && !strcmp(kind, "compile-time");
	g->macro = attr(L, n, "macro");
	if (g->compile_time && !g->macro)
		LERR(L, n, "NEGOTIATION_INVALID",
		     "compile-time negotiation needs macro=, the name guests define");
	num_attr(L, n, "submap-bits", &bits);
	if (bits != 32 && bits != 64)
		LERR(L, n, "NEGOTIATION_INVALID", "submap-bits must be 32 or 64");
	g->submap_bits = (unsigned int)bits;
	nego_query(L, n, g);
	g->doc = doc_of(L, n);
	g->loc.file = L->file;
	g->loc.line = pvabi_xml_line(n);
}

static void check_vecs_of(struct loader *L, size_t op, int cmd, const struct pvabi_life *life)
{
	const struct pvabi_op *o = &L->s->ops[op];
	const struct pvabi_vector *v;
	struct pvabi_v2 r;
	char err[256];
	size_t j, n;
	int rev;

	v = pvabi_v2_vectors(L->s, (int)op, cmd, &n);
	for (j = 0; j < n; j++)
		for (rev = 0; rev < (int)L->s->nrevs; rev++) {
			if (!pvabi_life_has(life, rev) || !pvabi_life_has(&v[j].life, rev) ||
			    pvabi_v2_vector(L->s, (int)op, cmd, j, rev, &r, err, sizeof(err)) == 0)
				continue;
			pvabi_diag_add(L->d,
				       pvabi_vec_err_is_expr(err) ? "EXPR_INVALID" : "VECTOR_INVALID",
				       L->file, v[j].loc.line,
				       "op %s%s%s, revision %s: %s", o->name, cmd >= 0 ? " command " : "",
				       cmd >= 0 ? o->cmds[cmd].name : "", L->s->revs[rev].id, err);
			L->failed = 1;
			break;
		}
}

void check_vectors2(struct loader *L)
{
	size_t i, k;

	for (i = 0; i < L->s->nops; i++) {
		const struct pvabi_op *o = &L->s->ops[i];

		check_vecs_of(L, i, PVABI_NONE, &o->life);
		for (k = 0; k < o->ncmds; k++)
			check_vecs_of(L, i, (int)k, &o->cmds[k].life);
	}
}
