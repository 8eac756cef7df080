/* A TAP check as the reports show it. Guest images print run-time values
 * into their check names ("... -> error=ENOSYS (got -1002)", "unknown op
 * id is refused: -38"), and frozen images keep doing so forever: the
 * reports split such a name into the check's stable name (the same in
 * every run, as CI history needs) and what it expected and got, the
 * got value written in the expectation's notation (hex when the vector
 * is written in hex). */
#include "conformance/oracle.h"
#include "conformance/report.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_number(const char *s)
{
	if (*s == '-')
		s++;
	if (s[0] == '0' && s[1] == 'x' && s[2])
		return strspn(s + 2, "0123456789abcdefABCDEF") == strlen(s + 2);
	return *s && strspn(s, "0123456789") == strlen(s);
}

static int is_word(const char *s)
{
	return *s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789") == strlen(s);
}

/* Strips one trailing run-time part of name into got or expected;
 * 0 when there is none left. */
static int strip_one(char *name, struct pvabi_report_check *o)
{
	size_t n = strlen(name);
	char *p;

	if (n && name[n - 1] == ')' && (p = strstr(name, " ("))) {
		char *last = p, *in;

		while ((p = strstr(p + 1, " (")))
			last = p;
		in = last + 2;
		name[n - 1] = '\0';
		if (!strncmp(in, "got ", 4) || !strncmp(in, "returned ", 9))
			snprintf(o->got, sizeof(o->got), "%s", strchr(in, ' ') + 1);
		else if (!strncmp(in, "want ", 5))
			snprintf(o->expected, sizeof(o->expected), "%s", in + 5);
		else if (is_word(in) && !o->got[0])
			snprintf(o->got, sizeof(o->got), "%s", in);
		else {
			name[n - 1] = ')';
			return 0;
		}
		*last = '\0';
		return 1;
	}
	p = strrchr(name, ':');
	if (p && p[1] == ' ' && is_number(p + 2) && !o->got[0]) {
		snprintf(o->got, sizeof(o->got), "%s", p + 2);
		*p = '\0';
		return 1;
	}
	return 0;
}

/* The got value in the expectation's notation: a hex return value
 * reads back in hex; a return that matched means an out field broke. */
static void notation(struct pvabi_report_check *o)
{
	const char *e = o->expected;
	long long want, got;
	char *end;

	if (strncmp(e, "ret=", 4) && strncmp(e, "ret>=", 5))
		return;
	e += e[3] == '=' ? 4 : 5;
	got = strtoll(o->got, &end, 0);
	if (!o->got[0] || *end)
		return;
	want = strtoll(e, NULL, 0);
	if (!strncmp(e, "0x", 2) || !strncmp(e, "-0x", 3))
		snprintf(o->got, sizeof(o->got), "%s0x%llx", got < 0 ? "-" : "",
			 got < 0 ? -(unsigned long long)got : (unsigned long long)got);
	if (!strncmp(o->expected, "ret=", 4) && got == want && strchr(o->expected, ' ')) {
		size_t l = strlen(o->got);

		snprintf(o->got + l, sizeof(o->got) - l, " (the return matched; an out field differs)");
	}
}

/* The TAP's closing "# FAIL: 47 passed, 1 failed, 0 skipped" can follow
 * the last check as its first comment: a summary, not its diagnostic. */
static int is_summary(const char *d)
{
	unsigned int a, b;

	return sscanf(d, "%*[A-Z]: %u passed, %u failed", &a, &b) == 2;
}

void pvabi_report_check(const struct pvabi_check *c, struct pvabi_report_check *o)
{
	const char *arrow;
	size_t l;

	memset(o, 0, sizeof(*o));
	snprintf(o->name, sizeof(o->name), "%s", c->name);
	if (!strncmp(o->name, "negotiated revision ", 20)) {
		snprintf(o->got, sizeof(o->got), "%s", o->name + 20);
		o->name[19] = '\0';
	}
	while (strip_one(o->name, o))
		;
	arrow = strstr(o->name, " -> ");
	if (arrow && !o->expected[0])
		snprintf(o->expected, sizeof(o->expected), "%s", arrow + 4);
	notation(o);
	if (o->expected[0] && o->got[0])
		snprintf(o->diag, sizeof(o->diag), "expected %s, got %s", o->expected, o->got);
	else if (o->got[0])
		snprintf(o->diag, sizeof(o->diag), "got %s", o->got);
	l = strlen(o->diag);
	if (c->diag[0] && !is_summary(c->diag))
		snprintf(o->diag + l, sizeof(o->diag) - l, "%s%s", l ? "; " : "", c->diag);
	if (!o->diag[0])
		snprintf(o->diag, sizeof(o->diag), "not ok");
}

const struct pvabi_check *pvabi_report_first_failure(const struct pvabi_cell_result *r,
						     size_t *idx)
{
	size_t i;

	for (i = 0; r->checks && i < r->nchecks; i++)
		if (!r->checks[i].ok && !r->checks[i].skip && !r->checks[i].todo) {
			if (idx)
				*idx = i;
			return &r->checks[i];
		}
	return NULL;
}

void pvabi_report_cause(const struct pvabi_cell_result *r, char *buf, size_t n)
{
	const struct pvabi_check *c = pvabi_report_first_failure(r, NULL);
	struct pvabi_report_check rc;

	if (!c) {
		snprintf(buf, n, "%s", r->reason[0] ? r->reason : r->outcome);
		return;
	}
	pvabi_report_check(c, &rc);
	if (rc.expected[0] && rc.got[0])
		snprintf(buf, n, "check '%s' expected %s, got %s", rc.name, rc.expected, rc.got);
	else if (rc.got[0])
		snprintf(buf, n, "check '%s' got %s", rc.name, rc.got);
	else
		snprintf(buf, n, "check '%s' failed%s%s", rc.name, c->diag[0] ? ": " : "", c->diag);
}

const char *pvabi_report_outcome(const struct pvabi_cell_result *r)
{
	static const char *const words[PVABI_V_COUNT] = {
		"pass", "skip", "error", "fail", "timeout", "crash",
	};

	if (r->outcome[0])
		return r->outcome;
	return (unsigned int)r->verdict < PVABI_V_COUNT ? words[r->verdict] : "unknown";
}

static int by_count(const void *a, const void *b)
{
	const struct pvabi_report_cause *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->first < y->first ? -1 : x->first > y->first;
}

size_t pvabi_report_causes(const struct pvabi_cell_result *r, size_t n,
			   struct pvabi_report_cause **out)
{
	struct pvabi_report_cause *v = calloc(n ? n : 1, sizeof(*v));
	size_t i, k, nv = 0;
	char buf[sizeof(v->text)];

	*out = v;
	if (!v)
		return 0;
	for (i = 0; i < n; i++) {
		if (pvabi_cell_green(&r[i]) || pvabi_cell_stopped(&r[i]))
			continue;
		pvabi_report_cause(&r[i], buf, sizeof(buf));
		for (k = 0; k < nv && strcmp(v[k].text, buf); k++)
			;
		if (k == nv) {
			memcpy(v[nv].text, buf, sizeof(buf));
			v[nv++].first = i;
		}
		v[k].count++;
	}
	qsort(v, nv, sizeof(*v), by_count);
	return nv;
}
