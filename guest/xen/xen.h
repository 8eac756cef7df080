/* The few pieces of Xen's x86-64 guest interface the hand-written Xen
 * guests use, with the numbers and layouts of Xen's public headers
 * (xen/include/public: xen.h, version.h, event_channel.h, sched.h,
 * memory.h). Hypercalls go through the page Xen fills when the guest
 * writes its address to the MSR that CPUID names. */
#ifndef PVABI_GUEST_XEN_H
#define PVABI_GUEST_XEN_H

#include <stdint.h>

#define XEN_CPUID_FIRST 0x40000000u
#define XEN_CPUID_LAST 0x40010000u
#define XEN_CPUID_STEP 0x100u

#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_sched_op 29
#define __HYPERVISOR_event_channel_op 32

#define XENVER_version 0
#define XENVER_extraversion 1
#define XENVER_get_features 6
#define CONSOLEIO_write 0
#define SCHEDOP_yield 0
#define XENMEM_memory_map 9

#define EVTCHNOP_close 3
#define EVTCHNOP_send 4
#define EVTCHNOP_status 5
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNSTAT_closed 0
#define EVTCHNSTAT_unbound 1

#define DOMID_SELF 0x7ff0u
#define XEN_EINVAL 22
#define XEN_ENOSYS 38

struct xen_feature_info {
	uint32_t submap_idx;
	uint32_t submap;
};

struct evtchn_alloc_unbound {
	uint16_t dom, remote_dom;
	uint32_t port;
};

struct evtchn_port_op { /* evtchn_close, evtchn_send */
	uint32_t port;
};

struct evtchn_status {
	uint16_t dom;
	uint32_t port;
	uint32_t status;
	uint32_t vcpu;
	union {
		struct { uint16_t dom; } unbound;
		struct { uint16_t dom; uint32_t port; } interdomain;
		uint32_t pirq, virq;
	} u;
};

struct xen_memory_map {
	uint32_t nr_entries;
	uint64_t buffer; /* guest handle: a pointer on x86-64 */
};

_Static_assert(sizeof(struct evtchn_status) == 24, "evtchn_status layout");
_Static_assert(sizeof(struct xen_memory_map) == 16, "xen_memory_map layout");

/* Finds Xen's CPUID leaves and installs the hypercall page; 0 or a
 * negative value (-1: no Xen signature). Afterwards the console writes
 * through console_io. base and version (major << 16 | minor, CPUID leaf
 * base + 1) are filled when found. */
int pvabi_xen_init(uint32_t *base, uint32_t *version);
long pvabi_xen_hypercall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3);
/* How many yields the exit waits for the console to drain. */
void pvabi_xen_set_drain(unsigned int calls);
/* The hypercall page's first byte, to see that Xen wrote it. */
uint8_t pvabi_xen_page_byte(unsigned int i);

#endif
