/* A hand-written Xen guest: booted as Xen's first domain (PVH), it finds
 * Xen, installs the hypercall page, and checks what every Xen since 3.x
 * answers the same way plus the values the command line says this
 * release should give. Its TAP reaches the runner through console_io.
 *
 *   version=0x40011     expected XENVER_version (major << 16 | minor)
 *   extraversion=.7     expected XENVER_extraversion
 *   features0=0x12b05   expected XENVER_get_features submap 0
 *   drain=N             yields before the exit that let Xen send its queued
 *                       console output (default 1024; 0 shows the loss)
 *
 * An expectation not given is a skipped check, never a pass. */
#include "guest/rt/cmdline.h"
#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"
#include "guest/xen/xen.h"

#define HC(nr, a, b) pvabi_xen_hypercall(__HYPERVISOR_##nr, (uint64_t)(a), (uint64_t)(uintptr_t)(b), 0)

static int expect_hex(const char *cmdline, const char *key, uint32_t *v)
{
	char buf[24];
	uint32_t x = 0;
	const char *p = buf + 2;

	if (pvabi_cmdline_get(cmdline, key, buf, sizeof(buf)) || strncmp(buf, "0x", 2) || !*p)
		return -1;
	for (; *p; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0'
			: *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;

		if (d < 0)
			return -1;
		x = x << 4 | (uint32_t)d;
	}
	*v = x;
	return 0;
}

static void version_checks(struct pvabi_tap *t, const char *cmdline, uint32_t cpuid_version)
{
	char extra[16], want[16];
	struct xen_feature_info fi = { 0, 0 };
	long v = HC(xen_version, XENVER_version, 0), rc;
	uint32_t exp;

	pvabi_tap_check(t, v == (long)cpuid_version, "xen_version(version) 0x%lx equals CPUID leaf 0x%x",
			v, cpuid_version);
	if (expect_hex(cmdline, "version", &exp) == 0)
		pvabi_tap_check(t, v == (long)exp, "xen_version(version) 0x%lx, expected 0x%x", v, exp);
	else
		pvabi_tap_skip(t, "no version= given", "xen_version(version) 0x%lx", v);
	memset(extra, 0, sizeof(extra));
	rc = HC(xen_version, XENVER_extraversion, extra);
	extra[sizeof(extra) - 1] = '\0';
	pvabi_tap_check(t, rc == 0, "xen_version(extraversion) returns 0 (%ld)", rc);
	if (pvabi_cmdline_get(cmdline, "extraversion", want, sizeof(want)) == 0)
		pvabi_tap_check(t, strlen(extra) == strlen(want) && !memcmp(extra, want, strlen(want)),
				"extraversion '%s', expected '%s'", extra, want);
	else
		pvabi_tap_skip(t, "no extraversion= given", "extraversion '%s'", extra);
	rc = HC(xen_version, XENVER_get_features, &fi);
	pvabi_tap_check(t, rc == 0, "xen_version(get_features, 0) returns 0 (%ld)", rc);
	if (expect_hex(cmdline, "features0", &exp) == 0)
		pvabi_tap_check(t, fi.submap == exp, "feature submap 0 0x%x, expected 0x%x", fi.submap, exp);
	else
		pvabi_tap_skip(t, "no features0= given", "feature submap 0 0x%x", fi.submap);
	rc = HC(xen_version, 0x7fff, 0);
	pvabi_tap_check(t, rc == -XEN_ENOSYS, "xen_version(unknown 0x7fff) -ENOSYS (%ld)", rc);
}

static void evtchn_checks(struct pvabi_tap *t)
{
	struct evtchn_alloc_unbound a = { DOMID_SELF, DOMID_SELF, 0 };
	struct evtchn_status st;
	struct evtchn_port_op p;
	long rc = HC(event_channel_op, EVTCHNOP_alloc_unbound, &a);

	if (!pvabi_tap_check(t, rc == 0 && a.port > 0, "evtchn alloc_unbound: rc %ld port %u", rc, a.port))
		return;
	memset(&st, 0, sizeof(st));
	st.dom = DOMID_SELF;
	st.port = a.port;
	rc = HC(event_channel_op, EVTCHNOP_status, &st);
	pvabi_tap_check(t, rc == 0 && st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0,
			"evtchn status: rc %ld status %u (unbound 1) remote dom %u", rc, st.status,
			st.u.unbound.dom);
	p.port = a.port;
	rc = HC(event_channel_op, EVTCHNOP_send, &p);
	pvabi_tap_check(t, rc == 0, "evtchn send on an unbound port: rc %ld", rc);
	rc = HC(event_channel_op, EVTCHNOP_close, &p);
	pvabi_tap_check(t, rc == 0, "evtchn close: rc %ld", rc);
	rc = HC(event_channel_op, EVTCHNOP_send, &p);
	pvabi_tap_check(t, rc == -XEN_EINVAL, "evtchn send after close refused -EINVAL: rc %ld", rc);
	rc = HC(event_channel_op, EVTCHNOP_status, &st);
	pvabi_tap_check(t, rc == 0 && st.status == EVTCHNSTAT_closed,
			"evtchn status after close: rc %ld status %u (closed 0)", rc, st.status);
	rc = HC(event_channel_op, 99, &p);
	pvabi_tap_check(t, rc == -XEN_ENOSYS, "event_channel_op(unknown 99) -ENOSYS (%ld)", rc);
}

static void other_checks(struct pvabi_tap *t)
{
	static uint8_t e820[64 * 20];
	struct xen_memory_map mm = { 64, (uint64_t)(uintptr_t)e820 };
	long rc = HC(console_io, CONSOLEIO_write, 0);

	pvabi_tap_check(t, rc == 0, "console_io(write, 0 bytes) returns 0 (%ld)", rc);
	rc = HC(sched_op, SCHEDOP_yield, 0);
	pvabi_tap_check(t, rc == 0, "sched_op(yield) returns 0 (%ld)", rc);
	rc = HC(memory_op, XENMEM_memory_map, &mm);
	pvabi_tap_check(t, rc == 0 && mm.nr_entries > 0 && mm.nr_entries <= 64,
			"memory_op(memory_map): rc %ld, %u entries", rc, mm.nr_entries);
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	struct pvabi_tap t;
	uint32_t base = 0, version = 0;

	if (pvabi_xen_init(&base, &version)) {
		pvabi_printf("Bail out! no XenVMMXenVMM signature in CPUID leaves 0x40000000-0x4000ff00\n");
		return PVABI_ERROR;
	}
	pvabi_xen_set_drain((unsigned int)pvabi_cmdline_number(cmdline, "drain", 1024));
	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	pvabi_tap_diag(&t, "Xen CPUID base 0x%x, version %u.%u, command line '%s'", base,
		       version >> 16, version & 0xffff, cmdline);
	pvabi_tap_check(&t, pvabi_xen_page_byte(0) != 0, "hypercall page filled (first byte 0x%x)",
			pvabi_xen_page_byte(0));
	version_checks(&t, cmdline, version);
	other_checks(&t);
	evtchn_checks(&t);
	return pvabi_tap_end(&t);
}
