/* What an ABI lacks for the targets that generate the platform side and
 * the conformance images: both are built on the call-frame convention, a
 * frozen negotiate op and the dispatch's own errors. A format 2 ABI
 * reached through registers (Xen's hypercall page) or negotiated at
 * compile time has none of them: the target says so, naming what is
 * missing, instead of emitting a dispatch no guest of that ABI calls. */
#include "emit/emit.h"

#include <stdio.h>
#include <string.h>

int emit_needs_call_frame(const struct pvabi_gen *g, const char *target)
{
	const struct pvabi_spec *s = g->spec;
	const struct pvabi_conv *cv = s->default_conv >= 0 ? &s->convs[s->default_conv] : NULL;
	char why[512] = "";
	size_t i, ncmd = 0;

	if (s->format < 2)
		return 0;
	/* cpuid and msr are served by the CPU's virtualisation in the host
	 * kernel (KVM's ABI): there is no platform code to generate at all */
	if (cv && (cv->kind == PVABI_CONV_CPUID || cv->kind == PVABI_CONV_MSR))
		snprintf(why, sizeof(why),
			 "a call-frame convention (its ops are %s instructions the host kernel's "
			 "virtualisation serves: the platform is the host kernel, not generated code)",
			 cv->kind == PVABI_CONV_CPUID ? "cpuid" : "rdmsr/wrmsr");
	else if (!cv || cv->kind != PVABI_CONV_CALL_FRAME)
		snprintf(why, sizeof(why), "a call-frame convention (it is reached through %s)",
			 cv ? cv->name : "no default convention");
	if (s->has_nego && s->nego.compile_time)
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
			 "%sa negotiate op (its guests pick their revision at compile time through %s)",
			 *why ? "; " : "", s->nego.macro ? s->nego.macro : "a macro");
	for (i = 0; i < s->nops; i++)
		ncmd += s->ops[i].ncmds;
	if (ncmd)
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
			 "%sdispatch of commands (%zu commands multiplexed on op numbers)",
			 *why ? "; " : "", ncmd);
	if (!*why)
		return 0;
	pvabi_diag_add(g->d, "GEN_UNSUPPORTED", s->file, 0,
		       "target %s: ABI %s lacks what the generated %s is built on: %s. "
		       "Targets guest, docs, errors and crosscheck serve it", target, s->name,
		       target, why);
	return -1;
}
