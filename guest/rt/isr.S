/* Exception entry stubs for vectors 0-31 and the upcall vector: push a zero error code where
 * the CPU pushes none, then the vector, and call pvabi_exception() with a
 * pointer to that frame. It reports and ends the run, except for a fault
 * the guest expected (exception.c): then it returns, having moved the
 * frame's rip past the faulting instruction, and the stub resumes there
 * with every register as it was. */
	.text
	.code64

.macro isr_noerr n
	.globl pvabi_isr\n
pvabi_isr\n:
	pushq	$0
	pushq	$\n
	jmp	isr_common
.endm

.macro isr_err n
	.globl pvabi_isr\n
pvabi_isr\n:
	pushq	$\n
	jmp	isr_common
.endm

isr_noerr 0
isr_noerr 1
isr_noerr 2
isr_noerr 3
isr_noerr 4
isr_noerr 5
isr_noerr 6
isr_noerr 7
isr_err 8
isr_noerr 9
isr_err 10
isr_err 11
isr_err 12
isr_err 13
isr_err 14
isr_noerr 15
isr_noerr 16
isr_err 17
isr_noerr 18
isr_noerr 19
isr_noerr 20
isr_err 21
isr_noerr 22
isr_noerr 23
isr_noerr 24
isr_noerr 25
isr_noerr 26
isr_noerr 27
isr_noerr 28
isr_err 29
isr_err 30
isr_noerr 31

/* The upcall vector (0x40): pvabi_upcall_isr (upcall.c) counts it and
 * acknowledges it where an interrupt controller needs that. The
 * caller-saved registers are saved around the call (the guest code uses
 * general registers only); 5 frame words and 9 pushes leave the stack
 * 16-byte aligned at the call, as the ABI wants. */
	.globl pvabi_isr_upcall
pvabi_isr_upcall:
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	cld
	call	pvabi_upcall_isr
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rax
	iretq

isr_common:
	push	%rax
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%rbx
	lea	80(%rsp), %rdi		/* vector, error, rip, cs, rflags, ... */
	mov	%rsp, %rbx
	and	$-16, %rsp
	call	pvabi_exception
	mov	%rbx, %rsp
	pop	%rbx
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rax
	add	$16, %rsp		/* vector and error code */
	iretq

	.section .rodata
	.balign 8
	.globl pvabi_isr_table
pvabi_isr_table:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad pvabi_isr\n
	.endr

	.section .note.GNU-stack, "", @progbits
