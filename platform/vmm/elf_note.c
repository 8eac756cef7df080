/* The image loader's boot protocol and notes: a multiboot v1 header
 * (as QEMU reads one) or a PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY), and
 * the image's own notes (PVABI_VM_NOTE_NAME): the vCPUs it runs and where
 * it reads what the engine sent it. Every note is bounded by its
 * segment before a byte of it is read. */
#include "platform/vmm/elf_internal.h"

#include <elf.h>
#include <string.h>

#define MB_MAGIC 0x1BADB002u
#define MB_SEARCH 8192u
#define MB_FLAG_ADDRESS (1u << 16) /* a.out kludge: load addresses in the header */
#define MB_SUPPORTED_REQUIRED 0x3u /* page-aligned modules (none), memory info */
#define XEN_ELFNOTE_PHYS32_ENTRY 18u

/* The multiboot v1 header: 4-aligned in the first 8 KiB, checksummed.
 * Returns 1 found, 0 absent, <0 rejected. */
static int find_multiboot(const uint8_t *b, size_t len, uint32_t *flags, char *why, size_t n)
{
	size_t lim = len < MB_SEARCH ? len : MB_SEARCH, off;
	long bad = -1;

	for (off = 0; off + 12 <= lim; off += 4) {
		uint32_t f, sum;

		if (elf_le32(b + off) != MB_MAGIC)
			continue;
		f = elf_le32(b + off + 4);
		sum = elf_le32(b + off + 8);
		if ((uint32_t)(MB_MAGIC + f + sum) != 0) {
			if (bad < 0)
				bad = (long)off;
			continue;
		}
		if (f & MB_FLAG_ADDRESS)
			return elf_reject(why, n, "multiboot header at offset 0x%zx: flag 16 (load "
					  "addresses in the header) is not supported, use ELF program headers",
					  off);
		if (f & 0xffffu & ~MB_SUPPORTED_REQUIRED)
			return elf_reject(why, n, "multiboot header at offset 0x%zx: required flags 0x%x "
					  "cannot be honoured (supported: 0x%x)",
					  off, f & 0xffffu & ~MB_SUPPORTED_REQUIRED, MB_SUPPORTED_REQUIRED);
		*flags = f;
		return 1;
	}
	if (bad >= 0)
		return elf_reject(why, n, "multiboot magic at offset 0x%lx has a bad checksum "
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
		uint64_t namesz = elf_le32(h), dsz = elf_le32(h + 4), type = elf_le32(h + 8);
		uint64_t name_pad = (namesz + 3) & ~UINT64_C(3), desc_pad = (dsz + 3) & ~UINT64_C(3);
		const uint8_t *name = h + 12;

		if (name_pad > p->filesz - off - 12 || desc_pad > p->filesz - off - 12 - name_pad)
			return elf_reject(why, n, "PT_NOTE %u: note at offset 0x%llx (namesz %llu, descsz "
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
		*entry = elf_le32(desc);
	else if (descsz == 8)
		*entry = elf_le64(desc);
	else
		return elf_reject(why, n, "PT_NOTE %u: PHYS32_ENTRY descsz %llu is neither 4 nor 8", idx,
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

		elf_read_phdr(b + e->phoff + (uint64_t)i * phsize, cls, &p);
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

int elf_find_vcpus(const uint8_t *b, const struct ehdr *e, unsigned int cls, size_t phsize,
		   unsigned int *vcpus, char *why, size_t n)
{
	const uint8_t *desc;
	uint64_t descsz;
	unsigned int i;
	int rc = find_pvabi_note(b, e, cls, phsize, PVABI_VM_NOTE_VCPUS, &desc, &descsz, &i, why,
				 n);

	if (rc <= 0)
		return rc;
	if (descsz != 4 || elf_le32(desc) < 1 || elf_le32(desc) > PVABI_VM_MAX_VCPUS)
		return elf_reject(why, n, "PT_NOTE %u: the vCPUs note (descsz %llu, value %u) is "
				  "not a u32 from 1 to %d", i, (unsigned long long)descsz,
				  descsz >= 4 ? elf_le32(desc) : 0, PVABI_VM_MAX_VCPUS);
	*vcpus = elf_le32(desc);
	return 0;
}

int elf_find_sent(const uint8_t *b, const struct ehdr *e, unsigned int cls, size_t phsize,
		  uint64_t mem_size, uint64_t *gpa, char *why, size_t n)
{
	const uint8_t *desc;
	uint64_t descsz, at;
	unsigned int i;
	int rc = find_pvabi_note(b, e, cls, phsize, PVABI_VM_NOTE_SENT, &desc, &descsz, &i, why, n);

	if (rc <= 0)
		return rc;
	at = descsz == 8 ? elf_le64(desc) : 0;
	if (!at || at % 8 || at > mem_size || mem_size - at < 8 * PVABI_VM_SENT_VCPUS)
		return elf_reject(why, n, "PT_NOTE %u: the sent-vectors note (descsz %llu, address "
				  "0x%llx) is not an 8-aligned address of %d counters in guest memory",
				  i, (unsigned long long)descsz, (unsigned long long)at,
				  PVABI_VM_SENT_VCPUS);
	*gpa = at;
	return 0;
}

int elf_find_boot(const uint8_t *b, size_t len, const struct ehdr *e, unsigned int cls,
		  size_t phsize, struct pvabi_vm_image *img, uint64_t *entry, char *why, size_t n)
{
	unsigned int i;
	int rc = find_multiboot(b, len, &img->mb_flags, why, n), found = 0;

	/* multiboot first, as QEMU does */
	if (rc < 0)
		return rc;
	if (rc) {
		img->boot = PVABI_VM_BOOT_MULTIBOOT;
		*entry = e->entry;
		return 0;
	}
	for (i = 0; i < e->phnum && !found; i++) {
		struct phdr p;

		elf_read_phdr(b + e->phoff + (uint64_t)i * phsize, cls, &p);
		if (p.type != PT_NOTE)
			continue;
		rc = find_pvh(b, &p, i, entry, why, n);
		if (rc < 0)
			return rc;
		found = rc;
	}
	if (!found)
		return elf_reject(why, n, "no multiboot header in the first 8 KiB and no PVH "
				      "entry note (XEN_ELFNOTE_PHYS32_ENTRY)");
	img->boot = PVABI_VM_BOOT_PVH;
	return 0;
}
