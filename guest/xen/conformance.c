/* The Xen guest of one interface version: every call, number and layout
 * comes from the guest header the generator wrote for that revision of
 * spec/xen.xml (xen_guest.h: the hypercall page's installation through
 * CPUID and the MSR, typed stubs per op and command), so an image built
 * for 3.0.0 calls what a 3.0.0 guest calls (sched_op_compat,
 * event_channel_op_compat) and one built for 4.14.0 what a current guest
 * does. It runs as Xen's first domain (PVH) and prints TAP through
 * console_io.
 *
 *   version=0x40011     expected XENVER_version (major << 16 | minor)
 *   extraversion=.7     expected XENVER_extraversion
 *   features0=0x12b05   expected XENVER_get_features submap 0
 *   unserved=6,16       hypercalls this Xen does not serve this guest type
 *                       (a PVH guest's compat ops): each must answer ENOSYS
 *
 * An expectation not given is a skipped check, never a pass; the host
 * derives them from the spec (the release and the guest type). */
#include "guest/rt/cmdline.h"
#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"
#include "xen_guest.h"
#include "guest/xen/console.h"

#define DOMID_SELF 0x7ff0u /* xen.h: the caller's own domain */

unsigned char xen_hypercall_page[4096] __attribute__((aligned(4096)));

static int expect_hex(const char *cmdline, const char *key, uint32_t *v)
{
	char buf[24];
	const char *p = buf + 2;
	uint32_t x = 0;

	if (pvabi_cmdline_get(cmdline, key, buf, sizeof(buf)) || strncmp(buf, "0x", 2) || !*p)
		return -1;
	for (; *p; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;

		if (d < 0)
			return -1;
		x = x << 4 | (uint32_t)d;
	}
	*v = x;
	return 0;
}

static void version_checks(struct pvabi_tap *t, const char *cmdline)
{
	struct xen_xen_feature_info fi = { 0, 0 };
	xen_extraversion_t extra;
	char want[16];
	long v = xen_xen_version_version(), rc;
	uint32_t exp;

	if (expect_hex(cmdline, "version", &exp) == 0)
		pvabi_tap_check(t, v == (long)exp, "xen_version(version) 0x%lx, expected 0x%x", v, exp);
	else
		pvabi_tap_skip(t, "no version= given", "xen_version(version) 0x%lx", v);
	memset(extra, 0, sizeof(extra));
	rc = xen_xen_version_extraversion(extra);
	extra[sizeof(extra) - 1] = 0;
	pvabi_tap_check(t, rc == 0, "xen_version(extraversion) returns 0 (%ld)", rc);
	if (pvabi_cmdline_get(cmdline, "extraversion", want, sizeof(want)) == 0)
		pvabi_tap_check(t, !strncmp((const char *)extra, want, sizeof(want)),
				"extraversion '%s', expected '%s'", (const char *)extra, want);
	else
		pvabi_tap_skip(t, "no extraversion= given", "extraversion '%s'", (const char *)extra);
	rc = xen_xen_version_get_features(&fi);
	pvabi_tap_check(t, rc == 0, "xen_version(get_features, 0) returns 0 (%ld)", rc);
	if (expect_hex(cmdline, "features0", &exp) == 0)
		pvabi_tap_check(t, fi.submap == exp, "feature submap 0 0x%x, expected 0x%x", fi.submap, exp);
	else
		pvabi_tap_skip(t, "no features0= given", "feature submap 0 0x%x", fi.submap);
	rc = xen_xen_version(0x7fff, 0);
	pvabi_tap_check(t, rc == XEN_ENOSYS, "xen_version(unknown 0x7fff) ENOSYS (%ld)", rc);
}

/* Whether the host said op is not served to this guest type. */
static int unserved(const char *cmdline, uint32_t op)
{
	char list[64];

	return pvabi_cmdline_get(cmdline, "unserved", list, sizeof(list)) == 0 &&
	       pvabi_cmdline_list_has_number(list, op);
}

/* rc of a call to op: 0 when served, ENOSYS when the host said not. */
static int served_rc(struct pvabi_tap *t, const char *cmdline, uint32_t op, long rc,
		     const char *what)
{
	if (unserved(cmdline, op))
		return pvabi_tap_check(t, rc == XEN_ENOSYS, "%s: op %u not served here, ENOSYS (%ld)",
				       what, (unsigned int)op, rc);
	return pvabi_tap_check(t, rc == 0, "%s returns 0 (%ld)", what, rc);
}

static void runstate_check(struct pvabi_tap *t)
{
	static struct xen_vcpu_runstate_info info;
	struct xen_vcpu_register_runstate_memory_area area;
	long rc;

	memset(&area, 0, sizeof(area));
	info.state = -1;
	area.addr.v = &info;
	rc = xen_vcpu_op_register_runstate_memory_area(0, &area);
	pvabi_tap_check(t, rc == 0 && info.state == XEN_RUNSTATE_RUNNING && info.state_entry_time,
			"vcpu_op(register_runstate_memory_area): rc %ld state %d (running %d)", rc,
			(int)info.state, XEN_RUNSTATE_RUNNING);
}

static void other_checks(struct pvabi_tap *t, const char *cmdline)
{
	static uint8_t e820[64 * 20];
	struct xen_xen_memory_map mm;
	long rc = xen_console_io_write(0, (const uint8_t *)"");

	pvabi_tap_check(t, rc == 0, "console_io(write, 0 bytes) returns 0 (%ld)", rc);
#ifdef XEN_OP_SCHED_OP
	served_rc(t, cmdline, XEN_OP_SCHED_OP, xen_sched_op_yield(), "sched_op(yield)");
#else
	served_rc(t, cmdline, XEN_OP_SCHED_OP_COMPAT, xen_sched_op_compat_yield(),
		  "sched_op_compat(yield)");
#endif
	runstate_check(t);
	memset(&mm, 0, sizeof(mm));
	mm.nr_entries = 64;
	mm.buffer = e820;
	rc = xen_memory_op_memory_map(&mm);
	pvabi_tap_check(t, rc == 0 && mm.nr_entries > 0 && mm.nr_entries <= 64,
			"memory_op(memory_map): rc %ld, %u entries", rc, mm.nr_entries);
}

/* One event-channel command the way this interface version makes it:
 * its own op (32) from 3.2.2, before that the compat op (16) with the
 * command and its argument in one struct evtchn_op. */
static long evtchn(int32_t cmd, void *arg, size_t size)
{
#ifdef XEN_OP_EVENT_CHANNEL_OP
	(void)size;
	return xen_event_channel_op(cmd, (unsigned long)(uintptr_t)arg);
#else
	struct xen_evtchn_op op;
	long rc;

	memset(&op, 0, sizeof(op));
	op.cmd = (xen_evtchn_cmd_t)cmd;
	memcpy(&op.u, arg, size);
	rc = xen_event_channel_op_compat(&op);
	memcpy(arg, &op.u, size);
	return rc;
#endif
}

static void evtchn_checks(struct pvabi_tap *t, const char *cmdline)
{
	struct xen_evtchn_alloc_unbound a = { DOMID_SELF, DOMID_SELF, 0 };
	struct xen_evtchn_status st;
	struct xen_evtchn_send s;
	struct xen_evtchn_close c;
	long rc = evtchn(XEN_EVTCHN_CMD_ALLOC_UNBOUND, &a, sizeof(a));

#ifdef XEN_OP_EVENT_CHANNEL_OP
	if (unserved(cmdline, XEN_OP_EVENT_CHANNEL_OP)) {
		served_rc(t, cmdline, XEN_OP_EVENT_CHANNEL_OP, rc, "evtchn alloc_unbound");
		return;
	}
#else
	if (unserved(cmdline, XEN_OP_EVENT_CHANNEL_OP_COMPAT)) {
		served_rc(t, cmdline, XEN_OP_EVENT_CHANNEL_OP_COMPAT, rc, "evtchn alloc_unbound");
		return;
	}
#endif
	if (!pvabi_tap_check(t, rc == 0 && a.port > 0, "evtchn alloc_unbound: rc %ld port %u", rc,
			     a.port))
		return;
	memset(&st, 0, sizeof(st));
	st.dom = DOMID_SELF;
	st.port = a.port;
	rc = evtchn(XEN_EVTCHN_CMD_STATUS, &st, sizeof(st));
	pvabi_tap_check(t, rc == 0 && st.status == XEN_EVTCHN_STAT_UNBOUND,
			"evtchn status: rc %ld status %u (unbound %u)", rc, (unsigned int)st.status,
			XEN_EVTCHN_STAT_UNBOUND);
	s.port = a.port;
	rc = evtchn(XEN_EVTCHN_CMD_SEND, &s, sizeof(s));
	pvabi_tap_check(t, rc == 0, "evtchn send on an unbound port: rc %ld", rc);
	c.port = a.port;
	rc = evtchn(XEN_EVTCHN_CMD_CLOSE, &c, sizeof(c));
	pvabi_tap_check(t, rc == 0, "evtchn close: rc %ld", rc);
	rc = evtchn(XEN_EVTCHN_CMD_SEND, &s, sizeof(s));
	pvabi_tap_check(t, rc == XEN_EINVAL, "evtchn send after close refused EINVAL: rc %ld", rc);
	rc = evtchn(XEN_EVTCHN_CMD_STATUS, &st, sizeof(st));
	pvabi_tap_check(t, rc == 0 && st.status == XEN_EVTCHN_STAT_CLOSED,
			"evtchn status after close: rc %ld status %u (closed %u)", rc,
			(unsigned int)st.status, XEN_EVTCHN_STAT_CLOSED);
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	struct pvabi_tap t;

	if (xen_hypercall_page_install((uint64_t)(uintptr_t)xen_hypercall_page) ||
	    !((volatile unsigned char *)xen_hypercall_page)[0]) {
		pvabi_printf("Bail out! no Xen hypercall page\n");
		return PVABI_ERROR;
	}
	pvabi_xen_console_use();
	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	pvabi_tap_diag(&t, "Xen guest of interface version %s (0x%08x), command line '%s'",
		       XEN_REVISION_ID, XEN_REVISION, cmdline);
	version_checks(&t, cmdline);
	other_checks(&t, cmdline);
	evtchn_checks(&t, cmdline);
	return pvabi_tap_end(&t);
}
