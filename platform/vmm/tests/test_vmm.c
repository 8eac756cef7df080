/* Tests of the VMM: the image loader against many malformed images built
 * in memory (no /dev/kvm needed), the configuration checks, then boots of
 * the runtime's empty images and of tiny hand-assembled guests that each
 * end one way (exit, triple fault, endless loop, hlt) or exercise one
 * device (doorbell, COM1, unknown ports, MMIO, extra port handlers). The
 * boot tests skip, saying why, where /dev/kvm is missing or unusable. */
#include "platform/vmm/vmm.h"
#include "tests/harness.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MEM (64u << 20)
#define LOAD_GPA 0x100000u
#define PAYLOAD_OFF 0x100u /* file offset of the loaded bytes */
#define MB_OFF 0xc0u
#define NOTE_OFF 0xd0u
#define DATA_OFF 0xf00u    /* payload offset of guest data: crosses a page at 0x1000 */
#define DATA_GPA (LOAD_GPA + DATA_OFF)

/* ---- images built in memory ------------------------------------------ */

struct opts {
	unsigned int cls;  /* 32 or 64 */
	int multiboot;
	int pvh;
	uint32_t mb_flags;
	uint32_t bss;
};

static const struct opts MB32 = { 32, 1, 0, 0, 0x1000 };
static const struct opts MB64 = { 64, 1, 0, 0, 0x1000 };
static const struct opts PVH32 = { 32, 0, 1, 0, 0 };

static uint8_t imgbuf[65536];

static void put32(uint8_t *p, uint32_t x)
{
	memcpy(p, &x, 4);
}

/* ELF header, program headers, multiboot header, PVH note, then the
 * payload loaded at 1 MiB, which ends the file: any truncation cuts it. */
static size_t build(uint8_t *out, const uint8_t *payload, size_t n, const struct opts *o)
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
		put32(out + MB_OFF, 0x1BADB002u);
		put32(out + MB_OFF + 4, o->mb_flags);
		put32(out + MB_OFF + 8, (uint32_t)-(0x1BADB002u + o->mb_flags));
	}
	if (o->pvh) {
		put32(out + NOTE_OFF, 4);
		put32(out + NOTE_OFF + 4, 4);
		put32(out + NOTE_OFF + 8, 18);
		memcpy(out + NOTE_OFF + 12, "Xen", 4);
		put32(out + NOTE_OFF + 16, LOAD_GPA);
	}
	memcpy(out + PAYLOAD_OFF, payload, n);
	return PAYLOAD_OFF + n;
}

/* A few 32-bit instructions, enough for the test guests. */
struct code {
	uint8_t b[16384];
	size_t n;
};

static void emit(struct code *c, const void *p, size_t n)
{
	if (c->n + n <= sizeof(c->b)) {
		memcpy(c->b + c->n, p, n);
		c->n += n;
	}
}

#define EMIT(c, ...)                                                     \
	do {                                                             \
		static const uint8_t b_[] = { __VA_ARGS__ };             \
		emit((c), b_, sizeof(b_));                               \
	} while (0)

static void op_imm32(struct code *c, uint8_t op, uint32_t imm)
{
	emit(c, &op, 1);
	emit(c, &imm, 4);
}

#define MOV_EAX(c, x) op_imm32((c), 0xb8, (x))
#define MOV_ECX(c, x) op_imm32((c), 0xb9, (x))
#define MOV_EDX(c, x) op_imm32((c), 0xba, (x))
#define MOV_EBX(c, x) op_imm32((c), 0xbb, (x))
#define MOV_ESI(c, x) op_imm32((c), 0xbe, (x))
#define MOV_EDI(c, x) op_imm32((c), 0xbf, (x))
#define LOAD_EAX(c, addr) op_imm32((c), 0xa1, (addr)) /* mov addr, %eax */
#define EXIT_EAX(c) EMIT((c), 0xe7, 0xf4, 0xfa, 0xf4) /* out %eax,$0xf4; cli; hlt */

/* Guest data at DATA_GPA: pads the code up to it. */
static void data_at(struct code *c, const void *p, size_t n)
{
	if (c->n < DATA_OFF) {
		memset(c->b + c->n, 0xcc, DATA_OFF - c->n);
		c->n = DATA_OFF;
	}
	emit(c, p, n);
}

static size_t guest(const struct code *c, const struct opts *o)
{
	return build(imgbuf, c->b, c->n, o);
}

/* ---- running them ----------------------------------------------------- */

static char con[65536];
static size_t con_len;

static void sink(void *ctx, const char *buf, size_t n)
{
	(void)ctx;
	if (con_len + n < sizeof(con)) {
		memcpy(con + con_len, buf, n);
		con_len += n;
		con[con_len] = '\0';
	}
}

static int kvm_state = -1; /* -1 unknown, 0 unusable, 1 usable */
static char kvm_why[200];

static int kvm_usable(void)
{
	if (kvm_state < 0)
		kvm_state = pvabi_vm_probe(kvm_why, sizeof(kvm_why)) == 0;
	return kvm_state;
}

#define NEED_KVM()                                                               \
	do {                                                                     \
		char m_[300];                                                    \
		if (!kvm_usable()) {                                             \
			snprintf(m_, sizeof(m_), "no usable /dev/kvm: %s", kvm_why); \
			PVABI_SKIP(m_);                                          \
		}                                                                \
	} while (0)

static void cfg_init(struct pvabi_vm_config *cfg, const void *img, size_t len)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->image_data = img;
	cfg->image_size = len;
	cfg->timeout_ms = 5000;
	cfg->console = sink;
	con_len = 0;
	con[0] = '\0';
}

static int run_cfg(struct pvabi_vm_config *cfg, struct pvabi_vm_result *res)
{
	int rc = pvabi_vm_run(cfg, res);

	if (getenv("PVABI_TEST_VERBOSE"))
		printf("\n    -> %s 0x%x: %s (%llu exits)\n", pvabi_vm_outcome_name(res->outcome),
		       res->exit_value, res->reason, (unsigned long long)res->exits.total);
	return rc;
}

/* Runs a built guest; returns the outcome. */
static enum pvabi_vm_outcome run_code(const struct code *c, const struct opts *o,
				      struct pvabi_vm_result *res)
{
	struct pvabi_vm_config cfg;

	cfg_init(&cfg, imgbuf, guest(c, o));
	run_cfg(&cfg, res);
	return res->outcome;
}

/* A mkstemp template in the temporary directory. */
static void tmp_template(char *buf, size_t n, const char *name)
{
	const char *d = getenv("TMPDIR");

	snprintf(buf, n, "%s/%s-XXXXXX", d && *d ? d : "/tmp", name);
}

static const char *build_path(const char *rel)
{
	return pvabi_test_path(pvabi_test_builddir(), rel);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		b = malloc((size_t)n);
		if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
			free(b);
			b = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return b;
}

/* ---- the loader -------------------------------------------------------- */

static const uint8_t tiny[] = { 0xb8, 0, 0, 0, 0, 0xe7, 0xf4, 0xfa, 0xf4 };

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
		len = build(imgbuf, tiny, sizeof(tiny), os[i]);
		CU_ASSERT_EQUAL_FATAL(pvabi_vm_image_parse(imgbuf, len, MEM, &img, why, sizeof(why)), 0);
		CU_ASSERT_EQUAL(img.elf_class, os[i]->cls);
		CU_ASSERT_EQUAL(img.boot, os[i]->pvh ? PVABI_VM_BOOT_PVH : PVABI_VM_BOOT_MULTIBOOT);
		CU_ASSERT_EQUAL(img.entry, LOAD_GPA);
		CU_ASSERT_EQUAL(img.nseg, 1);
		CU_ASSERT_EQUAL(img.seg[0].paddr, LOAD_GPA);
		CU_ASSERT_EQUAL(img.seg[0].filesz, sizeof(tiny));
		CU_ASSERT_EQUAL(img.seg[0].memsz, sizeof(tiny) + os[i]->bss);
	}
	/* multiboot and PVH both present: multiboot wins, as with QEMU */
	{
		struct opts both = MB32;

		both.pvh = 1;
		len = build(imgbuf, tiny, sizeof(tiny), &both);
		CU_ASSERT_EQUAL(pvabi_vm_image_parse(imgbuf, len, MEM, &img, why, sizeof(why)), 0);
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
		uint8_t *b = slurp(build_path(names[i]), &len);

		if (!b) {
			printf("\n  %s: not built\n", build_path(names[i]));
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
		len = build(imgbuf, tiny, sizeof(tiny), os[i]);
		for (cut = 0; cut < len; cut++) {
			/* a heap copy of exactly cut bytes: ASan sees any over-read */
			uint8_t *b = malloc(cut ? cut : 1);
			int rc;

			memcpy(b, imgbuf, cut);
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
		size_t len = build(imgbuf, tiny, sizeof(tiny), m->cls == 32 ? &MB32 : &MB64);
		char why[256] = "";
		uint8_t *b;
		int rc;

		put_width(imgbuf + m->off, m->width, m->value);
		/* the checksum follows the flags in the flag tests */
		if (m->off == MB_OFF + 4)
			put_width(imgbuf + MB_OFF + 8, 4, (uint32_t)-(0x1BADB002u + (uint32_t)m->value));
		b = malloc(len);
		memcpy(b, imgbuf, len);
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
	len = build(imgbuf, tiny, sizeof(tiny), &MB32);
	memcpy(&e, imgbuf, sizeof(e));
	memcpy(p, imgbuf + sizeof(e), sizeof(p[0]));
	p[1] = p[0];
	p[1].p_paddr = LOAD_GPA + 0x800;
	e.e_phnum = 2;
	memcpy(imgbuf, &e, sizeof(e));
	memcpy(imgbuf + sizeof(e), p, 2 * sizeof(p[0]));
	CU_ASSERT_EQUAL(pvabi_vm_image_parse(imgbuf, len, MEM, &img, why, sizeof(why)), -ENOEXEC);
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
	memcpy(imgbuf, &e, sizeof(e));
	memcpy(imgbuf + 0x200, p, 17 * sizeof(p[0]));
	CU_ASSERT_EQUAL(pvabi_vm_image_parse(imgbuf, len, MEM, &img, why, sizeof(why)), -ENOEXEC);
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
			len = build(imgbuf, tiny, sizeof(tiny), &PVH32);
			put32(imgbuf + bad[k].off, bad[k].value);
			why[0] = '\0';
			CU_ASSERT_EQUAL(pvabi_vm_image_parse(imgbuf, len, MEM, &img, why, sizeof(why)),
					-ENOEXEC);
			if (!strstr(why, bad[k].expect))
				printf("\n  PVH case %zu: \"%s\"\n", k, why);
			CU_ASSERT_PTR_NOT_NULL(strstr(why, bad[k].expect));
		}
		/* an 8-byte entry note is accepted */
		len = build(imgbuf, tiny, sizeof(tiny), &PVH32);
		put32(imgbuf + NOTE_OFF + 4, 8);
		put32(imgbuf + NOTE_OFF + 20, 0);
		memcpy(&p[1], imgbuf + sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr), sizeof(p[1]));
		p[1].p_filesz = 24;
		memcpy(imgbuf + sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr), &p[1], sizeof(p[1]));
		CU_ASSERT_EQUAL(pvabi_vm_image_parse(imgbuf, len, MEM, &img, why, sizeof(why)), 0);
		CU_ASSERT_EQUAL(img.entry, LOAD_GPA);
	}

	/* multiboot header past the first 8 KiB, or not 4-aligned: absent */
	{
		static uint8_t big[0x3000];
		struct opts o = MB32;

		o.multiboot = 0;
		len = build(imgbuf, tiny, sizeof(tiny), &o);
		memcpy(big, imgbuf, len);
		put32(big + 0x2000, 0x1BADB002u);
		put32(big + 0x2004, 0);
		put32(big + 0x2008, (uint32_t)-0x1BADB002u);
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
	len = build(imgbuf, tiny, sizeof(tiny), &MB64);
	{
		Elf64_Ehdr e64;
		Elf64_Phdr p64;

		memcpy(&e64, imgbuf, sizeof(e64));
		memcpy(&p64, imgbuf + sizeof(e64), sizeof(p64));
		p64.p_vaddr = 0xffffffff80100000ull;
		e64.e_entry = 0xffffffff80100005ull;
		memcpy(imgbuf, &e64, sizeof(e64));
		memcpy(imgbuf + sizeof(e64), &p64, sizeof(p64));
		CU_ASSERT_EQUAL(pvabi_vm_image_parse(imgbuf, len, MEM, &img, why, sizeof(why)), 0);
		CU_ASSERT_EQUAL(img.entry, LOAD_GPA + 5);
	}
	/* a smaller guest: the same image no longer fits */
	len = build(imgbuf, tiny, sizeof(tiny), &MB32);
	CU_ASSERT_EQUAL(pvabi_vm_image_parse(imgbuf, len, 0x100800, &img, why, sizeof(why)), -ENOEXEC);
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
		uint8_t copy[PAYLOAD_OFF + sizeof(tiny)];

		len = build(imgbuf, tiny, sizeof(tiny), os[i]);
		memcpy(copy, imgbuf, len);
		flip_all(copy, len, 20000);
	}
	real = slurp(build_path("guest/empty.elf"), &len);
	if (real) {
		flip_all(real, len, 3000);
		free(real);
	}
}

/* Rejections through pvabi_vm_run: before /dev/kvm is even opened. */
static void test_run_rejects(void)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	char path[4096];
	uint8_t *huge;
	size_t len;
	int fd;

	tmp_template(path, sizeof(path), "pvabi-vm-test");
	len = build(imgbuf, tiny, sizeof(tiny), &MB32);
	imgbuf[EI_CLASS] = 7;
	cfg_init(&cfg, imgbuf, len);
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -ENOEXEC);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "EI_CLASS 7"));

	huge = calloc(1, PVABI_VM_MAX_IMAGE + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(huge);
	len = build(huge, tiny, sizeof(tiny), &MB32);
	cfg_init(&cfg, huge, PVABI_VM_MAX_IMAGE + 1);
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EFBIG);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "16 MiB"));
	free(huge);

	cfg_init(&cfg, NULL, 0);
	cfg.image = "/nonexistent/pvabi/image.elf";
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -ENOENT);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	cfg.image = "/";
	CU_ASSERT_TRUE(pvabi_vm_run(&cfg, &res) < 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "not a regular file"));

	fd = mkstemp(path);
	CU_ASSERT_TRUE_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(ftruncate(fd, PVABI_VM_MAX_IMAGE + 1), 0); /* sparse */
	cfg.image = path;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EFBIG);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	CU_ASSERT_EQUAL(ftruncate(fd, 0), 0);
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -ENOEXEC);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	close(fd);
	unlink(path);
}

static int nop_doorbell(void *ctx, uint8_t *mem, size_t size, uint8_t value)
{
	(void)ctx;
	(void)mem;
	(void)size;
	(void)value;
	return 0;
}

static void test_config(void)
{
	struct pvabi_vm_ioport ports[2] = { { 0x500, 4, NULL, NULL, NULL }, { 0x502, 1, NULL, NULL, NULL } };
	static char longline[PVABI_VM_MAX_CMDLINE + 2];
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	size_t len = build(imgbuf, tiny, sizeof(tiny), &MB32);
	size_t bad_mem[] = { 1u << 20, PVABI_VM_DEFAULT_MEM + 1, (size_t)PVABI_VM_MAX_MEM + 4096 };
	size_t i;

	CU_ASSERT_EQUAL(pvabi_vm_run(NULL, &res), -EINVAL);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_CONFIG_INVALID);
	cfg_init(&cfg, imgbuf, len);
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, NULL), -EINVAL);
	cfg.image_data = NULL;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_CONFIG_INVALID);

	for (i = 0; i < sizeof(bad_mem) / sizeof(bad_mem[0]); i++) {
		cfg_init(&cfg, imgbuf, len);
		cfg.mem_size = bad_mem[i];
		CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
		CU_ASSERT_EQUAL(res.outcome, PVABI_VM_CONFIG_INVALID);
	}
	cfg_init(&cfg, imgbuf, len);
	memset(longline, 'x', sizeof(longline) - 1);
	cfg.cmdline = longline;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "command line"));

	cfg_init(&cfg, imgbuf, len);
	cfg.timeout_ms = PVABI_VM_MAX_TIMEOUT_MS + 1;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);

	cfg_init(&cfg, imgbuf, len);
	cfg.console_coalesce = (enum pvabi_vm_coalesce)7;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);

	cfg_init(&cfg, imgbuf, len);
	cfg.doorbell = nop_doorbell;
	cfg.doorbell_port = 0xf4;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	cfg.doorbell_port = 0x3fd;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);

	cfg_init(&cfg, imgbuf, len);
	cfg.ports = ports;
	cfg.nports = 2;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "overlap"));
	ports[1].base = 0xfff0;
	ports[1].count = 0x20;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	ports[1].base = 0x3f0;
	ports[1].count = 0x10;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	ports[1].count = 0;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	cfg.nports = PVABI_VM_MAX_PORTS + 1;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_CONFIG_INVALID);
}

/* ---- boots ------------------------------------------------------------ */

static void boot_file(const char *rel)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;

	NEED_KVM();
	cfg_init(&cfg, NULL, 0);
	cfg.image = build_path(rel);
	cfg.cmdline = "quiet";
	CU_ASSERT_EQUAL(run_cfg(&cfg, &res), 0);
	if (res.outcome != PVABI_VM_EXITED)
		printf("\n  %s: %s: %s\n%s\n", rel, pvabi_vm_outcome_name(res.outcome), res.reason, con);
	/* the runtime exits with PVABI_EXIT_BASE + status; PASS is 0 */
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x20);
	CU_ASSERT_PTR_NOT_NULL(strstr(con, "TAP version 13"));
	CU_ASSERT_PTR_NOT_NULL(strstr(con, "# PASS"));
	CU_ASSERT_TRUE(res.exits.console + res.exits.coalesced >= 1);
	CU_ASSERT_EQUAL(res.exits.console_bytes, con_len);
	CU_ASSERT_TRUE(res.boot_ns > 0 && res.setup_ns > 0 && res.teardown_ns > 0);
	CU_ASSERT_EQUAL(res.error, 0);
}

static void test_empty(void)
{
	boot_file("guest/empty.elf");
}

static void test_empty_pvh(void)
{
	boot_file("guest/empty-pvh.elf");
}

static void test_exit_values(void)
{
	struct pvabi_vm_result res;
	struct code c;

	NEED_KVM();
	c.n = 0;
	MOV_EAX(&c, 0xdeadbeef);
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xdeadbeef);
	CU_ASSERT_EQUAL(res.exits.total, 1);
	CU_ASSERT_EQUAL(run_code(&c, &MB64, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xdeadbeef);
	CU_ASSERT_EQUAL(run_code(&c, &PVH32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xdeadbeef);

	c.n = 0;
	EMIT(&c, 0xb0, 0x07, 0xe6, 0xf4, 0xf4); /* mov $7,%al; out %al,$0xf4 */
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 7);

	c.n = 0;
	EMIT(&c, 0x66, 0xb8, 0x34, 0x12, 0x66, 0xe7, 0xf4, 0xf4); /* outw 0x1234 */
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x1234);
}

static void test_triple_fault(void)
{
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	EMIT(&c, 0x0f, 0x0b); /* ud2 without an IDT */
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_SHUTDOWN);
	CU_ASSERT_EQUAL(res.error, 0);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static int kick_blocked(void)
{
	sigset_t s;

	pthread_sigmask(SIG_BLOCK, NULL, &s);
	return sigismember(&s, PVABI_VM_KICK_SIGNAL);
}

static void test_timeout(void)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };
	struct timespec t0;
	double ms;

	NEED_KVM();
	EMIT(&c, 0xeb, 0xfe); /* jmp . */
	cfg_init(&cfg, imgbuf, guest(&c, &MB32));
	cfg.timeout_ms = 500;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CU_ASSERT_EQUAL(run_cfg(&cfg, &res), 0);
	ms = ms_since(&t0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_TIMEOUT);
	CU_ASSERT_TRUE(ms >= 500 && ms < 1500);
	CU_ASSERT_TRUE(res.boot_ns >= 500000000ull);
	CU_ASSERT_TRUE(res.exits.intr >= 1);
	CU_ASSERT_EQUAL(res.rip, LOAD_GPA);
	CU_ASSERT_FALSE(kick_blocked());
	/* the next run is unaffected by the last one's timer */
	c.n = 0;
	MOV_EAX(&c, 1);
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_EXITED);
}

static void test_hlt(void)
{
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	EMIT(&c, 0xfa, 0xf4); /* cli; hlt */
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_HLT_FOREVER);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "interrupts disabled"));
	CU_ASSERT_EQUAL(res.exits.hlt, 1);
	c.n = 0;
	EMIT(&c, 0xfb, 0x90, 0xf4); /* sti; nop; hlt */
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_HLT_FOREVER);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "interrupts enabled"));
}

struct bell {
	unsigned int calls;
	uint8_t value;
	size_t size;
	int fail;
};

static int doorbell(void *ctx, uint8_t *mem, size_t size, uint8_t value)
{
	struct bell *b = ctx;
	uint32_t answer = 0x12345678u + b->calls;

	b->calls++;
	b->value = value;
	b->size = size;
	if (b->fail)
		return -EPROTO;
	memcpy(mem + 0x7000, &answer, 4);
	return 0;
}

static void test_doorbell(void)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	struct bell b = { 0, 0, 0, 0 };
	struct code c = { .n = 0 };

	NEED_KVM();
	EMIT(&c, 0xc7, 0x05, 0x00, 0x70, 0x00, 0x00, 0, 0, 0, 0); /* movl $0, 0x7000 */
	MOV_EAX(&c, 0x5a);
	MOV_EDX(&c, 0x2f8);
	EMIT(&c, 0xee); /* out %al,%dx */
	LOAD_EAX(&c, 0x7000);
	EXIT_EAX(&c);
	cfg_init(&cfg, imgbuf, guest(&c, &MB32));
	cfg.doorbell = doorbell;
	cfg.doorbell_ctx = &b;
	cfg.doorbell_port = 0x2f8;
	CU_ASSERT_EQUAL(run_cfg(&cfg, &res), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x12345678u); /* the guest saw the answer */
	CU_ASSERT_EQUAL(b.calls, 1);
	CU_ASSERT_EQUAL(b.value, 0x5a);
	CU_ASSERT_EQUAL(b.size, MEM);
	CU_ASSERT_EQUAL(res.exits.doorbell, 1);

	/* a failing platform ends the run as a host error */
	b.fail = 1;
	CU_ASSERT_EQUAL(run_cfg(&cfg, &res), -EPROTO);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_HOST_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "doorbell"));

	/* without a doorbell handler the port is just unknown */
	cfg.doorbell = NULL;
	CU_ASSERT_EQUAL(run_cfg(&cfg, &res), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0);
	CU_ASSERT_EQUAL(res.exits.unknown_port_out, 1);
}

/* rep outsb of n bytes at DATA_GPA (across a page boundary) to COM1,
 * with console bytes coalesced in the kernel or not. */
static void console_string(size_t n, enum pvabi_vm_coalesce mode)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	static struct code c;
	static char msg[12000];
	size_t i;

	for (i = 0; i < n; i++)
		msg[i] = (char)('a' + i % 26);
	c.n = 0;
	MOV_ESI(&c, DATA_GPA);
	MOV_ECX(&c, (uint32_t)n);
	MOV_EDX(&c, 0x3f8);
	EMIT(&c, 0xfc, 0xf3, 0x6e); /* cld; rep outsb */
	MOV_EAX(&c, 0);
	EXIT_EAX(&c);
	data_at(&c, msg, n);
	cfg_init(&cfg, imgbuf, guest(&c, &MB32));
	cfg.console_coalesce = mode;
	CU_ASSERT_EQUAL(run_cfg(&cfg, &res), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0);
	CU_ASSERT_EQUAL_FATAL(con_len, n);
	CU_ASSERT_EQUAL(memcmp(con, msg, n), 0);
	CU_ASSERT_EQUAL(res.exits.console_bytes, n);
	if (mode == PVABI_VM_COALESCE_NEVER || (mode == PVABI_VM_COALESCE_AUTO &&
						n <= PVABI_VM_COALESCE_AFTER)) {
		CU_ASSERT_EQUAL(res.exits.coalesced, 0);
		CU_ASSERT_EQUAL(res.exits.console, n); /* KVM: one exit per byte of `rep outsb` */
	}
	if (mode == PVABI_VM_COALESCE_AUTO)
		CU_ASSERT_TRUE(res.exits.console >= (n < PVABI_VM_COALESCE_AFTER ? n
										   : PVABI_VM_COALESCE_AFTER));
	if (getenv("PVABI_TEST_VERBOSE"))
		printf("\n    %zu bytes, mode %d: %llu console exits, %llu queued in the kernel, "
		       "boot %.3f ms, teardown %.3f ms\n", n, (int)mode,
		       (unsigned long long)res.exits.console, (unsigned long long)res.exits.coalesced,
		       res.boot_ns / 1e6, res.teardown_ns / 1e6);
}

static void test_console(void)
{
	enum pvabi_vm_coalesce m;

	NEED_KVM();
	for (m = PVABI_VM_COALESCE_AUTO; m <= PVABI_VM_COALESCE_ALWAYS; m++) {
		console_string(300, m);
		console_string(5000, m);
	}
}

static void test_com1(void)
{
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	/* LSR */
	MOV_EDX(&c, 0x3fd);
	EMIT(&c, 0xec, 0x0f, 0xb6, 0xc0); /* in %dx,%al; movzbl %al,%eax */
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x60);

	/* rep insb of 4 LSR reads into memory */
	c.n = 0;
	MOV_EDI(&c, 0x200000);
	MOV_ECX(&c, 4);
	MOV_EDX(&c, 0x3fd);
	EMIT(&c, 0xfc, 0xf3, 0x6c); /* cld; rep insb */
	LOAD_EAX(&c, 0x200000);
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x60606060u);

	/* scratch register keeps its value; a divisor write is no output */
	c.n = 0;
	MOV_EDX(&c, 0x3ff);
	MOV_EAX(&c, 0xa5);
	EMIT(&c, 0xee);         /* out %al,%dx */
	MOV_EDX(&c, 0x3fb);
	MOV_EAX(&c, 0x80);
	EMIT(&c, 0xee);         /* LCR: DLAB */
	MOV_EDX(&c, 0x3f8);
	MOV_EAX(&c, 0x01);
	EMIT(&c, 0xee);         /* divisor low: not console */
	MOV_EDX(&c, 0x3fb);
	MOV_EAX(&c, 0x03);
	EMIT(&c, 0xee);         /* 8n1, DLAB off */
	MOV_EDX(&c, 0x3f8);
	MOV_EAX(&c, 'Z');
	EMIT(&c, 0xee);         /* console */
	MOV_EDX(&c, 0x3ff);
	EMIT(&c, 0xec, 0x0f, 0xb6, 0xc0);
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xa5);
	CU_ASSERT_STRING_EQUAL(con, "Z");
}

static void test_unknown_ports(void)
{
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	MOV_EDX(&c, 0x1234);
	MOV_EAX(&c, 0x55);
	EMIT(&c, 0xee, 0xef); /* out %al,%dx; out %eax,%dx */
	EMIT(&c, 0xed);       /* in %dx,%eax */
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xffffffffu);
	CU_ASSERT_EQUAL(res.exits.unknown_port_out, 2);
	CU_ASSERT_EQUAL(res.exits.unknown_port_in, 1);

	/* string input from nowhere: all-ones in memory */
	c.n = 0;
	EMIT(&c, 0xc7, 0x05, 0x00, 0x00, 0x20, 0x00, 0, 0, 0, 0); /* movl $0, 0x200000 */
	MOV_EDI(&c, 0x200000);
	MOV_ECX(&c, 64);
	MOV_EDX(&c, 0x1234);
	EMIT(&c, 0xfc, 0xf3, 0x6c); /* rep insb */
	LOAD_EAX(&c, 0x20003c);
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xffffffffu);
	CU_ASSERT_TRUE(res.exits.unknown_port_in >= 1);
}

static void test_mmio(void)
{
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	MOV_EBX(&c, 0xd0000000u);
	EMIT(&c, 0xc7, 0x03, 1, 0, 0, 0); /* movl $1,(%ebx) */
	EMIT(&c, 0x8b, 0x03);             /* mov (%ebx),%eax */
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xffffffffu);
	CU_ASSERT_EQUAL(res.exits.mmio_write, 1);
	CU_ASSERT_EQUAL(res.exits.mmio_read, 1);
}

/* What a multiboot or PVH kernel finds at entry. */
static uint32_t boot_probe(const struct opts *o, const char *cmdline, void (*body)(struct code *))
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	body(&c);
	EXIT_EAX(&c);
	cfg_init(&cfg, imgbuf, guest(&c, o));
	cfg.cmdline = cmdline;
	run_cfg(&cfg, &res);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	return res.exit_value;
}

static void b_nothing(struct code *c)
{
	(void)c;
}

static void b_ebx(struct code *c)
{
	EMIT(c, 0x89, 0xd8); /* mov %ebx,%eax */
}

static void b_flags(struct code *c)
{
	EMIT(c, 0x8b, 0x03); /* mov (%ebx),%eax */
}

static void b_mem_upper(struct code *c)
{
	EMIT(c, 0x8b, 0x43, 0x08);
}

static void b_mb_cmdline(struct code *c)
{
	EMIT(c, 0x8b, 0x73, 0x10, 0x8b, 0x06); /* mov 16(%ebx),%esi; mov (%esi),%eax */
}

static void b_pvh_cmdline(struct code *c)
{
	EMIT(c, 0x8b, 0x73, 0x18, 0x8b, 0x06); /* mov 24(%ebx),%esi; mov (%esi),%eax */
}

static void b_cs(struct code *c)
{
	EMIT(c, 0x8c, 0xc8); /* mov %cs,%eax */
}

static void b_cpuid(struct code *c)
{
	MOV_EAX(c, 0x40000000u);
	EMIT(c, 0x0f, 0xa2, 0x89, 0xd8); /* cpuid; mov %ebx,%eax */
}

static void test_boot_info(void)
{
	NEED_KVM();
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_nothing), 0x2BADB002u);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_ebx), 0x1040);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_flags) & 0x5, 0x5);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_mem_upper), (MEM - 0x100000) / 1024);
	CU_ASSERT_EQUAL(boot_probe(&MB32, "abcd efg", b_mb_cmdline), 0x64636261u);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_mb_cmdline), 0);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_cs), 0x08);
	CU_ASSERT_EQUAL(boot_probe(&PVH32, NULL, b_flags), 0x336ec578u);
	CU_ASSERT_EQUAL(boot_probe(&PVH32, "wxyz", b_pvh_cmdline), 0x7a797877u);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_cpuid), 0x42415650u); /* "PVAB" */
}

struct portlog {
	unsigned int outs, ins;
	uint16_t port;
	unsigned int size;
	uint32_t last;
	int fail;
};

static int p_out(void *ctx, uint16_t port, unsigned int size, uint32_t value)
{
	struct portlog *l = ctx;

	l->outs++;
	l->port = port;
	l->size = size;
	l->last = value;
	return l->fail;
}

static int p_in(void *ctx, uint16_t port, unsigned int size, uint32_t *value)
{
	struct portlog *l = ctx;

	l->ins++;
	l->port = port;
	l->size = size;
	*value = l->last + 1;
	return 0;
}

static void test_port_handlers(void)
{
	struct portlog log = { 0, 0, 0, 0, 0, 0 };
	struct pvabi_vm_ioport ports[1] = { { 0x520, 4, p_in, p_out, &log } };
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	MOV_EDX(&c, 0x522);
	MOV_EAX(&c, 0xabcd1234u);
	EMIT(&c, 0xef, 0xed); /* out %eax,%dx; in %dx,%eax */
	EXIT_EAX(&c);
	cfg_init(&cfg, imgbuf, guest(&c, &MB32));
	cfg.ports = ports;
	cfg.nports = 1;
	CU_ASSERT_EQUAL(run_cfg(&cfg, &res), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xabcd1235u);
	CU_ASSERT_EQUAL(log.outs, 1);
	CU_ASSERT_EQUAL(log.ins, 1);
	CU_ASSERT_EQUAL(log.port, 0x522);
	CU_ASSERT_EQUAL(log.size, 4);
	CU_ASSERT_EQUAL(res.exits.port_handler, 2);
	log.fail = 1;
	CU_ASSERT_EQUAL(run_cfg(&cfg, &res), -EIO);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_HOST_ERROR);
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n++;
	closedir(d);
	return n;
}

/* Runs in another thread: a guest that never ends, its own timeout. */
static void *looper(void *arg)
{
	static struct pvabi_vm_result res;
	static uint8_t img[PAYLOAD_OFF + 16];
	static const uint8_t loop[] = { 0xeb, 0xfe };
	struct pvabi_vm_config cfg;

	(void)arg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.image_data = img;
	cfg.image_size = build(img, loop, sizeof(loop), &MB32);
	cfg.timeout_ms = 300;
	pvabi_vm_run(&cfg, &res);
	return &res;
}

static void test_lifecycle(void)
{
	struct pvabi_vm_result res, *lres = NULL;
	struct code c = { .n = 0 };
	pthread_t t;
	int before, i;

	NEED_KVM();
	MOV_EAX(&c, 3);
	EXIT_EAX(&c);
	guest(&c, &MB32);
	run_code(&c, &MB32, &res); /* first run: process-wide set-up done */
	before = count_fds();
	/* one VM looping in another thread while this one runs several */
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, looper, NULL), 0);
	for (i = 0; i < 20; i++) {
		CU_ASSERT_EQUAL(run_code(&c, &MB32, &res), PVABI_VM_EXITED);
		CU_ASSERT_EQUAL(res.exit_value, 3);
	}
	pthread_join(t, (void **)&lres);
	CU_ASSERT_EQUAL(lres->outcome, PVABI_VM_TIMEOUT);
	CU_ASSERT_TRUE(lres->boot_ns >= 300000000ull && lres->boot_ns < 1300000000ull);
	CU_ASSERT_EQUAL(count_fds(), before);
	CU_ASSERT_FALSE(kick_blocked());
}

/* ---- the program ------------------------------------------------------ */

/* Runs pvabi-vm with @args (NULL-terminated, without argv[0]); stdout and
 * stderr together into @out. Returns the exit status, -1 if it died. */
static int run_cli(const char *const *args, char *out, size_t n)
{
	const char *argv[16];
	int p[2], st, i;
	size_t got = 0;
	ssize_t r;
	pid_t pid;

	argv[0] = build_path("platform/pvabi-vm");
	for (i = 0; args[i] && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	while (got + 1 < n && (r = read(p[0], out + got, n - 1 - got)) > 0)
		got += (size_t)r;
	out[got] = '\0';
	close(p[0]);
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *path, const void *b, size_t n)
{
	FILE *f = fopen(path, "wb");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(b, 1, n, f), n);
	fclose(f);
}

static void test_cli(void)
{
	const char *empty = build_path("guest/empty.elf");
	const char *a_empty[] = { empty, "--cmdline", "x y", "--timeout", "5000", "--mem", "32", NULL };
	const char *a_none[] = { NULL };
	const char *a_badmem[] = { empty, "--mem", "1", NULL };
	const char *a_badopt[] = { empty, "--frobnicate", NULL };
	const char *a_two[] = { empty, empty, NULL };
	char img[4096], out[8192];
	const char *a_img[] = { img, "--timeout", "300", NULL };
	struct code c = { .n = 0 };
	int fd, kvm = kvm_usable(), rc;

	rc = run_cli(a_empty, out, sizeof(out));
	if (kvm) {
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "TAP version 13"));
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "exited with 0x20 (pass)"));
	} else {
		CU_ASSERT_EQUAL(rc, 3);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "unavailable"));
	}
	CU_ASSERT_EQUAL(run_cli(a_none, out, sizeof(out)), 2);
	CU_ASSERT_EQUAL(run_cli(a_badmem, out, sizeof(out)), 2);
	CU_ASSERT_EQUAL(run_cli(a_badopt, out, sizeof(out)), 2);
	CU_ASSERT_EQUAL(run_cli(a_two, out, sizeof(out)), 2);

	tmp_template(img, sizeof(img), "pvabi-vm-cli");
	fd = mkstemp(img);
	CU_ASSERT_TRUE_FATAL(fd >= 0);
	close(fd);
	write_file(img, "\177ELF junk", 9);
	CU_ASSERT_EQUAL(run_cli(a_img, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "image-invalid"));
	if (kvm) {
		MOV_EAX(&c, 5);
		EXIT_EAX(&c);
		write_file(img, imgbuf, guest(&c, &MB32));
		CU_ASSERT_EQUAL(run_cli(a_img, out, sizeof(out)), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "exited with 0x5"));
		c.n = 0;
		MOV_EAX(&c, 0);
		EXIT_EAX(&c);
		write_file(img, imgbuf, guest(&c, &MB32));
		CU_ASSERT_EQUAL(run_cli(a_img, out, sizeof(out)), 0);
		c.n = 0;
		EMIT(&c, 0xeb, 0xfe);
		write_file(img, imgbuf, guest(&c, &MB32));
		CU_ASSERT_EQUAL(run_cli(a_img, out, sizeof(out)), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "timeout"));
	}
	unlink(img);
}

static const struct pvabi_test_case image_cases[] = {
	{ "valid images", test_valid },
	{ "built guest images", test_real_images },
	{ "every truncation", test_truncations },
	{ "header mutations", test_mutations },
	{ "segments and notes", test_segments_and_notes },
	{ "random byte flips", test_random_flips },
	{ "run rejects before KVM", test_run_rejects },
	{ "configuration", test_config },
	{ NULL, NULL },
};

static const struct pvabi_test_case boot_cases[] = {
	{ "empty.elf", test_empty },
	{ "empty-pvh.elf", test_empty_pvh },
	{ "exit values", test_exit_values },
	{ "triple fault", test_triple_fault },
	{ "timeout", test_timeout },
	{ "hlt", test_hlt },
	{ "doorbell", test_doorbell },
	{ "console string", test_console },
	{ "COM1 registers", test_com1 },
	{ "unknown ports", test_unknown_ports },
	{ "MMIO", test_mmio },
	{ "boot info", test_boot_info },
	{ "port handlers", test_port_handlers },
	{ "lifecycle and threads", test_lifecycle },
	{ NULL, NULL },
};

static const struct pvabi_test_case cli_cases[] = {
	{ "pvabi-vm exit codes", test_cli },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "vmm-image", image_cases, NULL, NULL },
	{ "vmm-boot", boot_cases, NULL, NULL },
	{ "vmm-cli", cli_cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
