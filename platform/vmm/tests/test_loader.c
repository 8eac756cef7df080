/* The image loader (pvabi_vm_image_parse) against valid images, the
 * built guest images, every truncation, header mutations, segments and
 * notes, and random byte flips; no /dev/kvm needed. */
#include "platform/vmm/tests/vmm_fixture.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse(const uint8_t *b, size_t len, char *why, size_t n)
{
	struct pvabi_vm_image img;

	return pvabi_vm_image_parse(b, len, MEM, &img, why, n);
}

static void test_valid(void)
{
	const struct opts *os[] = { &MB32, &MB64, &PVH32 };
	struct pvabi_vm_image img;
	char why[256];
	size_t i, len;

	for (i = 0; i < 3; i++) {
		len = img_build(img_buf, img_tiny, sizeof(img_tiny), os[i]);
		CU_ASSERT_EQUAL_FATAL(pvabi_vm_image_parse(img_buf, len, MEM, &img, why, sizeof(why)), 0);
		CU_ASSERT_EQUAL(img.elf_class, os[i]->cls);
		CU_ASSERT_EQUAL(img.boot, os[i]->pvh ? PVABI_VM_BOOT_PVH : PVABI_VM_BOOT_MULTIBOOT);
		CU_ASSERT_EQUAL(img.entry, LOAD_GPA);
		CU_ASSERT_EQUAL(img.nseg, 1);
		CU_ASSERT_EQUAL(img.seg[0].paddr, LOAD_GPA);
		CU_ASSERT_EQUAL(img.seg[0].filesz, sizeof(img_tiny));
		CU_ASSERT_EQUAL(img.seg[0].memsz, sizeof(img_tiny) + os[i]->bss);
	}
	/* multiboot and PVH both present: multiboot wins, as with QEMU */
	{
		struct opts both = MB32;

		both.pvh = 1;
		len = img_build(img_buf, img_tiny, sizeof(img_tiny), &both);
		CU_ASSERT_EQUAL(pvabi_vm_image_parse(img_buf, len, MEM, &img, why, sizeof(why)), 0);
		CU_ASSERT_EQUAL(img.boot, PVABI_VM_BOOT_MULTIBOOT);
	}
}

static void test_real_images(void)
{
	static const char *const names[] = { "guest/empty.elf", "guest/empty-pvh.elf" };
	struct pvabi_vm_image img;
	char why[256];
	size_t i, len;

	for (i = 0; i < 2; i++) {
		uint8_t *b = fx_slurp(fx_build_path(names[i]), &len);

		if (!b) {
			printf("\n  %s: not built\n", fx_build_path(names[i]));
			CU_FAIL("guest image missing");
			continue;
		}
		CU_ASSERT_EQUAL(pvabi_vm_image_parse(b, len, MEM, &img, why, sizeof(why)), 0);
		CU_ASSERT_EQUAL(img.elf_class, 32);
		CU_ASSERT_EQUAL(img.boot, i ? PVABI_VM_BOOT_PVH : PVABI_VM_BOOT_MULTIBOOT);
		CU_ASSERT_TRUE(img.nseg >= 1);
		/* every header boundary of the real image, up to the end of
		 * its last loaded byte, is rejected */
		{
			uint64_t end = 0, cuts[64];
			size_t k, nc = 0, s;

			for (s = 0; s < img.nseg; s++)
				if (img.seg[s].offset + img.seg[s].filesz > end)
					end = img.seg[s].offset + img.seg[s].filesz;
			cuts[nc++] = 0;
			cuts[nc++] = 4;
			cuts[nc++] = EI_NIDENT - 1;
			cuts[nc++] = EI_NIDENT;
			cuts[nc++] = sizeof(Elf32_Ehdr) - 1;
			cuts[nc++] = sizeof(Elf32_Ehdr);
			for (k = 1; k <= 3; k++)
				cuts[nc++] = sizeof(Elf32_Ehdr) + k * sizeof(Elf32_Phdr) - 1;
			for (s = 0; s < img.nseg; s++) {
				cuts[nc++] = img.seg[s].offset;
				cuts[nc++] = img.seg[s].offset + 11;
				cuts[nc++] = img.seg[s].offset + img.seg[s].filesz - 1;
			}
			cuts[nc++] = end - 1;
			for (k = 0; k < nc; k++) {
				int rc = pvabi_vm_image_parse(b, (size_t)cuts[k], MEM, &img, why, sizeof(why));

				if (rc != -ENOEXEC)
					printf("\n  %s cut at %llu: %d\n", names[i],
					       (unsigned long long)cuts[k], rc);
				CU_ASSERT_EQUAL(rc, -ENOEXEC);
				CU_ASSERT_TRUE(why[0] != '\0');
			}
			/* what follows the loaded bytes (section headers) is not needed */
			CU_ASSERT_EQUAL(pvabi_vm_image_parse(b, (size_t)end, MEM, &img, why, sizeof(why)), 0);
		}
		free(b);
	}
}

static void test_truncations(void)
{
	const struct opts *os[] = { &MB32, &MB64, &PVH32 };
	char why[256];
	size_t i, len, cut;

	for (i = 0; i < 3; i++) {
		len = img_build(img_buf, img_tiny, sizeof(img_tiny), os[i]);
		for (cut = 0; cut < len; cut++) {
			/* a heap copy of exactly cut bytes: ASan sees any over-read */
			uint8_t *b = malloc(cut ? cut : 1);
			int rc;

			memcpy(b, img_buf, cut);
			why[0] = '\0';
			rc = parse(b, cut, why, sizeof(why));
			if (rc != -ENOEXEC)
				printf("\n  class %u cut at %zu accepted\n", os[i]->cls, cut);
			CU_ASSERT_EQUAL(rc, -ENOEXEC);
			CU_ASSERT_TRUE(why[0] != '\0');
			free(b);
		}
	}
}

/* One mutation of the ELF32 or ELF64 test image, and a word its rejection
 * message must contain. */
struct mutation {
	const char *name;
	unsigned int cls;
	size_t off;
	unsigned int width; /* 1, 2, 4, 8 */
	uint64_t value;
	const char *expect;
};

#define E32(f) offsetof(Elf32_Ehdr, f)
#define E64(f) offsetof(Elf64_Ehdr, f)
#define P32(f) (sizeof(Elf32_Ehdr) + offsetof(Elf32_Phdr, f))
#define P64(f) (sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, f))

static const struct mutation mutations[] = {
	{ "bad magic", 32, 1, 1, 'X', "not an ELF" },
	{ "class 0", 32, EI_CLASS, 1, 0, "EI_CLASS 0" },
	{ "class 3", 64, EI_CLASS, 1, 3, "EI_CLASS 3" },
	{ "big endian", 32, EI_DATA, 1, ELFDATA2MSB, "EI_DATA" },
	{ "ident version", 64, EI_VERSION, 1, 0, "EI_VERSION" },
	{ "ET_DYN", 32, E32(e_type), 2, ET_DYN, "e_type 3" },
	{ "ET_REL", 64, E64(e_type), 2, ET_REL, "e_type 1" },
	{ "ELF32 x86-64", 32, E32(e_machine), 2, EM_X86_64, "e_machine 62" },
	{ "ELF64 i386", 64, E64(e_machine), 2, EM_386, "e_machine 3" },
	{ "ELF32 arm", 32, E32(e_machine), 2, EM_ARM, "e_machine 40" },
	{ "e_version", 32, E32(e_version), 4, 2, "e_version 2" },
	{ "e_ehsize", 32, E32(e_ehsize), 2, 64, "e_ehsize 64" },
	{ "e_phentsize", 64, E64(e_phentsize), 2, 32, "e_phentsize 32" },
	{ "phnum 0", 32, E32(e_phnum), 2, 0, "e_phnum 0" },
	{ "phnum 65", 32, E32(e_phnum), 2, 65, "e_phnum 65" },
	{ "phnum PN_XNUM", 64, E64(e_phnum), 2, 0xffff, "e_phnum 65535" },
	{ "phnum past the end", 32, E32(e_phnum), 2, 64, "e_phoff" },
	{ "phoff past the end", 32, E32(e_phoff), 4, 0xfffffff0u, "e_phoff 0xfffffff0" },
	{ "phoff wraps", 64, E64(e_phoff), 8, 0xffffffffffffffe0ull, "e_phoff" },
	{ "load offset past end", 32, P32(p_offset), 4, 0x10000, "p_offset 0x10000" },
	{ "load offset wraps", 64, P64(p_offset), 8, 0xfffffffffffffff8ull, "beyond the end" },
	{ "filesz past end", 32, P32(p_filesz), 4, 0x5000, "p_filesz 0x5000" },
	{ "filesz > memsz", 32, P32(p_memsz), 4, 4, "p_filesz 0x9 > p_memsz 0x4" },
	{ "paddr 0", 32, P32(p_paddr), 4, 0, "below 0x2000" },
	{ "paddr page 1", 64, P64(p_paddr), 8, 0x1000, "p_paddr 0x1000 is below" },
	{ "paddr 0x1fff", 32, P32(p_paddr), 4, 0x1fff, "below" },
	{ "paddr at end of RAM", 32, P32(p_paddr), 4, MEM, "exceeds guest memory 64 MiB" },
	{ "paddr high", 32, P32(p_paddr), 4, 0x7ffff000u, "p_paddr 0x7ffff000 + p_memsz 0x1009 exceeds guest memory 64 MiB" },
	{ "paddr wraps", 64, P64(p_paddr), 8, 0xfffffffffffff000ull, "exceeds guest memory" },
	{ "memsz huge", 64, P64(p_memsz), 8, 0xffffffffffffff00ull, "exceeds guest memory" },
	{ "memsz crosses end", 32, P32(p_memsz), 4, MEM, "exceeds guest memory" },
	{ "no load", 32, P32(p_type), 4, PT_NULL, "no PT_LOAD" },
	{ "memsz 0", 32, P32(p_memsz), 4, 0, "p_filesz 0x9 > p_memsz 0x0" },
	{ "entry outside", 32, E32(e_entry), 4, 0x300000, "entry point 0x300000" },
	{ "entry 0", 64, E64(e_entry), 8, 0, "entry point 0x0" },
	{ "entry above 4G", 64, E64(e_entry), 8, 0x100100000ull, "entry point" },
	{ "bad mb checksum", 32, MB_OFF + 8, 4, 0, "bad checksum" },
	{ "no mb magic", 64, MB_OFF, 4, 0x1BADB003u, "no multiboot header" },
	{ "mb flag 16", 32, MB_OFF + 4, 4, 0x10000, "flag 16" },
	{ "mb video", 32, MB_OFF + 4, 4, 0x4, "required flags 0x4" },
};

static void put_width(uint8_t *p, unsigned int width, uint64_t v)
{
	memcpy(p, &v, width); /* little-endian host */
}

static void test_mutations(void)
{
	size_t i;

	for (i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		const struct mutation *m = &mutations[i];
		size_t len = img_build(img_buf, img_tiny, sizeof(img_tiny), m->cls == 32 ? &MB32 : &MB64);
		char why[256] = "";
		uint8_t *b;
		int rc;

		put_width(img_buf + m->off, m->width, m->value);
		/* the checksum follows the flags in the flag tests */
		if (m->off == MB_OFF + 4)
			put_width(img_buf + MB_OFF + 8, 4, (uint32_t)-(0x1BADB002u + (uint32_t)m->value));
		b = malloc(len);
		memcpy(b, img_buf, len);
		rc = parse(b, len, why, sizeof(why));
		if (rc != -ENOEXEC || !strstr(why, m->expect))
			printf("\n  %s: rc %d, \"%s\" (want \"%s\")\n", m->name, rc, why, m->expect);
		CU_ASSERT_EQUAL(rc, -ENOEXEC);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, m->expect));
		free(b);
	}
}

/* Images with more than one segment or note: overlap, too many segments,
 * PVH notes that lie. */
static void test_segments_and_notes(void)
{
	struct pvabi_vm_image img;
	char why[256];
	size_t len;
	Elf32_Ehdr e;
	Elf32_Phdr p[PVABI_VM_MAX_PHNUM];
	unsigned int i;

	/* overlapping PT_LOADs */
	len = img_build(img_buf, img_tiny, sizeof(img_tiny), &MB32);
	memcpy(&e, img_buf, sizeof(e));
	memcpy(p, img_buf + sizeof(e), sizeof(p[0]));
	p[1] = p[0];
	p[1].p_paddr = LOAD_GPA + 0x800;
	e.e_phnum = 2;
	memcpy(img_buf, &e, sizeof(e));
	memcpy(img_buf + sizeof(e), p, 2 * sizeof(p[0]));
	CU_ASSERT_EQUAL(pvabi_vm_image_parse(img_buf, len, MEM, &img, why, sizeof(why)), -ENOEXEC);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "PT_LOAD 1 [0x100800, 0x101809) overlaps PT_LOAD 0"));

	/* 17 loadable segments, disjoint: more than the loader keeps */
	for (i = 0; i < 17; i++) {
		p[i] = p[0];
		p[i].p_paddr = LOAD_GPA + i * 0x2000;
		p[i].p_vaddr = p[i].p_paddr;
	}
	e.e_phnum = 17;
	e.e_phoff = 0x200;
	len = 0x200 + 17 * sizeof(p[0]);
	memcpy(img_buf, &e, sizeof(e));
	memcpy(img_buf + 0x200, p, 17 * sizeof(p[0]));
	CU_ASSERT_EQUAL(pvabi_vm_image_parse(img_buf, len, MEM, &img, why, sizeof(why)), -ENOEXEC);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "more than 16"));

	/* PVH: entry outside the image, oversized names, odd descsz */
	{
		struct {
			size_t off;
			uint32_t value;
			const char *expect;
		} bad[] = {
			{ NOTE_OFF + 16, 0x10, "PVH entry point 0x10" },
			{ NOTE_OFF + 0, 0xfffffffdu, "overruns" },
			{ NOTE_OFF + 4, 0x100, "overruns" },
			{ NOTE_OFF + 4, 3, "descsz 3" },
			{ NOTE_OFF + 8, 17, "no multiboot header" },
		};
		size_t k;

		for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			len = img_build(img_buf, img_tiny, sizeof(img_tiny), &PVH32);
			img_put32(img_buf + bad[k].off, bad[k].value);
			why[0] = '\0';
			CU_ASSERT_EQUAL(pvabi_vm_image_parse(img_buf, len, MEM, &img, why, sizeof(why)),
					-ENOEXEC);
			if (!strstr(why, bad[k].expect))
				printf("\n  PVH case %zu: \"%s\"\n", k, why);
			CU_ASSERT_PTR_NOT_NULL(strstr(why, bad[k].expect));
		}
		/* an 8-byte entry note is accepted */
		len = img_build(img_buf, img_tiny, sizeof(img_tiny), &PVH32);
		img_put32(img_buf + NOTE_OFF + 4, 8);
		img_put32(img_buf + NOTE_OFF + 20, 0);
		memcpy(&p[1], img_buf + sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr), sizeof(p[1]));
		p[1].p_filesz = 24;
		memcpy(img_buf + sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr), &p[1], sizeof(p[1]));
		CU_ASSERT_EQUAL(pvabi_vm_image_parse(img_buf, len, MEM, &img, why, sizeof(why)), 0);
		CU_ASSERT_EQUAL(img.entry, LOAD_GPA);
	}

	/* multiboot header past the first 8 KiB, or not 4-aligned: absent */
	{
		static uint8_t big[0x3000];
		struct opts o = MB32;

		o.multiboot = 0;
		len = img_build(img_buf, img_tiny, sizeof(img_tiny), &o);
		memcpy(big, img_buf, len);
		img_put32(big + 0x2000, 0x1BADB002u);
		img_put32(big + 0x2004, 0);
		img_put32(big + 0x2008, (uint32_t)-0x1BADB002u);
		CU_ASSERT_EQUAL(pvabi_vm_image_parse(big, sizeof(big), MEM, &img, why, sizeof(why)),
				-ENOEXEC);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, "no multiboot header"));
		memmove(big + 0x1002, big + 0x2000, 12);
		CU_ASSERT_EQUAL(pvabi_vm_image_parse(big, sizeof(big), MEM, &img, why, sizeof(why)),
				-ENOEXEC);
		memmove(big + 0x1000, big + 0x1002, 12);
		CU_ASSERT_EQUAL(pvabi_vm_image_parse(big, sizeof(big), MEM, &img, why, sizeof(why)), 0);
	}
	/* a virtual entry is translated through its segment */
	len = img_build(img_buf, img_tiny, sizeof(img_tiny), &MB64);
	{
		Elf64_Ehdr e64;
		Elf64_Phdr p64;

		memcpy(&e64, img_buf, sizeof(e64));
		memcpy(&p64, img_buf + sizeof(e64), sizeof(p64));
		p64.p_vaddr = 0xffffffff80100000ull;
		e64.e_entry = 0xffffffff80100005ull;
		memcpy(img_buf, &e64, sizeof(e64));
		memcpy(img_buf + sizeof(e64), &p64, sizeof(p64));
		CU_ASSERT_EQUAL(pvabi_vm_image_parse(img_buf, len, MEM, &img, why, sizeof(why)), 0);
		CU_ASSERT_EQUAL(img.entry, LOAD_GPA + 5);
	}
	/* a smaller guest: the same image no longer fits */
	len = img_build(img_buf, img_tiny, sizeof(img_tiny), &MB32);
	CU_ASSERT_EQUAL(pvabi_vm_image_parse(img_buf, len, 0x100800, &img, why, sizeof(why)), -ENOEXEC);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "exceeds guest memory 1050624 bytes"));
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Whatever the loader accepts must be loadable as described. */
static void check_plan(const struct pvabi_vm_image *img, size_t len)
{
	unsigned int i, inside = 0;

	CU_ASSERT_TRUE(img->nseg >= 1 && img->nseg <= PVABI_VM_MAX_LOADS);
	for (i = 0; i < img->nseg && i < PVABI_VM_MAX_LOADS; i++) {
		const struct pvabi_vm_segment *s = &img->seg[i];

		CU_ASSERT_TRUE(s->paddr >= PVABI_VM_LOAD_MIN);
		CU_ASSERT_TRUE(s->paddr <= MEM && s->memsz <= MEM - s->paddr);
		CU_ASSERT_TRUE(s->filesz <= s->memsz);
		CU_ASSERT_TRUE(s->offset <= len && s->filesz <= len - s->offset);
		if (img->entry >= s->paddr && img->entry - s->paddr < s->memsz)
			inside = 1;
	}
	CU_ASSERT_TRUE(inside);
}

static void flip_all(const uint8_t *base, size_t len, unsigned int rounds)
{
	struct pvabi_vm_image img;
	uint8_t *b = malloc(len);
	unsigned int r, k, accepted = 0;
	char why[256];

	for (r = 0; r < rounds; r++) {
		unsigned int nflip = 1 + (unsigned int)(rnd() % 4);

		memcpy(b, base, len);
		for (k = 0; k < nflip; k++) {
			/* mostly in the headers, where it matters */
			size_t at = rnd() % 2 ? rnd() % (len < 0x100 ? len : 0x100) : rnd() % len;

			b[at] ^= (uint8_t)(1u << (rnd() % 8));
		}
		if (pvabi_vm_image_parse(b, len, MEM, &img, why, sizeof(why)) == 0) {
			accepted++;
			check_plan(&img, len);
		} else {
			CU_ASSERT_TRUE(why[0] != '\0');
		}
	}
	/* random bytes entirely */
	for (r = 0; r < rounds / 10; r++) {
		for (k = 0; k < len; k++)
			b[k] = (uint8_t)rnd();
		if (rnd() % 2)
			memcpy(b, base, 24); /* keep an ELF identification */
		if (pvabi_vm_image_parse(b, len, MEM, &img, why, sizeof(why)) == 0)
			check_plan(&img, len);
	}
	(void)accepted;
	free(b);
}

static void test_random_flips(void)
{
	const struct opts *os[] = { &MB32, &MB64, &PVH32 };
	size_t i, len;
	uint8_t *real;

	for (i = 0; i < 3; i++) {
		uint8_t copy[PAYLOAD_OFF + sizeof(img_tiny)];

		len = img_build(img_buf, img_tiny, sizeof(img_tiny), os[i]);
		memcpy(copy, img_buf, len);
		flip_all(copy, len, 20000);
	}
	real = fx_slurp(fx_build_path("guest/empty.elf"), &len);
	if (real) {
		flip_all(real, len, 3000);
		free(real);
	}
}

const struct pvabi_test_case vmm_image_cases[] = {
	{ "valid images", test_valid },
	{ "built guest images", test_real_images },
	{ "every truncation", test_truncations },
	{ "header mutations", test_mutations },
	{ "segments and notes", test_segments_and_notes },
	{ "random byte flips", test_random_flips },
	{ NULL, NULL },
};
