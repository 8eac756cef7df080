/* The image loader's validation: ELF32 (i386) and ELF64 (x86-64)
 * executables, entered like a multiboot v1 loader (or at a PVH entry
 * note). Everything is checked before any byte is loaded, with 64-bit
 * arithmetic and explicit overflow tests, and every rejection names the
 * offending value. Headers are copied out of the buffer with memcpy, so
 * neither alignment nor the end of the buffer is ever assumed. */
#include "platform/vmm/vmm.h"
#include "util/file.h"

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MB_MAGIC 0x1BADB002u
#define MB_SEARCH 8192u
#define MB_FLAG_ADDRESS (1u << 16) /* a.out kludge: load addresses in the header */
#define MB_SUPPORTED_REQUIRED 0x3u /* page-aligned modules (none), memory info */
#define XEN_ELFNOTE_PHYS32_ENTRY 18u

__attribute__((format(printf, 3, 4))) static int reject(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (why && n) {
		va_start(ap, fmt);
		vsnprintf(why, n, fmt, ap);
		va_end(ap);
	}
	return -ENOEXEC;
}

/* "64 MiB", or the byte count when it is not a whole number of MiB. */
static const char *mem_text(char *buf, size_t n, uint64_t mem)
{
	if (mem % (1u << 20) == 0)
		snprintf(buf, n, "%llu MiB", (unsigned long long)(mem >> 20));
	else
		snprintf(buf, n, "%llu bytes", (unsigned long long)mem);
	return buf;
}

/* [off, off + size) lies inside a buffer of len bytes. */
static int in_buf(uint64_t off, uint64_t size, uint64_t len)
{
	return off <= len && size <= len - off;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

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

static void read_ehdr(const uint8_t *b, unsigned int cls, struct ehdr *e)
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

static void read_phdr(const uint8_t *b, unsigned int cls, struct phdr *p)
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

/* The multiboot v1 header: 4-aligned in the first 8 KiB, checksummed.
 * Returns 1 found, 0 absent, <0 rejected. */
static int find_multiboot(const uint8_t *b, size_t len, uint32_t *flags, char *why, size_t n)
{
	size_t lim = len < MB_SEARCH ? len : MB_SEARCH, off;
	long bad = -1;

	for (off = 0; off + 12 <= lim; off += 4) {
		uint32_t f, sum;

		if (le32(b + off) != MB_MAGIC)
			continue;
		f = le32(b + off + 4);
		sum = le32(b + off + 8);
		if ((uint32_t)(MB_MAGIC + f + sum) != 0) {
			if (bad < 0)
				bad = (long)off;
			continue;
		}
		if (f & MB_FLAG_ADDRESS)
			return reject(why, n, "multiboot header at offset 0x%zx: flag 16 (load "
				      "addresses in the header) is not supported, use ELF program headers",
				      off);
		if (f & 0xffffu & ~MB_SUPPORTED_REQUIRED)
			return reject(why, n, "multiboot header at offset 0x%zx: required flags 0x%x "
				      "cannot be honoured (supported: 0x%x)",
				      off, f & 0xffffu & ~MB_SUPPORTED_REQUIRED, MB_SUPPORTED_REQUIRED);
		*flags = f;
		return 1;
	}
	if (bad >= 0)
		return reject(why, n, "multiboot magic at offset 0x%lx has a bad checksum "
			      "(no valid multiboot header in the first 8 KiB)", bad);
	return 0;
}

/* The note (name, type) in one PT_NOTE segment. Returns 1 found (*desc
 * and *descsz set, inside the buffer), 0 absent, <0 rejected. */
static int find_note(const uint8_t *b, const struct phdr *p, unsigned int idx, const char *nm,
		     uint32_t want, const uint8_t **desc, uint64_t *descsz, char *why, size_t n)
{
	uint64_t off = 0, nmlen = strlen(nm) + 1;

	while (p->filesz - off >= 12) {
		const uint8_t *h = b + p->offset + off;
		uint64_t namesz = le32(h), dsz = le32(h + 4), type = le32(h + 8);
		uint64_t name_pad = (namesz + 3) & ~UINT64_C(3), desc_pad = (dsz + 3) & ~UINT64_C(3);
		const uint8_t *name = h + 12;

		if (name_pad > p->filesz - off - 12 || desc_pad > p->filesz - off - 12 - name_pad)
			return reject(why, n, "PT_NOTE %u: note at offset 0x%llx (namesz %llu, descsz "
				      "%llu) overruns its segment of %llu bytes",
				      idx, (unsigned long long)off, (unsigned long long)namesz,
				      (unsigned long long)dsz, (unsigned long long)p->filesz);
		if (namesz == nmlen && memcmp(name, nm, nmlen) == 0 && type == want) {
			*desc = name + name_pad;
			*descsz = dsz;
			return 1;
		}
		off += 12 + name_pad + desc_pad;
	}
	return 0;
}

/* XEN_ELFNOTE_PHYS32_ENTRY in one PT_NOTE segment. Returns 1 found (entry
 * set), 0 absent, <0 rejected. */
static int find_pvh(const uint8_t *b, const struct phdr *p, unsigned int idx, uint64_t *entry,
		    char *why, size_t n)
{
	const uint8_t *desc;
	uint64_t descsz;
	int rc = find_note(b, p, idx, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &desc, &descsz, why, n);

	if (rc <= 0)
		return rc;
	if (descsz == 4)
		*entry = le32(desc);
	else if (descsz == 8)
		*entry = le64(desc);
	else
		return reject(why, n, "PT_NOTE %u: PHYS32_ENTRY descsz %llu is neither 4 nor 8", idx,
			      (unsigned long long)descsz);
	return 1;
}

/* The image's own note of that type in any PT_NOTE segment: 1 found
 * (*desc, *descsz and *idx set), 0 absent, <0 rejected. */
static int find_pvabi_note(const uint8_t *b, const struct ehdr *e, unsigned int cls,
			   size_t phsize, uint32_t type, const uint8_t **desc, uint64_t *descsz,
			   unsigned int *idx, char *why, size_t n)
{
	unsigned int i;

	for (i = 0; i < e->phnum; i++) {
		struct phdr p;
		int rc;

		read_phdr(b + e->phoff + (uint64_t)i * phsize, cls, &p);
		if (p.type != PT_NOTE)
			continue;
		rc = find_note(b, &p, i, PVABI_VM_NOTE_NAME, type, desc, descsz, why, n);
		if (rc) {
			*idx = i;
			return rc;
		}
	}
	return 0;
}

/* The vCPUs the image asks for (PVABI_VM_NOTE_VCPUS), 0 when it does not:
 * a u32 from 1 to PVABI_VM_MAX_VCPUS, anything else refused. */
static int find_vcpus(const uint8_t *b, const struct ehdr *e, unsigned int cls, size_t phsize,
		      unsigned int *vcpus, char *why, size_t n)
{
	const uint8_t *desc;
	uint64_t descsz;
	unsigned int i;
	int rc = find_pvabi_note(b, e, cls, phsize, PVABI_VM_NOTE_VCPUS, &desc, &descsz, &i, why,
				 n);

	if (rc <= 0)
		return rc;
	if (descsz != 4 || le32(desc) < 1 || le32(desc) > PVABI_VM_MAX_VCPUS)
		return reject(why, n, "PT_NOTE %u: the vCPUs note (descsz %llu, value %u) is "
			      "not a u32 from 1 to %d", i, (unsigned long long)descsz,
			      descsz >= 4 ? le32(desc) : 0, PVABI_VM_MAX_VCPUS);
	*vcpus = le32(desc);
	return 0;
}

/* Where the image reads what the engine sent it (PVABI_VM_NOTE_SENT), 0
 * when it does not say: a u64 guest-physical address, 8-aligned, whose
 * PVABI_VM_SENT_VCPUS counters lie in guest memory; anything else
 * refused. */
static int find_sent(const uint8_t *b, const struct ehdr *e, unsigned int cls, size_t phsize,
		     uint64_t mem_size, uint64_t *gpa, char *why, size_t n)
{
	const uint8_t *desc;
	uint64_t descsz, at;
	unsigned int i;
	int rc = find_pvabi_note(b, e, cls, phsize, PVABI_VM_NOTE_SENT, &desc, &descsz, &i, why, n);

	if (rc <= 0)
		return rc;
	at = descsz == 8 ? le64(desc) : 0;
	if (!at || at % 8 || at > mem_size || mem_size - at < 8 * PVABI_VM_SENT_VCPUS)
		return reject(why, n, "PT_NOTE %u: the sent-vectors note (descsz %llu, address "
			      "0x%llx) is not an 8-aligned address of %d counters in guest memory",
			      i, (unsigned long long)descsz, (unsigned long long)at,
			      PVABI_VM_SENT_VCPUS);
	*gpa = at;
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
	uint64_t vaddr[PVABI_VM_MAX_LOADS], entry = 0;
	unsigned int loadidx[PVABI_VM_MAX_LOADS], cls, i, k;
	size_t ehsize, phsize;
	struct ehdr e;
	char mt[32];
	int rc;

	if (why && why_len)
		why[0] = '\0';
	if (!b || !img)
		return reject(why, why_len, "no image");
	memset(img, 0, sizeof(*img));
	if (len > PVABI_VM_MAX_IMAGE) {
		reject(why, why_len, "image is %zu bytes, larger than the %u MiB limit", len,
		       PVABI_VM_MAX_IMAGE >> 20);
		return -EFBIG;
	}
	if (len < EI_NIDENT)
		return reject(why, why_len, "image is %zu bytes, shorter than an ELF identification "
			      "(%d bytes)", len, EI_NIDENT);
	if (memcmp(b, ELFMAG, SELFMAG) != 0)
		return reject(why, why_len, "not an ELF file (magic %02x %02x %02x %02x)", b[0], b[1],
			      b[2], b[3]);
	if (b[EI_CLASS] == ELFCLASS32)
		cls = 32;
	else if (b[EI_CLASS] == ELFCLASS64)
		cls = 64;
	else
		return reject(why, why_len, "EI_CLASS %u is neither ELFCLASS32 nor ELFCLASS64",
			      b[EI_CLASS]);
	if (b[EI_DATA] != ELFDATA2LSB)
		return reject(why, why_len, "EI_DATA %u is not little-endian (ELFDATA2LSB)", b[EI_DATA]);
	if (b[EI_VERSION] != EV_CURRENT)
		return reject(why, why_len, "EI_VERSION %u is not EV_CURRENT", b[EI_VERSION]);
	ehsize = cls == 32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
	phsize = cls == 32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);
	if (len < ehsize)
		return reject(why, why_len, "truncated ELF%u header: image is %zu bytes, the header %zu",
			      cls, len, ehsize);
	read_ehdr(b, cls, &e);
	if (e.type != ET_EXEC)
		return reject(why, why_len, "e_type %u is not ET_EXEC", e.type);
	if (cls == 32 && e.machine != EM_386)
		return reject(why, why_len, "ELF32 e_machine %u is not EM_386 (3)", e.machine);
	if (cls == 64 && e.machine != EM_X86_64)
		return reject(why, why_len, "ELF64 e_machine %u is not EM_X86_64 (62)", e.machine);
	if (e.version != EV_CURRENT)
		return reject(why, why_len, "e_version %u is not EV_CURRENT", e.version);
	if (e.ehsize != ehsize)
		return reject(why, why_len, "e_ehsize %u, expected %zu", e.ehsize, ehsize);
	if (e.phentsize != phsize)
		return reject(why, why_len, "e_phentsize %u, expected %zu", e.phentsize, phsize);
	if (e.phnum == 0 || e.phnum > PVABI_VM_MAX_PHNUM)
		return reject(why, why_len, "e_phnum %u is outside 1..%u", e.phnum, PVABI_VM_MAX_PHNUM);
	if (!in_buf(e.phoff, (uint64_t)e.phnum * phsize, len))
		return reject(why, why_len, "program headers at e_phoff 0x%llx (%u x %zu bytes) end "
			      "beyond the image (%zu bytes)",
			      (unsigned long long)e.phoff, e.phnum, phsize, len);

	for (i = 0; i < e.phnum; i++) {
		struct phdr p;

		read_phdr(b + e.phoff + (uint64_t)i * phsize, cls, &p);
		if (p.type != PT_LOAD && p.type != PT_NOTE)
			continue;
		if (!in_buf(p.offset, p.filesz, len))
			return reject(why, why_len, "%s %u: p_offset 0x%llx + p_filesz 0x%llx is beyond "
				      "the end of the image (%zu bytes)",
				      p.type == PT_LOAD ? "PT_LOAD" : "PT_NOTE", i,
				      (unsigned long long)p.offset, (unsigned long long)p.filesz, len);
		if (p.type != PT_LOAD)
			continue;
		if (p.filesz > p.memsz)
			return reject(why, why_len, "PT_LOAD %u: p_filesz 0x%llx > p_memsz 0x%llx", i,
				      (unsigned long long)p.filesz, (unsigned long long)p.memsz);
		if (p.memsz == 0)
			continue;
		if (p.paddr < PVABI_VM_LOAD_MIN)
			return reject(why, why_len, "PT_LOAD %u: p_paddr 0x%llx is below 0x%x (page 0 "
				      "and the boot data page are reserved)",
				      i, (unsigned long long)p.paddr, PVABI_VM_LOAD_MIN);
		if (p.paddr >= mem_size || p.memsz > mem_size - p.paddr)
			return reject(why, why_len, "PT_LOAD %u: p_paddr 0x%llx + p_memsz 0x%llx exceeds "
				      "guest memory %s",
				      i, (unsigned long long)p.paddr, (unsigned long long)p.memsz,
				      mem_text(mt, sizeof(mt), mem_size));
		for (k = 0; k < img->nseg; k++) {
			const struct pvabi_vm_segment *s = &img->seg[k];

			if (p.paddr < s->paddr + s->memsz && s->paddr < p.paddr + p.memsz)
				return reject(why, why_len, "PT_LOAD %u [0x%llx, 0x%llx) overlaps PT_LOAD %u "
					      "[0x%llx, 0x%llx)",
					      i, (unsigned long long)p.paddr,
					      (unsigned long long)(p.paddr + p.memsz), loadidx[k],
					      (unsigned long long)s->paddr,
					      (unsigned long long)(s->paddr + s->memsz));
		}
		if (img->nseg == PVABI_VM_MAX_LOADS)
			return reject(why, why_len, "PT_LOAD %u: more than %u loadable segments", i,
				      PVABI_VM_MAX_LOADS);
		loadidx[img->nseg] = i;
		vaddr[img->nseg] = p.vaddr;
		img->seg[img->nseg].paddr = p.paddr;
		img->seg[img->nseg].memsz = p.memsz;
		img->seg[img->nseg].offset = p.offset;
		img->seg[img->nseg].filesz = p.filesz;
		img->nseg++;
	}
	if (img->nseg == 0)
		return reject(why, why_len, "no PT_LOAD segment with a non-zero p_memsz");

	/* The boot protocol: multiboot first (as QEMU), else a PVH note. */
	rc = find_multiboot(b, len, &img->mb_flags, why, why_len);
	if (rc < 0)
		return rc;
	if (rc) {
		img->boot = PVABI_VM_BOOT_MULTIBOOT;
		entry = e.entry;
	} else {
		int found = 0;

		for (i = 0; i < e.phnum && !found; i++) {
			struct phdr p;

			read_phdr(b + e.phoff + (uint64_t)i * phsize, cls, &p);
			if (p.type != PT_NOTE)
				continue;
			rc = find_pvh(b, &p, i, &entry, why, why_len);
			if (rc < 0)
				return rc;
			found = rc;
		}
		if (!found)
			return reject(why, why_len, "no multiboot header in the first 8 KiB and no PVH "
				      "entry note (XEN_ELFNOTE_PHYS32_ENTRY)");
		img->boot = PVABI_VM_BOOT_PVH;
	}

	/* The entry, physical; a multiboot entry given as a virtual address
	 * is translated through its segment, as multiboot loaders do. */
	for (k = 0; k < img->nseg; k++)
		if (entry >= img->seg[k].paddr && entry - img->seg[k].paddr < img->seg[k].memsz)
			break;
	if (k == img->nseg && img->boot == PVABI_VM_BOOT_MULTIBOOT) {
		for (k = 0; k < img->nseg; k++)
			if (entry >= vaddr[k] && entry - vaddr[k] < img->seg[k].memsz) {
				entry = entry - vaddr[k] + img->seg[k].paddr;
				break;
			}
	}
	if (k == img->nseg)
		return reject(why, why_len, "%s entry point 0x%llx is not inside any PT_LOAD",
			      img->boot == PVABI_VM_BOOT_PVH ? "PVH" : "e_entry",
			      (unsigned long long)entry);
	/* Inside a segment, so below guest memory, itself below 4 GiB. */
	img->entry = (uint32_t)entry;
	img->elf_class = cls;
	rc = find_vcpus(b, &e, cls, phsize, &img->vcpus, why, why_len);
	if (rc)
		return rc;
	return find_sent(b, &e, cls, phsize, mem_size, &img->sent_gpa, why, why_len);
}
