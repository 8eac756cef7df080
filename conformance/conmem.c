#include "conformance/conmem.h"
#include "guest/rt/console_mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A string the records name by address (conrec_read.h), copied before
 * it is measured: the guest may rewrite it meanwhile. */
static long fetch(const void *ctx, uint64_t addr, char *dst, size_t max)
{
	const struct pvabi_host *h = ctx;
	size_t n = 0, k;

	if (addr >= h->size)
		return -1;
	while (n < max && addr + n < h->size) {
		k = max - n < 256 ? max - n : 256;
		if (k > h->size - addr - n)
			k = h->size - addr - n;
		memcpy(dst + n, h->mem + addr + n, k);
		if (memchr(dst + n, 0, k))
			return (long)strlen(dst);
		n += k;
	}
	dst[n] = '\0';
	return (long)n;
}

void pvabi_conmem_init(struct pvabi_conmem *m, pvabi_sink_fn sink, void *ctx)
{
	memset(m, 0, sizeof(*m));
	m->sink = sink;
	m->ctx = ctx;
	pvabi_conrec_reader_init(&m->rd);
	m->rd.fetch = fetch;
}

static void refuse(struct pvabi_conmem *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void refuse(struct pvabi_conmem *m, const char *fmt, ...)
{
	char line[sizeof(m->error) + 32];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->error, sizeof(m->error), fmt, ap);
	va_end(ap);
	m->dead = 1;
	/* in the TAP too, where the cell's log shows what was cut */
	snprintf(line, sizeof(line), "# memory console: %s\n", m->error);
	m->sink(m->ctx, line, strlen(line));
}

/* The rendered text, within PVABI_CONMEM_MAX_OUTPUT: what passes it is
 * dropped, and the drain refuses the channel. */
static void budget_sink(void *ctx, const char *buf, size_t n)
{
	struct pvabi_conmem *m = ctx;
	size_t room = m->out < PVABI_CONMEM_MAX_OUTPUT ? PVABI_CONMEM_MAX_OUTPUT - m->out : 0;

	if (room)
		m->sink(m->ctx, buf, n < room ? n : room);
	m->out += n < room ? n : room + 1;
}

/* The header as it must be: the magic, the capacity registered, a
 * length within it and not behind what was read. */
static int header_ok(struct pvabi_conmem *m, const struct pvabi_host *h,
		     struct pvabi_console_mem *hd)
{
	if (pvabi_gmem_read(h, m->gpa, hd, sizeof(*hd))) {
		refuse(m, "header at 0x%llx outside guest memory", (unsigned long long)m->gpa);
		return 0;
	}
	if (hd->magic != PVABI_CONREC_MAGIC)
		refuse(m, "header magic 0x%08x, not 0x%08x", hd->magic, PVABI_CONREC_MAGIC);
	else if (hd->cap != m->cap)
		refuse(m, "capacity changed from %u to %u", m->cap, hd->cap);
	else if (hd->len > hd->cap)
		refuse(m, "length %u past the capacity %u", hd->len, hd->cap);
	else if (hd->len < m->seen)
		refuse(m, "length %u fell below the %u bytes read, without a drain call", hd->len,
		       m->seen);
	return !m->dead;
}

void pvabi_conmem_drain(struct pvabi_conmem *m, const struct pvabi_host *h)
{
	struct pvabi_console_mem hd;
	char why[sizeof(m->error)];

	if (!m->gpa || m->dead || !header_ok(m, h, &hd))
		return;
	m->rd.fetch_ctx = h;
	while (m->seen < hd.len) {
		uint32_t k = hd.len - m->seen;

		/* whole records only: a read ends where the last one fits */
		if (k > sizeof(m->buf))
			k = sizeof(m->buf);
		if (pvabi_gmem_read(h, m->gpa + sizeof(hd) + m->seen, m->buf, k)) {
			refuse(m, "region at 0x%llx outside guest memory",
			       (unsigned long long)m->gpa);
			return;
		}
		k = pvabi_conrec_whole(m->buf, k, hd.len - m->seen);
		if (pvabi_conrec_render(&m->rd, m->buf, k, m->seen, budget_sink, m, why,
					sizeof(why))) {
			refuse(m, "%s", why);
			return;
		}
		if (m->out > PVABI_CONMEM_MAX_OUTPUT) {
			refuse(m, "records rendered past %u MiB of text (offset %u)",
			       PVABI_CONMEM_MAX_OUTPUT >> 20, m->seen);
			return;
		}
		m->seen += k;
	}
}

/* A new header: its capacity must be one the writer can use and lie in
 * guest memory. */
static int64_t registration(struct pvabi_conmem *m, const struct pvabi_host *h, uint64_t gpa)
{
	struct pvabi_console_mem hd;

	if (pvabi_gmem_read(h, gpa, &hd, sizeof(hd)))
		return -1;
	m->gpa = gpa;
	m->seen = 0;
	m->cap = hd.cap;
	if (hd.cap < PVABI_CONREC_MAX || hd.cap > PVABI_CONREC_MAX_REGION)
		refuse(m, "capacity %u outside %u..%u", hd.cap, PVABI_CONREC_MAX,
		       PVABI_CONREC_MAX_REGION);
	else if (pvabi_gmem_check(h, gpa + sizeof(hd), hd.cap))
		refuse(m, "region of %u bytes at 0x%llx past guest memory", hd.cap,
		       (unsigned long long)gpa);
	return m->dead ? -1 : 0;
}

int pvabi_conmem_call(struct pvabi_conmem *m, const struct pvabi_host *h, uint32_t op,
		      uint32_t nargs, const uint64_t *args, int64_t *ret)
{
	uint32_t magic;

	if (op != PVABI_CONSOLE_MEM_OP || nargs != 1 || pvabi_gmem_read(h, args[0], &magic, 4) ||
	    magic != PVABI_CONREC_MAGIC)
		return 0;
	if (m->dead) {
		*ret = -1;
		return 1;
	}
	if (args[0] != m->gpa) {
		if ((*ret = registration(m, h, args[0])))
			return 1;
	}
	pvabi_conmem_drain(m, h);
	m->seen = 0; /* the guest starts again at 0 */
	*ret = m->dead ? -1 : 0;
	return 1;
}
