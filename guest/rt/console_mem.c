/* The guest side of the memory console (console_mem.h). */
#include "guest/rt/console_mem.h"
#include "guest/rt/cmdline.h"
#include "guest/rt/runtime.h"
#include "guest/rt/transport.h"

/* A pvp cell prints about 6 KiB; several times more checks still fit in
 * one buffer, so a run usually ends with its only drain call. */
#define CAP 32768u

static struct {
	struct pvabi_console_mem h;
	char data[CAP];
} mc __attribute__((aligned(64)));

static int64_t mem_call(void)
{
	uint64_t a = (uint64_t)(uintptr_t)&mc;

	return pvabi_transport_call_raw(&pvabi_transport, PVABI_CONSOLE_MEM_OP, 1, &a, -1);
}

static void mem_flush(void)
{
	if (!mc.h.len)
		return;
	mem_call(); /* the runner took everything: start again at 0 */
	mc.h.len = 0;
}

/* One string move per piece: under an emulating KVM each instruction
 * costs about a microsecond, a byte loop several per byte. */
static void mem_write(const char *s, size_t n)
{
	while (n) {
		size_t k = CAP - mc.h.len, c;
		char *d = mc.data + mc.h.len;

		if (!k) {
			mem_flush();
			continue;
		}
		k = c = k < n ? k : n;
		__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(c) : : "memory");
		/* the bytes before the length that makes them visible */
		*(volatile uint32_t *)&mc.h.len = mc.h.len + (uint32_t)k;
		n -= k;
	}
}

int pvabi_console_mem_start(const char *cmdline)
{
	char v[8];

	if (pvabi_cmdline_get(cmdline, "console", v, sizeof(v)) || strncmp(v, "mem", 4))
		return -1;
	mc.h.magic = PVABI_CONSOLE_MEM_MAGIC;
	mc.h.cap = CAP;
	mc.h.len = 0;
	if (mem_call() != 0)
		return -1; /* not pvabi's runner: COM1 it is */
	pvabi_console_set_writer(mem_write, mem_flush);
	return 0;
}
