/* The image loader's validation: ELF32 (i386) and ELF64 (x86-64)
 * executables, entered like a multiboot v1 loader (or at a PVH entry
 * note, elf_note.c). Everything is checked before any byte is loaded,
 * with 64-bit arithmetic and explicit overflow tests, and every rejection
 * names the offending value; the checks run in the order below, so the
 * first thing wrong is the one named. */
#include "platform/vmm/elf_internal.h"
#include "util/file.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The identification: magic, class (returned in *cls), byte order,
 * version. */
static int check_ident(const uint8_t *b, size_t len, unsigned int *cls, char *why, size_t n)
{
	if (len < EI_NIDENT)
		return elf_reject(why, n, "image is %zu bytes, shorter than an ELF identification "
				  "(%d bytes)", len, EI_NIDENT);
	if (memcmp(b, ELFMAG, SELFMAG) != 0)
		return elf_reject(why, n, "not an ELF file (magic %02x %02x %02x %02x)", b[0], b[1],
				  b[2], b[3]);
	if (b[EI_CLASS] == ELFCLASS32)
		*cls = 32;
	else if (b[EI_CLASS] == ELFCLASS64)
		*cls = 64;
	else
		return elf_reject(why, n, "EI_CLASS %u is neither ELFCLASS32 nor ELFCLASS64",
				  b[EI_CLASS]);
	if (b[EI_DATA] != ELFDATA2LSB)
		return elf_reject(why, n, "EI_DATA %u is not little-endian (ELFDATA2LSB)", b[EI_DATA]);
	if (b[EI_VERSION] != EV_CURRENT)
		return elf_reject(why, n, "EI_VERSION %u is not EV_CURRENT", b[EI_VERSION]);
	return 0;
}

/* The ELF header of class cls, read into *e: an executable for the
 * class's machine, whose program headers lie inside the image. */
static int check_ehdr(const uint8_t *b, size_t len, unsigned int cls, struct ehdr *e, char *why,
		      size_t n)
{
	size_t ehsize = cls == 32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
	size_t phsize = cls == 32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);

	if (len < ehsize)
		return elf_reject(why, n, "truncated ELF%u header: image is %zu bytes, the header %zu",
				  cls, len, ehsize);
	elf_read_ehdr(b, cls, e);
	if (e->type != ET_EXEC)
		return elf_reject(why, n, "e_type %u is not ET_EXEC", e->type);
	if (cls == 32 && e->machine != EM_386)
		return elf_reject(why, n, "ELF32 e_machine %u is not EM_386 (3)", e->machine);
	if (cls == 64 && e->machine != EM_X86_64)
		return elf_reject(why, n, "ELF64 e_machine %u is not EM_X86_64 (62)", e->machine);
	if (e->version != EV_CURRENT)
		return elf_reject(why, n, "e_version %u is not EV_CURRENT", e->version);
	if (e->ehsize != ehsize)
		return elf_reject(why, n, "e_ehsize %u, expected %zu", e->ehsize, ehsize);
	if (e->phentsize != phsize)
		return elf_reject(why, n, "e_phentsize %u, expected %zu", e->phentsize, phsize);
	if (e->phnum == 0 || e->phnum > PVABI_VM_MAX_PHNUM)
		return elf_reject(why, n, "e_phnum %u is outside 1..%u", e->phnum, PVABI_VM_MAX_PHNUM);
	if (!elf_in_buf(e->phoff, (uint64_t)e->phnum * phsize, len))
		return elf_reject(why, n, "program headers at e_phoff 0x%llx (%u x %zu bytes) end "
				  "beyond the image (%zu bytes)",
				  (unsigned long long)e->phoff, e->phnum, phsize, len);
	return 0;
}

/* The loadable segments so far, with each one's program header index
 * and virtual address (a multiboot entry may be given as one). */
struct loads {
	unsigned int idx[PVABI_VM_MAX_LOADS];
	uint64_t vaddr[PVABI_VM_MAX_LOADS];
};

/* PT_LOAD i, non-empty, added to img: inside guest memory above the
 * reserved pages, overlapping no segment before it. */
static int add_load(struct pvabi_vm_image *img, struct loads *ld, const struct phdr *p,
		    unsigned int i, uint64_t mem_size, char *why, size_t n)
{
	char mt[32];
	unsigned int k;

	if (p->paddr < PVABI_VM_LOAD_MIN)
		return elf_reject(why, n, "PT_LOAD %u: p_paddr 0x%llx is below 0x%x (page 0 "
				  "and the boot data page are reserved)",
				  i, (unsigned long long)p->paddr, PVABI_VM_LOAD_MIN);
	if (p->paddr >= mem_size || p->memsz > mem_size - p->paddr)
		return elf_reject(why, n, "PT_LOAD %u: p_paddr 0x%llx + p_memsz 0x%llx exceeds "
				  "guest memory %s",
				  i, (unsigned long long)p->paddr, (unsigned long long)p->memsz,
				  elf_mem_text(mt, sizeof(mt), mem_size));
	for (k = 0; k < img->nseg; k++) {
		const struct pvabi_vm_segment *s = &img->seg[k];

		if (p->paddr < s->paddr + s->memsz && s->paddr < p->paddr + p->memsz)
			return elf_reject(why, n, "PT_LOAD %u [0x%llx, 0x%llx) overlaps PT_LOAD %u "
					  "[0x%llx, 0x%llx)",
					  i, (unsigned long long)p->paddr,
					  (unsigned long long)(p->paddr + p->memsz), ld->idx[k],
					  (unsigned long long)s->paddr,
					  (unsigned long long)(s->paddr + s->memsz));
	}
	if (img->nseg == PVABI_VM_MAX_LOADS)
		return elf_reject(why, n, "PT_LOAD %u: more than %u loadable segments", i,
				  PVABI_VM_MAX_LOADS);
	ld->idx[img->nseg] = i;
	ld->vaddr[img->nseg] = p->vaddr;
	img->seg[img->nseg].paddr = p->paddr;
	img->seg[img->nseg].memsz = p->memsz;
	img->seg[img->nseg].offset = p->offset;
	img->seg[img->nseg].filesz = p->filesz;
	img->nseg++;
	return 0;
}

/* Every PT_LOAD and PT_NOTE inside the image; the non-empty loads into
 * img, at least one. */
static int read_loads(const uint8_t *b, size_t len, const struct ehdr *e, unsigned int cls,
		      uint64_t mem_size, struct pvabi_vm_image *img, struct loads *ld, char *why,
		      size_t n)
{
	size_t phsize = cls == 32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);
	unsigned int i;
	int rc;

	for (i = 0; i < e->phnum; i++) {
		struct phdr p;

		elf_read_phdr(b + e->phoff + (uint64_t)i * phsize, cls, &p);
		if (p.type != PT_LOAD && p.type != PT_NOTE)
			continue;
		if (!elf_in_buf(p.offset, p.filesz, len))
			return elf_reject(why, n, "%s %u: p_offset 0x%llx + p_filesz 0x%llx is beyond "
					  "the end of the image (%zu bytes)",
					  p.type == PT_LOAD ? "PT_LOAD" : "PT_NOTE", i,
					  (unsigned long long)p.offset, (unsigned long long)p.filesz,
					  len);
		if (p.type != PT_LOAD)
			continue;
		if (p.filesz > p.memsz)
			return elf_reject(why, n, "PT_LOAD %u: p_filesz 0x%llx > p_memsz 0x%llx", i,
					  (unsigned long long)p.filesz, (unsigned long long)p.memsz);
		if (p.memsz && (rc = add_load(img, ld, &p, i, mem_size, why, n)))
			return rc;
	}
	if (img->nseg == 0)
		return elf_reject(why, n, "no PT_LOAD segment with a non-zero p_memsz");
	return 0;
}

/* The entry, physical, into img->entry; a multiboot entry given as a
 * virtual address is translated through its segment, as multiboot
 * loaders do. */
static int place_entry(struct pvabi_vm_image *img, const struct loads *ld, uint64_t entry,
		       char *why, size_t n)
{
	unsigned int k;

	for (k = 0; k < img->nseg; k++)
		if (entry >= img->seg[k].paddr && entry - img->seg[k].paddr < img->seg[k].memsz)
			break;
	if (k == img->nseg && img->boot == PVABI_VM_BOOT_MULTIBOOT) {
		for (k = 0; k < img->nseg; k++)
			if (entry >= ld->vaddr[k] && entry - ld->vaddr[k] < img->seg[k].memsz) {
				entry = entry - ld->vaddr[k] + img->seg[k].paddr;
				break;
			}
	}
	if (k == img->nseg)
		return elf_reject(why, n, "%s entry point 0x%llx is not inside any PT_LOAD",
				  img->boot == PVABI_VM_BOOT_PVH ? "PVH" : "e_entry",
				  (unsigned long long)entry);
	/* Inside a segment, so below guest memory, itself below 4 GiB. */
	img->entry = (uint32_t)entry;
	return 0;
}

unsigned int pvabi_vm_image_vcpus(const char *path)
{
	struct pvabi_file_buf f;
	struct pvabi_vm_image img;
	unsigned int n = 1;

	if (pvabi_file_read(path, PVABI_VM_MAX_IMAGE, 0, &f, NULL, 0) < 0)
		return 1;
	if (!pvabi_vm_image_parse(f.data, f.len, PVABI_VM_DEFAULT_MEM, &img, NULL, 0) && img.vcpus)
		n = img.vcpus;
	free(f.data);
	return n;
}

uint64_t pvabi_vm_image_sent_gpa(const char *path)
{
	struct pvabi_file_buf f;
	struct pvabi_vm_image img;
	uint64_t gpa = 0;

	if (pvabi_file_read(path, PVABI_VM_MAX_IMAGE, 0, &f, NULL, 0) < 0)
		return 0;
	if (!pvabi_vm_image_parse(f.data, f.len, PVABI_VM_DEFAULT_MEM, &img, NULL, 0))
		gpa = img.sent_gpa;
	free(f.data);
	return gpa;
}

int pvabi_vm_image_parse(const void *buf, size_t len, uint64_t mem_size,
			 struct pvabi_vm_image *img, char *why, size_t why_len)
{
	const uint8_t *b = buf;
	uint64_t entry = 0;
	unsigned int cls = 0;
	struct loads ld;
	struct ehdr e;
	size_t phsize;
	int rc;

	if (why && why_len)
		why[0] = '\0';
	if (!b || !img)
		return elf_reject(why, why_len, "no image");
	memset(img, 0, sizeof(*img));
	if (len > PVABI_VM_MAX_IMAGE) {
		elf_reject(why, why_len, "image is %zu bytes, larger than the %u MiB limit", len,
			   PVABI_VM_MAX_IMAGE >> 20);
		return -EFBIG;
	}
	if ((rc = check_ident(b, len, &cls, why, why_len)) ||
	    (rc = check_ehdr(b, len, cls, &e, why, why_len)) ||
	    (rc = read_loads(b, len, &e, cls, mem_size, img, &ld, why, why_len)))
		return rc;
	phsize = cls == 32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);
	if ((rc = elf_find_boot(b, len, &e, cls, phsize, img, &entry, why, why_len)) ||
	    (rc = place_entry(img, &ld, entry, why, why_len)))
		return rc;
	img->elf_class = cls;
	rc = elf_find_vcpus(b, &e, cls, phsize, &img->vcpus, why, why_len);
	if (rc)
		return rc;
	return elf_find_sent(b, &e, cls, phsize, mem_size, &img->sent_gpa, why, why_len);
}
