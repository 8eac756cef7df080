#include "abi/names.h"
#include "abi/arena.h"

#include <stdint.h>
#include <string.h>

struct slot {
	const char *key;
	int idx;
};

struct pvabi_names {
	struct slot *v;
	size_t mask;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

struct pvabi_names *pvabi_names_new(struct pvabi_arena *a, size_t expect)
{
	struct pvabi_names *m = pvabi_arena_alloc(a, sizeof(*m));
	size_t cap = 16;

	/* Fixed capacity: the loader knows the element count up front, and
	 * a load factor of at most 1/2 keeps probes short. */
	while (cap < expect * 2)
		cap *= 2;
	if (!m)
		return NULL;
	m->v = pvabi_arena_array(a, cap, sizeof(*m->v));
	if (!m->v)
		return NULL;
	m->mask = cap - 1;
	return m;
}

int pvabi_names_put(struct pvabi_names *m, const char *key, int idx)
{
	size_t i = (size_t)hash(key) & m->mask, n;

	for (n = 0; n <= m->mask; n++, i = (i + 1) & m->mask) {
		if (!m->v[i].key) {
			m->v[i].key = key;
			m->v[i].idx = idx;
			return -1;
		}
		if (!strcmp(m->v[i].key, key))
			return m->v[i].idx;
	}
	return -2;
}

int pvabi_names_get(const struct pvabi_names *m, const char *key)
{
	size_t i, n;

	if (!m)
		return -1;
	i = (size_t)hash(key) & m->mask;
	for (n = 0; n <= m->mask; n++, i = (i + 1) & m->mask) {
		if (!m->v[i].key)
			return -1;
		if (!strcmp(m->v[i].key, key))
			return m->v[i].idx;
	}
	return -1;
}
