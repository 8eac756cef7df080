/* Where a vector's buffers lie: carved from the scratch arena, each with
 * guard bytes after it, or, for the argument a vector places at the end
 * of guest memory (PVABI_CARG's edge), flush against the last byte the
 * guest's loader says it has, with the guard before it (docs/checks.md,
 * "Every pointer argument's buffer at the end of guest memory"); one it
 * places across a page boundary (edge with split) is carved from the
 * arena so that a boundary falls inside its extent ("Every pointer
 * argument's buffer placed across a page boundary"). */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

/* The image's last byte (guest/boot/guest.ld). */
extern const char __pvabi_end[];

static uint8_t arena[16384] __attribute__((aligned(64)));

/* A guest page: the unit a platform that maps guest memory piecewise
 * maps in, and the boundary a split buffer straddles. */
#define PAGE 4096u

uint8_t *pvabi_suite_scratch(size_t *size)
{
	*size = sizeof(arena);
	return arena;
}

/* Bytes after each buffer the platform writes, set to 0xa5: a
 * platform that writes past the size the guest gave (its own layout, a
 * larger buffer of its own) changes them, which pvabi_suite_guards_broken
 * sees; before a buffer at the end of memory, where nothing lies after
 * it. Set and read 8 bytes at a time (x86 takes unaligned words). */
#define GUARD 16u
#define GUARD_WORD 0xa5a5a5a5a5a5a5a5ull

static void guard_set(uint8_t *p)
{
	uint64_t w = GUARD_WORD;

	__builtin_memcpy(p, &w, 8);
	__builtin_memcpy(p + 8, &w, 8);
}

static int guard_intact(const uint8_t *p)
{
	uint64_t a, b;

	__builtin_memcpy(&a, p, 8);
	__builtin_memcpy(&b, p + 8, 8);
	return a == GUARD_WORD && b == GUARD_WORD;
}

/* n zero words from p, one string instruction. */
static void zero_words(uint64_t *p, size_t n)
{
	__asm__ volatile("rep stosq" : "+D"(p), "+c"(n) : "a"(0) : "memory");
}

/* Only memory the runtime maps (the first GiB, guest/boot/entry.S) and
 * the image does not hold can take the buffer and its guard. */
const char *pvabi_suite_edge_why(uint32_t extent)
{
	uint64_t end = pvabi_boot_mem_end;

	if (!end)
		return "the loader gave no memory size";
	if (end > (UINT64_C(1) << 30))
		return "guest memory ends above the first GiB the runtime maps";
	if (end < (uintptr_t)__pvabi_end || end - (uintptr_t)__pvabi_end < (uint64_t)extent + GUARD)
		return "guest memory ends inside the image";
	return 0;
}

static uint8_t *edge_at(uint32_t extent)
{
	return pvabi_suite_edge_why(extent) ? 0 : (uint8_t *)(uintptr_t)(pvabi_boot_mem_end - extent);
}

int pvabi_suite_edge_slot(const struct pvabi_carg *args, uint32_t nargs)
{
	uint32_t i;

	for (i = 0; i < nargs && i < 8; i++)
		if (args[i].edge)
			return (int)i;
	return -1;
}

/* Where argument c's guard lies: after its buffer, or before it at the
 * end of memory. */
static uint8_t *guard_of(const struct pvabi_carg *c, uint8_t *buf)
{
	return c->edge && !c->split ? buf - GUARD : buf + c->size;
}

/* The bytes of a split extent before its page boundary: about half, and
 * odd, so that the boundary falls inside any field of 2 bytes or more. */
uint32_t pvabi_suite_split_before(uint32_t extent)
{
	uint32_t b = (extent / 2) | 1u;

	return b < extent ? b : extent - 1;
}

/* The arena offset, at or after used, where an extent of c's starts
 * pvabi_suite_split_before of its bytes before a page boundary. */
static size_t split_at(const struct pvabi_carg *c, size_t used)
{
	uintptr_t before = pvabi_suite_split_before(c->edge);
	uintptr_t p = ((uintptr_t)(arena + used) + before + PAGE - 1) & ~(uintptr_t)(PAGE - 1);

	return (size_t)(p - before - (uintptr_t)arena);
}

/* Arguments of one vector, with buffers carved from the arena (but the
 * one placed at the end of memory): each on a 64-byte boundary, zeroed
 * (padding included) up to the end of the last, then filled. Only that part is cleared: at about 1 us per emulated
 * instruction, clearing the whole arena cost tens of ms per vector. */
int pvabi_suite_args(const struct pvabi_carg *args, uint32_t nargs, const uint64_t *vars,
		     uint64_t *a, uint8_t **bufs, size_t *used_out)
{
	uint32_t i, n = nargs < 8 ? nargs : 8;
	size_t used = 0, end;

	for (i = 0; i < n; i++) {
		const struct pvabi_carg *c = &args[i];

		bufs[i] = 0;
		if (c->kind == PVABI_CARG_EXPR) {
			if (pvabi_cexpr_eval(c->expr, vars, 0, (int64_t *)&a[i]))
				return -2;
			continue;
		}
		if (c->kind == PVABI_CARG_VALUE || c->kind == PVABI_CARG_VAR) {
			a[i] = c->kind == PVABI_CARG_VAR ? (vars ? vars[c->value & 7] : 0) : c->value;
			continue;
		}
		if (c->edge && !c->split) {
			if (!(bufs[i] = edge_at(c->edge)))
				return -1;
			a[i] = (uint64_t)(uintptr_t)bufs[i];
			continue;
		}
		used = c->split ? split_at(c, used) : (used + 63) & ~(size_t)63;
		if (used + c->size > sizeof(arena) || used + c->edge > sizeof(arena))
			return -1;
		bufs[i] = arena + used;
		a[i] = (uint64_t)(uintptr_t)bufs[i];
		/* all of a split extent lies in the cleared part */
		used += c->split && c->edge > c->size ? c->edge : c->size ? c->size : 1;
		if (c->kind == PVABI_CARG_SCRATCH)
			used += GUARD;
	}
	if (used > sizeof(arena))
		return -1;
	end = (used + 7) & ~(size_t)7;
	zero_words((uint64_t *)(void *)arena, end / 8);
	for (i = 0; i < n; i++) {
		const struct pvabi_carg *c = &args[i];

		if (c->edge && !c->split && bufs[i]) /* all the platform may touch, zeroed as the arena */
			memset(bufs[i], 0, c->edge);
		if (c->kind == PVABI_CARG_BYTES)
			memcpy(bufs[i], c->bytes, c->size);
		else
			pvabi_out_poison(c, bufs[i]);
		if (c->kind == PVABI_CARG_SCRATCH && c->size_field && c->size >= 4)
			*(uint32_t *)bufs[i] = c->size; /* the size guard */
		if (c->kind == PVABI_CARG_SCRATCH)
			guard_set(guard_of(c, bufs[i]));
	}
	if (used_out)
		*used_out = end;
	return 0;
}

/* The guard beside every buffer the platform writes is intact: the
 * index of the first argument whose guard changed, or -1. */
int pvabi_suite_guards_broken(const struct pvabi_carg *args, uint32_t nargs, uint8_t *const *bufs)
{
	uint32_t i, n = nargs < 8 ? nargs : 8;

	for (i = 0; i < n; i++)
		if (args[i].kind == PVABI_CARG_SCRATCH && bufs[i] &&
		    !guard_intact(guard_of(&args[i], bufs[i])))
			return (int)i;
	return -1;
}

