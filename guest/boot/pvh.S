/* The PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY = 18): Xen and QEMU enter
 * pvabi_entry_pvh in 32-bit protected mode with %ebx -> hvm_start_info. */
	.section .note.Xen, "a", @note
	.balign 4
	.long	4		/* name size */
	.long	4		/* desc size */
	.long	18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz	"Xen"
	.long	pvabi_entry_pvh

	.section .note.GNU-stack, "", @progbits
