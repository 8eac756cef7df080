/* What a refused command writes, in format 2 (docs/checks.md, "Every
 * out-buffer of a refused call left as the guest had it"). A struct the
 * command writes (pass="out" or "inout") is filled with the guest's
 * poison before a call that is to be refused, its inputs set over it;
 * after the refusal every other byte must still be the poison, but for
 * the fields declared written-on= that error (a status or a count of
 * work done, which real ABIs write on failure). Xen's event-channel,
 * version and HVM-parameter commands copy their struct back only when
 * they succeed, so a port, a status or a value written by a refusal is
 * a platform that a guest keeping its own default there would feel. */
#include "emit/emit_conf2.h"

#include <stdio.h>

/* Whether field f of the parameter's struct may be written after err. */
static int may_write(const struct pvabi_field *f, int err)
{
	return err >= 0 && err < 64 && (f->written_on >> err & 1);
}

void c2_refused_kept(FILE *f, const struct c2 *c, const struct pvabi_v2 *v, size_t i,
		     unsigned int step)
{
	const struct pvabi_spec *s = c->g->spec;
	const struct pvabi_v2_param *p = &v->params[i];
	const struct pvabi_struct *st = &s->structs[p->type.index];
	size_t j, n = 0;

	fputs("\t\t{\n\t\t\tstatic const uint16_t keep_[][2] = {", f);
	for (j = 0; j < v->nsets; j++)
		if (v->sets[j].at.param == (int)i)
			fprintf(f, "%s{ (uint16_t)__builtin_offsetof(__typeof__(p%zu), %s), "
				   "(uint16_t)sizeof(p%zu.%s) }", n++ ? ", " : " ", i,
				v->sets[j].at.path, i, v->sets[j].at.path);
	for (j = 0; j < st->nfields; j++) {
		const char *name = pvabi_field_name(&st->fields[j], c->g->rev);

		if (!pvabi_life_has(&st->fields[j].life, c->g->rev) ||
		    !may_write(&st->fields[j], v->error))
			continue;
		fprintf(f, "%s{ (uint16_t)__builtin_offsetof(__typeof__(p%zu), %s), "
			   "(uint16_t)sizeof(p%zu.%s) }", n++ ? ", " : " ", i, name, i, name);
	}
	fprintf(f, "%s };\n\t\t\tsize_t at_ = pvabi_c2_poisoned(&p%zu, sizeof(p%zu), keep_, %zu);\n\n",
		n ? "" : " { 0, 0 }", i, i, n);
	fprintf(f, "\t\t\tPVABI_C2_EXPECT(res, %uu, \"%s: refused, yet its first byte not the "
		   "guest's poison 0xc3 is at\", at_ == sizeof(p%zu), at_, sizeof(p%zu));\n\t\t}\n",
		step, s->ops[v->op].args[p->arg].name, i, i);
}
