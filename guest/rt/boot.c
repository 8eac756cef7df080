/* From the assembly entry to the program: exceptions first, then the
 * command line, then the run, then the exit with its status. */
#include "guest/rt/runtime.h"

void pvabi_guest_main(uint32_t magic, uint32_t info);

const char *pvabi_boot_cmdline(uint32_t magic, uint64_t info)
{
	if (magic == PVABI_BOOT_MULTIBOOT && info) {
		const uint32_t *mbi = (const uint32_t *)(uintptr_t)info;

		if (mbi[0] & (1u << 2) && mbi[4])
			return (const char *)(uintptr_t)mbi[4];
	} else if (magic == PVABI_BOOT_PVH && info) {
		/* hvm_start_info: magic, version, flags, nr_modules,
		 * modlist_paddr (u64), cmdline_paddr (u64) */
		const uint64_t *cmd = (const uint64_t *)(uintptr_t)(info + 24);

		if (*(const uint32_t *)(uintptr_t)info == PVABI_BOOT_PVH && *cmd &&
		    *cmd < (UINT64_C(1) << 30))
			return (const char *)(uintptr_t)*cmd;
	}
	return "";
}

void pvabi_guest_main(uint32_t magic, uint32_t info)
{
	pvabi_idt_init();
	pvabi_exit(pvabi_guest_run(pvabi_boot_cmdline(magic, info)));
}
