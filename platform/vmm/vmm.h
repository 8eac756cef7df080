/* A small VMM over /dev/kvm, as a library (the `kvm` engine).
 *
 * One call runs one guest image to its end: the image is read and
 * validated completely first, then a VM with its vCPUs (one unless
 * cfg->vcpus asks for more) and one memory slot is created, the image is loaded like a multiboot (or PVH) loader would,
 * the vCPU runs until the guest exits through isa-debug-exit or stops in
 * another way, and everything is torn down again before the call returns.
 * No call ever exits the process; errors are negative errno values.
 *
 * The guest sees, besides its RAM:
 *   0xf4          isa-debug-exit: an `out` of 1, 2 or 4 bytes ends the run
 *                 with outcome EXITED and that value (reported raw: not
 *                 QEMU's (v << 1) | 1)
 *   0x3f8-0x3ff   COM1, a minimal 8250: THR bytes go to the console sink
 *                 (from a chatty guest queued in the kernel without an
 *                 exit, see below), LSR reads "transmitter empty",
 *                 scratch/LCR/MCR/IER/divisor hold their values
 *   doorbell      an `out` to cfg->doorbell_port calls cfg->doorbell during
 *                 the exit, with guest memory, once per byte written
 *   extra ports   cfg->ports handlers
 *   interrupts    cfg->irq's vectors, injected when the guest's interrupt
 *                 flag allows; no interrupt controller is emulated
 * Any other port reads as all-ones and ignores writes; any address outside
 * RAM is MMIO that reads as all-ones and ignores writes. Each kind is
 * counted in the result.
 *
 * Guest-physical layout: [0, 0x1000) is never loaded (the initial stack
 * grows down from 0x1000), [0x1000, 0x2000) holds the boot data this VMM
 * writes (GDT, multiboot info or hvm_start_info, command line); an image
 * may load anywhere from 0x2000 up to the end of RAM.
 *
 * The timeout interrupts KVM_RUN with a POSIX timer that signals the
 * calling thread (PVABI_VM_KICK_SIGNAL). The signal is blocked in the
 * calling thread while the run lasts and only unblocked inside KVM_RUN
 * (KVM_SET_SIGNAL_MASK), so it never reaches a handler; a no-op handler is
 * installed once per process when the signal's disposition is the default
 * or ignore, so that a kick arriving inside KVM_RUN cannot kill the
 * process. Runs in different threads are independent. */
#ifndef PVABI_PLATFORM_VMM_H
#define PVABI_PLATFORM_VMM_H

#include <stddef.h>
#include <stdint.h>

#define PVABI_VM_DEFAULT_MEM (64u << 20)
#define PVABI_VM_MIN_MEM (2u << 20)
#define PVABI_VM_MAX_MEM (3072ull << 20) /* below the TSS/identity-map pages */
#define PVABI_VM_MAX_IMAGE (16u << 20)
#define PVABI_VM_DEFAULT_TIMEOUT_MS 10000u
#define PVABI_VM_MAX_TIMEOUT_MS (24u * 3600u * 1000u)
#define PVABI_VM_MAX_CMDLINE 3071 /* bytes, without the NUL */
#define PVABI_VM_MAX_PORTS 32
#define PVABI_VM_MAX_VCPUS 4

/* Guest-physical addresses of the boot data. */
#define PVABI_VM_BOOT_BASE 0x1000u /* boot data: [0x1000, 0x2000) */
#define PVABI_VM_LOAD_MIN 0x2000u  /* lowest address an image may load at */

/* The signal that interrupts KVM_RUN at the deadline (see above); its
 * users need <signal.h>. */
#define PVABI_VM_KICK_SIGNAL (SIGRTMIN + 6)

#define PVABI_VM_DEBUG_EXIT_PORT 0xf4
#define PVABI_VM_COM1 0x3f8

/* Outcomes. The first five are the guest's; the rest say why no guest
 * ran (or why the host side gave up). */
enum pvabi_vm_outcome {
	PVABI_VM_EXITED,         /* isa-debug-exit: exit_value */
	PVABI_VM_SHUTDOWN,       /* triple fault / KVM_EXIT_SHUTDOWN / reset */
	PVABI_VM_INTERNAL_ERROR, /* KVM could not run it: emulation failure,
				  * failed entry, unknown exit reason */
	PVABI_VM_TIMEOUT,
	PVABI_VM_HLT_FOREVER,    /* hlt, and nothing can ever wake it */
	PVABI_VM_UNAVAILABLE,    /* /dev/kvm missing or unusable */
	PVABI_VM_IMAGE_INVALID,  /* rejected before any guest ran */
	PVABI_VM_CONFIG_INVALID, /* the caller's configuration */
	PVABI_VM_HOST_ERROR,     /* out of memory, a failed ioctl during setup,
				  * a port or doorbell handler that failed */
};

const char *pvabi_vm_outcome_name(enum pvabi_vm_outcome o);

/* Bytes the guest wrote to COM1. */
typedef void (*pvabi_vm_console_fn)(void *ctx, const char *buf, size_t n);
/* The guest wrote @value to the doorbell port: serve whatever it asked for
 * in guest memory before returning. Negative ends the run (HOST_ERROR);
 * positive ends it as SHUTDOWN: the platform stopped the guest at that
 * call, as at a shutdown it accepted. */
typedef int (*pvabi_vm_doorbell_fn)(void *ctx, uint32_t vcpu, uint8_t *guest_mem, size_t mem_size,
				    uint8_t value);

/* Extra port range [base, base + count). @size is 1, 2 or 4; string
 * instructions call the handler once per element. A NULL handler reads
 * all-ones / ignores writes. Non-zero ends the run (HOST_ERROR). */
struct pvabi_vm_ioport {
	uint16_t base;
	uint16_t count;
	int (*in)(void *ctx, uint16_t port, unsigned int size, uint32_t *value);
	int (*out)(void *ctx, uint16_t port, unsigned int size, uint32_t value);
	void *ctx;
};

/* Console bytes queued in the kernel instead of one exit each (coalesced
 * PIO, where KVM has it). Registering it makes the VM's teardown cost
 * milliseconds, so AUTO only does so once a guest has written
 * PVABI_VM_COALESCE_AFTER bytes through exits. */
enum pvabi_vm_coalesce {
	PVABI_VM_COALESCE_AUTO = 0,
	PVABI_VM_COALESCE_NEVER,
	PVABI_VM_COALESCE_ALWAYS,
};

#define PVABI_VM_COALESCE_AFTER 512

/* KVM's paravirtual interface as this VM presents it (README.md, "KVM's
 * paravirtual interface"). Zeroed, it is the reference platform's: leaf
 * 0x40000000 carries pvabi's own signature, no KVM leaf is offered, and
 * KVM_CAP_ENFORCE_PV_FEATURE_CPUID is on where the kernel has it, so every
 * KVM MSR (kvmclock 0x11/0x12, 0x4b564d00...) gives the guest #GP. With
 * @present, leaves 0x40000000 ("KVMKVMKVM") and 0x40000001 (what KVM
 * supports, masked by @features) are offered instead, still enforced: a
 * host that offered only those features. @deny lists MSRs that give #GP
 * on read and write whatever the features say (KVM_X86_SET_MSR_FILTER):
 * what an older host did not implement at all. */
#define PVABI_VM_MAX_MSR_DENY 16

struct pvabi_vm_kvm_pv {
	int present;
	uint32_t features;   /* mask of leaf 0x40000001 eax */
	int no_enforce;      /* leave enforcement off: tests of what it prevents */
	const uint32_t *deny;
	size_t ndeny;        /* at most PVABI_VM_MAX_MSR_DENY */
};

struct pvabi_vm_config {
	/* The image: a path, or (when image is NULL) image_data/image_size. */
	const char *image;
	const void *image_data;
	size_t image_size;
	size_t mem_size;         /* bytes, 4 KiB multiple; 0 = 64 MiB */
	const char *cmdline;     /* NULL = "" */
	unsigned int timeout_ms; /* boot to exit; 0 = 10 s */
	pvabi_vm_console_fn console; /* NULL: output is dropped */
	void *console_ctx;
	uint16_t doorbell_port;
	pvabi_vm_doorbell_fn doorbell; /* NULL: no doorbell, the port is unknown */
	void *doorbell_ctx;
	const struct pvabi_vm_ioport *ports;
	size_t nports;
	enum pvabi_vm_coalesce console_coalesce;
	struct pvabi_vm_kvm_pv kvm_pv;
	/* Interrupts for the guest: the next vector to inject, or -1 when
	 * none is queued. Asked before each KVM_RUN; a vector taken is
	 * injected (KVM_INTERRUPT) as soon as the guest can accept it, an
	 * interrupt window being requested meanwhile. NULL: none. */
	int (*irq)(void *ctx, uint32_t vcpu);
	void *irq_ctx;
	/* vCPUs, 0 = 1, at most PVABI_VM_MAX_VCPUS. vCPU 0 enters the image;
	 * the others wait for the guest's INIT and SIPI through its local
	 * APIC's interrupt command register (0xfee00300, destination APIC
	 * id = vCPU number in 0xfee00310, or a shorthand), as on a PC, and
	 * start in real mode at the SIPI's page. The doorbell and cfg->irq
	 * name the vCPU; every callback is made with the VM's lock held, one
	 * at a time. With one vCPU the local APIC is all-ones as before. */
	unsigned int vcpus;
};

struct pvabi_vm_exits {
	uint64_t total;      /* returns from KVM_RUN */
	uint64_t io;         /* KVM_EXIT_IO, all ports */
	uint64_t console;    /* COM1 THR write exits */
	uint64_t console_bytes; /* bytes to the console, however they came */
	uint64_t coalesced;  /* COM1 writes KVM queued without an exit */
	uint64_t com1_other; /* other COM1 registers, reads and writes */
	uint64_t doorbell;   /* doorbell callbacks */
	uint64_t port_handler; /* accesses served by cfg->ports */
	uint64_t unknown_port_in, unknown_port_out;
	uint64_t mmio_read, mmio_write;
	uint64_t hlt;
	uint64_t intr;       /* KVM_RUN interrupted (timer kick, other signals) */
	uint64_t irq_window; /* the guest became able to take an interrupt */
	uint64_t injected;   /* interrupts injected (cfg->irq) */
	uint64_t other;      /* shutdown, errors, unknown reasons */
};

struct pvabi_vm_result {
	enum pvabi_vm_outcome outcome;
	uint32_t exit_value;  /* EXITED: the raw isa-debug-exit value */
	int error;            /* negative errno behind a non-guest outcome, else 0 */
	struct pvabi_vm_exits exits;
	uint64_t boot_ns;     /* first KVM_RUN to the last exit */
	uint64_t setup_ns;    /* open /dev/kvm to the first KVM_RUN */
	uint64_t teardown_ns; /* closing and unmapping everything */
	uint64_t rip;         /* guest rip at the last exit, when known */
	int pv_enforced;      /* KVM's PV-feature enforcement was on */
	uint32_t pv_features; /* leaf 0x40000001 eax offered (0 when none) */
	char reason[256];     /* one line, always set */
};

/* Runs one guest to its end. Returns 0 when a guest ran (outcome EXITED,
 * SHUTDOWN, INTERNAL_ERROR, TIMEOUT or HLT_FOREVER), else a negative errno
 * (-ENOEXEC/-EFBIG/-ENOENT... for IMAGE_INVALID, -EINVAL for
 * CONFIG_INVALID, the failing call's errno for UNAVAILABLE and
 * HOST_ERROR). @res is always filled, reason included. */
int pvabi_vm_run(const struct pvabi_vm_config *cfg, struct pvabi_vm_result *res);

/* 0 when /dev/kvm can run guests here; else a negative errno and why. */
int pvabi_vm_probe(char *why, size_t n);

/* What this host's KVM offers for presenting its PV interface: whether it
 * can enforce the feature bits and filter MSRs, and the feature bits of
 * leaf 0x40000001 it supports. 0, or a negative errno and why. */
struct pvabi_vm_pv_caps {
	int enforce;        /* KVM_CAP_ENFORCE_PV_FEATURE_CPUID */
	int msr_filter;     /* KVM_CAP_X86_MSR_FILTER */
	int kvm_leaves;     /* KVM_GET_SUPPORTED_CPUID has "KVMKVMKVM" */
	uint32_t features;  /* its leaf 0x40000001 eax */
};
int pvabi_vm_pv_caps(struct pvabi_vm_pv_caps *caps, char *why, size_t n);

/* The image loader, exposed for tests and for checking images without
 * running them. */
#define PVABI_VM_MAX_PHNUM 64
#define PVABI_VM_MAX_LOADS 16

enum pvabi_vm_boot { PVABI_VM_BOOT_MULTIBOOT, PVABI_VM_BOOT_PVH };

struct pvabi_vm_segment {
	uint64_t paddr, memsz, offset, filesz;
};

/* An image asks for vCPUs with an ELF note: name "pvabi", type 1, a u32
 * from 1 to PVABI_VM_MAX_VCPUS (guest/rt/smp.h writes it). The VMM runs
 * what the caller's cfg->vcpus says; the caller reads the note. */
#define PVABI_VM_NOTE_NAME "pvabi"
#define PVABI_VM_NOTE_VCPUS 1u
/* The image's counters of the interrupts the engine sent each vCPU as
 * bytes (docs/engines.md, Interrupts): a u64 guest-physical address of
 * PVABI_VM_SENT_VCPUS u64 the engine rewrites after each byte it sends. */
#define PVABI_VM_NOTE_SENT 2u
#define PVABI_VM_SENT_VCPUS 2

struct pvabi_vm_image {
	unsigned int elf_class; /* 32 or 64 */
	unsigned int vcpus;     /* its vCPUs note, 0 when it has none */
	uint64_t sent_gpa;      /* its sent-vectors note, 0 when it has none */
	enum pvabi_vm_boot boot;
	uint32_t entry;         /* guest-physical, entered in 32-bit protected mode */
	uint32_t mb_flags;
	unsigned int nseg;
	struct pvabi_vm_segment seg[PVABI_VM_MAX_LOADS];
};

/* Validates an image of @len bytes for a guest of @mem_size bytes. Returns
 * 0 and fills @img, or -ENOEXEC with a message naming the offending value
 * in @why. Reads nothing outside [buf, buf + len). */
int pvabi_vm_image_parse(const void *buf, size_t len, uint64_t mem_size,
			 struct pvabi_vm_image *img, char *why, size_t why_len);
/* The vCPUs the image at path asks for with its note; 1 when it has
 * none, or cannot be read or loaded (its run then says why). */
unsigned int pvabi_vm_image_vcpus(const char *path);
/* Where the image at path keeps the counts of interrupts sent to it
 * (PVABI_VM_NOTE_SENT); 0 when it has no such note or cannot be read. */
uint64_t pvabi_vm_image_sent_gpa(const char *path);

#endif
