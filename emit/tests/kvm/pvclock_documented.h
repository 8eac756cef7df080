/* The pvclock structs as Documentation/virt/kvm/x86/msr.rst documents
 * them (MSR_KVM_WALL_CLOCK and MSR_KVM_SYSTEM_TIME): the kernel keeps them
 * out of its uapi headers (arch/x86/include/asm/pvclock-abi.h), so the
 * KVM spec's layouts are checked against this transcription of the
 * documentation, written by hand, not generated. */
#ifndef PVABI_TEST_PVCLOCK_DOCUMENTED_H
#define PVABI_TEST_PVCLOCK_DOCUMENTED_H

#include <stdint.h>

struct pvclock_wall_clock {
	uint32_t version;
	uint32_t sec;
	uint32_t nsec;
} __attribute__((__packed__));

struct pvclock_vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
} __attribute__((__packed__)); /* 32 bytes */

#endif
