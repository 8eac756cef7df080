/* A bump allocator that owns a whole model, so loading never needs a
 * matching free per node and a failed load releases everything at once. */
#ifndef PVABI_ARENA_H
#define PVABI_ARENA_H

#include <stddef.h>

struct pvabi_arena;

struct pvabi_arena *pvabi_arena_new(void);
void pvabi_arena_free(struct pvabi_arena *a);
/* Zeroed, aligned for any type; NULL when out of memory. */
void *pvabi_arena_alloc(struct pvabi_arena *a, size_t n);
void *pvabi_arena_array(struct pvabi_arena *a, size_t n, size_t size);
char *pvabi_arena_strdup(struct pvabi_arena *a, const char *s);

#endif
