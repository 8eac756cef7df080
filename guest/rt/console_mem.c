/* The guest side of the memory console (console_mem.h). */
#include "guest/rt/console_mem.h"
#include "guest/rt/cmdline.h"
#include "guest/rt/runtime.h"
#include "guest/rt/transport.h"

/* A pvp cell's records took about 6 KiB before the input partitions'
 * probes and the range edges' probes and scenarios; with either a 2.1
 * cell's pass 32 KiB. A run that fills the buffer drains and goes on,
 * so this is a cost (one more exit), never a limit. */
#define CAP 65536u

static struct {
	struct pvabi_console_mem h;
	uint8_t data[CAP];
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

/* The image's code and constants (guest/boot/guest.ld). */
extern const char __pvabi_ro_start[], __pvabi_ro_end[];

static struct pvabi_conrec_w w = { mc.data, CAP, &mc.h.len, mem_flush, __pvabi_ro_start,
				   __pvabi_ro_end };

/* Console text (what is not a TAP line of the TAP writer) as records. */
static void mem_write(const char *s, size_t n)
{
	pvabi_conrec_text(&w, s, n);
}

struct pvabi_conrec_w *pvabi_console_mem_start(const char *cmdline)
{
	char v[8];

	if (pvabi_cmdline_get(cmdline, "console", v, sizeof(v)) || strncmp(v, "mem", 4))
		return 0;
	mc.h.magic = PVABI_CONREC_MAGIC;
	mc.h.cap = CAP;
	mc.h.len = 0;
	if (mem_call() != 0)
		return 0; /* not pvabi's runner: COM1 it is */
	pvabi_console_set_writer(mem_write, mem_flush);
	return &w;
}
