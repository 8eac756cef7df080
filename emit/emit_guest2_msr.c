/* Format 2 guest target, the conventions whose op id is the operand of
 * an instruction rather than a call number: `cpuid` (the id is a leaf)
 * and `msr` (the id is an MSR index). KVM's paravirtual interface is
 * reached this way. A raw stub per convention, then a typed stub per op:
 * a cpuid op returns its four registers, an msr op gets a write and a
 * read stub of its one u64 value.
 *
 * An MSR the platform does not offer raises #GP. The raw stubs let it
 * happen (the guest's own exception handling decides); a guest that
 * survives #GP defines ABI_MSR_READ/ABI_MSR_WRITE before including the
 * header, returning 0 or the negated vector, which the spec may name as
 * an error (KVM's spec: EGP = -13). */
#include "emit/emit_guest2.h"

#include <stdio.h>

#define HAS(life) pvabi_life_has(&(life), g->rev)

int guest2_is_insn_conv(const struct pvabi_conv *cv)
{
	return cv->kind == PVABI_CONV_CPUID || cv->kind == PVABI_CONV_MSR;
}

void guest2_insn_conv_stubs(FILE *f, const struct emit_names *n, const struct pvabi_conv *cv)
{
	if (cv->kind == PVABI_CONV_CPUID) {
		fprintf(f, "/* Convention %s: the op id is a CPUID leaf (subleaf 0). */\n"
			   "%s_STUB void %s_%s_raw(uint32_t leaf, uint32_t regs[4])\n{\n"
			   "\t__asm__ volatile(\"cpuid\" : \"=a\"(regs[0]), \"=b\"(regs[1]), "
			   "\"=c\"(regs[2]), \"=d\"(regs[3]) : \"a\"(leaf), \"c\"(0));\n}\n\n",
			cv->name, n->up, n->lo, cv->name);
		return;
	}
	fprintf(f, "/* Convention %s: the op id is an MSR index, written with wrmsr and\n"
		   " * read with rdmsr (edx:eax), at CPL0. An MSR the platform does not\n"
		   " * offer raises #GP: define %s_MSR_READ(msr, valuep) and\n"
		   " * %s_MSR_WRITE(msr, value) before including this header to survive\n"
		   " * it (0, or the negated vector); by default the fault is the guest's. */\n"
		   "%s_STUB long %s_%s_rdmsr_raw(uint32_t msr, uint64_t *value)\n{\n"
		   "\tuint32_t lo, hi;\n\n"
		   "\t__asm__ volatile(\"rdmsr\" : \"=a\"(lo), \"=d\"(hi) : \"c\"(msr) : \"memory\");\n"
		   "\t*value = (uint64_t)hi << 32 | lo;\n\treturn 0;\n}\n\n"
		   "%s_STUB long %s_%s_wrmsr_raw(uint32_t msr, uint64_t value)\n{\n"
		   "\t__asm__ volatile(\"wrmsr\" : : \"c\"(msr), \"a\"((uint32_t)value), "
		   "\"d\"((uint32_t)(value >> 32)) : \"memory\");\n\treturn 0;\n}\n\n"
		   "#ifndef %s_MSR_READ\n#define %s_MSR_READ(msr, valuep) %s_%s_rdmsr_raw((msr), (valuep))\n#endif\n"
		   "#ifndef %s_MSR_WRITE\n#define %s_MSR_WRITE(msr, value) %s_%s_wrmsr_raw((msr), (value))\n#endif\n\n",
		cv->name, n->up, n->up, n->up, n->lo, cv->name, n->up, n->lo, cv->name, n->up, n->up,
		n->lo, cv->name, n->up, n->up, n->lo, cv->name);
}

/* An msr op carries its one value as a by-value u64; a cpuid op has no
 * argument. 0, or -1 with the op's line diagnosed. */
int guest2_insn_op_check(const struct pvabi_gen *g, const struct pvabi_op *op)
{
	const struct pvabi_conv *cv = &g->spec->convs[op->conv];
	size_t i, na = 0;
	int bad = 0;

	for (i = 0; i < op->nargs; i++)
		if (HAS(op->args[i].life)) {
			na++;
			bad |= op->args[i].dir != PVABI_BY_VALUE ||
			       op->args[i].type.kind != PVABI_T_PRIM ||
			       op->args[i].type.prim != PVABI_U64;
		}
	if (op->ncmds || (cv->kind == PVABI_CONV_CPUID ? na != 0 : na != 1 || bad)) {
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", op->loc.file, op->loc.line,
			       "target guest: op %s of convention %s must take %s and no commands",
			       op->name, cv->name,
			       cv->kind == PVABI_CONV_CPUID ? "no argument" : "one by-value u64 argument");
		return -1;
	}
	return 0;
}

void guest2_insn_typed_stub(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
			    const struct pvabi_op *op)
{
	const struct pvabi_conv *cv = &g->spec->convs[op->conv];
	const char *macro = n->ops[op - g->spec->ops].macro;

	if (cv->kind == PVABI_CONV_CPUID) {
		fprintf(f, "%s_STUB void %s_%s(uint32_t regs[4])\n{\n\t%s_%s_raw(%s, regs);\n}\n\n",
			n->up, n->lo, op->name, n->lo, cv->name, macro);
		return;
	}
	fprintf(f, "%s_STUB long %s_%s_write(uint64_t value)\n{\n\treturn %s_MSR_WRITE(%s, value);\n}\n\n"
		   "%s_STUB long %s_%s_read(uint64_t *value)\n{\n\treturn %s_MSR_READ(%s, value);\n}\n\n",
		n->up, n->lo, op->name, n->up, macro, n->up, n->lo, op->name, n->up, macro);
}
