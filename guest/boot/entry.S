/*
 * Guest entry: 32-bit protected mode, paging off (multiboot and PVH both
 * enter that way), to 64-bit long mode with the first 1 GiB identity
 * mapped by 2 MiB pages, then C. The page tables and GDT are initialised
 * data, not built by a loop: on hosts where guest kernel code is emulated
 * every instruction costs about a microsecond.
 *
 * pvabi_guest_main(boot_magic, boot_info) receives the loader's magic
 * (multiboot 0x2BADB002, or PVABI_BOOT_PVH) and its info pointer.
 */
#define PVABI_BOOT_PVH 0x336ec578

	.section .text.entry, "ax"
	.code32
	.globl pvabi_entry_multiboot
pvabi_entry_multiboot:
	jmp	common32

	.globl pvabi_entry_pvh
pvabi_entry_pvh:
	mov	$PVABI_BOOT_PVH, %eax

common32:
	cli
	cld
	mov	%eax, %edi		/* boot magic, kept for C */
	mov	%ebx, %esi		/* boot info */
	mov	$pvabi_pml4, %eax
	mov	%eax, %cr3
	mov	%cr4, %eax
	or	$0x20, %eax		/* PAE */
	mov	%eax, %cr4
	mov	$0xc0000080, %ecx	/* EFER */
	rdmsr
	or	$0x100, %eax		/* LME */
	wrmsr
	mov	%cr0, %eax
	or	$0x80000001, %eax	/* PG | PE */
	mov	%eax, %cr0
	lgdt	gdt_ptr
	ljmp	$0x08, $entry64

	.code64
entry64:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	mov	$pvabi_stack_top, %rsp
	xor	%ebp, %ebp
	call	pvabi_guest_main
1:	cli
	hlt
	jmp	1b

	.section .rodata.gdt, "a"
	.balign 16
gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit code, DPL0 */
	.quad	0x00cf92000000ffff	/* 0x10: data, DPL0 */
gdt_end:
gdt_ptr:
	.word	gdt_end - gdt - 1
	.long	gdt

	.section .data.pagetables, "aw"
	.balign 4096
	.globl pvabi_pml4
pvabi_pml4:
	.quad	pdpt + 0x3
	.fill	511, 8, 0
	.globl pvabi_pdpt
pvabi_pdpt:
pdpt:
	.quad	pd + 0x3
	.fill	511, 8, 0
pd:
	.set	n, 0
	.rept	512
	.quad	(n << 21) | 0x83	/* present, writable, 2 MiB */
	.set	n, n + 1
	.endr

	.section .bss.stack, "aw", @nobits
	.balign 16
	.globl pvabi_stack_top
pvabi_stack:
	.skip	16384
pvabi_stack_top:

	.section .note.GNU-stack, "", @progbits
