/* Spec loader, format 2: outputs fixed while the guest runs, on the
 * command that reads them (<fixed value= args= scope=>). A real ABI
 * multiplexes its queries on one op number (Xen's XENVER_*), so the
 * reading call is a command's typed stub and value= names its result,
 * its data, or a field of its data (abi/fixed2.h). Each image reads
 * them at the start of the run and again later
 * (emit/emit_conf2_fixed.c), so one no image could read again, or that
 * could not hold, is refused here, at its line (FIXED_INVALID).
 * Conformance data, not in the fingerprint. */
#include "abi/load_internal.h"
#include "abi/fixed2.h"

#include <stdio.h>

void load_cmd_fixeds(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		     struct pvabi_cmd *k)
{
	struct pvabi_fixed *f = load_children(L, c, "fixed", sizeof(*f), op, 0);
	char who[200];
	size_t i = 0;
	xmlNode *x;

	if (!f)
		return;
	snprintf(who, sizeof(who), "op %s: command %s", op->name, k->name);
	for (x = c->children; x; x = x->next)
		if (is_elem(x, "fixed"))
			load_fixed_common(L, x, who, &k->life, &f[i++]);
	k->fixeds = f;
	k->nfixeds = i;
}

static void bad(struct loader *L, const struct pvabi_op *op, const struct pvabi_cmd *k,
		const struct pvabi_fixed *f, const char *rev, const char *why)
{
	pvabi_diag_add(L->d, "FIXED_INVALID", L->file, f->loc.line,
		       "op %s: command %s%s%s: fixed %s: %s", op->name, k->name,
		       rev ? ", revision " : "", rev ? rev : "", f->value ? f->value : "", why);
	L->failed = 1;
}

/* Why f cannot be read in any revision, or NULL. */
static const char *unreadable(const struct pvabi_cmd *k, size_t m)
{
	const struct pvabi_fixed *f = &k->fixeds[m];

	if (f->feature != PVABI_NONE)
		return "feature= names a grant, which a format 2 ABI does not negotiate (a guest "
		       "reads its features; declare what is fixed whatever they are)";
	if (f->scope == PVABI_SCOPE_VCPU)
		return "scope=\"vcpu\" is not read in format 2 yet (every reading compares with "
		       "vCPU 0's first)";
	return load_fixed_clash(k->fixeds, m, NULL, 0, k->ends_run);
}

static void check_cmd(struct loader *L, size_t op, size_t cmd)
{
	const struct pvabi_op *o = &L->s->ops[op];
	const struct pvabi_cmd *k = &o->cmds[cmd];
	struct pvabi_fx2_val vals[PVABI_FIXED_VALUES];
	struct pvabi_v2 call;
	char err[256];
	const char *why;
	size_t m, n;
	int r;

	for (m = 0; m < k->nfixeds; m++) {
		const struct pvabi_fixed *f = &k->fixeds[m];

		if ((why = unreadable(k, m))) {
			bad(L, o, k, f, NULL, why);
			continue;
		}
		for (r = 0; r < (int)L->s->nrevs; r++) {
			if (!pvabi_life_has(&f->life, r) || !pvabi_life_has(&k->life, r) ||
			    !pvabi_life_has(&o->life, r))
				continue;
			if (pvabi_fixed2_resolve(L->s, (int)op, (int)cmd, f, r, &call, vals, &n, err,
						 sizeof(err))) {
				bad(L, o, k, f, L->s->revs[r].id, err);
				break;
			}
		}
	}
}

void check_cmd_fixeds(struct loader *L)
{
	size_t i, j;

	for (i = 0; i < L->s->nops; i++)
		for (j = 0; j < L->s->ops[i].ncmds; j++)
			check_cmd(L, i, j);
}
