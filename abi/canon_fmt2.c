/* The canonical lines of what format 2 adds to a revision's view. Only a
 * format 2 spec has them, so the fingerprints of format 1 specs are
 * unchanged. C names are not covered: they name the bytes in a language,
 * they are not bytes. */
#include "abi/canon.h"
#include "abi/layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the lines go: canon.c's builder. */
struct canon_out {
	int (*put)(void *ctx, const char *line, size_t len);
	void *ctx;
	int gen; /* the description generation covered */
};

static int has(const struct canon_out *c, const struct pvabi_life *l, int rev)
{
	return pvabi_life_has(l, rev) && l->described <= c->gen;
}

static int out_add(struct canon_out *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int out_add(struct canon_out *c, const char *fmt, ...)
{
	char text[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(text))
		return -1;
	return c->put(c->ctx, text, (size_t)n);
}

static const char *const dirs[] = { "value", "in", "out", "inout" };

static const char *tname(const struct pvabi_type *t)
{
	return t->kind == PVABI_T_PRIM ? pvabi_prim_name(t->prim) : t->name;
}

/* Layouts in the modes other than x86_64, which canon_struct covers. */
static int canon_struct2(const struct pvabi_spec *s, int si, int rev, struct canon_out *c)
{
	const struct pvabi_struct *st = &s->structs[si];
	long *off = malloc((st->nfields ? st->nfields : 1) * sizeof(long));
	size_t al, size, i;
	int rc = off ? 0 : -1;

	if (rc == 0 && st->is_union)
		rc = out_add(c, "union %s", st->name);
	if (rc == 0 && st->tail_growth)
		rc = out_add(c, "growth %s tail max-size=%u", st->name, st->max_size);
	if (rc == 0 && (s->modes & (1u << PVABI_MODE_X86_32))) {
		size = pvabi_struct_layout_mode(s, si, rev, PVABI_MODE_X86_32, off, &al);
		rc = out_add(c, "layout x86_32 %s size=%zu align=%zu", st->name, size, al);
		for (i = 0; rc == 0 && i < st->nfields; i++)
			if (has(c, &st->fields[i].life, rev))
				rc = out_add(c, "layout x86_32 %s %s offset=%ld", st->name,
						     pvabi_field_name(&st->fields[i], rev), off[i]);
	}
	for (i = 0; rc == 0 && i < st->nfields; i++) {
		const struct pvabi_field *f = &st->fields[i];

		if (!has(c, &f->life, rev))
			continue;
		if (f->handle)
			rc = out_add(c, "handle %s %s", st->name, pvabi_field_name(f, rev));
		if (rc == 0 && f->mode_mask)
			rc = out_add(c, "field-modes %s %s 0x%x", st->name,
					     pvabi_field_name(f, rev), f->mode_mask);
	}
	free(off);
	return rc;
}

static int canon_cmd(const struct pvabi_spec *s, const struct pvabi_op *op,
		     const struct pvabi_cmd *k, int rev, struct canon_out *c)
{
	size_t i;
	int rc;

	rc = out_add(c, "command %s %lld %s data=%s count=%u pass=%s ret=%s", op->name,
			     (long long)k->value, k->name, k->has_data ? tname(&k->data) : "-",
			     k->data_tdef >= 0 ? s->typedefs[k->data_tdef].count : 1,
			     dirs[k->dir], k->ret_void ? "status" : tname(&k->ret));
	for (i = 0; rc == 0 && i < k->nerrors; i++)
		if (has(c, &k->raises[i].life, rev))
			rc = out_add(c, "command-raises %s %s %s", op->name, k->name,
				     s->errors[k->errors[i]].name);
	for (i = 0; rc == 0 && i < k->nhandles; i++)
		rc = out_add(c, "command-handle %s %s %s pass=%s", op->name, k->name,
				     k->handles[i].path, dirs[k->handles[i].dir]);
	return rc;
}

static int canon_ops2(const struct pvabi_spec *s, int rev, struct canon_out *c)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; rc == 0 && i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if (!has(c, &op->life, rev) || op->cmd_arg < 0)
			continue;
		rc = out_add(c, "commands %s arg=%s data=%s", op->name,
				     op->args[op->cmd_arg].name,
				     op->data_arg >= 0 ? op->args[op->data_arg].name : "-");
		for (j = 0; rc == 0 && j < op->ncmds; j++)
			if (has(c, &op->cmds[j].life, rev))
				rc = canon_cmd(s, op, &op->cmds[j], rev, c);
	}
	return rc;
}

static int canon_conv2(const struct pvabi_conv *cv, int wide, struct canon_out *c)
{
	char regs[PVABI_MAX_REGS * 8 + 1];
	size_t k, i;
	int rc;

	rc = out_add(c, "conv-install %s %s signature=%s base=0x%x step=0x%x tries=%u msr-leaf=%u",
			     cv->name, cv->install ? cv->install : "-",
			     cv->signature ? cv->signature : "-", cv->cpuid_base, cv->cpuid_step,
			     cv->cpuid_tries, cv->msr_leaf);
	/* "register" is how every convention behaved before wide-args=
	 * existed: only a pair is a line, so those fingerprints stay; and
	 * only where the view passes 64 bits by value, so describing a
	 * convention's pair with the first op that needs it (Xen's
	 * set_timer_op) leaves the views before it as they were */
	if (rc == 0 && wide && cv->wide_args && !strcmp(cv->wide_args, "pair"))
		rc = out_add(c, "conv-wide %s pair", cv->name);
	for (k = 0; rc == 0 && k < PVABI_MODE_COUNT; k++) {
		const struct pvabi_conv_mode *m = &cv->modes[k];

		if (!m->present)
			continue;
		regs[0] = '\0';
		for (i = 0; i < m->nregs; i++) {
			if (i)
				strncat(regs, ",", sizeof(regs) - strlen(regs) - 1);
			strncat(regs, m->regs[i], sizeof(regs) - strlen(regs) - 1);
		}
		rc = out_add(c, "conv-mode %s %s opreg=%s regs=%s ret=%s", cv->name,
				     pvabi_mode_name((enum pvabi_mode)k), m->op_reg ? m->op_reg : "-",
				     regs[0] ? regs : "-", m->ret_reg ? m->ret_reg : "-");
	}
	return rc;
}

/* 1 when op passes 64 bits by value in the view: an argument, or the
 * data of a command. */
static int op_wide(const struct pvabi_op *op, int rev, const struct canon_out *c)
{
	size_t i, k;

	for (i = 0; i < op->nargs; i++) {
		if (!has(c, &op->args[i].life, rev))
			continue;
		if ((int)i != op->data_arg && pvabi_type_wide_scalar(&op->args[i].type, op->args[i].dir))
			return 1;
		for (k = 0; (int)i == op->data_arg && k < op->ncmds; k++)
			if (has(c, &op->cmds[k].life, rev) && op->cmds[k].has_data &&
			    pvabi_type_wide_scalar(&op->cmds[k].data, op->cmds[k].dir))
				return 1;
	}
	return 0;
}

static int canon_convs2(const struct pvabi_spec *s, int rev, struct canon_out *c)
{
	size_t i, j;
	int rc = 0, used, wide;

	for (i = 0; rc == 0 && i < s->nconvs; i++) {
		for (j = 0, used = wide = 0; j < s->nops; j++)
			if (s->ops[j].conv == (int)i && has(c, &s->ops[j].life, rev)) {
				used = 1;
				wide |= op_wide(&s->ops[j], rev, c);
			}
		if (used)
			rc = canon_conv2(&s->convs[i], wide, c);
	}
	return rc;
}

static int canon_nego(const struct pvabi_spec *s, struct canon_out *c)
{
	const struct pvabi_nego *g = &s->nego;
	const struct pvabi_op *q = g->query_op >= 0 ? &s->ops[g->query_op] : NULL;

	if (!s->has_nego)
		return 0;
	return out_add(c, "negotiation %s macro=%s query=%s.%s submap-bits=%u",
			       g->compile_time ? "compile-time" : "call", g->macro ? g->macro : "-",
			       q ? q->name : "-",
			       q && g->query_cmd >= 0 ? q->cmds[g->query_cmd].name : "-",
			       g->submap_bits);
}

int canon_fmt2(const struct pvabi_spec *s, int rev, int gen,
	       int (*put)(void *ctx, const char *line, size_t len), void *ctx)
{
	struct canon_out out = { put, ctx, gen }, *c = &out;
	const struct pvabi_rev *r = &s->revs[rev];
	size_t i;
	int rc;

	rc = out_add(c, "revision %s code=0x%08x modes=%s%s", r->id, pvabi_rev_code(r),
			     s->modes & (1u << PVABI_MODE_X86_64) ? "x86_64," : "",
			     s->modes & (1u << PVABI_MODE_X86_32) ? "x86_32" : "");
	for (i = 0; rc == 0 && i < s->nerrors; i++)
		if (has(c, &s->errors[i].life, rev) && s->errors[i].alias_of >= 0)
			rc = out_add(c, "alias %s %s", s->errors[i].name,
					     s->errors[s->errors[i].alias_of].name);
	for (i = 0; rc == 0 && i < s->nstructs; i++)
		if (has(c, &s->structs[i].life, rev))
			rc = canon_struct2(s, (int)i, rev, c);
	if (rc == 0)
		rc = canon_ops2(s, rev, c);
	if (rc == 0)
		rc = canon_convs2(s, rev, c);
	if (rc == 0)
		rc = canon_nego(s, c);
	return rc;
}
