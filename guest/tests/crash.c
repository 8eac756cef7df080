/* A guest that misbehaves on purpose, for the engines' "nothing left
 * behind" tests: every way a run can end without a clean result.
 *
 *   mode=ud2     an invalid opcode: the runtime's handler reports it and
 *                exits CRASH (default)
 *   mode=triple  no IDT, then ud2: a triple fault (SHUTDOWN)
 *   mode=spin    spins forever with interrupts off (the runner's timeout)
 *   mode=hlt     halts forever with interrupts off
 *   mode=ring    rings the doorbell and spins waiting for an answer that a
 *                platform without a server never gives */
#include "guest/rt/cmdline.h"
#include "guest/rt/io.h"
#include "guest/rt/runtime.h"

static __attribute__((noreturn)) void spin(void)
{
	for (;;)
		cpu_relax();
}

static __attribute__((noreturn)) void triple_fault(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) none = { 0, 0 };

	__asm__ volatile("lidt %0\n\tud2" : : "m"(none));
	spin();
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	char mode[16] = "ud2";

	pvabi_cmdline_get(cmdline, "mode", mode, sizeof(mode));
	pvabi_printf("# crash guest: mode=%s\n", mode);
	if (!strncmp(mode, "triple", 7))
		triple_fault();
	if (!strncmp(mode, "spin", 5))
		spin();
	if (!strncmp(mode, "hlt", 4))
		for (;;)
			__asm__ volatile("cli; hlt");
	if (!strncmp(mode, "ring", 5)) {
		volatile uint32_t *state = (volatile uint32_t *)(uintptr_t)0x700c;

		*state = 1;
		outb(0x2f8, 1);
		while (*state != 2)
			cpu_relax();
		return PVABI_ERROR;
	}
	__asm__ volatile("ud2");
	return PVABI_ERROR;
}
