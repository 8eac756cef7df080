/* Which calls of an op tell its outputs apart, and the pairs that read
 * each output right after a call that left another value in it
 * (docs/spec-language.md#every-output-after-another-value). A platform
 * that fills an output from state kept between calls (a cached struct, a
 * per-domain scratch copy, a field one path forgets to write) passes
 * every check made after a call that left that same value, which is
 * what the spec's own order usually does: a status read after a status
 * of the same kind of port, a leaf after a leaf with the same register.
 *
 * Nothing is listed: the calls are the op's vectors in the revision
 * (each a call whose outcome does not depend on what ran before it), and,
 * for an op that reports on a handle, each call of a scenario on a handle
 * whose scenario did nothing before it but allocate, use and free
 * handles: the steps that took that handle are replayed to bring a new
 * one into the same state. Two calls tell an output apart when their
 * expectations cannot both hold for one value: two constants, an error
 * and a success, a constant below the other's lower bound. A greedy
 * choice keeps few pairs that cover every output some pair tells apart,
 * since each call costs a round trip in every cell. */
#include "abi/stale_internal.h"
#include "abi/limit.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { V_NONE, V_EQ, V_GE, V_LE, V_ERR, V_RUN };

/* One expectation of a call: its output, how it is compared, and the
 * value when it is known when the image is generated. */
struct val {
	int kind, num, neg;
	uint64_t v;
	const char *s; /* the value as written */
	size_t sn;
};

static int ident(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return n && !isdigit((unsigned char)s[0]);
}

/* The value vs (n bytes) of a comparison of kind k into o. Values only
 * the running guest or the layout knows are judged, never compared. */
static void parse_value(const struct pvabi_stale *w, const char *vs, size_t n, int k,
			struct val *o)
{
	char buf[64], *end;

	o->kind = k;
	o->s = vs;
	o->sn = n;
	if (n == 8 && !strncmp(vs, "revision", 8)) {
		o->num = 1;
		o->v = (uint64_t)w->s->revs[w->rev].major << 16 | w->s->revs[w->rev].minor;
		return;
	}
	if (n >= sizeof(buf) || memchr(vs, '$', n) || memchr(vs, '(', n) || memchr(vs, '~', n) ||
	    (n >= 7 && !strncmp(vs, "granted", 7)) || (n == 6 && !strncmp(vs, "sizeof", 6))) {
		o->kind = V_RUN;
		return;
	}
	memcpy(buf, vs, n);
	buf[n] = 0;
	o->neg = buf[0] == '-';
	o->v = o->neg ? (uint64_t)strtoll(buf, &end, 0) : strtoull(buf, &end, 0);
	o->num = end != buf && !*end;
	if (!o->num && !(k == V_EQ && ident(vs, n)))
		o->kind = V_RUN;
}

/* The expectation of output key in expect, into o; 0 when none. */
static int find_val(const struct pvabi_stale *w, const char *expect, const char *key,
		    struct val *o)
{
	const char *p = expect;
	size_t kl = strlen(key);

	memset(o, 0, sizeof(*o));
	while (p && *p) {
		size_t n, e;
		int k = V_EQ;

		p += strspn(p, " ");
		n = strcspn(p, " ");
		e = strcspn(p, "<>=");
		if (e < n) {
			size_t vs = e + 1 + (p[e] != '=');

			if (p[e] != '=')
				k = p[e] == '>' ? V_GE : V_LE;
			if (e == 5 && !strncmp(p, "error", 5) && !strcmp(key, "ret")) {
				o->kind = V_ERR;
				o->s = p + vs;
				o->sn = n - vs;
				return 1;
			}
			if (e == kl && !strncmp(p, key, kl) && vs <= n) {
				parse_value(w, p + vs, n - vs, k, o);
				return 1;
			}
		}
		p += n;
	}
	return 0;
}

/* a < b in the type the values were written in. */
static int below(const struct val *a, const struct val *b)
{
	if (a->neg || b->neg)
		return (int64_t)a->v < (int64_t)b->v;
	return a->v < b->v;
}

/* 1 when no one value of output key meets both calls' expectations. */
static int differ(const struct pvabi_stale *w, size_t i, size_t j, const char *key)
{
	struct val a, b;
	int ha = find_val(w, w->obs[i].expect, key, &a), hb = find_val(w, w->obs[j].expect, key, &b);

	if (!ha || !hb)
		return 0;
	/* an error is no result; two errors are not told apart here, since
	 * a value kept from an earlier call is a result, never an error
	 * (the op returns either) */
	if (a.kind == V_ERR || b.kind == V_ERR)
		return a.kind != b.kind;
	if (a.kind == V_RUN || b.kind == V_RUN)
		return 0;
	if (a.kind == V_EQ && b.kind == V_EQ)
		return a.num != b.num || (a.num ? a.v != b.v : a.sn != b.sn || strncmp(a.s, b.s, a.sn));
	if (!a.num || !b.num)
		return 0;
	if (a.kind == V_EQ)
		return b.kind == V_GE ? below(&a, &b) : below(&b, &a);
	if (b.kind == V_EQ)
		return a.kind == V_GE ? below(&b, &a) : below(&a, &b);
	return 0;
}

static void add_keys(struct pvabi_stale *w, const char *expect)
{
	const char *p = expect;
	size_t i;

	while (p && *p) {
		size_t n, e;

		p += strspn(p, " ");
		n = strcspn(p, " ");
		e = strcspn(p, "<>=");
		if (e < n && e < sizeof(w->keys[0]) && !(e == 5 && !strncmp(p, "error", 5))) {
			for (i = 0; i < w->nkeys && (strlen(w->keys[i]) != e ||
						     strncmp(w->keys[i], p, e)); i++)
				;
			if (i == w->nkeys && w->nkeys < PVABI_STALE_KEYS) {
				memcpy(w->keys[w->nkeys], p, e);
				w->keys[w->nkeys++][e] = 0;
			}
		}
		p += n;
	}
}

static int popcount(uint32_t m)
{
	int n = 0;

	for (; m; m &= m - 1)
		n++;
	return n;
}

/* 1 when call i fails with an error the op itself gives, not one the
 * generated dispatch answers before the op runs (a buffer outside guest
 * memory, a value past a declared limit): only a call the op served
 * can leave a value behind for the next one to find. */
static int served(const struct pvabi_stale *w, size_t i)
{
	const struct pvabi_spec *s = w->s;
	const struct pvabi_op *op = &s->ops[w->opi];
	struct val v;
	size_t a;

	if (!find_val(w, w->obs[i].expect, "ret", &v) || v.kind != V_ERR)
		return 0;
	if (v.sn == 6 && !strncmp(v.s, "EFAULT", 6))
		return 0;
	for (a = 0; a < op->nargs; a++) {
		const struct pvabi_limit *l;

		if (op->args[a].limit == PVABI_NONE || !pvabi_life_has(&op->args[a].life, w->rev))
			continue;
		l = &s->limits[op->args[a].limit];
		if ((l->error >= 0 && strlen(s->errors[l->error].name) == v.sn &&
		     !strncmp(s->errors[l->error].name, v.s, v.sn)) ||
		    (l->min_error >= 0 && strlen(s->errors[l->min_error].name) == v.sn &&
		     !strncmp(s->errors[l->min_error].name, v.s, v.sn)))
			return 0;
	}
	return 1;
}

/* The pairs: each time the one that reads the most outputs of its two
 * calls after a value no pair chosen so far left there, the cheaper on a
 * tie, until every call is read after another value in every output
 * some other call tells apart from it. Covering each output once would
 * be cheaper, but a value kept on one path shows only where that path
 * is read after another: the status of a free port, an empty batch. */
static void choose_pairs(struct pvabi_stale *w)
{
	uint32_t covered[PVABI_STALE_OBS] = { 0 };
	size_t i, j, k;
	struct val v;

	/* an error path returns its error, not what a result path kept:
	 * a failing call is read after another value only as the partner of
	 * a call that succeeds (ret is key 0) */
	for (i = 0; i < w->nobs; i++)
		if (find_val(w, w->obs[i].expect, "ret", &v) && v.kind == V_ERR)
			covered[i] |= 1;
	while (w->npairs < PVABI_STALE_PAIRS) {
		struct pvabi_stale_pair best = { 0, 0, 0 };
		size_t cost = (size_t)-1;
		int gain = 0;

		for (i = 0; i < w->nobs; i++)
			for (j = i + 1; j < w->nobs; j++) {
				uint32_t m = 0;
				size_t c = w->obs[i].nhist + w->obs[j].nhist;
				int n;

				for (k = 0; k < w->nkeys; k++)
					if (differ(w, i, j, w->keys[k]))
						m |= UINT32_C(1) << k;
				n = popcount(m & ~covered[i]) + popcount(m & ~covered[j]);
				/* on a tie, a failing call the op served, then
				 * fewer steps replayed */
				c += 2 * (size_t)!(served(w, i) || served(w, j));
				if (n > gain || (n && n == gain && c < cost)) {
					best = (struct pvabi_stale_pair){ i, j, m };
					cost = c;
					gain = n;
				}
			}
		if (!gain)
			return;
		covered[best.a] |= best.keys;
		covered[best.b] |= best.keys;
		w->pairs[w->npairs++] = best;
	}
}

void pvabi_stale_value(const struct pvabi_stale *w, size_t i, size_t key, char *buf, size_t n)
{
	struct val v;

	find_val(w, w->obs[i].expect, w->keys[key], &v);
	snprintf(buf, n, "%s%.*s", v.kind == V_GE ? ">=" : v.kind == V_LE ? "<=" : "", (int)v.sn,
		 v.s ? v.s : "");
}

/* 1 when call i fails with error err (n bytes). */
static int fails_with(const struct pvabi_stale *w, size_t i, const char *err, size_t n)
{
	struct val v;

	return find_val(w, w->obs[i].expect, "ret", &v) && v.kind == V_ERR && v.sn == n &&
	       !strncmp(v.s, err, n);
}

int pvabi_stale_reads(const struct pvabi_stale *w, size_t k, const char *output)
{
	const struct pvabi_stale_pair *p = &w->pairs[k];
	size_t i;

	/* an error is told apart from a success on ret (key 0) */
	if (!strncmp(output, "error ", 6))
		return (p->keys & 1) && (fails_with(w, p->a, output + 6, strlen(output + 6)) ||
					 fails_with(w, p->b, output + 6, strlen(output + 6)));
	for (i = 0; i < w->nkeys; i++)
		if (!strcmp(w->keys[i], output))
			return !!(p->keys & UINT32_C(1) << i);
	return 0;
}

void pvabi_stale_keys_text(const struct pvabi_stale *w, size_t k, char *buf, size_t n)
{
	const struct pvabi_stale_pair *p = &w->pairs[k];
	char a[64], b[64];
	size_t i, at = 0;

	buf[0] = 0;
	for (i = 0; i < w->nkeys && at < n; i++) {
		if (!(p->keys & UINT32_C(1) << i))
			continue;
		pvabi_stale_value(w, p->a, i, a, sizeof(a));
		pvabi_stale_value(w, p->b, i, b, sizeof(b));
		at += (size_t)snprintf(buf + at, n - at, "%s%s %s|%s", at ? ", " : "", w->keys[i], a, b);
	}
}

void pvabi_stale_obs_text(const struct pvabi_stale *w, size_t i, char *buf, size_t n)
{
	const struct pvabi_stale_obs *o = &w->obs[i];
	const struct pvabi_op *op = &w->s->ops[w->opi];
	size_t j, at;

	if (!o->var) {
		snprintf(buf, n, "%s", o->args[0] ? o->args : "()");
		return;
	}
	at = (size_t)snprintf(buf, n, "%s after", op->args[w->harg].name);
	for (j = 0; j < o->nhist && at < n; j++)
		at += (size_t)snprintf(buf + at, n - at, "%s %s", j ? "," : "",
				       w->s->ops[o->hist[j]->op].name);
}

int pvabi_stale_init(struct pvabi_stale *w, const struct pvabi_spec *s, int opi, int rev)
{
	const struct pvabi_op *op = &s->ops[opi];
	size_t i, outs = !op->ret_void;

	memset(w, 0, sizeof(*w));
	w->s = s;
	w->opi = opi;
	w->rev = rev;
	w->harg = w->freer = -1;
	for (i = 0; i < op->nargs; i++)
		outs += pvabi_life_has(&op->args[i].life, rev) &&
			(op->args[i].dir == PVABI_PTR_OUT || op->args[i].dir == PVABI_PTR_INOUT);
	/* an op that hands out handles holds what it returns: calling it
	 * again is no read of the same thing */
	if (s->format != 1 || !outs || op->ret_freed_by || !pvabi_life_has(&op->life, rev))
		return 0;
	for (i = 0; i < op->nvectors && w->nobs < PVABI_STALE_OBS; i++)
		if (pvabi_life_has(&op->vectors[i].life, rev)) {
			w->obs[w->nobs].args = op->vectors[i].args ? op->vectors[i].args : "";
			w->obs[w->nobs++].expect = op->vectors[i].expect;
		}
	stale_hist_collect(w);
	strcpy(w->keys[w->nkeys++], "ret");
	for (i = 0; i < w->nobs; i++)
		add_keys(w, w->obs[i].expect);
	choose_pairs(w);
	return 1;
}
