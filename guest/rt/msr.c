/* MSR access that survives #GP, for guests that probe which MSRs a
 * platform offers: the instruction's address and the one after it are
 * handed to the exception path (exception.c) just before it runs. */
#include "guest/rt/runtime.h"

int pvabi_rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;

	pvabi_fault_vector = -1;
	__asm__ volatile("leaq 1f(%%rip), %%r11\n\t"
			 "movq %%r11, pvabi_fault_rip(%%rip)\n\t"
			 "leaq 2f(%%rip), %%r11\n\t"
			 "movq %%r11, pvabi_fault_resume(%%rip)\n"
			 "1:\trdmsr\n"
			 "2:"
			 : "+a"(lo), "+d"(hi)
			 : "c"(msr)
			 : "r11", "memory");
	pvabi_fault_rip = 0;
	*val = pvabi_fault_vector < 0 ? (uint64_t)hi << 32 | lo : 0;
	return pvabi_fault_vector;
}

long pvabi_rdmsr_err(uint32_t msr, uint64_t *val)
{
	int vec = pvabi_rdmsr_safe(msr, val);

	return vec < 0 ? 0 : -vec;
}

long pvabi_wrmsr_err(uint32_t msr, uint64_t val)
{
	int vec = pvabi_wrmsr_safe(msr, val);

	return vec < 0 ? 0 : -vec;
}

int pvabi_wrmsr_safe(uint32_t msr, uint64_t val)
{
	pvabi_fault_vector = -1;
	__asm__ volatile("leaq 1f(%%rip), %%r11\n\t"
			 "movq %%r11, pvabi_fault_rip(%%rip)\n\t"
			 "leaq 2f(%%rip), %%r11\n\t"
			 "movq %%r11, pvabi_fault_resume(%%rip)\n"
			 "1:\twrmsr\n"
			 "2:"
			 :
			 : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
			 : "r11", "memory");
	pvabi_fault_rip = 0;
	return pvabi_fault_vector;
}
