/* Input partitions: the probe of one case, derived from a base call (see
 * partition.h). The base is resolved as a vector, the case's argument is
 * put in the case, and the expectation is read with the input's values
 * in place of the arguments' names ("ret=len" of a buffer made one byte
 * longer expects the longer length). */
#include "abi/partition.h"
#include "abi/expr.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...)                                          \
	do {                                               \
		snprintf(err, errlen, __VA_ARGS__);        \
		return -1;                                 \
	} while (0)

int pvabi_part_exists(const struct pvabi_op *op, const struct pvabi_partition *p, int rev)
{
	return pvabi_life_has(&op->life, rev) && pvabi_life_has(&p->life, rev) && p->arg >= 0 &&
	       (size_t)p->arg < op->nargs && pvabi_life_has(&op->args[p->arg].life, rev);
}

/* Blank-separated words of text: their number, or word k into buf. */
static size_t word(const char *text, size_t k, char *buf, size_t len)
{
	size_t n = 0, w;

	while (text && *text) {
		text += strspn(text, " \t\n");
		if (!*text)
			break;
		w = strcspn(text, " \t\n");
		if (n == k && buf && w < len) {
			memcpy(buf, text, w);
			buf[w] = '\0';
		}
		n++;
		text += w;
	}
	return n;
}

size_t pvabi_part_members(const struct pvabi_partition *p)
{
	return p->kind == PVABI_PART_IN ? word(p->in, (size_t)-1, NULL, 0)
	       : p->kind == PVABI_PART_BYTES ? pvabi_part_nclasses() : 1;
}

static int piece_value(const struct pvabi_spec *s, int ei, int rev, const char *t, uint64_t *v)
{
	const struct pvabi_enum *e;
	unsigned long long u;
	char *end;
	size_t i;

	if (isdigit((unsigned char)*t)) {
		errno = 0;
		u = strtoull(t, &end, 0);
		*v = u;
		return errno || *end ? -1 : 0;
	}
	if (ei < 0)
		return -1;
	e = &s->enums[ei];
	for (i = 0; i < e->nvalues; i++)
		if (pvabi_life_has(&e->values[i].life, rev) && !strcmp(e->values[i].name, t)) {
			*v = (uint64_t)e->values[i].value;
			return 0;
		}
	return -1;
}

/* Member k of an IN set: its pieces or-ed. */
static int member_value(const struct pvabi_spec *s, const struct pvabi_partition *p, int rev,
			size_t k, uint64_t *v, char *err, size_t errlen)
{
	char m[128], *piece, *save = NULL;
	uint64_t x;

	if (word(p->in, k, m, sizeof(m)) <= k)
		FAIL("partition %s: member %zu is missing or too long", p->name, k);
	*v = 0;
	for (piece = strtok_r(m, "|", &save); piece; piece = strtok_r(NULL, "|", &save)) {
		if (piece_value(s, p->in_enum, rev, piece, &x))
			FAIL("partition %s: '%s' is not a number or a value of %s in this revision",
			     p->name, piece, p->in_enum >= 0 ? s->enums[p->in_enum].name : "any enum");
		*v |= x;
	}
	return 0;
}

static struct pvabi_vec_arg *find(struct pvabi_vec *v, int arg)
{
	size_t i;

	for (i = 0; i < v->nargs; i++)
		if (v->args[i].arg == arg)
			return &v->args[i];
	return NULL;
}

static int has_at(const struct pvabi_vec_arg *b, size_t at, const unsigned char *x, size_t n)
{
	return at + n <= b->nbytes && !memcmp(b->bytes + at, x, n);
}

/* The buffer put in the case (member k of BYTES); its count follows it. */
static int shape_bytes(const struct pvabi_partition *p, size_t k, struct pvabi_vec_arg *b,
		       char *err, size_t errlen)
{
	size_t i, j, n = p->nbytes, at;

	if (b->kind == PVABI_VA_SCRATCH)
		b->nbytes = 0;
	else if (b->kind != PVABI_VA_BYTES)
		FAIL("partition %s: the base call gives the buffer as an address", p->name);
	b->kind = PVABI_VA_BYTES;
	if (p->kind == PVABI_PART_BYTES) {
		if (pvabi_part_class_put(k, b->bytes, &b->nbytes, PVABI_VEC_MAX_BYTES))
			FAIL("partition %s: class %s does not fit in %d bytes", p->name,
			     pvabi_part_class(p, k), PVABI_VEC_MAX_BYTES);
	} else if (p->kind == PVABI_PART_EMPTY) {
		b->nbytes = 0;
	} else if (p->kind == PVABI_PART_LACKS) {
		for (i = j = 0; i < b->nbytes; i++)
			if (!memchr(p->bytes, (unsigned char)b->bytes[i], n))
				b->bytes[j++] = b->bytes[i];
		b->nbytes = j;
	} else if (p->kind == PVABI_PART_ENDS && !(b->nbytes >= n && has_at(b, b->nbytes - n, p->bytes, n))) {
		if (b->nbytes + n > PVABI_VEC_MAX_BYTES)
			FAIL("partition %s: the buffer grows past %d bytes", p->name, PVABI_VEC_MAX_BYTES);
		memcpy(b->bytes + b->nbytes, p->bytes, n);
		b->nbytes += n;
	} else if (p->kind == PVABI_PART_HOLDS) {
		if (b->nbytes + n + 1 > PVABI_VEC_MAX_BYTES)
			FAIL("partition %s: the buffer grows past %d bytes", p->name, PVABI_VEC_MAX_BYTES);
		if (!b->nbytes)
			b->bytes[b->nbytes++] = '.'; /* the byte after them */
		at = b->nbytes / 2;
		memmove(b->bytes + at + n, b->bytes + at, b->nbytes - at);
		memcpy(b->bytes + at, p->bytes, n);
		b->nbytes += n;
	}
	return 0;
}

static int shape(const struct pvabi_spec *s, const struct pvabi_op *op,
		 const struct pvabi_partition *p, int rev, size_t k, struct pvabi_vec *v, char *err,
		 size_t errlen)
{
	struct pvabi_vec_arg *a = find(v, p->arg), *cnt;
	int ca = op->args[p->arg].count_arg;

	if (!a)
		FAIL("partition %s: the base call has no argument %s", p->name, op->args[p->arg].name);
	if (p->kind == PVABI_PART_IN) {
		a->kind = PVABI_VA_VALUE;
		return member_value(s, p, rev, k, &a->value, err, errlen);
	}
	if (ca < 0 || !(cnt = find(v, ca)) || cnt->kind != PVABI_VA_VALUE)
		FAIL("partition %s: the count of %s is not a constant of the base call", p->name,
		     op->args[p->arg].name);
	if (shape_bytes(p, k, a, err, errlen))
		return -1;
	cnt->value = a->nbytes;
	return 0;
}

static int ident_start(const char *t, const char *at)
{
	return (isalpha((unsigned char)*at) || *at == '_') &&
	       (at == t || !(isalnum((unsigned char)at[-1]) || strchr("_.$", at[-1])));
}

/* One expectation value with the arguments' values in place of their
 * names, folded when it became a constant expression. */
static int subst_value(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
		       const struct pvabi_vec *v, const char *val, char *out, size_t len)
{
	struct pvabi_expr_env env = { s, rev, NULL, 1 };
	struct pvabi_expr x;
	char tmp[160], e[128];
	size_t o = 0, n;
	const char *q;
	int i;

	for (q = val; *q && o + 24 < sizeof(tmp);) {
		const struct pvabi_vec_arg *a;

		n = ident_start(val, q) ? strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") : 0;
		if (n && n < sizeof(e))
			snprintf(e, sizeof(e), "%.*s", (int)n, q);
		if (n && n < sizeof(e) && q[n] != '.' && (i = pvabi_vec_find_arg(op, rev, e)) >= 0 &&
		    (a = find((struct pvabi_vec *)v, i)) &&
		    a->kind == PVABI_VA_VALUE && op->args[i].dir == PVABI_BY_VALUE) {
			o += (size_t)snprintf(tmp + o, sizeof(tmp) - o, "%llu", (unsigned long long)a->value);
			q += n;
			continue;
		}
		n = n ? n : 1;
		if (o + n >= sizeof(tmp))
			return -1;
		memcpy(tmp + o, q, n);
		o += n;
		q += n;
	}
	if (*q)
		return -1;
	tmp[o] = '\0';
	if (pvabi_expr_is(tmp) && !pvabi_expr_compile(&env, tmp, o, &x, e, sizeof(e)) && !x.runtime)
		snprintf(tmp, sizeof(tmp), "%lld", (long long)x.value);
	return (size_t)snprintf(out, len, "%s", tmp) >= len ? -1 : 0;
}

static int subst_expect(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
			const struct pvabi_vec *v, const char *expect, char *out, size_t len)
{
	char buf[256], *save = NULL, *tok, val[200];
	size_t o = 0, key;

	if (snprintf(buf, sizeof(buf), "%s", expect) >= (int)sizeof(buf))
		return -1;
	out[0] = '\0';
	for (tok = strtok_r(buf, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		key = strcspn(tok, "=");
		if (!strncmp(tok, "error=", 6) || !tok[key]) {
			snprintf(val, sizeof(val), "%s", tok + key);
		} else {
			val[0] = '=';
			if (subst_value(s, op, rev, v, tok + key + 1, val + 1, sizeof(val) - 1))
				return -1;
		}
		o += (size_t)snprintf(out + o, len - o, "%s%.*s%s", o ? " " : "", (int)key, tok, val);
		if (o >= len)
			return -1;
	}
	return 0;
}

static const struct pvabi_vector *base_vector(const struct pvabi_op *op, int rev)
{
	size_t i;

	for (i = 0; i < op->nvectors; i++)
		if (pvabi_life_has(&op->vectors[i].life, rev) &&
		    strncmp(op->vectors[i].expect, "error=", 6))
			return &op->vectors[i];
	return NULL;
}

void pvabi_part_quote(const unsigned char *bytes, size_t n, char *buf, size_t len)
{
	size_t i, o = 0;

	o += (size_t)snprintf(buf, len, "'");
	for (i = 0; i < n && o + 6 < len; i++) {
		unsigned char c = bytes[i];

		if (c == '\n')
			o += (size_t)snprintf(buf + o, len - o, "\\n");
		else if (c == '\\' || c == '\'')
			o += (size_t)snprintf(buf + o, len - o, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
	}
	snprintf(buf + o, len - o, "'");
}

/* v as a value name of enum ei, or as names of its bits or-ed
 * ("relative|future"): 0, or -1 when v is not all named. */
static int value_name(const struct pvabi_spec *s, int ei, int rev, uint64_t v, char *out,
		      size_t len)
{
	const struct pvabi_enum *e = ei >= 0 ? &s->enums[ei] : NULL;
	uint64_t left = v;
	size_t i, o = 0;

	for (i = 0; e && i < e->nvalues; i++)
		if (pvabi_life_has(&e->values[i].life, rev) && (uint64_t)e->values[i].value == v)
			return snprintf(out, len, "%s", e->values[i].name) >= (int)len ? -1 : 0;
	for (i = 0; e && v && i < e->nvalues; i++) {
		uint64_t b = (uint64_t)e->values[i].value;

		if (!pvabi_life_has(&e->values[i].life, rev) || !b || (b & (b - 1)) || !(left & b))
			continue;
		o += (size_t)snprintf(out + o, o < len ? len - o : 0, "%s%s", o ? "|" : "",
				      e->values[i].name);
		left &= ~b;
	}
	return e && v && !left && o < len ? 0 : -1;
}

/* "level=info len=6 buf='hello\n'": the probe's inputs as a vector's
 * args would give them. */
static void render(const struct pvabi_spec *s, const struct pvabi_op *op,
		   const struct pvabi_partition *p, int rev, const struct pvabi_vec *v, char *out,
		   size_t len)
{
	char one[PVABI_VEC_MAX_BYTES * 4 + 8];
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < v->nargs && o < len; i++) {
		const struct pvabi_vec_arg *va = &v->args[i];
		const struct pvabi_arg *a = &op->args[va->arg];
		int ei = va->arg == p->arg && p->kind == PVABI_PART_IN ? p->in_enum
			 : a->type.kind == PVABI_T_ENUM ? a->type.index : -1;

		if (va->kind == PVABI_VA_SCRATCH && !va->nbytes)
			continue;
		if (va->kind == PVABI_VA_SCRATCH)
			snprintf(one, sizeof(one), "[%zu]", va->nbytes);
		else if (va->kind == PVABI_VA_BYTES && va->nbytes > 32) /* a TAP line, not a dump */
			snprintf(one, sizeof(one), "[%zu bytes: 0x%02x 0x%02x ... 0x%02x]", va->nbytes,
				 (unsigned char)va->bytes[0], (unsigned char)va->bytes[1],
				 (unsigned char)va->bytes[va->nbytes - 1]);
		else if (va->kind == PVABI_VA_BYTES)
			pvabi_part_quote((const unsigned char *)va->bytes, va->nbytes, one, sizeof(one));
		else if (a->dir == PVABI_BY_VALUE && va->kind == PVABI_VA_VALUE &&
			 !value_name(s, ei, rev, va->value, one, sizeof(one)))
			;
		else if (va->value < 10)
			snprintf(one, sizeof(one), "%llu", (unsigned long long)va->value);
		else
			snprintf(one, sizeof(one), "0x%llx", (unsigned long long)va->value);
		o += (size_t)snprintf(out + o, len - o, "%s%s=%s", o ? " " : "", a->name, one);
	}
}

int pvabi_part_derive(const struct pvabi_spec *s, const struct pvabi_op *op,
		      const struct pvabi_partition *p, int rev, size_t k,
		      struct pvabi_part_probe *out, char *err, size_t errlen)
{
	const struct pvabi_vector *bv = p->base ? NULL : base_vector(op, rev);
	const char *args = p->base ? p->base : bv && bv->args ? bv->args : "";
	const char *expect = p->expect ? p->expect : bv ? bv->expect : NULL;
	struct pvabi_vec v0;

	memset(out, 0, sizeof(*out));
	if (!p->base && !bv)
		return 1;
	if (!expect)
		FAIL("partition %s: args= without expect=", p->name);
	if (pvabi_vec_resolve_text(s, op, args, "ret>=0", rev, NULL, &v0, err, errlen) ||
	    shape(s, op, p, rev, k, &v0, err, errlen))
		return -1;
	if (subst_expect(s, op, rev, &v0, expect, out->expect, sizeof(out->expect)))
		FAIL("partition %s: expect '%s' is too long", p->name, expect);
	if (pvabi_vec_resolve_text(s, op, args, out->expect, rev, NULL, &out->v, err, errlen))
		return -1;
	memcpy(out->v.args, v0.args, sizeof(v0.args));
	out->v.nargs = v0.nargs;
	render(s, op, p, rev, &out->v, out->args, sizeof(out->args));
	return 0;
}

int pvabi_part_refuses(const struct pvabi_spec *s, const struct pvabi_op *op,
		       const struct pvabi_partition *p, int arg, int rev, size_t k,
		       struct pvabi_part_probe *out)
{
	char err[256]; /* an invalid partition is the checker's to report */

	return p->arg == arg && p->kind == PVABI_PART_IN && pvabi_part_exists(op, p, rev) &&
	       !pvabi_part_derive(s, op, p, rev, k, out, err, sizeof(err)) && out->v.is_error;
}

void pvabi_part_describe(const struct pvabi_op *op, const struct pvabi_partition *p,
			 char *buf, size_t n)
{
	static const char *const what[] = { "ends with", "holds none of", "holds", "is empty",
					    "is one of", "holds each class of byte" };
	const char *an = p->arg >= 0 && (size_t)p->arg < op->nargs ? op->args[p->arg].name : "?";
	char q[PVABI_PART_MAX_BYTES * 4 + 8];

	if (p->kind == PVABI_PART_EMPTY) {
		snprintf(buf, n, "%s %s", an, what[p->kind]);
	} else if (p->kind == PVABI_PART_BYTES) {
		size_t k, o = (size_t)snprintf(buf, n, "%s %s, one probe each:", an, what[p->kind]);

		for (k = 0; k < pvabi_part_nclasses() && o < n; k++)
			o += (size_t)snprintf(buf + o, n - o, " %s", pvabi_part_class(p, k));
	} else if (p->kind == PVABI_PART_IN) {
		snprintf(buf, n, "%s %s {%s}", an, what[p->kind], p->in ? p->in : "");
	} else {
		pvabi_part_quote(p->bytes, p->nbytes, q, sizeof(q));
		snprintf(buf, n, "%s %s %s%s", an, what[p->kind], q,
			 p->kind == PVABI_PART_HOLDS ? " before its end" : "");
	}
}
