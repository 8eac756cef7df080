/* The image's own notes (name "pvabi"): the vCPUs it asks for
 * (guest/rt/smp.h) and where it keeps the counts of interrupt bytes an
 * engine sent it (guest/rt/upcall.c); each read from an image that has
 * it, absent from one without, and a note that lies refuses the image,
 * naming the value. */
#include "platform/vmm/tests/vmm_fixture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The offset of the name of the image's "pvabi" note of that type. */
static size_t note_at(const uint8_t *b, size_t len, uint32_t type)
{
	static const uint8_t name[8] = { 'p', 'v', 'a', 'b', 'i', 0, 0, 0 };
	size_t at;

	for (at = 12; at + 12 <= len; at++)
		if (!memcmp(b + at, name, 8) && b[at - 4] == type && !b[at - 3] && !b[at - 2] &&
		    !b[at - 1] && b[at - 12] == 6)
			return at;
	return 0;
}

/* A copy of the image with the note's descsz and its first 8 bytes of
 * description replaced; it must be refused with msg in the reason. */
static void refused(const uint8_t *b, size_t len, size_t at, uint32_t descsz, uint64_t value,
		    const char *msg)
{
	struct pvabi_vm_image img;
	uint8_t *m = malloc(len);
	char why[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	memcpy(m, b, len);
	img_put32(m + at - 8, descsz);
	img_put32(m + at + 8, (uint32_t)value);
	if (descsz == 8)
		img_put32(m + at + 12, (uint32_t)(value >> 32));
	CU_ASSERT_EQUAL(pvabi_vm_image_parse(m, len, MEM, &img, why, sizeof(why)), -ENOEXEC);
	if (!strstr(why, msg))
		printf("\n  note value 0x%llx: \"%s\"\n", (unsigned long long)value, why);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, msg));
	free(m);
}

/* A count outside 1..PVABI_VM_MAX_VCPUS or a description of another
 * size refuses the image. */
static void test_vcpus_note(void)
{
	struct pvabi_vm_image img;
	char why[256];
	size_t len, n, at;
	uint8_t *b = fx_slurp(fx_build_path("guest/tests/smp.elf"), &len), *e;

	e = fx_slurp(fx_build_path("guest/empty.elf"), &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(pvabi_vm_image_parse(e, n, MEM, &img, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(img.vcpus, 0);
	free(e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(pvabi_vm_image_parse(b, len, MEM, &img, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(img.vcpus, 2);
	at = note_at(b, len, PVABI_VM_NOTE_VCPUS);
	CU_ASSERT_FATAL(at != 0);
	refused(b, len, at, 4, 0, "value 0");
	refused(b, len, at, 4, PVABI_VM_MAX_VCPUS + 1, "not a u32 from 1");
	refused(b, len, at, 4, UINT32_MAX, "value 4294967295");
	refused(b, len, at, 2, 2, "descsz 2");
	free(b);
}

/* The runtime's counters, inside its data: read from every image that
 * links the runtime's upcalls; an address of 0, unaligned, past guest
 * memory or too close to its end, or a description of another size,
 * refuses the image. */
static void test_sent_note(void)
{
	struct pvabi_vm_image img;
	char why[256];
	size_t len, at;
	uint8_t *b = fx_slurp(fx_build_path("guest/empty.elf"), &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(pvabi_vm_image_parse(b, len, MEM, &img, why, sizeof(why)), 0);
	CU_ASSERT(img.sent_gpa >= 0x100000 && img.sent_gpa % 8 == 0);
	CU_ASSERT_EQUAL(pvabi_vm_image_sent_gpa(fx_build_path("guest/empty.elf")), img.sent_gpa);
	CU_ASSERT_EQUAL(pvabi_vm_image_sent_gpa(fx_build_path("no/such/image.elf")), 0);
	at = note_at(b, len, PVABI_VM_NOTE_SENT);
	CU_ASSERT_FATAL(at != 0);
	refused(b, len, at, 8, 0, "address 0x0");
	refused(b, len, at, 8, img.sent_gpa + 4, "not an 8-aligned address");
	refused(b, len, at, 8, MEM, "address 0x4000000");
	refused(b, len, at, 8, MEM - 8, "in guest memory");
	refused(b, len, at, 8, UINT64_MAX - 7, "in guest memory");
	refused(b, len, at, 4, img.sent_gpa, "descsz 4");
	free(b);
}

const struct pvabi_test_case vmm_note_cases[] = {
	{ "vCPUs note", test_vcpus_note },
	{ "sent-vectors note", test_sent_note },
	{ NULL, NULL },
};
