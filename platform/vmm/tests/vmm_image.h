/* Guest images built in memory for the VMM tests: an ELF32 or ELF64
 * header, its program headers, a multiboot header and/or a PVH note, and
 * a payload of hand-assembled 32-bit code loaded at 1 MiB. */
#ifndef PVABI_VMM_TEST_IMAGE_H
#define PVABI_VMM_TEST_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define MEM (64u << 20)
#define LOAD_GPA 0x100000u
#define PAYLOAD_OFF 0x100u /* file offset of the loaded bytes */
#define MB_OFF 0xc0u
#define NOTE_OFF 0xd0u
#define DATA_OFF 0xf00u    /* payload offset of guest data: crosses a page at 0x1000 */
#define DATA_GPA (LOAD_GPA + DATA_OFF)

struct opts {
	unsigned int cls;  /* 32 or 64 */
	int multiboot;
	int pvh;
	uint32_t mb_flags;
	uint32_t bss;
};

extern const struct opts MB32, MB64, PVH32;

/* The image most tests start from (img_build writes it here). */
extern uint8_t img_buf[65536];
/* mov $0,%eax; out %eax,$0xf4; cli; hlt */
extern const uint8_t img_tiny[9];

/* ELF header, program headers, multiboot header, PVH note, then the
 * payload loaded at 1 MiB, which ends the file: any truncation cuts it.
 * Returns the image's length. */
/* Little-endian store at p. */
void img_put32(uint8_t *p, uint32_t x);
size_t img_build(uint8_t *out, const uint8_t *payload, size_t n, const struct opts *o);

/* A few 32-bit instructions, enough for the test guests. */
struct code {
	uint8_t b[16384];
	size_t n;
};

void img_emit(struct code *c, const void *p, size_t n);
void img_op_imm32(struct code *c, uint8_t op, uint32_t imm);
/* Guest data at DATA_GPA: pads the code up to it. */
void img_data_at(struct code *c, const void *p, size_t n);
/* The code as an image in img_buf; returns its length. */
size_t img_guest(const struct code *c, const struct opts *o);

#define EMIT(c, ...)                                                     \
	do {                                                             \
		static const uint8_t b_[] = { __VA_ARGS__ };             \
		img_emit((c), b_, sizeof(b_));                           \
	} while (0)

#define MOV_EAX(c, x) img_op_imm32((c), 0xb8, (x))
#define MOV_ECX(c, x) img_op_imm32((c), 0xb9, (x))
#define MOV_EDX(c, x) img_op_imm32((c), 0xba, (x))
#define MOV_EBX(c, x) img_op_imm32((c), 0xbb, (x))
#define MOV_ESI(c, x) img_op_imm32((c), 0xbe, (x))
#define MOV_EDI(c, x) img_op_imm32((c), 0xbf, (x))
#define LOAD_EAX(c, addr) img_op_imm32((c), 0xa1, (addr)) /* mov addr, %eax */
#define EXIT_EAX(c) EMIT((c), 0xe7, 0xf4, 0xfa, 0xf4) /* out %eax,$0xf4; cli; hlt */

#endif
