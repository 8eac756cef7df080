/* Range edges (abi/edge.h): the points an <edge> speaks for, their
 * values, and what a revision declares of an argument. */
#include "abi/edge.h"
#include "abi/limit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const point_names[] = { "min", "min+1", "max-1", "max" };
static const char *const is_names[] = { "valid", "saturates", "wraps", "refused", "ignored" };

const char *pvabi_edge_points(unsigned int at, char *buf, size_t len)
{
	size_t i, n = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < 4; i++)
		if ((at >> i) & 1 && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", point_names[i]);
	return buf;
}

uint64_t pvabi_edge_value(unsigned int p, unsigned int size)
{
	uint64_t max = size >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * size)) - 1;

	switch (p) {
	case PVABI_EDGE_MIN:
		return 0;
	case PVABI_EDGE_MIN1:
		return 1;
	case PVABI_EDGE_MAX1:
		return max - 1;
	default:
		return max;
	}
}

const char *pvabi_edge_is_name(enum pvabi_edge_is is)
{
	return (unsigned int)is < sizeof(is_names) / sizeof(is_names[0]) ? is_names[is] : "?";
}

int pvabi_edge_is_parse(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(is_names) / sizeof(is_names[0]); i++)
		if (!strcmp(name, is_names[i]))
			return (int)i;
	return -1;
}

/* The points an op's own limit check (handler-limit=) decides: inside
 * the limit's range they are valid or the platform's to refuse, above
 * it refused (the limit's probes); the argument's default is the op's exception. */
static unsigned int handler_points(const struct pvabi_spec *s, const struct pvabi_arg *a)
{
	const struct pvabi_limit *l;
	unsigned int at = 0, p, size = pvabi_prim_size(a->type.prim);
	uint64_t v;

	if (a->handler_limit <= 0 || (size_t)a->handler_limit > s->nlimits)
		return 0;
	l = &s->limits[a->handler_limit - 1];
	for (p = PVABI_EDGE_MIN; p <= PVABI_EDGE_MAX; p <<= 1) {
		v = pvabi_edge_value(p, size);
		if (a->has_default && v == (uint64_t)a->default_value)
			continue;
		if (v >= l->min)
			at |= p;
	}
	return at;
}

unsigned int pvabi_edge_declared(const struct pvabi_spec *s, const struct pvabi_arg *a, int rev)
{
	unsigned int at = handler_points(s, a);
	size_t i;

	for (i = 0; i < a->nedges; i++)
		if (pvabi_life_has(&a->edges[i].life, rev))
			at |= a->edges[i].at;
	return at;
}

int pvabi_edge_unsigned(enum pvabi_prim p)
{
	return p == PVABI_U8 || p == PVABI_U16 || p == PVABI_U32 || p == PVABI_U64 ||
	       p == PVABI_ULONG;
}

int pvabi_edge_expect(const struct pvabi_spec *s, const struct pvabi_edge *e, int64_t *out)
{
	const char *x = e->is == PVABI_EDGE_REFUSED ? e->error : e->expect;
	char *end;
	int k;

	if (e->is == PVABI_EDGE_IGNORED)
		return 1;
	if (!x)
		return -1;
	if (e->is == PVABI_EDGE_REFUSED || !strncmp(x, "error=", 6)) {
		k = pvabi_spec_error(s, e->is == PVABI_EDGE_REFUSED ? x : x + 6);
		if (k < 0)
			return -1;
		*out = s->errors[k].value;
		return 0;
	}
	if (strncmp(x, "ret=", 4) || !x[4])
		return -1;
	errno = 0;
	*out = (int64_t)strtoull(x + 4, &end, 0);
	return errno || *end ? -1 : 0;
}

int pvabi_edge_refuses_alone(const struct pvabi_edge *e, int rev)
{
	return e->is == PVABI_EDGE_REFUSED && !(e->when && *e->when) &&
	       pvabi_life_has(&e->life, rev) && e->error;
}

int pvabi_edge_wanted(const struct pvabi_arg *a)
{
	if (a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_PRIM || a->limit >= 0)
		return 0;
	return pvabi_edge_unsigned(a->type.prim);
}
