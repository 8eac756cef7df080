/* The op or command a run ends with, per revision (abi/runend.h). */
#include "abi/runend.h"

int pvabi_runend_cmd(const struct pvabi_spec *s, int rev, int *op, int *cmd)
{
	size_t i, j;

	for (i = 0; s->format >= 2 && i < s->nops; i++)
		for (j = 0; j < s->ops[i].ncmds; j++) {
			const struct pvabi_cmd *k = &s->ops[i].cmds[j];

			if (!k->ends_run || !pvabi_life_has(&k->life, rev) ||
			    pvabi_life_deprecated(&k->life, rev) ||
			    pvabi_life_deprecated(&s->ops[i].life, rev))
				continue;
			*op = (int)i;
			*cmd = (int)j;
			return 0;
		}
	return -1;
}

int pvabi_runend_enum(const struct pvabi_spec *s, int rev)
{
	const struct pvabi_cmd *k;
	size_t i;
	int o, c;

	if (s->format < 2) {
		for (i = 0; i < s->nops; i++)
			if (s->ops[i].ends_run && pvabi_life_has(&s->ops[i].life, rev))
				return s->ops[i].args[s->ops[i].ends_run - 1].type.index;
		return -1;
	}
	if (pvabi_runend_cmd(s, rev, &o, &c))
		return -1;
	k = &s->ops[o].cmds[c];
	if (k->ends_run == PVABI_ENDS_DATA)
		return k->data.index;
	return s->structs[k->data.index].fields[k->ends_run - PVABI_ENDS_FIELD].type.index;
}
