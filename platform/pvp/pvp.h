/* The reference platform of the pvp ABI (spec/platform.xml): the
 * generated dispatch in front of handlers that do what each op's <doc>
 * says, for every revision of the support window. One pvp_ctx is one
 * guest. Engines call pvp_platform_doorbell when the guest rings; the
 * dispatch has checked every pointer argument before a handler sees it,
 * and handlers touch guest memory only through the pvabi_gmem_*
 * accessors (platform/host.h).
 *
 * What is emulated, and how far:
 *   console_write, log_write  records go to o->log (the cell's log)
 *   shutdown                  the reason is recorded in shutdown_reason;
 *                             stopping the vCPUs is the engine's business
 *   cpuid                     a fixed, host-independent leaf table
 *   read/write_msr            a per-vCPU MSR file with the refusals the
 *                             spec documents
 *   mmu_update(_batch)        entries written into guest memory
 *   flush_tlb(_range)         validated and counted (no shadow TLB)
 *   timers, time              platform time is CLOCK_MONOTONIC since init;
 *                             the TSC of time_info and MSR 0x10 is a
 *                             virtual 1 GHz TSC derived from it
 *   event channels            a port table; "delivery" to a bound port is
 *                             counted (and passed to o->inject if set)
 *   yield                     sched_yield() of the serving thread (unless
 *                             opt.yield_answers_at_once) */
#ifndef PVABI_PLATFORM_PVP_H
#define PVABI_PLATFORM_PVP_H

#include <stddef.h>
#include <stdint.h>

#include "negotiator/pvabi_neg.h"
#include "platform/host.h"
#include "pvp_platform.h"

#define PVP_MAX_VCPUS 64 /* the spec allows up to 4096; this platform fewer */
#define PVP_NMSRS 12
#define PVP_MAXPHYADDR 40u /* CPUID 0x80000008 EAX[7:0]; mmu_update checks it */
#define PVP_TSC_KHZ 1000000u /* the virtual TSC runs at 1 GHz */

struct pvp_options {
	void (*log)(void *ctx, const char *buf, size_t n); /* NULL: dropped */
	void *log_ctx;
	/* Added: */
	uint32_t nvcpus;    /* 0 = 1; at most PVP_MAX_VCPUS */
	uint32_t guest_bits; /* 0 = 64; 32 for flush_tlb_range's wrap check */
	/* An event delivered to a bound port; NULL: only counted. */
	void (*inject)(void *ctx, uint32_t vcpu, uint8_t vector);
	void *inject_ctx;
	/* The serving thread is not the calling vCPU's (QEMU runs the guest
	 * beside this process, spinning on the frame): giving up its time
	 * would give up nothing of the guest's, only delay the answer while
	 * the vCPU burns a core, so yield answers at once. */
	int yield_answers_at_once;
	/* What a real hypervisor does at a shutdown it accepts (Xen
	 * destroys or restarts the domain, a VMM leaves its vCPU loop): the
	 * call does not return, pvp_platform_doorbell says the guest is
	 * stopped. 0 (the default): the call answers 0 and the engine's
	 * harness ends the run (docs/checks.md, "How a run ends"). */
	int stop_at_shutdown;
};

struct pvp_port {
	uint8_t state;   /* evtchn_state: 0 free, 1 unbound, 2 bound */
	uint8_t source;  /* evtchn_source */
	uint8_t vector;
	uint8_t pending; /* 0..255 */
	uint32_t vcpu;   /* bound vCPU, or the timer port's owner */
};

struct pvp_vcpu {
	uint64_t msr[PVP_NMSRS];
	uint64_t timer_deadline; /* absolute platform ns; 0: not armed */
	uint32_t timer_port;     /* 0: none */
};

struct pvp_stats {
	uint64_t flushes, range_flushes, yields, timer_fired, timer_dropped;
	uint64_t delivered, pte_writes, log_records, console_bytes;
};

struct pvp_ctx {
	struct pvabi_host host;
	struct pvp_dispatch_state st;
	struct pvabi_neg_session session;
	struct pvabi_neg_profile profile;
	struct pvabi_neg_answer answer; /* the last answer given */
	int answered;
	int shutdown_reason; /* -1: none */
	/* Added: */
	struct pvabi_neg_answer agreed; /* the answer that was OK; status 0 */
	int agreed_valid;               /* ... once there is one */
	struct pvp_options opt;
	uint32_t vcpu;       /* the calling vCPU (the one that rang, as the engine
			      * named it to pvp_platform_doorbell) */
	uint64_t start_ns;   /* CLOCK_MONOTONIC at init: platform time 0 */
	uint64_t wall_at_start_ns;
	int64_t host_offset_ns; /* the host's CLOCK_REALTIME - CLOCK_MONOTONIC
				 * when wall_at_start_ns was last set */
	int host_offset_known;
	uint64_t steal_base_ns;
	uint64_t steal_last_ns;
	struct pvp_port *ports; /* PVP_LIMIT_PORTS_CEILING entries, port 0 unused */
	uint32_t port_hint;     /* no free port below it */
	int debug_port;         /* the guest's debug port, 0: none */
	struct pvp_vcpu vcpus[PVP_MAX_VCPUS];
	struct pvp_stats stats;
};

/* 0 or -errno (-EINVAL for bad options, -ENOMEM). o may be NULL. */
int pvp_platform_init(struct pvp_ctx *c, const struct pvabi_neg_profile *profile,
		      const struct pvp_options *o);
/* Serves the pending call frame at PVP_FRAME_GPA (pvabi_doorbell_fn /
 * pvabi_vm_doorbell_fn) as a call of vcpu, the vCPU that rang. 0, or -1
 * when the frame is outside memory or vcpu is not below opt.nvcpus, or 1
 * once the guest is stopped (opt.stop_at_shutdown and a shutdown
 * recorded): the engine ends the run as a shutdown. */
int pvp_platform_doorbell(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value);
/* A ring of vcpu that the engine knows carries no call (pvabi_kick_fn): a
 * waiting guest giving the platform the CPU. Runs due timers; never
 * serves the frame, which another vCPU may have posted meanwhile. 0, or
 * -1 when vcpu is not below opt.nvcpus. */
int pvp_platform_kick(void *ctx, uint32_t vcpu);
void pvp_platform_fini(struct pvp_ctx *c);

/* Fires due timers (also done on every call). */
void pvp_platform_tick(struct pvp_ctx *c);
/* Platform time in ns (get_time). */
uint64_t pvp_platform_time(const struct pvp_ctx *c);
/* The serving dispatch, for callers that bypass the frame. */
int64_t pvp_platform_call(struct pvp_ctx *c, uint32_t op, uint32_t nargs, const uint64_t *args);

#endif
