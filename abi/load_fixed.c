/* Spec loader: an op's outputs fixed while the guest runs (<fixed>,
 * abi/fixed.h). Conformance data, not in the fingerprint: every image
 * reads each declaration right after the agreement and again where a
 * platform plausibly changes state, so one that no image could read, or
 * that could not hold, is refused here, at its line (FIXED_INVALID): a
 * value that is no integer output, a reading call that does not
 * resolve, a value also declared a clock (<monotonic>: it moves), a
 * reading that ends the run or is named twice, an unless= naming no
 * outside event the harness watches, or a step's more than one value. */
#include "abi/load_internal.h"
#include "abi/fixed.h"
#include "abi/mono.h"

#include <stdio.h>
#include <string.h>

/* What a <fixed> says in both formats: the values, the reading call's
 * args, the scope, the feature that promises them, its life within
 * parent's, doc and place; who names the op (or command) for messages. */
void load_fixed_common(struct loader *L, xmlNode *c, const char *who,
		       const struct pvabi_life *parent, struct pvabi_fixed *f)
{
	const char *scope = attr_view(L, c, "scope");

	f->scope = scope && !strcmp(scope, "vcpu") ? PVABI_SCOPE_VCPU : PVABI_SCOPE_GUEST;
	f->value = attr(L, c, "value");
	f->args = attr(L, c, "args");
	f->feature = PVABI_NONE;
	if (attr_view(L, c, "feature")) {
		f->feature = pvabi_spec_feature(L->s, attr_view(L, c, "feature"));
		if (f->feature < 0)
			LERR(L, c, "FIXED_INVALID", "%s: <fixed> names feature '%s', which "
			     "the spec does not define", who, attr_view(L, c, "feature"));
	}
	f->unless = PVABI_FIXED_UNLESS_NONE;
	if (attr_view(L, c, "unless")) {
		f->unless = pvabi_fixed_unless_code(attr_view(L, c, "unless"));
		if (f->unless < 0)
			LERR(L, c, "FIXED_INVALID", "%s: <fixed> unless='%s' names no outside "
			     "event the harness watches (host-clock-step)", who,
			     attr_view(L, c, "unless"));
		else if (L->s->format >= 2)
			LERR(L, c, "FIXED_INVALID", "%s: <fixed> unless= is not read in format 2 "
			     "yet (no format 2 suite is told what the harness saw)", who);
	}
	life_of(L, c, parent, &f->life);
	f->doc = doc_of(L, c);
	f->loc.file = L->file;
	f->loc.line = pvabi_xml_line(c);
}

void load_fixeds(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	struct pvabi_fixed *f = load_children(L, n, "fixed", sizeof(*f), op, 1);
	char who[160];
	size_t i = 0;
	xmlNode *c;

	if (!f)
		return;
	op->fixeds = f;
	snprintf(who, sizeof(who), "op %s", op->name);
	for (c = n->children; c; c = c->next)
		if (is_elem(c, "fixed")) {
			load_fixed_common(L, c, who, &op->life, &f[i]);
			op->nfixeds = ++i;
		}
}

int pvabi_fixed_unless_code(const char *name)
{
	if (!strcmp(name, "host-clock-step"))
		return PVABI_FIXED_UNLESS_HOST_CLOCK_STEP;
	return -1;
}

static int same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* The word w (len bytes) among the space-separated words of list. */
static int names_word(const char *list, const char *w, size_t len)
{
	const char *p = list ? list : "", *q;

	for (; *p; p = q) {
		while (*p == ' ')
			p++;
		for (q = p; *q && *q != ' '; q++)
			;
		if ((size_t)(q - p) == len && !strncmp(p, w, len))
			return 1;
	}
	return 0;
}

static size_t words(const char *list)
{
	const char *p = list ? list : "";
	size_t n = 0;

	for (; *p; p++)
		n += *p != ' ' && (p == list || p[-1] == ' ');
	return n;
}

/* Why all[k] cannot hold beside its op's (or command's) other
 * declarations, or NULL: a value one of monos reads with the same args
 * is a clock, which moves; a value an earlier <fixed> reads with the
 * same args is declared twice; reading the op that ends the run again
 * would end it. */
const char *load_fixed_clash(const struct pvabi_fixed *all, size_t k,
			     const struct pvabi_mono *monos, size_t nmonos, int ends_run)
{
	const struct pvabi_fixed *f = &all[k];
	const char *p = f->value ? f->value : "", *q;
	size_t j;

	for (; *p; p = q) {
		while (*p == ' ')
			p++;
		for (q = p; *q && *q != ' '; q++)
			;
		for (j = 0; j < nmonos && q > p; j++)
			if (same_text(monos[j].args, f->args) && monos[j].value &&
			    strlen(monos[j].value) == (size_t)(q - p) &&
			    !strncmp(monos[j].value, p, (size_t)(q - p)))
				return "names an output its <monotonic> declares a clock: a clock moves";
		for (j = 0; j < k && q > p; j++)
			if (same_text(all[j].args, f->args) && names_word(all[j].value, p, (size_t)(q - p)))
				return "names an output an earlier <fixed> reads with the same args";
	}
	if (ends_run)
		return "is on the op that ends the run (reading it again would end it)";
	/* a step moves one wall-clock time: the harness judges that value's
	 * move against the step, which says nothing of a second value */
	if (f->unless == PVABI_FIXED_UNLESS_HOST_CLOCK_STEP && words(f->value) != 1)
		return "unless=\"host-clock-step\" names one value, the wall-clock time a step "
		       "moves";
	return NULL;
}

static void fixed_bad(struct loader *L, const struct pvabi_op *op, const struct pvabi_fixed *f,
		      const char *rev, const char *why)
{
	pvabi_diag_add(L->d, "FIXED_INVALID", L->file, f->loc.line, "op %s%s%s: fixed %s: %s",
		       op->name, rev ? ", revision " : "", rev ? rev : "",
		       f->value ? f->value : "", why);
	L->failed = 1;
}

/* Every declaration of a format 1 spec resolves to a reading in every
 * revision of its life, and none clashes with the op's others (a format
 * 2 spec's are its commands', check_cmd_fixeds). */
void check_fixeds(struct loader *L)
{
	struct pvabi_vec v;
	char err[256];
	const char *why;
	size_t i, k;
	int r;

	for (i = 0; i < L->s->nops; i++) {
		const struct pvabi_op *op = &L->s->ops[i];

		for (k = 0; k < op->nfixeds; k++) {
			const struct pvabi_fixed *f = &op->fixeds[k];

			if ((why = load_fixed_clash(op->fixeds, k, op->monos, op->nmonos, op->ends_run))) {
				fixed_bad(L, op, f, NULL, why);
				continue;
			}
			for (r = 0; r < (int)L->s->nrevs; r++) {
				if (!pvabi_life_has(&f->life, r) || !pvabi_life_has(&op->life, r))
					continue;
				if (f->feature >= 0 &&
				    !pvabi_life_has(&L->s->features[f->feature].life, r)) {
					fixed_bad(L, op, f, L->s->revs[r].id,
						  "its feature= is not defined in this revision");
					break;
				}
				if (pvabi_fixed_resolve(L->s, op, f, r, &v, err, sizeof(err))) {
					fixed_bad(L, op, f, L->s->revs[r].id, err);
					break;
				}
			}
		}
	}
}
