/*
 * vCPU 1's way from its SIPI to C: copied to PVABI_SMP_TRAMPOLINE (0x8000)
 * by smp.c, entered there in real mode (CS = 0x800, IP = 0), it goes to
 * 32-bit protected mode, then to long mode on the boot page tables, as
 * entry.S does for vCPU 0, and calls pvabi_ap_main on its own stack. Its
 * GDT has entry.S's selectors (0x08 64-bit code, 0x10 data) and 0x18 for
 * the 32-bit step, so the IDT's gates serve both vCPUs. Addresses inside
 * the trampoline are its copy's: TRAMP + (label - start).
 */
#include "guest/rt/smp.h"

#define TRAMP 0x8000
#define AT(x) (TRAMP + ((x) - pvabi_smp_tramp))

	.section .rodata.smp_tramp, "a"
	.globl pvabi_smp_tramp, pvabi_smp_tramp_end
	.code16
pvabi_smp_tramp:
	cli
	cld
	xor	%ax, %ax
	mov	%ax, %ds
	lgdtl	AT(gdtr)
	mov	%cr0, %eax
	or	$1, %eax		/* PE */
	mov	%eax, %cr0
	ljmpl	$0x18, $AT(pm32)

	.code32
pm32:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
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
	ljmp	$0x08, $AT(lm64)

	.code64
lm64:
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	mov	$pvabi_ap_stack_top, %rsp
	xor	%ebp, %ebp
	movabs	$pvabi_ap_main, %rax
	call	*%rax
1:	cli
	hlt
	jmp	1b

	.balign 8
gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit code, DPL0 */
	.quad	0x00cf92000000ffff	/* 0x10: data, DPL0 */
	.quad	0x00cf9a000000ffff	/* 0x18: 32-bit code, DPL0 */
gdt_end:
gdtr:
	.word	gdt_end - gdt - 1
	.long	AT(gdt)
pvabi_smp_tramp_end:

	.section .bss.ap_stack, "aw", @nobits
	.balign 16
	.globl pvabi_ap_stack_top
	.skip	PVABI_AP_STACK
pvabi_ap_stack_top:

	.section .note.GNU-stack, "", @progbits
