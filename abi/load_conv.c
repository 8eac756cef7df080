/* Spec loader, format 2: a convention's registers per guest mode and how
 * a guest finds and installs the entry (a hypercall page through a CPUID
 * signature leaf and an MSR, an ELF note, or nothing for a direct
 * instruction). */
#include "abi/load_internal.h"

#include <string.h>

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

void load_conv_fmt2(struct loader *L, xmlNode *c, struct pvabi_conv *cv)
{
	cv->install = fmt2_attr(L, c, "install");
	cv->signature = fmt2_attr(L, c, "signature");
	cv->cpuid_base = u32_attr(L, c, "cpuid-base", 0x40000000u);
	cv->cpuid_step = u32_attr(L, c, "cpuid-step", 0x100);
	cv->cpuid_tries = u32_attr(L, c, "cpuid-tries", 1);
	cv->msr_leaf = u32_attr(L, c, "msr-leaf", 2);
	cv->wide_args = fmt2_attr(L, c, "wide-args");
	conv_modes(L, c, cv);
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
