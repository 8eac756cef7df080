/* The fingerprints a generated file states. The first is the one the
 * registry's fingerprint= records, of the description generation it
 * covers (its described=, 1 without a registry), so a user comparing a
 * header with the registry sees the same value; each later generation
 * the registry records or the spec reaches follows, labelled. */
#include "abi/canon.h"
#include "emit/emit.h"

int emit_generation_base(const struct pvabi_gen *g)
{
	return g->reg ? g->reg->described : 1;
}

int emit_generation_next(const struct pvabi_gen *g, int gen)
{
	int next = g->reg ? pvabi_registry_next_generation(g->reg, gen) : 0;
	int top = pvabi_spec_generation(g->spec);

	return next ? next : top > gen ? top : 0;
}

int emit_fingerprint(const struct pvabi_gen *g, int rev, int gen, char *fp)
{
	return pvabi_fingerprint_gen(g->spec, rev, gen, fp, PVABI_FINGERPRINT_LEN);
}

const char *emit_generation_note(const struct pvabi_gen *g, int rev, int gen)
{
	int ri = g->reg ? pvabi_registry_find(g->reg, g->spec->revs[rev].id) : -1;

	if (ri >= 0 && pvabi_registry_fingerprint(g->reg, (size_t)ri, gen))
		return "recorded in the registry";
	return "not recorded in the registry";
}
