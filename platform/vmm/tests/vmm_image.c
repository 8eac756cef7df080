/* The VMM tests' image builders (vmm_image.h). */
#include "platform/vmm/tests/vmm_image.h"

#include <elf.h>
#include <string.h>

const struct opts MB32 = { 32, 1, 0, 0, 0x1000 };
const struct opts MB64 = { 64, 1, 0, 0, 0x1000 };
const struct opts PVH32 = { 32, 0, 1, 0, 0 };

uint8_t img_buf[65536];
const uint8_t img_tiny[9] = { 0xb8, 0, 0, 0, 0, 0xe7, 0xf4, 0xfa, 0xf4 };

void img_put32(uint8_t *p, uint32_t x)
{
	memcpy(p, &x, 4);
}

size_t img_build(uint8_t *out, const uint8_t *payload, size_t n, const struct opts *o)
{
	unsigned int nph = o->pvh ? 2 : 1;

	memset(out, 0, PAYLOAD_OFF);
	if (o->cls == 32) {
		Elf32_Ehdr e;
		Elf32_Phdr p[2];

		memset(&e, 0, sizeof(e));
		memcpy(e.e_ident, ELFMAG, SELFMAG);
		e.e_ident[EI_CLASS] = ELFCLASS32;
		e.e_ident[EI_DATA] = ELFDATA2LSB;
		e.e_ident[EI_VERSION] = EV_CURRENT;
		e.e_type = ET_EXEC;
		e.e_machine = EM_386;
		e.e_version = EV_CURRENT;
		e.e_entry = LOAD_GPA;
		e.e_phoff = sizeof(e);
		e.e_ehsize = sizeof(e);
		e.e_phentsize = sizeof(p[0]);
		e.e_phnum = (Elf32_Half)nph;
		memset(p, 0, sizeof(p));
		p[0].p_type = PT_LOAD;
		p[0].p_offset = PAYLOAD_OFF;
		p[0].p_vaddr = p[0].p_paddr = LOAD_GPA;
		p[0].p_filesz = (Elf32_Word)n;
		p[0].p_memsz = (Elf32_Word)(n + o->bss);
		p[1].p_type = PT_NOTE;
		p[1].p_offset = NOTE_OFF;
		p[1].p_filesz = p[1].p_memsz = 20;
		memcpy(out, &e, sizeof(e));
		memcpy(out + sizeof(e), p, nph * sizeof(p[0]));
	} else {
		Elf64_Ehdr e;
		Elf64_Phdr p[2];

		memset(&e, 0, sizeof(e));
		memcpy(e.e_ident, ELFMAG, SELFMAG);
		e.e_ident[EI_CLASS] = ELFCLASS64;
		e.e_ident[EI_DATA] = ELFDATA2LSB;
		e.e_ident[EI_VERSION] = EV_CURRENT;
		e.e_type = ET_EXEC;
		e.e_machine = EM_X86_64;
		e.e_version = EV_CURRENT;
		e.e_entry = LOAD_GPA;
		e.e_phoff = sizeof(e);
		e.e_ehsize = sizeof(e);
		e.e_phentsize = sizeof(p[0]);
		e.e_phnum = (Elf64_Half)nph;
		memset(p, 0, sizeof(p));
		p[0].p_type = PT_LOAD;
		p[0].p_offset = PAYLOAD_OFF;
		p[0].p_vaddr = p[0].p_paddr = LOAD_GPA;
		p[0].p_filesz = n;
		p[0].p_memsz = n + o->bss;
		p[1].p_type = PT_NOTE;
		p[1].p_offset = NOTE_OFF;
		p[1].p_filesz = p[1].p_memsz = 20;
		memcpy(out, &e, sizeof(e));
		memcpy(out + sizeof(e), p, nph * sizeof(p[0]));
	}
	if (o->multiboot) {
		img_put32(out + MB_OFF, 0x1BADB002u);
		img_put32(out + MB_OFF + 4, o->mb_flags);
		img_put32(out + MB_OFF + 8, (uint32_t)-(0x1BADB002u + o->mb_flags));
	}
	if (o->pvh) {
		img_put32(out + NOTE_OFF, 4);
		img_put32(out + NOTE_OFF + 4, 4);
		img_put32(out + NOTE_OFF + 8, 18);
		memcpy(out + NOTE_OFF + 12, "Xen", 4);
		img_put32(out + NOTE_OFF + 16, LOAD_GPA);
	}
	memcpy(out + PAYLOAD_OFF, payload, n);
	return PAYLOAD_OFF + n;
}

void img_emit(struct code *c, const void *p, size_t n)
{
	if (c->n + n <= sizeof(c->b)) {
		memcpy(c->b + c->n, p, n);
		c->n += n;
	}
}

void img_op_imm32(struct code *c, uint8_t op, uint32_t imm)
{
	img_emit(c, &op, 1);
	img_emit(c, &imm, 4);
}

void img_data_at(struct code *c, const void *p, size_t n)
{
	if (c->n < DATA_OFF) {
		memset(c->b + c->n, 0xcc, DATA_OFF - c->n);
		c->n = DATA_OFF;
	}
	img_emit(c, p, n);
}

size_t img_guest(const struct code *c, const struct opts *o)
{
	return img_build(img_buf, c->b, c->n, o);
}
