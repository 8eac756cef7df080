/* Exceptions: every vector 0-31 reports what happened and ends the run
 * as CRASH. Called by the stubs of isr.S with the frame they built. */
#include "guest/rt/runtime.h"

struct exc_frame {
	uint64_t vector, error, rip, cs, rflags;
};

void pvabi_exception(const struct exc_frame *f);

void pvabi_exception(const struct exc_frame *f)
{
	uint64_t cr2;

	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	pvabi_console_flush();
	pvabi_printf("Bail out! exception vector %llu error 0x%llx rip 0x%llx cr2 0x%llx\n",
		     (unsigned long long)f->vector, (unsigned long long)f->error,
		     (unsigned long long)f->rip, (unsigned long long)cr2);
	pvabi_exit(PVABI_CRASH);
}
