/* From the assembly entry to the program: exceptions first, then the
 * command line, then the run, then the exit with its status. */
#include "guest/rt/runtime.h"

void pvabi_guest_main(uint32_t magic, uint32_t info);

uint64_t pvabi_boot_mem_end;

/* The RAM range that holds the image (from 1 MiB) ends where the guest's
 * memory ends: every engine's loader gives the guest one such range
 * (docs/checks.md, "Every pointer argument's buffer at the end of guest
 * memory"). Multiboot: mem_upper, KiB above 1 MiB (flag bit 0). PVH:
 * the memory map of hvm_start_info version 1 (paddr at 40, entries at
 * 48; each addr, size, type 1 for RAM, 24 bytes). 0: not told. */
static uint64_t mem_end(uint32_t magic, uint64_t info)
{
	if (magic == PVABI_BOOT_MULTIBOOT && info) {
		const uint32_t *mbi = (const uint32_t *)(uintptr_t)info;

		return mbi[0] & 1u ? 0x100000u + ((uint64_t)mbi[2] << 10) : 0;
	}
	if (magic == PVABI_BOOT_PVH && info && *(const uint32_t *)(uintptr_t)info == PVABI_BOOT_PVH &&
	    *(const uint32_t *)(uintptr_t)(info + 4) >= 1) {
		uint64_t map = *(const uint64_t *)(uintptr_t)(info + 40);
		uint32_t i, n = *(const uint32_t *)(uintptr_t)(info + 48);

		for (i = 0; map && map < (UINT64_C(1) << 30) && i < n && i < 128; i++) {
			const uint64_t *e = (const uint64_t *)(uintptr_t)(map + 24 * i);

			if ((uint32_t)e[2] == 1 && e[0] <= 0x100000u && e[0] + e[1] > 0x100000u)
				return e[0] + e[1];
		}
	}
	return 0;
}

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
	pvabi_boot_mem_end = mem_end(magic, info);
	pvabi_exit(pvabi_guest_run(pvabi_boot_cmdline(magic, info)));
}
