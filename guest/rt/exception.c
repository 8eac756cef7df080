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

void pvabi_exception(struct exc_frame *f)
{
	uint64_t cr2;

	if (pvabi_fault_rip && f->rip == pvabi_fault_rip) {
		pvabi_fault_vector = (int)f->vector;
		f->rip = pvabi_fault_resume;
		pvabi_fault_rip = 0;
		return;
	}
	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	pvabi_console_flush();
	pvabi_printf("Bail out! exception vector %llu error 0x%llx rip 0x%llx cr2 0x%llx\n",
		     (unsigned long long)f->vector, (unsigned long long)f->error,
		     (unsigned long long)f->rip, (unsigned long long)cr2);
	pvabi_exit(PVABI_CRASH);
}
