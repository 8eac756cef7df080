/* Spec loader: what a refused call may write (written-on=, docs/
 * spec-language.md "What a refused call writes"). In format 1 a call
 * that fails leaves every buffer the guest passed out as the guest had
 * it; an out-argument whose doc says it is written also on failure (a
 * count of the work done before the failure) names the errors after
 * which it may be. The conformance images judge every other refusal
 * byte for byte. Conformance data, not in the fingerprint: a
 * declaration no refusal could honour is refused here. In format 2 the
 * declaration is on a field of a command's data struct (Xen's refusals
 * that write, write a field: a status, a count of work done). */
#include "abi/load_internal.h"

#include <string.h>

/* Errors the generated dispatch answers before the op's handler runs
 * (emit/emit_platform.c): no output of the op can be written then. */
static int before_the_op(const char *name)
{
	static const char *const dispatch[] = { "ENOSYS", "ENOTNEGOTIATED", "EREVISION",
						"EREMOVED", "ENOFEATURE" };
	size_t i;

	for (i = 0; i < sizeof(dispatch) / sizeof(dispatch[0]); i++)
		if (!strcmp(name, dispatch[i]))
			return 1;
	return 0;
}

/* The next blank-separated name of a written-on= list into name (cut to
 * 64 characters), and where the list goes on; NULL at its end. */
static const char *next_name(const char *v, char name[65])
{
	size_t n;

	v += strspn(v, " \t\n");
	if (!*v)
		return NULL;
	n = strcspn(v, " \t\n");
	memcpy(name, v, n < 64 ? n : 64);
	name[n < 64 ? n : 64] = 0;
	return v + n;
}

/* Why the error named name[0..len) cannot be one after which a refusal
 * writes a, or NULL; its bit into *bit. */
static const char *error_broken(const struct loader *L, const struct pvabi_op *op,
				const struct pvabi_arg *a, const char *name, uint64_t *bit)
{
	int idx = pvabi_spec_error(L->s, name);

	if (idx < 0)
		return "which <errors> does not define";
	if (idx >= 64)
		return "past the first 64 errors, which is all a declaration holds";
	if (before_the_op(name))
		return "which the dispatch answers before the op runs: nothing of the op's is "
		       "written then";
	if (!load_raise_named(&LOAD_OP_RAISES(op), idx))
		return "which the op does not raise (no <raises>): no refusal of it could "
		       "write";
	*bit = UINT64_C(1) << idx;
	if (a->written_on & *bit)
		return "twice";
	return NULL;
}

static void arg_written_on(struct loader *L, xmlNode *c, const struct pvabi_op *op,
			   struct pvabi_arg *a)
{
	const char *v = attr_view(L, c, "written-on"), *why;
	char name[65];
	uint64_t bit = 0;

	if (!v)
		return;
	if (L->s->format >= 2) {
		LERR(L, c, "FORMAT_FEATURE", "op %s: arg '%s': written-on= is read on an argument "
		     "in format 1 only; in format %u give it on the <field> of the command's data",
		     op->name, a->name, L->s->format);
		return;
	}
	if (a->dir != PVABI_PTR_OUT && a->dir != PVABI_PTR_INOUT) {
		LERR(L, c, "WRITTEN_ON_INVALID", "op %s: arg '%s': written-on on an argument the "
		     "platform does not write (not pass=\"out\" or \"inout\")", op->name, a->name);
		return;
	}
	while ((v = next_name(v, name))) {
		if ((why = error_broken(L, op, a, name, &bit))) {
			LERR(L, c, "WRITTEN_ON_INVALID", "op %s: arg '%s': written-on names '%s', %s",
			     op->name, a->name, name, why);
			return;
		}
		a->written_on |= bit;
	}
	if (!a->written_on)
		LERR(L, c, "WRITTEN_ON_INVALID", "op %s: arg '%s': written-on names no error",
		     op->name, a->name);
}

void load_written_on(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	size_t na = 0;
	xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (is_elem(c, "arg") && na < op->nargs && na < PVABI_MAX_ARGS)
			arg_written_on(L, c, op, &op->args[na++]);
}

/* Format 2: written-on= on a field of a struct a command writes (Xen's
 * refusals that write a status or a count do so into a field of the
 * command's struct, not a whole argument). */
void load_field_written_on(struct loader *L, xmlNode *c, const struct pvabi_struct *st,
			   struct pvabi_field *f, const char *v)
{
	char name[65];
	int idx;

	if (!v)
		return;
	if (f->mode_mask) {
		LERR(L, c, "WRITTEN_ON_INVALID", "field %s.%s: written-on on a field of one guest "
		     "mode (the check is compiled for both)", st->name, f->name);
		return;
	}
	while ((v = next_name(v, name))) {
		idx = pvabi_spec_error(L->s, name);
		if (idx < 0 || idx >= 64 || (f->written_on >> idx & 1)) {
			LERR(L, c, "WRITTEN_ON_INVALID", "field %s.%s: written-on names '%s', %s",
			     st->name, f->name, name,
			     idx < 0 ? "which <errors> does not define"
			     : idx >= 64 ? "past the first 64 errors, which is all a declaration holds"
					 : "twice");
			return;
		}
		f->written_on |= UINT64_C(1) << idx;
	}
	if (!f->written_on)
		LERR(L, c, "WRITTEN_ON_INVALID", "field %s.%s: written-on names no error", st->name,
		     f->name);
}
