/* Format 2 guest target, the calls: op and command numbers, how the
 * guest installs the entry (a hypercall page through the CPUID signature
 * leaf and an MSR), one inline-assembly stub per convention and argument
 * count with the registers each guest mode uses, and a typed stub per op
 * and per command on top of them. */
#include "emit/emit_guest2.h"
#include "emit/emit_escape.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HAS(life) pvabi_life_has(&(life), g->rev)

static const char *const mode_guard[] = { "__x86_64__", "__i386__" };

static const struct pvabi_conv_mode *regs_of(const struct pvabi_conv *cv, int m,
					     struct pvabi_conv_mode *tmp)
{
	if (cv->modes[m].present)
		return &cv->modes[m];
	if (strcmp(cv->mode, pvabi_mode_name((enum pvabi_mode)m)) && strcmp(cv->mode, "any"))
		return NULL;
	memset(tmp, 0, sizeof(*tmp));
	memcpy(tmp->regs, cv->regs, sizeof(tmp->regs));
	tmp->nregs = cv->nregs;
	tmp->op_reg = cv->op_reg;
	tmp->ret_reg = cv->ret_reg;
	return tmp;
}

static void up(char *dst, size_t n, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < n; i++)
		dst[i] = (char)toupper((unsigned char)src[i]);
	dst[i] = '\0';
}

static void numbers(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	char on[96], cn[96];
	size_t i, j;

	fputs("/* Op numbers and the command numbers of ops that multiplex. */\n", f);
	for (i = 0; i < g->spec->nops; i++) {
		const struct pvabi_op *op = &g->spec->ops[i];

		if (!HAS(op->life))
			continue;
		fprintf(f, "#define %s %uu\n", n->ops[i].macro, op->id);
		up(on, sizeof(on), op->name);
		for (j = 0; j < op->ncmds; j++)
			if (HAS(op->cmds[j].life)) {
				up(cn, sizeof(cn), op->cmds[j].name);
				fprintf(f, "#define %s_%s_%s %lld\n", n->up, on, cn,
					(long long)op->cmds[j].value);
			}
	}
	fputc('\n', f);
}

static unsigned int sig_word(const char *s, int k)
{
	return (unsigned char)s[4 * k] | (unsigned char)s[4 * k + 1] << 8 |
	       (unsigned char)s[4 * k + 2] << 16 | (unsigned)(unsigned char)s[4 * k + 3] << 24;
}

/* CPUID signature search and the MSR write that makes the hypervisor
 * fill the page. wrmsr needs CPL0: this runs in the guest kernel. */
static void install(FILE *f, const struct pvabi_conv *cv, const struct emit_names *n)
{
	fprintf(f, "/* Convention %s: the hypercall page, %u bytes per entry. The guest\n"
		   " * provides the page (4 KiB aligned) and installs it once. */\n"
		   "extern unsigned char %s_%s[4096];\n\n", cv->name, cv->stride, n->lo, cv->name);
	/* the signature is printable text, which may close a comment */
	fputs("/* The CPUID leaf holding \"", f);
	emit_c_comment(f, cv->signature, strlen(cv->signature));
	fprintf(f, "\", or 0 when there is none. */\n"
		   "%s_STUB uint32_t %s_%s_cpuid_base(void)\n{\n\tuint32_t base, a, b, c, d;\n\n"
		   "\tfor (base = 0x%xu; base < 0x%xu + %uu * 0x%xu; base += 0x%xu) {\n"
		   "\t\t__asm__ volatile(\"cpuid\" : \"=a\"(a), \"=b\"(b), \"=c\"(c), \"=d\"(d) : \"a\"(base), \"c\"(0));\n"
		   "\t\tif (b == 0x%08xu && c == 0x%08xu && d == 0x%08xu && a - base >= %uu)\n"
		   "\t\t\treturn base;\n\t}\n\treturn 0;\n}\n\n",
		n->up, n->lo, cv->name, cv->cpuid_base, cv->cpuid_base, cv->cpuid_tries,
		cv->cpuid_step, cv->cpuid_step, sig_word(cv->signature, 0), sig_word(cv->signature, 1),
		sig_word(cv->signature, 2), cv->msr_leaf);
	fprintf(f, "/* Asks the hypervisor to fill the page at guest-physical page_gpa\n"
		   " * (the address of %s_%s): the MSR index is EBX of leaf base + %u.\n"
		   " * Returns 0, or -1 when the signature is not found. */\n"
		   "%s_STUB int %s_%s_install(uint64_t page_gpa)\n{\n"
		   "\tuint32_t base = %s_%s_cpuid_base(), a, b, c, d;\n\n\tif (!base)\n\t\treturn -1;\n"
		   "\t__asm__ volatile(\"cpuid\" : \"=a\"(a), \"=b\"(b), \"=c\"(c), \"=d\"(d) : \"a\"(base + %uu), \"c\"(0));\n"
		   "\t__asm__ volatile(\"wrmsr\" : : \"c\"(b), \"a\"((uint32_t)page_gpa), \"d\"((uint32_t)(page_gpa >> 32)) : \"memory\");\n"
		   "\treturn 0;\n}\n\n",
		n->lo, cv->name, cv->msr_leaf, n->up, n->lo, cv->name, n->lo, cv->name, cv->msr_leaf);
}

/* A name the convention gives the assembly, as a string literal: the
 * loader admits register names and mnemonics only, and the literal stays
 * one whatever it holds. */
static void asm_str(FILE *f, const char *s, const char *after)
{
	emit_c_string(f, s, strlen(s));
	fputs(after, f);
}

/* One raw stub: k arguments in the mode's registers, the entry chosen by
 * the convention's kind. Every argument register is an input and an
 * output: the hypervisor may clobber them. */
static void raw_stub(FILE *f, const struct pvabi_conv *cv, const struct pvabi_conv_mode *r,
		     const struct emit_names *n, size_t k, int red_zone)
{
	size_t i, nr;

	fprintf(f, "%s_STUB long %s_%s_call%zu(unsigned long nr", n->up, n->lo, cv->name, k);
	for (i = 0; i < k; i++)
		fprintf(f, ", unsigned long a%zu", i + 1);
	fputs(")\n{\n", f);
	fputs("\tregister unsigned long ret __asm__(", f);
	asm_str(f, r->ret_reg, ");\n");
	/* The hypervisor may clobber the argument registers, so the first
	 * five are outputs of every stub; a sixth (ebp on x86_32, which
	 * frame pointers need) only of the stubs that pass one. */
	nr = r->nregs < 5 || k > 5 ? r->nregs : 5;
	for (i = 0; i < nr; i++) {
		fprintf(f, "\tregister unsigned long r%zu __asm__(", i + 1);
		asm_str(f, r->regs[i], ") = ");
		fprintf(f, "%s;\n", i < k ? (char[]){ 'a', (char)('1' + i), 0 } : "0");
	}
	if (cv->kind == PVABI_CONV_HYPERCALL_PAGE) {
		fprintf(f, "\tunsigned long entry = (unsigned long)%s_%s + nr * %uu;\n\n"
			   "\t__asm__ volatile(\"%scall *%%[entry]%s\"\n\t\t\t : \"=r\"(ret)", n->lo,
			cv->name, cv->stride,
			/* the call's push must not land in the caller's red zone */
			red_zone ? "lea -128(%%rsp), %%rsp\\n\\t" : "",
			red_zone ? "\\n\\tlea 128(%%rsp), %%rsp" : "");
	} else {
		fputs("\tregister unsigned long op __asm__(", f);
		asm_str(f, r->op_reg ? r->op_reg : r->ret_reg, ") = nr;\n\n\t__asm__ volatile(");
		asm_str(f, cv->instruction ? cv->instruction : "vmcall", "\n\t\t\t : \"=r\"(ret)");
	}
	for (i = 0; i < nr; i++)
		fprintf(f, ", \"+r\"(r%zu)", i + 1);
	if (cv->kind == PVABI_CONV_HYPERCALL_PAGE)
		fputs("\n\t\t\t : [entry] \"r\"(entry)\n\t\t\t : \"memory\", \"cc\");\n", f);
	else
		fputs("\n\t\t\t : \"0\"(op)\n\t\t\t : \"memory\", \"cc\");\n", f);
	fputs("\treturn (long)ret;\n}\n", f);
}

static int conv_stubs(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		      const struct pvabi_conv *cv)
{
	struct pvabi_conv_mode tmp;
	size_t k;
	int m, first = 1;

	if (guest2_is_insn_conv(cv)) {
		guest2_insn_conv_stubs(f, n, cv);
		return 0;
	}
	if (cv->kind != PVABI_CONV_HYPERCALL_PAGE && cv->kind != PVABI_CONV_REGISTERS) {
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", cv->loc.file, cv->loc.line,
			       "target guest: convention %s is not a register convention", cv->name);
		return -1;
	}
	if (cv->kind == PVABI_CONV_HYPERCALL_PAGE && cv->install && !strcmp(cv->install, "cpuid-msr"))
		install(f, cv, n);
	for (m = 0; m < PVABI_MODE_COUNT; m++) {
		const struct pvabi_conv_mode *r = regs_of(cv, m, &tmp);

		if (!r || !r->ret_reg)
			continue;
		fprintf(f, "#%s defined(%s)\n", first ? "if" : "elif", mode_guard[m]);
		first = 0;
		for (k = 0; k <= r->nregs; k++)
			raw_stub(f, cv, r, n, k, m == PVABI_MODE_X86_64);
	}
	if (!first)
		fprintf(f, "#else\n#error \"convention %s has no registers for this guest mode\"\n#endif\n\n",
			cv->name);
	return 0;
}

/* A parameter's declaration; data of a command passed by address is a
 * pointer to its element type. */
static void param(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		  const struct pvabi_type *t, enum pvabi_arg_dir dir, const char *name, int *first)
{
	char ct[128];

	fprintf(f, "%s%s%s %s%s", *first ? "" : ", ", dir == PVABI_PTR_IN ? "const " : "",
		guest2_ctype(g, n, t, ct, sizeof(ct)), dir == PVABI_BY_VALUE ? "" : "*", name);
	*first = 0;
}

/* A by-value parameter of 64 bits on a convention with wide-args="pair":
 * x86_32 passes it in two registers, the low half first (Xen's
 * set_timer_op), where x86_64 takes one. */
static int wide(const struct pvabi_gen *g, const struct pvabi_op *op, const struct pvabi_cmd *k,
		size_t i)
{
	const struct pvabi_type *t = k && (int)i == op->data_arg ? &k->data : &op->args[i].type;
	enum pvabi_arg_dir d = k && (int)i == op->data_arg ? k->dir : op->args[i].dir;

	if ((k && (int)i == op->data_arg && !k->has_data) || op->conv < 0 ||
	    !g->spec->convs[op->conv].wide_args || strcmp(g->spec->convs[op->conv].wide_args, "pair"))
		return 0;
	return d == PVABI_BY_VALUE && t->kind != PVABI_T_STRUCT && pvabi_prim_size(t->prim) == 8 &&
	       t->prim != PVABI_ULONG && t->prim != PVABI_SLONG && g->spec->format >= 2;
}

/* The raw call of a typed stub; split: 64-bit values in register pairs. */
static void stub_call(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		      const struct pvabi_op *op, const struct pvabi_cmd *k, int split)
{
	char on[96], cn[96];
	size_t i, na = 0;

	for (i = 0; i < op->nargs; i++)
		if (HAS(op->args[i].life))
			na += 1 + (size_t)(split && wide(g, op, k, i));
	fprintf(f, "	return %s_%s_call%zu(%s", n->lo, g->spec->convs[op->conv].name, na,
		n->ops[op - g->spec->ops].macro);
	up(on, sizeof(on), op->name);
	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];

		if (!HAS(a->life))
			continue;
		if (k && (int)i == op->cmd_arg) {
			up(cn, sizeof(cn), k->name);
			fprintf(f, ", (unsigned long)%s_%s_%s", n->up, on, cn);
		} else if (k && (int)i == op->data_arg && !k->has_data)
			fputs(", 0", f);
		else if (split && wide(g, op, k, i))
			fprintf(f, ", (unsigned long)%s, (unsigned long)((uint64_t)%s >> 32)", a->name,
				a->name);
		else
			fprintf(f, ", (unsigned long)%s", a->name);
	}
	fputs(");\n", f);
}

static void typed_stub(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		       const struct pvabi_op *op, const struct pvabi_cmd *k)
{
	size_t i, nwide = 0;
	int first = 1;

	fprintf(f, "%s_STUB long %s_%s%s%s(", n->up, n->lo, op->name, k ? "_" : "", k ? k->name : "");
	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];

		if (!HAS(a->life) || (k && (int)i == op->cmd_arg))
			continue;
		nwide += (size_t)wide(g, op, k, i);
		if (k && (int)i == op->data_arg) {
			if (k->has_data)
				param(f, g, n, &k->data, k->dir, a->name, &first);
			continue;
		}
		param(f, g, n, &a->type, a->dir, a->name, &first);
	}
	fprintf(f, "%s)\n{\n", first ? "void" : "");
	if (nwide) {
		fputs("#if defined(__i386__)\n", f);
		stub_call(f, g, n, op, k, 1);
		fputs("#else\n", f);
	}
	stub_call(f, g, n, op, k, 0);
	fputs(nwide ? "#endif\n}\n\n" : "}\n\n", f);
}

int guest2_calls(FILE *f, const struct pvabi_gen *g, const struct emit_names *n)
{
	char *used = calloc(g->spec->nconvs + 1, 1);
	size_t i, j;
	int rc = used ? 0 : -1;

	numbers(f, g, n);
	for (i = 0; used && i < g->spec->nops; i++)
		if (HAS(g->spec->ops[i].life) && g->spec->ops[i].conv >= 0)
			used[g->spec->ops[i].conv] = 1;
	for (i = 0; rc == 0 && i < g->spec->nconvs; i++)
		if (used[i])
			rc = conv_stubs(f, g, n, &g->spec->convs[i]);
	free(used);
	fputs("/* Typed stubs: one per op, and one per command of an op that\n"
	      " * multiplexes (the command number is filled in). */\n", f);
	for (i = 0; rc == 0 && i < g->spec->nops; i++) {
		const struct pvabi_op *op = &g->spec->ops[i];

		if (!HAS(op->life))
			continue;
		if (op->conv >= 0 && guest2_is_insn_conv(&g->spec->convs[op->conv])) {
			rc = guest2_insn_op_check(g, op);
			if (!rc)
				guest2_insn_typed_stub(f, g, n, op);
			continue;
		}
		typed_stub(f, g, n, op, NULL);
		for (j = 0; j < op->ncmds; j++)
			if (HAS(op->cmds[j].life))
				typed_stub(f, g, n, op, &op->cmds[j]);
	}
	return rc;
}
