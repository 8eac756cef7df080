/* PLACEHOLDER being replaced: the manual emitter. */
#include "spec/compiler/emit.h"

int pvabi_emit_docs(const struct pvabi_gen *g)
{
	pvabi_diag_add(g->d, "GEN_UNSUPPORTED", g->spec->file, 0, "docs target not built yet");
	return -1;
}
