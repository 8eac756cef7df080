/* The serial stream of Xen and its first domain, split per line (see
 * xen_console.h). Xen prints a line at a time with its prefix at the
 * start; the guest runtime writes a line per console_io call, so lines
 * are the unit both keep whole. */
#include "conformance/xen_console.h"

#include <stdio.h>
#include <string.h>

#define XEN_PREFIX "(XEN)"

void pvabi_xen_console_init(struct pvabi_xen_console *c, pvabi_console_fn guest,
			    pvabi_console_fn xen, void *ctx)
{
	memset(c, 0, sizeof(*c));
	c->guest = guest;
	c->xen = xen;
	c->ctx = ctx;
	c->reason = -1;
}

const struct pvabi_xen_shutdown_line pvabi_xen_shutdown_lines[] = {
	{ " halted: halting machine", "SHUTDOWN_poweroff", 0 },
	{ " shutdown: rebooting machine", "SHUTDOWN_reboot", 1 },
	{ " crashed: ", "SHUTDOWN_crash", 3 },
	{ " shutdown: watchdog rebooting machine", "SHUTDOWN_watchdog", 4 },
};
const size_t pvabi_xen_shutdown_nlines =
	sizeof(pvabi_xen_shutdown_lines) / sizeof(pvabi_xen_shutdown_lines[0]);

/* The reason a line of hwdom_shutdown() names, or -1: "Hardware DomN"
 * and the case's words; "Hardware DomN shutdown (unknown reason R): "
 * for a reason without a case; "Hardware domain N did unsupported soft
 * reset, rebooting." (SHUTDOWN_soft_reset) alone words it otherwise. */
static int shutdown_reason(const char *body)
{
	unsigned int dom, r;
	size_t i;
	int n = 0;

	if (sscanf(body, "Hardware domain %u did unsupported soft reset, rebootin%n", &dom,
		   &n) == 1 && n)
		return 5; /* SHUTDOWN_soft_reset */
	n = 0;
	if (sscanf(body, "Hardware Dom%u%n", &dom, &n) != 1 || !n)
		return -1;
	body += n;
	for (i = 0; i < pvabi_xen_shutdown_nlines; i++)
		if (!strncmp(body, pvabi_xen_shutdown_lines[i].after,
			     strlen(pvabi_xen_shutdown_lines[i].after)))
			return pvabi_xen_shutdown_lines[i].reason;
	n = 0;
	if (sscanf(body, " shutdown (unknown reason %u): %n", &r, &n) == 1 && n && r < 256)
		return (int)r;
	return -1;
}

static int has(const char *line, const char *s)
{
	return strstr(line, s) != NULL;
}

/* What Xen's line says about the run. After a panic Xen waits five
 * seconds and resets; after the first domain crashed it does the same;
 * after it halted, QEMU never exits. Each is known at its line, so the
 * run stops there instead of waiting. */
static void xen_line(struct pvabi_xen_console *c, const char *text)
{
	const char *body = text + strlen(XEN_PREFIX);

	body += strspn(body, " ");
	if (c->in_panic && *body && !has(body, "****")) {
		snprintf(c->why, sizeof(c->why), "Xen panic: %s", body);
		c->in_panic = 0;
	}
	if (!strncmp(body, "Panic on CPU", 12) && c->end == PVABI_XEN_RUNNING) {
		c->end = PVABI_XEN_PANIC;
		c->in_panic = 1;
		snprintf(c->why, sizeof(c->why), "Xen panic");
	} else if (has(body, "Reboot in five seconds") && c->end == PVABI_XEN_PANIC) {
		c->stop = 1;
	} else if (has(body, "Dom0 crashed") && c->end == PVABI_XEN_RUNNING) {
		c->end = PVABI_XEN_CRASHED;
		c->stop = 1;
		snprintf(c->why, sizeof(c->why), "the first domain crashed: %s", body);
	} else if (has(body, "Dom0 shutdown") && c->end == PVABI_XEN_RUNNING) {
		c->end = PVABI_XEN_RESET;
		snprintf(c->why, sizeof(c->why), "the first domain reset the machine: %s", body);
	} else if (has(body, "Dom0 halted") && c->end == PVABI_XEN_RUNNING) {
		c->end = PVABI_XEN_HALTED;
		c->stop = 1;
		snprintf(c->why, sizeof(c->why), "the first domain halted: %s", body);
	} else if (has(body, "did unsupported soft reset") && c->end == PVABI_XEN_RUNNING) {
		c->end = PVABI_XEN_RESET;
		snprintf(c->why, sizeof(c->why), "the first domain reset the machine: %s", body);
	}
	if (c->reason < 0 && c->end != PVABI_XEN_PANIC && (c->reason = shutdown_reason(body)) >= 0 &&
	    has(body, "in 5 seconds"))
		c->stop = 1; /* nothing comes in the five seconds before the reset */
}

static void emit(struct pvabi_xen_console *c, int newline)
{
	c->line[c->n] = '\0';
	if (!strncmp(c->line, XEN_PREFIX, strlen(XEN_PREFIX))) {
		xen_line(c, c->line);
		if (c->xen) {
			c->xen(c->ctx, c->line, c->n);
			c->xen(c->ctx, "\n", 1);
		}
	} else {
		c->line[c->n] = '\n';
		c->guest_bytes += c->n + (size_t)newline;
		if (c->guest)
			c->guest(c->ctx, c->line, c->n + (size_t)newline);
	}
	c->n = 0;
}

void pvabi_xen_console_feed(struct pvabi_xen_console *c, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (buf[i] == '\r')
			continue;
		if (buf[i] == '\n') {
			emit(c, 1);
			continue;
		}
		/* A line longer than the buffer leaves in pieces, each
		 * classified by its own start: only Xen's prefix matters. */
		if (c->n == sizeof(c->line) - 1)
			emit(c, 0);
		c->line[c->n++] = buf[i];
	}
}

void pvabi_xen_console_flush(struct pvabi_xen_console *c)
{
	if (c->n)
		emit(c, 0);
}
