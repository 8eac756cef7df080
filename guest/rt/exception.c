/* Exceptions: every vector 0-31 reports what happened and ends the run
 * as CRASH, unless it was raised by the one instruction a caller said may
 * fault (pvabi_fault_expect): then the vector is recorded and the guest
 * resumes after it. Called by the stubs of isr.S with the frame they
 * built; returning makes the stub resume at the frame's rip. */
#include "guest/rt/runtime.h"

struct exc_frame {
	uint64_t vector, error, rip, cs, rflags;
};

volatile uint64_t pvabi_fault_rip, pvabi_fault_resume;
volatile int pvabi_fault_vector;

void pvabi_exception(struct exc_frame *f);

/* An interrupt the engine injected on a vector the IDT does not route
 * to the upcall stub, where it injects vectors itself (the own VMM):
 * one of 0x20-0x3f or above 0x40 faults #NP or #GP with an error code
 * that names the IDT entry (bit 1) and says an external event caused it
 * (bit 0); one of 0-31 without an error code arrives through its own
 * stub with interrupts enabled, which only a wait does, and a wait's
 * loop raises no such fault. (A vector of 0-31 the CPU pushes an error
 * code for would misalign the stub's frame: not told apart.) */
static int injected(const struct exc_frame *f, uint32_t *vector)
{
	static const uint32_t with_error = 1u << 8 | 0x7c00u | 1u << 17 | 1u << 21 | 3u << 29;

	if ((f->vector == 11 || f->vector == 13) && (f->error & 3) == 3) {
		*vector = (uint32_t)(f->error >> 3) & 0xff;
		return 1;
	}
	if (f->vector < 32 && !(with_error >> f->vector & 1) && (f->rflags & 0x200)) {
		*vector = (uint32_t)f->vector;
		return 1;
	}
	return 0;
}

void pvabi_exception(struct exc_frame *f)
{
	uint32_t vector;
	uint64_t cr2;

	if (pvabi_fault_rip && f->rip == pvabi_fault_rip) {
		pvabi_fault_vector = (int)f->vector;
		f->rip = pvabi_fault_resume;
		pvabi_fault_rip = 0;
		return;
	}
	if (injected(f, &vector)) {
		pvabi_upcall_stray(vector);
		return;
	}
	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	pvabi_console_flush();
	pvabi_printf("Bail out! exception vector %llu error 0x%llx rip 0x%llx cr2 0x%llx\n",
		     (unsigned long long)f->vector, (unsigned long long)f->error,
		     (unsigned long long)f->rip, (unsigned long long)cr2);
	pvabi_exit(PVABI_CRASH);
}
