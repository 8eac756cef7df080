/* Engines: ways to run one guest image against a platform layer. Every
 * engine reports the same outcomes, so results mean the same whatever ran
 * the guest (kvm-unit-tests style: one runner, several backends behind
 * one table). */
#ifndef PVABI_ENGINE_H
#define PVABI_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "platform/irq.h"

struct pvabi_vm_kvm_pv;

enum pvabi_outcome {
	PVABI_RUN_EXITED,         /* isa-debug-exit with exit_value */
	PVABI_RUN_SHUTDOWN,       /* triple fault / shutdown without a result */
	PVABI_RUN_INTERNAL_ERROR, /* the hypervisor could not run the guest */
	PVABI_RUN_TIMEOUT,
	PVABI_RUN_HALTED,         /* stopped (hlt, interrupts off) without a result */
	PVABI_RUN_UNAVAILABLE,    /* the engine cannot run on this host */
	PVABI_RUN_IMAGE_INVALID,
	PVABI_RUN_HARNESS_ERROR,  /* the runner itself failed */
};

const char *pvabi_outcome_name(enum pvabi_outcome o);

/* Bytes the guest wrote to its console. */
typedef void (*pvabi_console_fn)(void *ctx, const char *buf, size_t n);
/* The guest's vCPU vcpu rang the doorbell: serve the call frame in guest
 * memory as its call. Returns 0, -1 for a harness fault that ends the
 * run, or 1 when the platform stopped the guest at that call (a shutdown
 * it accepted): the run ends as PVABI_RUN_SHUTDOWN, whatever the guest
 * does meanwhile. */
typedef int (*pvabi_doorbell_fn)(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value);
/* The guest's vCPU vcpu rang without a call (a wait's round): the
 * platform runs, serving nothing. Engines whose doorbell is asynchronous
 * (QEMU's UART) need it: a late ring must not serve a frame another vCPU
 * posted meanwhile as its own. 0, or -1 as for the doorbell. */
typedef int (*pvabi_kick_fn)(void *ctx, uint32_t vcpu);

struct pvabi_engine_cfg {
	const char *image;
	const char *cmdline;
	unsigned int timeout_ms;
	size_t mem_size;          /* bytes; 0 = 64 MiB */
	uint16_t doorbell_port;
	pvabi_console_fn console;
	pvabi_doorbell_fn doorbell;
	pvabi_kick_fn kick; /* NULL: a kick is a doorbell */
	void *ctx;
	/* Engines that boot a real hypervisor (xen): the build to boot
	 * (NULL: the engine's default), and where the hypervisor's own
	 * lines go (NULL: dropped), apart from the guest's console. */
	const char *hypervisor;
	pvabi_console_fn hv_log;
	/* Interrupts the platform queued for the guest (its inject hook is
	 * pvabi_irq_post on this queue); NULL: none. Each engine delivers
	 * them its own way (docs/engines.md, Interrupts). */
	struct pvabi_irqq *irqs;
	/* A host kernel's ABI (conformance/host_profile.h): the profile the
	 * kvm engine presents through the own VMM, and the -cpu value the
	 * qemu-kvm engine presents it with. NULL: neither. */
	const struct pvabi_vm_kvm_pv *kvm_pv;
	const char *cpu;
	/* vCPUs the guest gets, 0 = 1, at most PVABI_ENGINE_MAX_VCPUS (the
	 * runner takes it from the image's note, guest/rt/smp.h); the
	 * doorbell names the vCPU that rang (docs/engines.md, vCPUs). */
	unsigned int vcpus;
	/* The vCPUs the engine delivers interrupts to, from vCPU 0 (0: every
	 * one it runs). The QEMU engines given 1 leave out vCPU 1's UART, as
	 * an engine whose interrupts reach vCPU 0 alone: the guest then skips
	 * what it would wait for on vCPU 1 (docs/engines.md, Interrupts). */
	unsigned int irq_vcpus;
	/* Where the guest reads how many interrupt bytes the engine sent each
	 * vCPU (its note, PVABI_VM_NOTE_SENT); 0: it does not. An engine that
	 * delivers through a UART keeps these counts there, so that the guest
	 * can take every interrupt sent before it judges a count
	 * (docs/engines.md, Interrupts). */
	uint64_t sent_gpa;
};

struct pvabi_engine_result {
	enum pvabi_outcome outcome;
	uint32_t exit_value;  /* EXITED: the raw value the guest wrote to isa-debug-exit */
	double run_ms;        /* start to end of the guest */
	uint64_t doorbells;
	/* An engine of a real hypervisor: 1 + the shutdown reason the
	 * hypervisor recorded for the guest, read from its own words (Xen's
	 * console, conformance/xen_console.h); 0: none recorded. */
	int hv_shutdown;
	char reason[256];
};

struct pvabi_engine {
	const char *name;
	/* 0 when usable here; else why in buf */
	int (*probe)(char *why, size_t n);
	int (*run)(const struct pvabi_engine_cfg *cfg, struct pvabi_engine_result *res);
	/* Runs its own hypervisor, not the platform in this process: the
	 * guest's calls never reach the doorbell, so it is no engine for the
	 * reference ABI and `auto` never picks it. */
	int real_hypervisor;
	/* Serves a call in the calling vCPU's own thread (the own VMM), so
	 * what the platform does to its thread, the vCPU undergoes; under
	 * QEMU the vCPU runs in another process and spins on the frame. */
	int serves_in_vcpu;
};

extern const struct pvabi_engine pvabi_engine_kvm;
extern const struct pvabi_engine pvabi_engine_qemu_tcg;
extern const struct pvabi_engine pvabi_engine_qemu_kvm;
extern const struct pvabi_engine pvabi_engine_xen;

/* Every engine, NULL-terminated, fastest-first on a host with hardware
 * virtualization; the real-hypervisor engines last. */
extern const struct pvabi_engine *const pvabi_engines[];

/* The engine of that name, or NULL. */
const struct pvabi_engine *pvabi_engine_find(const char *name);

#define PVABI_DEFAULT_MEM (64u << 20)
#define PVABI_ENGINE_MAX_VCPUS 2u

/* Limits every engine honours alike (docs/engines.md, "Limits"), checked
 * before any engine runs. Timeouts are whole milliseconds on every engine
 * (the kvm engine's timer and the QEMU engines' poll); the command line
 * is bounded by the smallest engine, kvm, whose multiboot/PVH boot data
 * page holds it (QEMU's -append and an exec argument take far more). */
#define PVABI_ENGINE_TIMEOUT_RES_MS 1u
#define PVABI_ENGINE_MAX_TIMEOUT_S 86400u
#define PVABI_ENGINE_MAX_CMDLINE 3071u /* bytes, without the NUL */

/* "2.5" -> 2500: seconds, a fraction rounded up to whole milliseconds.
 * 0; -EINVAL when not a number in (0, PVABI_ENGINE_MAX_TIMEOUT_S];
 * -ERANGE when below the resolution. why names the value. */
int pvabi_engine_parse_timeout(const char *s, unsigned int *ms, char *why, size_t n);
/* 2500 -> "2.5", the exact value in seconds. */
void pvabi_engine_timeout_str(unsigned int ms, char *buf, size_t n);
/* 0, or -E2BIG with the length and the limit in why. */
int pvabi_engine_check_cmdline(const char *cmdline, char *why, size_t n);

/* Writes "wallref=NS wallwin=MS" into buf: the host's wall clock now
 * (CLOCK_REALTIME, ns since 1970 UTC) and win_ms, the longest the run can
 * last from now. A conformance image judges its tied checks against
 * [NS - tolerance, NS + MS + tolerance] (docs/engines.md). Returns what
 * snprintf returns. */
int pvabi_engine_wallref(char *buf, size_t n, unsigned int win_ms);

#endif
