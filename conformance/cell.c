/* Names of verdicts and the one owned pointer of a cell result. */
#include "conformance/cell.h"
#include "conformance/tapparse.h"

#include <stdlib.h>
#include <string.h>

static const char *const verdict_names[PVABI_V_COUNT] = {
	"PASS", "SKIP", "ERROR", "FAIL", "TIMEOUT", "CRASH",
};

const char *pvabi_verdict_name(enum pvabi_verdict v)
{
	return (unsigned int)v < PVABI_V_COUNT ? verdict_names[v] : "?";
}

int pvabi_verdict_parse(const char *name)
{
	int i;

	for (i = 0; name && i < PVABI_V_COUNT; i++)
		if (!strcmp(name, verdict_names[i]))
			return i;
	return -1;
}

void pvabi_cell_result_free(struct pvabi_cell_result *r)
{
	if (!r)
		return;
	free(r->checks);
	r->checks = NULL;
	r->nchecks = 0;
}

int pvabi_cell_counts_match(const struct pvabi_cell_result *r)
{
	unsigned int p = 0, f = 0, s = 0;
	size_t i;

	for (i = 0; i < r->nchecks; i++) {
		const struct pvabi_check *c = &r->checks[i];

		s += c->skip;
		p += !c->skip && !c->todo && c->ok;
		f += !c->skip && !c->todo && !c->ok;
	}
	if (r->nchecks >= PVABI_TAP_MAX_CHECKS) /* later checks were counted, not kept */
		return r->passed >= p && r->failed >= f && r->skipped >= s;
	return r->passed == p && r->failed == f && r->skipped == s;
}

int pvabi_cell_id_valid(const char *id)
{
	size_t i;

	if (!id[0] || id[0] == '.')
		return 0;
	for (i = 0; id[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~+-",
			    id[i]))
			return 0;
	return i < sizeof(((struct pvabi_cell *)0)->id);
}

int pvabi_cell_features_same(const struct pvabi_cell_features *a,
			     const struct pvabi_cell_features *b)
{
	return !strcmp(a->label, b->label) && a->want == b->want && a->offer == b->offer &&
	       a->required == b->required && a->optional == b->optional &&
	       a->offered == b->offered;
}
