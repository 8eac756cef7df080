/* Outputs fixed while the guest runs (<fixed>, abi/fixed.h) in a
 * conformance image: each declaration of an op the image knows,
 * resolved as a vector in every revision of its life up to the image's,
 * becomes a limit probe of its own kind (refused 9, guest/rt/
 * conformance.h) whose base call reads the values: the runner makes it
 * right after the agreement and again where a platform plausibly
 * changes state, and each reading must equal the first bit for bit
 * (guest/rt/suite_fixed.c). A probe, so that the re-reading at the end
 * of the run is the one the platform limits' is (pvabi_suite_probes
 * with fills 2), and a feature= is a grant the probe is made under. An
 * unless= travels as the probe's fill byte (its event's code), so that
 * the runner says by how much a value moved, for the harness to judge
 * against what it saw of the event. */
#include "emit/emit_ctable.h"
#include "abi/fixed.h"

#include <stdio.h>
#include <string.h>

/* Whether the space-separated list names the result. */
static int names_ret(const char *list)
{
	const char *p = list ? list : "";

	for (; (p = strstr(p, "ret")); p += 3)
		if ((p == list || p[-1] == ' ') && (p[3] == ' ' || !p[3]))
			return 1;
	return 0;
}

static int fixed_one(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		     const struct pvabi_op *op, size_t opi, const struct pvabi_fixed *f, int ord)
{
	const struct pvabi_spec *s = g->spec;
	struct pvabi_vec v;
	struct pentry p;
	char err[256], label[300];
	long last = -1;
	size_t before;
	int r;

	snprintf(label, sizeof(label), "%s %s%s%s", op->name, f->value, f->args ? " " : "",
		 f->args ? f->args : "");
	for (r = 0; r <= g->rev; r++) {
		if (!pvabi_life_has(&op->life, r) || !pvabi_life_has(&f->life, r)) {
			last = -1;
			continue;
		}
		if (pvabi_fixed_resolve(s, op, f, r, &v, err, sizeof(err))) {
			pvabi_diag_add(g->d, "FIXED_INVALID", f->loc.file, f->loc.line, "%s", err);
			return -1;
		}
		before = t->n;
		if (emit_vec_entry(t, g, op, opi, NULL, label, &v, r, &last, &f->loc))
			return -1;
		if (t->n > before)
			t->e[last].mono = 1; /* read by its probe, not a vector */
		memset(&p, 0, sizeof(p));
		p.base = (size_t)last;
		p.opi = opi;
		p.op = op;
		p.argi = -1;
		p.slot = (size_t)names_ret(f->value);
		p.fill_slot = -1;
		p.refused = 9;
		p.fixed = f;
		p.limit = ord;
		p.lowest = f->scope == PVABI_SCOPE_GUEST;
		p.fill_byte = (unsigned int)f->unless; /* the event the runner names */
		if (f->feature >= 0)
			p.fmask = p.fwant = UINT64_C(1) << s->features[f->feature].bit;
		p.since = r;
		p.until = r + 1;
		if (emit_probe_add(t, pe, &p))
			return -1;
	}
	return 0;
}

int emit_fixed_collect(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		       const struct pvabi_op **ops, size_t nops)
{
	size_t i, k, opi = 0;
	int ord = 0;

	for (i = 0; i < nops; i++) {
		if (!emit_known(g, ops[i]))
			continue;
		for (k = 0; k < ops[i]->nfixeds; k++)
			if (fixed_one(t, pe, g, ops[i], opi, &ops[i]->fixeds[k], ord++))
				return -1;
		opi++;
	}
	if (ord > EMIT_FIXED_MAX) {
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", g->spec->file, 0,
			       "%d <fixed> declarations: an image reads at most %d", ord,
			       EMIT_FIXED_MAX);
		return -1;
	}
	return 0;
}

/* "fixed for the guest's life: regs.eax regs.ebx (leaf=0 subleaf=0)
 * (with tsc_stable)", "fixed for the guest's life unless the host clock
 * steps: info.boot_wallclock_ns" */
void emit_fixed_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p)
{
	const struct pvabi_fixed *f = p->fixed;

	sb_add(b, "fixed for the %s's life%s: %s", f->scope == PVABI_SCOPE_GUEST ? "guest" : "vCPU",
	       f->unless == PVABI_FIXED_UNLESS_HOST_CLOCK_STEP ? " unless the host clock steps" : "",
	       f->value);
	if (f->args && *f->args)
		sb_add(b, " (%s)", f->args);
	emit_probe_grant_name(b, g, p);
}
