/* Shared by the image loader's files: elf_read.c (the headers, read
 * whatever the class, and the rejection), elf_note.c (the boot protocol
 * and the image's notes) and elf.c (the checks, in order). */
#ifndef PVABI_VMM_ELF_INTERNAL_H
#define PVABI_VMM_ELF_INTERNAL_H

#include "platform/vmm/vmm.h"

#include <stddef.h>
#include <stdint.h>

/* Class-independent views of the headers. */
struct ehdr {
	uint16_t type, machine, ehsize, phentsize, phnum;
	uint32_t version;
	uint64_t entry, phoff;
};

struct phdr {
	uint32_t type;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

/* Writes the reason into why (n bytes) when given; -ENOEXEC. */
__attribute__((format(printf, 3, 4))) int elf_reject(char *why, size_t n, const char *fmt, ...);
/* "64 MiB", or the byte count when it is not a whole number of MiB. */
const char *elf_mem_text(char *buf, size_t n, uint64_t mem);
/* [off, off + size) lies inside a buffer of len bytes. */
int elf_in_buf(uint64_t off, uint64_t size, uint64_t len);
uint32_t elf_le32(const uint8_t *p);
uint64_t elf_le64(const uint8_t *p);
/* The headers of class cls (32 or 64) at b, copied out. */
void elf_read_ehdr(const uint8_t *b, unsigned int cls, struct ehdr *e);
void elf_read_phdr(const uint8_t *b, unsigned int cls, struct phdr *p);

/* The boot protocol (elf_note.c): a multiboot v1 header in the first
 * 8 KiB, else a PVH entry note; img->boot (and img->mb_flags) and
 * *entry (as the image gives it) set. 0, or <0 rejected. */
int elf_find_boot(const uint8_t *b, size_t len, const struct ehdr *e, unsigned int cls,
		  size_t phsize, struct pvabi_vm_image *img, uint64_t *entry, char *why, size_t n);
/* The vCPUs the image asks for (PVABI_VM_NOTE_VCPUS), 0 when it does not:
 * a u32 from 1 to PVABI_VM_MAX_VCPUS, anything else refused. */
int elf_find_vcpus(const uint8_t *b, const struct ehdr *e, unsigned int cls, size_t phsize,
		   unsigned int *vcpus, char *why, size_t n);
/* Where the image reads what the engine sent it (PVABI_VM_NOTE_SENT), 0
 * when it does not say: a u64 guest-physical address, 8-aligned, whose
 * PVABI_VM_SENT_VCPUS counters lie in guest memory; anything else
 * refused. */
int elf_find_sent(const uint8_t *b, const struct ehdr *e, unsigned int cls, size_t phsize,
		  uint64_t mem_size, uint64_t *gpa, char *why, size_t n);

#endif
