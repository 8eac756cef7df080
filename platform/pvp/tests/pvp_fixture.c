#include "platform/pvp/tests/pvp_fixture.h"

#include <stdlib.h>
#include <string.h>

int gmem_alloc(struct gmem *g, size_t size)
{
	g->base = malloc(size + 2 * GUARD);
	if (!g->base)
		return -1;
	memset(g->base, GUARD_BYTE, GUARD);
	memset(g->base + GUARD + size, GUARD_BYTE, GUARD);
	g->mem = g->base + GUARD;
	g->size = size;
	memset(g->mem, 0, size);
	return 0;
}

int gmem_guards_intact(const struct gmem *g)
{
	size_t i;

	for (i = 0; i < GUARD; i++)
		if (g->base[i] != GUARD_BYTE || g->mem[g->size + i] != GUARD_BYTE)
			return 0;
	return 1;
}

void gmem_free(struct gmem *g)
{
	free(g->base);
	g->base = g->mem = NULL;
}

void logbuf_sink(void *ctx, const char *buf, size_t n)
{
	struct logbuf *l = ctx;

	l->calls++;
	if (l->used + n < sizeof(l->buf)) {
		memcpy(l->buf + l->used, buf, n);
		l->used += n;
		l->buf[l->used] = '\0';
	}
}

int pvp_test_window_profile(struct pvabi_neg_profile *p)
{
	struct pvabi_neg_rev_desc d[PVP_WINDOW_NREVS];
	int k;

	for (k = 0; k < PVP_WINDOW_NREVS; k++) {
		d[k].rev = pvp_window_revs[k];
		d[k].served = 1;
		d[k].features_defined = pvp_window_features[k];
	}
	return pvabi_neg_profile_build(p, d, PVP_WINDOW_NREVS, ~UINT64_C(0), 0x70767074);
}

int pvp_test_negotiate(struct pvp_ctx *c, uint64_t at, uint32_t min, uint32_t max,
		       uint64_t optional)
{
	struct pvabi_neg_offer o = { min, max, 0, optional, 0x7e57 };
	struct pvabi_neg_answer a;
	uint64_t args[2] = { at, at + 64 };
	int n = pvabi_neg_offer_encode(&o, c->host.mem + at, 64);

	if (n < 0 || pvp_platform_call(c, PVP_OP_NEGOTIATE, 2, args) != 0)
		return -1;
	pvabi_neg_guest_accept(&o, c->host.mem + at + 64, PVABI_NEG_ANSWER_SIZE, &a);
	return (int)a.status;
}
