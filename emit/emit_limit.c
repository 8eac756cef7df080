/* Declared limits in the generated platform; see emit_limit.h. The
 * dispatch refuses a value outside a limit with the limit's error before
 * the handler runs, so a handler never repeats a limit's number: it
 * reads the value it needs (a table size, the port limit of this guest)
 * from the generated constants and <abi>_limit_value(). */
#include "emit/emit_limit.h"
#include "abi/limit.h"

#include <ctype.h>

/* PVP_LIMIT_PORTS for limit li. */
static const char *macro(const struct emit_names *n, const struct pvabi_spec *s, int li,
			 char *buf, size_t len)
{
	size_t i, k = (size_t)snprintf(buf, len, "%s_LIMIT_", n->up);
	const char *name = s->limits[li].name;

	for (i = 0; name[i] && k + 1 < len; i++)
		buf[k++] = (char)toupper((unsigned char)name[i]);
	buf[k < len ? k : len - 1] = '\0';
	return buf;
}

static int any_platform(const struct pvabi_spec *s)
{
	size_t i;

	for (i = 0; i < s->nlimits; i++)
		if (s->limits[i].platform)
			return 1;
	return 0;
}

void emit_limit_header(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	const struct pvabi_spec *s = g->spec;
	char m[160];
	size_t i;

	if (!s->nlimits)
		return;
	fputs("/* Declared limits: their ids, and the largest value each takes in any\n"
	      " * revision under any grant (what a table for every guest holds). */\n", f);
	for (i = 0; i < s->nlimits; i++) {
		macro(n, s, (int)i, m, sizeof(m));
		fprintf(f, "#define %s %zuu\n#define %s_CEILING UINT64_C(%llu)\n", m, i, m,
			(unsigned long long)pvabi_limit_ceiling(s, (int)i));
	}
	fprintf(f, "/* A limit's value in the negotiated revision under its grant. */\n"
		   "uint64_t %s_limit_value(const struct %s_dispatch_state *st, unsigned int limit);\n",
		n->lo, n->lo);
	if (any_platform(s))
		fprintf(f, "/* Provided by the platform: what it allows of a limit declared\n"
			   " * platform=\"true\" (a ceiling); the dispatch enforces the smaller of\n"
			   " * this and the declared value. UINT64_MAX: the declared value. */\n"
			   "uint64_t %s_platform_limit(struct %s_ctx *ctx, unsigned int limit);\n",
			n->lo, n->lo);
	fputs("\n", f);
}

/* [*since, *until) in window indices where life holds; 0 when nowhere.
 * Lifetimes are contiguous, so one range describes them. */
static int window_range(const struct window *w, const struct pvabi_life *l, int *since,
			int *until)
{
	int k;

	for (k = 0; k < w->n && !pvabi_life_has(l, w->rev[k]); k++)
		;
	*since = k;
	for (; k < w->n && pvabi_life_has(l, w->rev[k]); k++)
		;
	*until = k;
	return *since < *until;
}

static void state_cases(FILE *f, const struct pvabi_gen *g, const struct window *w,
			const struct pvabi_limit *l)
{
	size_t i = l->ncases;
	int since, until;

	/* the last case that applies wins: test them last first */
	while (i--) {
		const struct pvabi_limit_case *c = &l->cases[i];

		if (!window_range(w, &c->life, &since, &until))
			continue;
		fprintf(f, "\t\tif (k >= %d && k < %d", since, until);
		if (c->feature >= 0)
			fprintf(f, " && ((st->granted >> %u) & 1)", g->spec->features[c->feature].bit);
		fprintf(f, ")\n\t\t\treturn UINT64_C(%llu);\n", (unsigned long long)c->value);
	}
}

void emit_limit_state(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		      const struct window *w)
{
	const struct pvabi_spec *s = g->spec;
	char m[160];
	size_t i;

	if (!s->nlimits)
		return;
	fprintf(f, "uint64_t %s_limit_value(const struct %s_dispatch_state *st, unsigned int limit)\n"
		   "{\n\tint k = st->rev_index;\n\n\t(void)k;\n\tswitch (limit) {\n", n->lo, n->lo);
	for (i = 0; i < s->nlimits; i++) {
		fprintf(f, "\tcase %s:\n", macro(n, s, (int)i, m, sizeof(m)));
		state_cases(f, g, w, &s->limits[i]);
		fprintf(f, "\t\treturn UINT64_C(%llu);\n", (unsigned long long)s->limits[i].value);
	}
	fputs("\tdefault:\n\t\treturn 0;\n\t}\n}\n\n", f);
}

void emit_limit_checks(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		       const struct pvabi_op *op)
{
	char m[160];
	size_t i;

	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_limit *l = pvabi_arg_limit(g->spec, &op->args[i]);

		if (!l)
			continue;
		macro(n, g->spec, op->args[i].limit, m, sizeof(m));
		fprintf(f, "\tif (present & 0x%xu) {\n\t\tuint64_t lim = %s_limit_value(st, %s);\n\n",
			1u << i, n->lo, m);
		if (l->platform)
			fprintf(f, "\t\tif (%s_platform_limit(ctx, %s) < lim)\n"
				   "\t\t\tlim = %s_platform_limit(ctx, %s);\n", n->lo, m, n->lo, m);
		if (l->min)
			fprintf(f, "\t\tif (v[%zu] < UINT64_C(%llu))\n\t\t\treturn %s;\n", i,
				(unsigned long long)l->min, n->errors[l->min_error].macro);
		fprintf(f, "\t\tif (v[%zu] %s lim)\n\t\t\treturn %s;\n\t}\n", i,
			l->kind == PVABI_LIMIT_COUNT ? ">=" : ">", n->errors[l->error].macro);
	}
}

void emit_limit_skeleton(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	if (!any_platform(g->spec))
		return;
	fprintf(f, "uint64_t %s_platform_limit(struct %s_ctx *ctx, unsigned int limit)\n{\n"
		   "\t(void)ctx;\n\t(void)limit;\n\treturn UINT64_MAX; /* the declared value */\n}\n\n",
		n->lo, n->lo);
}
