#include "guest/rt/io.h"
#include "guest/rt/runtime.h"

#include <stdarg.h>

/* COM1 as a 16550, one byte at a time once THRE (transmit holding
 * register empty) says the UART can take it: a byte written while THRE is
 * clear is lost (QEMU's UART keeps a byte its chardev refused, the
 * runner's socket being momentarily full, and the next write overwrites
 * it). A UART that never reports THRE is given up on after many spins;
 * the run's timeout is the judge. pvabi's own runner takes the console
 * through memory instead (console_mem.h), where nothing waits. */
#define UART_LSR 5
#define UART_LSR_THRE 0x20
#define UART_SPINS (1u << 24)

static void com1_write(const char *s, size_t n)
{
	while (n--) {
		unsigned int i;

		for (i = 0; i < UART_SPINS && !(inb(PVABI_COM1 + UART_LSR) & UART_LSR_THRE); i++)
			cpu_relax();
		outb(PVABI_COM1, (uint8_t)*s++);
	}
}

/* COM1 unless the guest found a better way out: under a real hypervisor
 * that owns the serial port (Xen), only its console call reaches it. */
static pvabi_console_writer_fn writer = com1_write;
static void (*drain)(void);

void pvabi_console_set_writer(pvabi_console_writer_fn w, void (*wait_drained)(void))
{
	writer = w ? w : com1_write;
	drain = w ? wait_drained : 0;
}

void pvabi_console_write(const char *s, size_t n)
{
	writer(s, n);
}

/* Buffered per call so a line leaves in one string instruction. */
struct line {
	char buf[256];
	size_t n;
};

static void line_sink(void *ctx, const char *s, size_t n)
{
	struct line *l = ctx;

	while (n--) {
		l->buf[l->n++] = *s;
		if (*s++ == '\n' || l->n == sizeof(l->buf)) {
			pvabi_console_write(l->buf, l->n);
			l->n = 0;
		}
	}
}

/* TAP output arrives in fragments; collecting them per line keeps it at
 * one port exit per line. */
static struct line pending;

void pvabi_console_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	line_sink(&pending, s, n);
}

void pvabi_console_flush(void)
{
	if (pending.n)
		pvabi_console_write(pending.buf, pending.n);
	pending.n = 0;
}

size_t pvabi_printf(const char *fmt, ...)
{
	struct line l;
	va_list ap;
	size_t n;

	l.n = 0;
	va_start(ap, fmt);
	n = pvabi_vfmt(line_sink, &l, fmt, ap);
	va_end(ap);
	if (l.n)
		pvabi_console_write(l.buf, l.n);
	return n;
}

void pvabi_exit(enum pvabi_status s)
{
	pvabi_console_flush();
	/* The exit write ends the machine at once: output a hypervisor
	 * still holds would be lost. */
	if (drain)
		drain();
	outl(PVABI_DEBUG_EXIT_PORT, PVABI_EXIT_BASE + (uint32_t)s);
	/* Without an exit device the runner's timeout ends the run. */
	for (;;)
		__asm__ volatile("cli; hlt");
}
