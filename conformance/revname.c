/* Revision names for the reports (conformance/revname.h). One small
 * table per process: the matrix plans one spec, and a re-rendered result
 * directory names its revisions in its own files. */
#include "conformance/revname.h"
#include "negotiator/pvabi_neg.h"

#include <stdio.h>
#include <string.h>

#define MAX_NAMES 128

static struct {
	uint32_t code;
	char id[24];
} names[MAX_NAMES];
static size_t nnames;

static int find(uint32_t code)
{
	size_t i;

	for (i = 0; i < nnames; i++)
		if (names[i].code == code)
			return (int)i;
	return -1;
}

void pvabi_revname_learn(uint32_t code, const char *id)
{
	char split[24];
	int k = find(code);

	pvabi_neg_rev_format(code, split, sizeof(split));
	if (!id || !strcmp(id, split) || strlen(id) >= sizeof(names[0].id))
		return;
	if (k < 0 && nnames == MAX_NAMES)
		return;
	if (k < 0) {
		k = (int)nnames++;
		names[k].code = code;
	}
	snprintf(names[k].id, sizeof(names[k].id), "%s", id);
}

void pvabi_revname_use(const struct pvabi_spec *s)
{
	size_t i;

	for (i = 0; i < s->nrevs; i++)
		pvabi_revname_learn(pvabi_rev_code(&s->revs[i]), s->revs[i].id);
}

const char *pvabi_revname(uint32_t code, char *buf, size_t n)
{
	int k = find(code);

	if (k >= 0)
		snprintf(buf, n, "%s", names[k].id);
	else
		pvabi_neg_rev_format(code, buf, n);
	return buf;
}

int pvabi_revname_known(uint32_t code)
{
	return find(code) >= 0;
}
