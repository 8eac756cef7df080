/* Spec loader, format 2: a convention's registers per guest mode and how
 * a guest finds and installs the entry (a hypercall page through a CPUID
 * signature leaf and an MSR, an ELF note, or nothing for a direct
 * instruction). */
#include "abi/load_internal.h"

#include <ctype.h>
#include <string.h>

/* A register name as the assembler spells it: a letter, then letters and
 * digits, at most 8 (rax, r10d, xmm15), an optional '%'. */
static int reg_name(const char *s)
{
	size_t i = *s == '%';

	if (!islower((unsigned char)s[i]))
		return 0;
	for (; s[i]; i++)
		if (i > 8 || !(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i])))
			return 0;
	return 1;
}

/* A mnemonic, optionally one immediate: "vmcall", "int 0x82", "int $0x82". */
static int insn_name(const char *s)
{
	size_t i = 0, k;

	while (islower((unsigned char)s[i]) || (i && isdigit((unsigned char)s[i])))
		i++;
	if (!i || i > 16)
		return 0;
	if (!s[i])
		return 1;
	if (s[i++] != ' ')
		return 0;
	i += s[i] == '$';
	if (s[i] == '0' && s[i + 1] == 'x') {
		for (i += 2, k = 0; isxdigit((unsigned char)s[i]); i++)
			k++;
	} else {
		for (k = 0; isdigit((unsigned char)s[i]); i++)
			k++;
	}
	return k && k <= 16 && !s[i];
}

/* The offending text in a diagnostic: printable ASCII, cut at 40. */
static const char *shown(const char *s, char buf[48])
{
	size_t i;

	for (i = 0; s[i] && i < 40; i++)
		buf[i] = s[i] >= ' ' && s[i] <= '~' ? s[i] : '?';
	strcpy(buf + i, s[i] ? "..." : "");
	return buf;
}

static void check_reg(struct loader *L, xmlNode *c, const struct pvabi_conv *cv,
		      const char *what, const char *r)
{
	char b[48];

	if (r && !reg_name(r))
		LERR(L, c, "CONVENTION_INVALID",
		     "convention '%s': %s '%s' is not a register name (a letter, then letters "
		     "and digits, at most 9 in all)", cv->name, what, shown(r, b));
}

/* The words a convention gives the generated assembly (its instruction
 * and registers) are names, never text: a value that is not one would be
 * pasted into the guest header's inline assembly. */
static void conv_words(struct loader *L, xmlNode *c, const struct pvabi_conv *cv)
{
	char b[48];
	size_t i;
	int m;

	if (cv->instruction && !insn_name(cv->instruction))
		LERR(L, c, "CONVENTION_INVALID",
		     "convention '%s': instruction '%s' is not a mnemonic with at most one "
		     "immediate (vmcall, int 0x82)", cv->name, shown(cv->instruction, b));
	for (i = 0; i < cv->nregs; i++)
		check_reg(L, c, cv, "register", cv->regs[i]);
	check_reg(L, c, cv, "op-register", cv->op_reg);
	check_reg(L, c, cv, "return-register", cv->ret_reg);
	for (m = 0; m < PVABI_MODE_COUNT; m++) {
		for (i = 0; i < cv->modes[m].nregs; i++)
			check_reg(L, c, cv, "register", cv->modes[m].regs[i]);
		check_reg(L, c, cv, "op-register", cv->modes[m].op_reg);
		check_reg(L, c, cv, "return-register", cv->modes[m].ret_reg);
	}
}

static void mode_regs(struct loader *L, xmlNode *m, const struct pvabi_conv *cv,
		      struct pvabi_conv_mode *cm)
{
	const char *regs = attr(L, m, "registers");
	char *copy, *tok, *save = NULL;

	cm->present = 1;
	cm->op_reg = attr(L, m, "op-register");
	cm->ret_reg = attr(L, m, "return-register");
	if (!regs || !(copy = pvabi_arena_strdup(L->a, regs)))
		return;
	for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		if (cm->nregs == PVABI_MAX_REGS) {
			LERR(L, m, "TOO_MANY_REGISTERS",
			     "convention '%s' lists more than %d registers", cv->name,
			     PVABI_MAX_REGS);
			return;
		}
		cm->regs[cm->nregs++] = tok;
	}
}

static void conv_modes(struct loader *L, xmlNode *c, struct pvabi_conv *cv)
{
	xmlNode *m;

	for (m = c->children; m; m = m->next) {
		const char *name;
		int k;

		if (!is_elem(m, "mode") || !fmt2_need(L, m, "a convention's <mode>"))
			continue;
		name = attr(L, m, "name");
		k = name && !strcmp(name, "x86_32") ? PVABI_MODE_X86_32 : PVABI_MODE_X86_64;
		if (cv->modes[k].present)
			LERR(L, m, "DUPLICATE_NAME", "convention '%s': mode %s given twice",
			     cv->name, name);
		mode_regs(L, m, cv, &cv->modes[k]);
	}
}

static uint32_t u32_attr(struct loader *L, xmlNode *c, const char *name, uint32_t dflt)
{
	struct wide w;

	if (wide_attr(L, c, name, &w))
		return dflt;
	if (!wide_in(&w, 0, UINT32_MAX))
		LERR(L, c, "BAD_NUMBER", "%s=%s does not fit 32 bits", name, w.text);
	return (uint32_t)w.mag;
}

/* The numbers the generated entry code computes with: a hypercall
 * page's entries lie in its 4096 bytes (an op past them is refused where
 * ops are checked), and the CPUID leaves searched, the MSR leaf above
 * them included, stay within 32 bits, where the generated loop counts. */
static void conv_numbers(struct loader *L, xmlNode *c, const struct pvabi_conv *cv)
{
	uint64_t last;

	if (cv->kind == PVABI_CONV_HYPERCALL_PAGE && (cv->stride == 0 || cv->stride > 4096))
		LERR(L, c, "CONVENTION_INVALID",
		     "convention '%s': stride=%u: a hypercall page's entries are 1 to 4096 "
		     "bytes apart", cv->name, cv->stride);
	if (!cv->install || strcmp(cv->install, "cpuid-msr"))
		return;
	last = (uint64_t)cv->cpuid_base +
	       (uint64_t)(cv->cpuid_tries ? cv->cpuid_tries - 1 : 0) * cv->cpuid_step;
	if (!cv->cpuid_tries || (cv->cpuid_tries > 1 && !cv->cpuid_step))
		LERR(L, c, "CONVENTION_INVALID",
		     "convention '%s': cpuid-tries=%u cpuid-step=%u searches no leaf or one leaf "
		     "again and again", cv->name, cv->cpuid_tries, cv->cpuid_step);
	else if (last + cv->msr_leaf > UINT32_MAX)
		LERR(L, c, "CONVENTION_INVALID",
		     "convention '%s': the last leaf searched (cpuid-base + (cpuid-tries - 1) * "
		     "cpuid-step + msr-leaf = 0x%llx) does not fit 32 bits", cv->name,
		     (unsigned long long)(last + cv->msr_leaf));
}

void load_conv_fmt2(struct loader *L, xmlNode *c, struct pvabi_conv *cv)
{
	cv->install = fmt2_attr(L, c, "install");
	cv->signature = fmt2_attr(L, c, "signature");
	cv->cpuid_base = u32_attr(L, c, "cpuid-base", 0x40000000u);
	cv->cpuid_step = u32_attr(L, c, "cpuid-step", 0x100);
	cv->cpuid_tries = u32_attr(L, c, "cpuid-tries", 1);
	cv->msr_leaf = u32_attr(L, c, "msr-leaf", 2);
	cv->wide_args = fmt2_attr(L, c, "wide-args");
	cv->not_offered = fmt2_attr(L, c, "not-offered");
	conv_modes(L, c, cv);
	conv_words(L, c, cv);
	conv_numbers(L, c, cv);
	load_conv_grows(L, c, cv);
	if (cv->install && !strcmp(cv->install, "cpuid-msr") &&
	    (!cv->signature || strlen(cv->signature) != 12))
		LERR(L, c, "CONVENTION_INVALID",
		     "convention '%s': install=\"cpuid-msr\" needs the 12-character CPUID signature=",
		     cv->name);
	if (cv->install && strcmp(cv->install, "cpuid-msr") && cv->kind == PVABI_CONV_HYPERCALL_PAGE &&
	    !strcmp(cv->install, "none"))
		LERR(L, c, "CONVENTION_INVALID",
		     "convention '%s': a hypercall page must be installed (cpuid-msr or elf-note)",
		     cv->name);
}
