/* The manual's account of a CPUID block whose maximum grows (format 2,
 * docs/spec-language.md#cpuid-blocks-that-grow): what the conformance
 * suite sweeps past the maximum (emit/emit_conf2_gap.c) and what each
 * leaf there must answer, on the op of a cpuid leaf ("Values that
 * grow") and on a convention whose signature leaf begins the block. */
#include "emit/emit_docs.h"

#include <stdio.h>

static const char *const regs[4] = { "eax", "ebx", "ecx", "edx" };

void docs_leaf_gap(char *buf, size_t n, const struct pvabi_grows *g, const char *first,
		   const char *next)
{
	char least[48] = "";

	if (g->at_least)
		snprintf(least, sizeof(least), " (0x%llx where it reports less)",
			 (unsigned long long)g->at_least);
	snprintf(buf, n, "leaves in (%s of %s%s, %s): the one past the maximum, %s - 1, the "
		 "middle, and each side of every power-of-two boundary; each answers %s",
		 regs[g->reg & 3], first, least, next, next,
		 g->unserved == (PVABI_UNSERVED_ZERO | PVABI_UNSERVED_BASIC)
			 ? "with all four registers 0 or as the highest basic leaf"
			 : g->unserved == PVABI_UNSERVED_BASIC ? "as the highest basic leaf"
							       : "with all four registers 0");
}

void docs_conv_grows(struct docw *w, const struct pvabi_conv *cv)
{
	char buf[400], next[48];
	size_t k;

	snprintf(next, sizeof(next), "base + 0x%x", cv->cpuid_step);
	for (k = 0; k < cv->ngrows; k++) {
		w->ops->row(w);
		dw_cell_text(w, "Leaves that grow");
		docs_leaf_gap(buf, sizeof(buf), &cv->grows[k], "the signature leaf (base)", next);
		w->ops->cell(w);
		dw_textf(w, "Probed past the maximum: %s.", buf);
		if (cv->grows[k].doc && *cv->grows[k].doc)
			dw_textf(w, " %s", cv->grows[k].doc);
		w->ops->row_end(w);
	}
}
