/* The local APIC's interrupt command register, the one part of an APIC
 * this VM has (there is no in-kernel interrupt controller: its two words
 * are MMIO, served from vmm_io.c). An INIT or a SIPI written there moves
 * the APs it targets from state to state and wakes their threads; the
 * threads themselves, which act on the state, are vmm_smp.c's. A device
 * like COM1: it calls no run loop. */
#include "platform/vmm/vmm_internal.h"

#include <string.h>

#define APIC_ICR_LO 0xfee00300u
#define APIC_ICR_HI 0xfee00310u
#define ICR_BUSY (1u << 12)
#define ICR_INIT 5u
#define ICR_SIPI 6u

static unsigned int icr_mode(uint32_t lo)
{
	return (lo >> 8) & 7u;
}

/* Whether the command reaches AP c: its APIC id as the physical
 * destination, or a shorthand for all (never the sender itself). */
static int icr_targets(const struct vm *v, const struct vm_cpu *from, const struct vm_cpu *c)
{
	switch ((v->icr_lo >> 18) & 3u) {
	case 0:
		return (v->icr_hi >> 24) == c->id;
	case 1:
		return 0; /* self */
	default:
		return c != from;
	}
}

static void icr_command(struct vm *v, const struct vm_cpu *from)
{
	unsigned int mode = icr_mode(v->icr_lo), i;
	/* INIT's de-assert (level-triggered, level 0) does nothing */
	int deassert = (v->icr_lo & 0xc000u) == 0x8000u;

	for (i = 1; i < v->ncpus; i++) {
		struct vm_cpu *c = &v->cpu[i];

		if (!icr_targets(v, from, c))
			continue;
		if (mode == ICR_INIT && !deassert) {
			if (c->state == AP_RUNNING)
				pthread_kill(c->thread, PVABI_VM_KICK_SIGNAL);
			c->state = AP_WAIT_SIPI;
			c->irq = -1;
		} else if (mode == ICR_SIPI && c->state == AP_WAIT_SIPI) {
			c->state = AP_STARTING;
			c->sipi = (uint8_t)v->icr_lo;
			pthread_cond_broadcast(&v->wake);
		}
	}
}

int vmm_apic_mmio(struct vm *v, const struct vm_cpu *from, uint64_t addr, int write,
		 uint8_t *data, uint32_t len)
{
	uint32_t *reg = addr == APIC_ICR_LO ? &v->icr_lo : addr == APIC_ICR_HI ? &v->icr_hi : NULL;
	uint32_t x;

	if (!reg || len != 4)
		return 0;
	if (!write) {
		x = reg == &v->icr_lo ? *reg & ~ICR_BUSY : *reg; /* delivered at once */
		memcpy(data, &x, 4);
		return 1;
	}
	memcpy(reg, data, 4);
	if (reg == &v->icr_lo)
		icr_command(v, from);
	return 1;
}
