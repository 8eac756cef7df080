/* TAP from a guest console. The guest's TAP writer (guest/rt/tap.c)
 * escapes '#' and '\' in descriptions as "\#" and "\\", so the first
 * unescaped '#' of a check line starts its directive; everything else on
 * the console that is not TAP (boot noise, a hostile guest's garbage) is
 * counted and ignored. */
#include "conformance/tapparse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "negotiator/pvabi_neg.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

void pvabi_tapparse_init(struct pvabi_tapparse *p)
{
	memset(p, 0, sizeof(*p));
	p->plan = -1;
	p->diag_for = -1;
	p->neg_status = ~0u;
}

void pvabi_tapparse_free(struct pvabi_tapparse *p)
{
	free(p->checks);
	pvabi_tapparse_init(p);
}

static struct pvabi_check *new_check(struct pvabi_tapparse *p)
{
	if (p->n >= PVABI_TAP_MAX_CHECKS) {
		p->dropped = 1;
		return NULL;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct pvabi_check *c = realloc(p->checks, cap * sizeof(*c));

		if (!c) {
			p->dropped = 1;
			return NULL;
		}
		p->checks = c;
		p->cap = cap;
	}
	memset(&p->checks[p->n], 0, sizeof(p->checks[0]));
	return &p->checks[p->n++];
}

static void trim_copy(char *dst, size_t cap, const char *s, size_t n)
{
	while (n && s[0] == ' ')
		s++, n--;
	while (n && s[n - 1] == ' ')
		n--;
	pvabi_text_clean(dst, cap, s, n);
}

/* The description up to the first unescaped '#', unescaped into name;
 * returns the directive after it, or NULL. */
static const char *split_desc(const char *s, char *name, size_t cap)
{
	char buf[PVABI_TAP_MAX_LINE + 1];
	size_t o = 0;

	for (; *s && *s != '#'; s++) {
		if (*s == '\\' && (s[1] == '#' || s[1] == '\\'))
			s++;
		buf[o++] = *s;
	}
	trim_copy(name, cap, buf, o);
	return *s == '#' ? s + 1 : NULL;
}

static void count(struct pvabi_tapparse *p, int ok, int skip, int todo)
{
	p->total++;
	if (skip)
		p->skipped++;
	else if (todo)
		p->todo++;
	else if (ok)
		p->passed++;
	else
		p->failed++;
}

/* "ok", "not ok", then an optional number (*num, -1 without) and an
 * optional '-'. */
static const char *check_head(const char *s, int *ok, long *num)
{
	if (!strncmp(s, "ok", 2))
		*ok = 1, s += 2;
	else if (!strncmp(s, "not ok", 6))
		*ok = 0, s += 6;
	else
		return NULL;
	if (*s && *s != ' ')
		return NULL;
	while (*s == ' ')
		s++;
	*num = is_digit(*s) ? 0 : -1;
	for (; is_digit(*s); s++)
		*num = *num < 100000000 ? *num * 10 + (*s - '0') : *num;
	while (*s == ' ')
		s++;
	if (*s == '-')
		s++;
	return s;
}

/* A console that lost or cut a line (a UART dropping bytes under load, an
 * engine cutting output) shows it here first: the guest numbers its checks
 * 1, 2, 3... and states the plan and its own counts at the end. Only the
 * first sign is kept. */
static void garbled(struct pvabi_tapparse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void garbled(struct pvabi_tapparse *p, const char *fmt, ...)
{
	va_list ap;

	if (p->garbled[0])
		return;
	va_start(ap, fmt);
	vsnprintf(p->garbled, sizeof(p->garbled), fmt, ap);
	va_end(ap);
}

static int check_line(struct pvabi_tapparse *p, const char *s, double dt)
{
	struct pvabi_check tmp, *c;
	const char *dir;
	long num = 0;
	int ok;

	if (!(s = check_head(s, &ok, &num)))
		return 0;
	if (num >= 0 && num != (long)p->total + 1)
		garbled(p, "check number %ld where %ld was due (a line lost or cut)", num,
			(long)p->total + 1);
	memset(&tmp, 0, sizeof(tmp));
	dir = split_desc(s, tmp.name, sizeof(tmp.name));
	while (dir && *dir == ' ')
		dir++;
	tmp.skip = dir && !strncasecmp(dir, "skip", 4);
	tmp.todo = dir && !tmp.skip && !strncasecmp(dir, "todo", 4);
	if (tmp.skip || tmp.todo)
		trim_copy(tmp.diag, sizeof(tmp.diag), dir + 4, strlen(dir + 4));
	tmp.ok = (uint8_t)ok;
	tmp.ms = dt;
	count(p, ok, tmp.skip, tmp.todo);
	p->diag_for = -1;
	if ((c = new_check(p))) {
		*c = tmp;
		if (!ok)
			p->diag_for = (long)(p->n - 1);
	}
	return 1;
}

static uint32_t status_of(const char *v)
{
	uint64_t n;
	uint32_t i;

	for (i = 0; i <= PVABI_NEG_MALFORMED; i++)
		if (!strcmp(v, pvabi_neg_status_name(i)))
			return i;
	if (!pvabi_neg_parse_u64(v, strlen(v), &n) && n < ~0u)
		return (uint32_t)n;
	return ~0u;
}

/* "M.m", or the code as a number (decimal or 0x hex); null is 0. */
static uint32_t rev_of(const char *v)
{
	uint32_t rev;
	uint64_t n;

	if (!pvabi_neg_parse_rev(v, strlen(v), &rev))
		return rev;
	if (!pvabi_neg_parse_u64(v, strlen(v), &n) && n <= 0xffffffffu)
		return (uint32_t)n;
	return 0;
}

static void guest_record(struct pvabi_tapparse *p, const char *json)
{
	char v[64];
	size_t n = strlen(json);

	if (p->neg_status != ~0u)
		return; /* the first agreement read is the one the dispatch serves */
	trim_copy(p->guest_record, sizeof(p->guest_record), json, n);
	n = strlen(p->guest_record);
	if (pvabi_json_object_get(p->guest_record, n, "status", v, sizeof(v)) != 1)
		return;
	p->neg_status = status_of(v);
	pvabi_record_masks(p->guest_record, &p->granted, &p->missing);
	if (pvabi_json_object_get(p->guest_record, n, "revision", v, sizeof(v)) == 1 ||
	    pvabi_json_object_get(p->guest_record, n, "chosen", v, sizeof(v)) == 1)
		p->negotiated = rev_of(v);
}

void pvabi_record_masks(const char *json, uint64_t *granted, uint64_t *missing)
{
	size_t n = strlen(json);
	uint64_t m;
	char v[40];

	*granted = *missing = 0;
	if (pvabi_json_object_get(json, n, "granted", v, sizeof(v)) == 1 &&
	    !pvabi_neg_parse_u64(v, strlen(v), &m))
		*granted = m;
	if (pvabi_json_object_get(json, n, "missing", v, sizeof(v)) == 1 &&
	    !pvabi_neg_parse_u64(v, strlen(v), &m))
		*missing = m;
}

static int prefixed(const char *s, const char *pre, const char **rest)
{
	size_t k = strlen(pre);

	if (strncmp(s, pre, k))
		return 0;
	*rest = s + k;
	return 1;
}

/* "PASS: 3 passed, 0 failed, 1 skipped" (guest/rt/tap.c's last line). */
static int summary_line(struct pvabi_tapparse *p, const char *s)
{
	unsigned int pass, fail, skip;
	char st[16];
	int end = 0;

	if (sscanf(s, "%15[A-Z]: %u passed, %u failed, %u skipped%n", st, &pass, &fail, &skip,
		   &end) != 4 || s[end])
		return 0;
	if (pass + fail + skip != p->total - p->todo)
		garbled(p, "the guest counted %ld checks, %ld lines were read", (long)pass + fail + skip,
			(long)(p->total - p->todo));
	return 1;
}

/* " 57 waits, 97500000 ns declared, 1200 ticks to events, 9000 ticks in
 * all, TSC 2096000 kHz" (guest/rt/suite_vcpu.c): what the waits took; a
 * line that does not read so is ignored, never a diagnostic. */
static void waited_line(struct pvabi_tapparse *p, const char *s)
{
	struct pvabi_cell_waited w;
	int end = 0;

	if (sscanf(s, " %llu waits, %llu ns declared, %llu ticks to events, %llu ticks in all, "
		   "TSC %llu kHz%n", &w.waits, &w.declared_ns, &w.event_ticks, &w.ticks,
		   &w.tsc_khz, &end) == 5 && !s[end])
		p->waited = w;
}

int pvabi_tapparse_end_asking(const char *s, unsigned long long *reason, int *status)
{
	static const char *const names[] = { "PASS", "SKIP", "REFUSED", "ERROR", "FAIL", "CRASH" };
	unsigned long long v;
	int end = 0;
	size_t i;

	if (strncmp(s, "asking shutdown reason=", 23))
		return 0;
	s += 23;
	if (!is_digit(*s) || sscanf(s, "%llu%n", &v, &end) != 1)
		return 0;
	s += end;
	*reason = v;
	*status = -1;
	if (!*s)
		return 1;
	if (strncmp(s, " status=", 8))
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s + 8, names[i]))
			return *status = (int)i, 1;
	return 0;
}

/* "asking shutdown reason=N status=S" (the guest, before its last call;
 * an image before the status field wrote none) and "platform recorded
 * shutdown reason=N" or "platform recorded none" (the runner or an
 * external platform, after the run): how the run ended, judged in
 * conformance/judge.c. Anything else is not such a line. */
static int end_line(struct pvabi_tapparse *p, const char *s)
{
	unsigned long long v;
	int end = 0, status;

	if (pvabi_tapparse_end_asking(s, &v, &status))
		return snprintf(p->end_asked, sizeof(p->end_asked), "%llu", v), 1;
	if (!strcmp(s, "platform recorded none"))
		return snprintf(p->end_recorded, sizeof(p->end_recorded), "none"), 1;
	if (!prefixed(s, "platform recorded shutdown reason=", &s))
		return 0;
	if (sscanf(s, "%llu%n", &v, &end) != 1 || s[end] || !is_digit(*s))
		return 0;
	snprintf(p->end_recorded, sizeof(p->end_recorded), "%llu", v);
	return 1;
}

static void diag_line(struct pvabi_tapparse *p, const char *s)
{
	const char *rest, *t;

	while (*s == ' ')
		s++;
	if (prefixed(s, "negotiated:", &rest)) {
		guest_record(p, rest);
	} else if (prefixed(s, "platform:", &rest)) {
		if (!p->platform_record[0])
			trim_copy(p->platform_record, sizeof(p->platform_record), rest, strlen(rest));
	} else if (prefixed(s, "end: ", &rest) && end_line(p, rest)) {
		/* kept apart from any check's diagnostic */
	} else if (prefixed(s, "waited:", &rest)) {
		waited_line(p, rest);
	} else if (prefixed(s, "calls:", &rest)) {
		/* the calls of each class of check (bench-cell reads them):
		 * never a failed check's diagnostic */
	} else if (summary_line(p, s)) {
		/* the guest's own count, checked against the lines read */
	} else if (prefixed(s, "run:", &rest)) {
		t = strstr(rest, "ms: ");
		t = t ? t + 4 : rest;
		trim_copy(p->run_note, sizeof(p->run_note), t, strlen(t));
	} else if (p->diag_for >= 0) {
		trim_copy(p->checks[p->diag_for].diag, sizeof(p->checks[0].diag), s, strlen(s));
		p->diag_for = -1;
	}
}

static int plan_line(struct pvabi_tapparse *p, const char *s)
{
	long n = 0;

	if (strncmp(s, "1..", 3) || !is_digit(s[3]))
		return 0;
	for (s += 3; is_digit(*s) && n < 100000000; s++)
		n = n * 10 + (*s - '0');
	p->plan = n;
	if (n != (long)p->total)
		garbled(p, "plan 1..%ld but %ld checks read", n, (long)p->total);
	return 1;
}

static void bail_line(struct pvabi_tapparse *p, const char *s)
{
	struct pvabi_check *c;

	p->bailed = 1;
	count(p, 0, 0, 0);
	if ((c = new_check(p)))
		trim_copy(c->name, sizeof(c->name), s, strlen(s));
}

void pvabi_tapparse_line(struct pvabi_tapparse *p, const char *line, size_t len, double ms)
{
	char buf[PVABI_TAP_MAX_LINE + 1];
	double dt = ms - p->last_ms;
	size_t n;

	p->lines++;
	p->last_ms = ms;
	n = pvabi_text_clean(buf, sizeof(buf), line, len > PVABI_TAP_MAX_LINE ? PVABI_TAP_MAX_LINE : len);
	while (n && buf[n - 1] == ' ')
		buf[--n] = '\0'; /* CR and trailing blanks */
	if (buf[0] == '#')
		diag_line(p, buf + 1);
	else if (!check_line(p, buf, dt < 0 ? 0 : dt) && !plan_line(p, buf)) {
		if (!strncmp(buf, "Bail out!", 9)) {
			bail_line(p, buf);
		} else {
			p->ignored++;
			if (n && !p->said[0] && strncmp(buf, "TAP version", 11))
				trim_copy(p->said, sizeof(p->said), buf, n);
		}
	}
}

void pvabi_tapparse_finish(struct pvabi_tapparse *p, struct pvabi_cell_result *r)
{
	pvabi_cell_result_free(r);
	r->checks = p->checks;
	r->nchecks = p->n;
	r->passed = p->passed;
	r->failed = p->failed;
	r->skipped = p->skipped;
	r->negotiated = p->negotiated;
	r->neg_status = p->neg_status;
	r->granted = p->granted;
	r->missing = p->missing;
	memcpy(r->guest_record, p->guest_record, sizeof(r->guest_record));
	memcpy(r->platform_record, p->platform_record, sizeof(r->platform_record));
	memcpy(r->end_asked, p->end_asked, sizeof(r->end_asked));
	memcpy(r->end_recorded, p->end_recorded, sizeof(r->end_recorded));
	if (p->run_note[0])
		memcpy(r->reason, p->run_note, sizeof(p->run_note));
	else if (r->exit_code == PVABI_RUN_EXIT_UNAVAILABLE && p->said[0])
		memcpy(r->reason, p->said, sizeof(p->said));
	memcpy(r->garbled, p->garbled, sizeof(r->garbled));
	r->waited = p->waited;
	pvabi_tapparse_init(p);
}
