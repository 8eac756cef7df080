/* The VMM's image loader (platform/vmm/elf.c): ELF32/ELF64 images with a
 * multiboot header or a PVH entry note, as `pvabi run` validates them
 * before any engine. Promises beyond no crash and no undefined behaviour:
 * an accepted image has 1..PVABI_VM_MAX_LOADS disjoint segments, each
 * with its file bytes inside the image (every one of them is read here,
 * so ASan sees any overrun) and its memory inside guest memory above the
 * reserved pages, and an entry inside a segment; an image accepted for a
 * small guest is accepted for a large one; a refusal says why, and the
 * reason fits any buffer, however small. */
#include "fuzz/fuzz.h"

#include "platform/vmm/vmm.h"

#include <string.h>

static volatile uint8_t sink;

static void segments_ok(const uint8_t *b, size_t len, uint64_t mem,
			const struct pvabi_vm_image *img)
{
	unsigned int i, k;
	uint8_t x = 0;

	if (img->nseg == 0 || img->nseg > PVABI_VM_MAX_LOADS)
		fuzz_fail("%u segments", img->nseg);
	for (i = 0; i < img->nseg; i++) {
		const struct pvabi_vm_segment *s = &img->seg[i];
		uint64_t j;

		if (s->offset > len || s->filesz > len - s->offset || s->filesz > s->memsz)
			fuzz_fail("segment %u: file bytes 0x%llx+0x%llx (mem 0x%llx) in %zu", i,
				  (unsigned long long)s->offset, (unsigned long long)s->filesz,
				  (unsigned long long)s->memsz, len);
		if (s->paddr < PVABI_VM_LOAD_MIN || s->paddr > mem || s->memsz > mem - s->paddr)
			fuzz_fail("segment %u: [0x%llx, +0x%llx) outside guest memory of 0x%llx", i,
				  (unsigned long long)s->paddr, (unsigned long long)s->memsz,
				  (unsigned long long)mem);
		for (k = 0; k < i; k++)
			if (s->paddr < img->seg[k].paddr + img->seg[k].memsz &&
			    img->seg[k].paddr < s->paddr + s->memsz)
				fuzz_fail("segments %u and %u overlap", k, i);
		for (j = 0; j < s->filesz; j++)
			x ^= b[s->offset + j];
	}
	for (i = 0; i < img->nseg; i++)
		if (img->entry >= img->seg[i].paddr &&
		    img->entry - img->seg[i].paddr < img->seg[i].memsz)
			break;
	if (i == img->nseg)
		fuzz_fail("entry 0x%x outside every segment", img->entry);
	if (img->elf_class != 32 && img->elf_class != 64)
		fuzz_fail("class %u", img->elf_class);
	sink = x;
}

static int parse(const uint8_t *b, size_t len, uint64_t mem, struct pvabi_vm_image *img)
{
	char why[512], tiny[8];
	int rc;

	memset(why, 'x', sizeof(why));
	rc = pvabi_vm_image_parse(b, len, mem, img, why, sizeof(why));
	if (!memchr(why, 0, sizeof(why)))
		fuzz_fail("reason not NUL-terminated");
	if (rc == 0 && why[0])
		fuzz_fail("accepted with a reason: %s", why);
	if (rc != 0 && (rc > 0 || !why[0]))
		fuzz_fail("refused (%d) without a reason", rc);
	memset(tiny, 'x', sizeof(tiny));
	if (pvabi_vm_image_parse(b, len, mem, img, tiny, sizeof(tiny)) != rc ||
	    !memchr(tiny, 0, sizeof(tiny)))
		fuzz_fail("a small reason buffer changes the outcome or is overrun");
	if (rc == 0)
		segments_ok(b, len, mem, img);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pvabi_vm_image img;
	int small = parse(data, size, 2u << 20, &img);

	if (parse(data, size, 64u << 20, &img) != 0 && small == 0)
		fuzz_fail("accepted for 2 MiB of guest memory, refused for 64 MiB");
	return 0;
}
