#include "abi/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN (64 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct pvabi_arena {
	struct chunk *head;
};

struct pvabi_arena *pvabi_arena_new(void)
{
	return calloc(1, sizeof(struct pvabi_arena));
}

void pvabi_arena_free(struct pvabi_arena *a)
{
	struct chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void *pvabi_arena_alloc(struct pvabi_arena *a, size_t n)
{
	const size_t al = sizeof(max_align_t);
	struct chunk *c = a->head;
	void *p;

	n = (n + al - 1) / al * al;
	if (!n)
		n = al;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

void *pvabi_arena_array(struct pvabi_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return pvabi_arena_alloc(a, n * size);
}

char *pvabi_arena_strdup(struct pvabi_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = pvabi_arena_alloc(a, n);

	if (p)
		memcpy(p, s, n);
	return p;
}
