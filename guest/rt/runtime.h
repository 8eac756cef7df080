/* The guest runtime: console, exit, exceptions, boot information. */
#ifndef PVABI_GUEST_RUNTIME_H
#define PVABI_GUEST_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "guest/rt/fmt.h"
#include "guest/rt/status.h"

#define PVABI_COM1 0x3f8
#define PVABI_DEBUG_EXIT_PORT 0xf4
#define PVABI_BOOT_MULTIBOOT 0x2badb002u
#define PVABI_BOOT_PVH 0x336ec578u

/* Writes to the console: COM1, or the writer the guest installed. */
void pvabi_console_write(const char *s, size_t n);
typedef void (*pvabi_console_writer_fn)(const char *s, size_t n);
/* NULL restores COM1. wait_drained (or NULL) is called before the run
 * ends, for a writer whose output leaves later than the call returns. */
void pvabi_console_set_writer(pvabi_console_writer_fn w, void (*wait_drained)(void));
/* Line-buffered; pvabi_exit() flushes. */
void pvabi_console_sink(void *ctx, const char *s, size_t n);
void pvabi_console_flush(void);
size_t pvabi_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Ends the run through isa-debug-exit with the status as its value. */
__attribute__((noreturn)) void pvabi_exit(enum pvabi_status s);

void pvabi_idt_init(void);

/* The first address past the guest's RAM as its loader told it (boot.c),
 * 0 when it did not. */
extern uint64_t pvabi_boot_mem_end;

/* A fault the guest expects: when the instruction at pvabi_fault_rip
 * raises an exception, exception.c records its vector in
 * pvabi_fault_vector and resumes at pvabi_fault_resume instead of ending
 * the run; either way pvabi_fault_rip is cleared. msr.c uses it. */
extern volatile uint64_t pvabi_fault_rip, pvabi_fault_resume;
extern volatile int pvabi_fault_vector;
/* MSR access that survives a fault: -1 when the instruction completed,
 * else the vector it raised (13 for #GP); *val is 0 after a fault. */
int pvabi_rdmsr_safe(uint32_t msr, uint64_t *val);
int pvabi_wrmsr_safe(uint32_t msr, uint64_t val);
/* The same as a generated header's MSR hooks want them (ABI_MSR_READ,
 * ABI_MSR_WRITE): 0, or the negated vector (-13 for #GP). */
long pvabi_rdmsr_err(uint32_t msr, uint64_t *val);
long pvabi_wrmsr_err(uint32_t msr, uint64_t val);

/* Upcalls: interrupts on vector 0x40, the vector a guest binds its event
 * channels to, counted since boot by the stub in isr.S: on every vCPU,
 * and on each vCPU (the one that took it). */
#define PVABI_UPCALL_VECTOR 0x40
#define PVABI_UPCALL_VCPUS 2
extern volatile uint64_t pvabi_upcalls;
extern volatile uint64_t pvabi_upcalls_on[PVABI_UPCALL_VCPUS];
/* The vector each upcall carried, per vCPU, upcall n at [n % 16]: the
 * UART byte where the engine delivers bytes, the IDT vector where it
 * injects (upcall.c). */
#define PVABI_UPCALL_VEC_LOG 16
extern volatile uint8_t pvabi_upcall_vecs[PVABI_UPCALL_VCPUS][PVABI_UPCALL_VEC_LOG];
/* An interrupt injected on a vector other than PVABI_UPCALL_VECTOR
 * (exception.c tells it from a fault): counted as an upcall with it. */
void pvabi_upcall_stray(uint32_t vector);
/* Routes the engine's interrupts to the upcall vector: needed where they
 * arrive as bytes on the UART behind the doorbell port (QEMU), vCPU 1's
 * on a second UART when the engine has one, nothing to do where the
 * engine injects the vector (the own VMM). */
void pvabi_upcall_init(uint16_t port);
/* On vCPU 1, each time it starts: its local APIC takes what is routed
 * to it, and a byte its UART kept while it was stopped is taken. */
void pvabi_upcall_ap_init(void);
/* Whether this engine can deliver interrupts to vcpu at all: vCPU 0
 * always; vCPU 1 where the engine injects vectors itself or has a UART
 * for it (QEMU's one doorbell UART reaches vCPU 0 alone). */
int pvabi_upcall_reaches(uint32_t vcpu);
/* The vCPU running the caller: 0, or 1 on vCPU 1's own stack. */
uint32_t pvabi_upcall_self(void);
/* Maps the local and I/O APIC pages (the fourth GiB); once is enough. */
void pvabi_apic_map(void);
/* The TSC now. */
uint64_t pvabi_tsc(void);
/* (d * mul) >> 32, the product in 96 bits, without a 128-bit type (32-bit
 * guests have none): how a 32.32 multiplier scales a TSC delta (time_info,
 * Xen's and KVM's pvclock records). */
static inline uint64_t pvabi_tsc_scale(uint64_t d, uint32_t mul)
{
	return ((d & 0xffffffffu) * mul >> 32) + (d >> 32) * mul;
}
/* The TSC's rate from the platform's clock of ns: t0 taken before a
 * reading n0 of it, n1 read just now (the ticks counted err high, so
 * the rate does, and a window by it is never short). At least 10 ms of
 * n0 .. n1 or nothing is measured. */
void pvabi_bound_calibrate(uint64_t t0, uint64_t n0, uint64_t n1);
/* The TSC's rate in kHz as the ABI states it (a pvclock record's scale:
 * guest/rt/pvclock.c), taken between 100 MHz and 10 GHz. */
void pvabi_bound_rate(uint64_t khz);
/* The rate measured, in kHz, or 0. */
uint64_t pvabi_bound_khz(void);
/* A wait's bound: at least within_ns by the TSC, and never more rounds
 * than within_ns. An exact window (exact) counts the TSC at its
 * measured rate, so it lasts within_ns; any other bound, and one before
 * the rate is measured, counts it as if it ran at 4 GHz. */
struct pvabi_bound {
	uint64_t t0, ticks, rounds, left;
};
void pvabi_bound_start(struct pvabi_bound *b, uint64_t within_ns, int exact);
int pvabi_bound_over(struct pvabi_bound *b);
/* What a run's waits took (docs/matrix.md, Cost): waits ended; the ns
 * their exact windows and idles declared (each lets all of it pass);
 * the TSC ticks the waits for an event took, up to it or their bound;
 * the ticks every wait took. */
struct pvabi_waited {
	uint64_t waits, declared_ns, event_ticks, ticks;
};
/* Ends a wait bounded by b (exact: it lets its whole window pass), adds
 * it to the calling vCPU's sum. */
void pvabi_bound_end(struct pvabi_bound *b, int exact);
/* Every vCPU's waits summed into *sum. */
void pvabi_waited_sum(struct pvabi_waited *sum);
/* Loads the IDT pvabi_idt_init built (on another vCPU). */
void pvabi_idt_load(void);
/* Rings the doorbell at port without a call, so the platform gets the
 * CPU (a platform may fire timers only then); serves nothing. */
void pvabi_kick(uint16_t port);
/* Waits with interrupts enabled until the calling vCPU's upcalls reach
 * target (exact: for all of within_ns), kicking the platform through
 * port each round, for at least within_ns (a bound as above). Returns
 * that vCPU's count then. */
uint64_t pvabi_upcall_wait(uint64_t target, int exact, uint64_t within_ns, uint16_t port);
/* 1 when the engine says how many interrupts it sent vcpu (upcall.c,
 * pvabi_irq_sent), so that an exact wait takes every one of them. */
int pvabi_upcall_sent_noted(uint32_t vcpu);
/* 0 when the calling vCPU's last exact wait or settle ended before every
 * interrupt the engine had sent it arrived (upcall.c, take_sent): its
 * count cannot tell; 1 otherwise. */
int pvabi_upcall_all_taken(uint32_t vcpu);
/* Takes, on the calling vCPU, the interrupts the engine still holds for
 * it (an earlier scenario's events it did not wait for: the own VMM
 * injects one per exit), so that what a scenario counts is its own:
 * rounds with interrupts enabled, each kicking through port, until one
 * brings none (at most 256). */
void pvabi_upcall_settle(uint16_t port);
/* Takes, on the calling vCPU with interrupts enabled and no kick, every
 * interrupt the engine says it sent it (nothing where it says nothing). */
void pvabi_upcall_take(void);
/* The same without kicking (the platform runs on its own: a real
 * hypervisor), all of within_ns when exact, storing 0 to *ack_at (when
 * not NULL) on each upcall of the calling vCPU; returns that vCPU's
 * count then. */
uint64_t pvabi_upcall_wait_ack(uint64_t target, uint64_t within_ns, int exact,
			       volatile uint8_t *ack_at);
/* The time in ns of a pvclock record (Xen's vcpu_time_info, KVM's
 * pvclock_vcpu_time_info): its system time plus the scaled TSC ticks since. */
uint64_t pvabi_pvclock_ns(const volatile void *rec);
/* Polls the width-byte value at p until (value & mask) == want, within
 * the same bound, kicking each round; 1 when seen. *got: the last value. */
int pvabi_mem_poll(const volatile void *p, unsigned int width, uint64_t mask, uint64_t want,
		   uint64_t within_ns, uint16_t port, uint64_t *got);

/* The boot loader's command line, or "" (never NULL). */
const char *pvabi_boot_cmdline(uint32_t magic, uint64_t info);

/* The program: called with the command line once the runtime is up;
 * returns the run's status. */
enum pvabi_status pvabi_guest_run(const char *cmdline);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);

#endif
