/* Multiboot v1 header: how QEMU's -kernel and the own VMM find the entry.
 * Not linked into PVH images (QEMU tries multiboot first). */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000000

	.section .multiboot, "a"
	.balign 4
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)

	.section .note.GNU-stack, "", @progbits
