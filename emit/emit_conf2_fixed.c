/* Outputs fixed for the guest's life, in format 2 (<fixed> on a
 * command, abi/fixed2.h; docs/checks.md). A guest reads the release it
 * runs on, the page size, the features and the build's strings once and
 * caches them; a platform that answers one of them differently later
 * breaks it, and no vector sees that: each reads the value once.
 *
 * Derived, never listed: every declaration alive in the revision is a
 * function that makes its reading call through the typed stub, on vCPU
 * 0 or vCPU 1, and either keeps the values (the first reading, before
 * the suite's first test) or compares them byte for byte with those
 * kept: at the end of the run, after every vector, scenario and probe
 * (vCPU 1 started and stopped, timers fired, the tables filled and
 * freed), from vCPU 0 and from vCPU 1. The readings again are the
 * suite's last tests, so a spec that declares more leaves every
 * earlier test's number as it was. */
#include "emit/emit_conf2.h"
#include "abi/fixed2.h"

#include <stdio.h>
#include <string.h>

/* Calls fn(f, c, op, cmd, fixed, number) for every declaration alive in
 * the revision, in spec order; stops at the first nonzero. */
typedef int (*each_fn)(FILE *f, const struct c2 *c, struct c2_names *t, int op, int cmd,
		       const struct pvabi_fixed *x, size_t d, int point);

static int alive(const struct pvabi_spec *s, size_t i, size_t j, const struct pvabi_fixed *x,
		 int rev)
{
	return pvabi_life_has(&s->ops[i].life, rev) && pvabi_life_has(&s->ops[i].cmds[j].life, rev) &&
	       pvabi_life_has(&x->life, rev);
}

static int each(FILE *f, const struct c2 *c, struct c2_names *t, int point, each_fn fn)
{
	const struct pvabi_spec *s = c->g->spec;
	size_t i, j, m, d = 0;
	int rc;

	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].ncmds; j++)
			for (m = 0; m < s->ops[i].cmds[j].nfixeds; m++) {
				const struct pvabi_fixed *x = &s->ops[i].cmds[j].fixeds[m];

				if (!alive(s, i, j, x, c->g->rev))
					continue;
				if ((rc = fn(f, c, t, (int)i, (int)j, x, d++, point)))
					return rc;
			}
	return 0;
}

int c2_fixed_any(const struct pvabi_spec *s, int rev)
{
	size_t i, j, m;

	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].ncmds; j++)
			for (m = 0; m < s->ops[i].cmds[j].nfixeds; m++)
				if (alive(s, i, j, &s->ops[i].cmds[j].fixeds[m], rev))
					return 1;
	return 0;
}

/* The C lvalue value v names after the call. */
static void lvalue(char *buf, size_t n, const struct pvabi_fx2_val *v)
{
	if (v->kind == PVABI_FX2_RET)
		snprintf(buf, n, "rc");
	else if (v->kind == PVABI_FX2_DATA)
		snprintf(buf, n, "p%d", v->param);
	else
		snprintf(buf, n, "p%d.%s", v->param, v->path);
}

/* The values kept (the first reading: its result too, which a later
 * reading reports if it was a refusal) or compared with those kept. */
static void keep_or_compare(FILE *f, const struct pvabi_fx2_val *vals, size_t n)
{
	char lv[PVABI_V2_PATH + 16];
	size_t i;

	for (i = 0; i < n; i++) {
		lvalue(lv, sizeof(lv), &vals[i]);
		fprintf(f, "\t\tstatic uint8_t f%zu_[sizeof(%s)];\n", i, lv);
	}
	fputs("\t\tuint64_t g_ = 0, w_ = 0;\n\n\t\tif (!again) {\n\t\t\tfirst_rc_ = rc;\n"
	      "\t\t\tif (rc < 0)\n\t\t\t\treturn -1;\n", f);
	for (i = 0; i < n; i++) {
		lvalue(lv, sizeof(lv), &vals[i]);
		fprintf(f, "\t\t\t__builtin_memcpy(f%zu_, &%s, sizeof(f%zu_));\n", i, lv, i);
	}
	fputs("\t\t\thave_ = 1;\n\t\t\treturn 0;\n\t\t}\n"
	      "\t\tPVABI_C2_EXPECT(res, 1u, \"first reading's ret\", have_, first_rc_, 0);\n"
	      "\t\tPVABI_C2_EXPECT(res, 2u, \"ret\", rc >= 0, rc, 0);\n", f);
	for (i = 0; i < n; i++) {
		lvalue(lv, sizeof(lv), &vals[i]);
		fprintf(f, "\t\tPVABI_C2_EXPECT(res, 3u, \"%s\", pvabi_c2_same(&%s, f%zu_, "
			   "sizeof(f%zu_), &g_, &w_), g_, w_);\n", vals[i].name, lv, i, i);
	}
}

static int reader(FILE *f, const struct c2 *c, struct c2_names *t, int op, int cmd,
		  const struct pvabi_fixed *x, size_t d, int point)
{
	const struct pvabi_spec *s = c->g->spec;
	struct pvabi_fx2_val vals[PVABI_FIXED_VALUES];
	struct pvabi_v2 v;
	char err[256], thunk[32];
	size_t n;

	(void)t;
	(void)point;
	if (pvabi_fixed2_resolve(s, op, cmd, x, c->g->rev, &v, vals, &n, err, sizeof(err))) {
		pvabi_diag_add(c->g->d, "FIXED_INVALID", x->loc.file, x->loc.line,
			       "op %s: command %s, revision %s: %s", s->ops[op].name,
			       s->ops[op].cmds[cmd].name, s->revs[c->g->rev].id, err);
		return -1;
	}
	snprintf(thunk, sizeof(thunk), "fx%zu_on", d);
	c2_thunk(f, c, &v, thunk);
	fputs("/* ", f);
	emit_c_comment(f, c->g->spec_name, strlen(c->g->spec_name));
	fprintf(f, ":%d */\nstatic int fx%zu(struct pvabi_c2_res *res, int again, int vcpu)\n{\n"
		   "\tstatic int have_;\n\tstatic long first_rc_;\n\n\t{\n", x->loc.line, d);
	c2_call_bare(f, c, &v, thunk, "vcpu");
	keep_or_compare(f, vals, n);
	fputs("\t}\n\treturn 0;\n}\n\n", f);
	return 0;
}

static int first(FILE *f, const struct c2 *c, struct c2_names *t, int op, int cmd,
		 const struct pvabi_fixed *x, size_t d, int point)
{
	(void)c;
	(void)t;
	(void)op;
	(void)cmd;
	(void)x;
	(void)point;
	fprintf(f, "\t(void)fx%zu(&r, 0, 0);\n", d);
	return 0;
}

int c2_fixed_readers(FILE *f, const struct c2 *c)
{
	int rc = each(f, c, NULL, 0, reader);

	if (rc || !c2_fixed_any(c->g->spec, c->g->rev))
		return rc;
	fputs("/* The first readings, before any test: no TAP line of their own\n"
	      " * (a refused one is reported by each later reading). */\n"
	      "static void c2_fixed_first(void)\n{\n\tstruct pvabi_c2_res r;\n\n", f);
	rc = each(f, c, NULL, 0, first);
	fputs("}\n\n", f);
	return rc;
}

/* The test of declaration d at point (0 again from vCPU 0, 1 from vCPU
 * 1), named as format 1's lines are. */
static int test(FILE *f, const struct c2 *c, struct c2_names *t, int op, int cmd,
		const struct pvabi_fixed *x, size_t d, int point)
{
	static const char *const when[] = { "read again at the end of the run",
					    "read again from vCPU 1, at the end of the run" };
	const struct pvabi_op *o = &c->g->spec->ops[op];
	char what[512];

	c2_test_head(f, c->g, x->loc.line, t->n);
	if (point == 1)
		fputs("\tif (pvabi_c2_vcpu_up())\n\t\treturn PVABI_C2_NO_VCPU;\n", f);
	fprintf(f, "\treturn fx%zu(res, 1, %d);\n}\n\n", d, point);
	snprintf(what, sizeof(what), "%s %s: fixed for the guest's life: %s%s%s%s, %s", o->name,
		 o->cmds[cmd].name, x->value, x->args ? " (" : "", x->args ? x->args : "",
		 x->args ? ")" : "", when[point]);
	return c2_name_add(t, what, NULL, NULL) ? emit_oom(c->g) : 0;
}

int c2_fixeds(FILE *f, const struct c2 *c, struct c2_names *t)
{
	int rc = each(f, c, t, 0, test);

	return rc ? rc : each(f, c, t, 1, test);
}
