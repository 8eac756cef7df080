/* The image loader's reading of headers: the ELF header and a program
 * header copied out of the buffer with memcpy into one view whatever
 * the class (neither alignment nor the end of the buffer is assumed),
 * little-endian words, and the rejection every check returns. */
#include "platform/vmm/elf_internal.h"

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int elf_reject(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (why && n) {
		va_start(ap, fmt);
		vsnprintf(why, n, fmt, ap);
		va_end(ap);
	}
	return -ENOEXEC;
}

const char *elf_mem_text(char *buf, size_t n, uint64_t mem)
{
	if (mem % (1u << 20) == 0)
		snprintf(buf, n, "%llu MiB", (unsigned long long)(mem >> 20));
	else
		snprintf(buf, n, "%llu bytes", (unsigned long long)mem);
	return buf;
}

int elf_in_buf(uint64_t off, uint64_t size, uint64_t len)
{
	return off <= len && size <= len - off;
}

uint32_t elf_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t elf_le64(const uint8_t *p)
{
	return (uint64_t)elf_le32(p) | (uint64_t)elf_le32(p + 4) << 32;
}

void elf_read_ehdr(const uint8_t *b, unsigned int cls, struct ehdr *e)
{
	if (cls == 32) {
		Elf32_Ehdr h;

		memcpy(&h, b, sizeof(h));
		e->type = h.e_type;
		e->machine = h.e_machine;
		e->version = h.e_version;
		e->entry = h.e_entry;
		e->phoff = h.e_phoff;
		e->ehsize = h.e_ehsize;
		e->phentsize = h.e_phentsize;
		e->phnum = h.e_phnum;
	} else {
		Elf64_Ehdr h;

		memcpy(&h, b, sizeof(h));
		e->type = h.e_type;
		e->machine = h.e_machine;
		e->version = h.e_version;
		e->entry = h.e_entry;
		e->phoff = h.e_phoff;
		e->ehsize = h.e_ehsize;
		e->phentsize = h.e_phentsize;
		e->phnum = h.e_phnum;
	}
}

void elf_read_phdr(const uint8_t *b, unsigned int cls, struct phdr *p)
{
	if (cls == 32) {
		Elf32_Phdr h;

		memcpy(&h, b, sizeof(h));
		p->type = h.p_type;
		p->offset = h.p_offset;
		p->vaddr = h.p_vaddr;
		p->paddr = h.p_paddr;
		p->filesz = h.p_filesz;
		p->memsz = h.p_memsz;
	} else {
		Elf64_Phdr h;

		memcpy(&h, b, sizeof(h));
		p->type = h.p_type;
		p->offset = h.p_offset;
		p->vaddr = h.p_vaddr;
		p->paddr = h.p_paddr;
		p->filesz = h.p_filesz;
		p->memsz = h.p_memsz;
	}
}
