/* A string -> index map (open addressing) so lookups by name stay O(1)
 * on specs of tens of thousands of elements. Keys are not copied: they
 * must outlive the map (they live in the model's arena). */
#ifndef PVABI_NAMES_H
#define PVABI_NAMES_H

#include <stddef.h>

struct pvabi_arena;
struct pvabi_names;

struct pvabi_names *pvabi_names_new(struct pvabi_arena *a, size_t expect);
/* Returns the existing index if key is present (nothing inserted), -1 if
 * inserted, -2 when out of memory. */
int pvabi_names_put(struct pvabi_names *m, const char *key, int idx);
int pvabi_names_get(const struct pvabi_names *m, const char *key);

#endif
