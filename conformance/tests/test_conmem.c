/* The memory console's header, on a fake guest memory: records drained
 * through the channel; hostile registrations, headers, counts and floods
 * refuse the channel with the reason (part of test-conrec). */
#include "conformance/conmem.h"
#include "guest/rt/console_mem.h"
#include "conformance/tests/conrec_tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GMEM 65536
#define HDR_GPA 0x1000u

static uint8_t *gmem;
static struct pvabi_host host;
static struct pvabi_conmem *cm;
static struct ct_text con;

static struct pvabi_console_mem *hdr(void)
{
	return (struct pvabi_console_mem *)(void *)(gmem + HDR_GPA);
}

static void gmem_flush(void)
{
	int64_t ret = 1;
	uint64_t a = HDR_GPA;

	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, &a, &ret), 1);
	CU_ASSERT_EQUAL(ret, 0);
	hdr()->len = 0;
}

static struct pvabi_conrec_w gw;

static void gw_text(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	pvabi_conrec_text(&gw, s, n);
}

/* A header of cap bytes at HDR_GPA, registered by the call (its answer). */
static int64_t reg(uint32_t magic, uint32_t cap)
{
	uint64_t a = HDR_GPA;
	int64_t ret = 7;

	memset(gmem, 0, GMEM);
	memset(&con, 0, sizeof(con));
	pvabi_conmem_init(cm, ct_text_sink, &con);
	hdr()->magic = magic;
	hdr()->cap = cap;
	gw.data = gmem + HDR_GPA + sizeof(struct pvabi_console_mem);
	gw.cap = cap;
	gw.len = &hdr()->len;
	gw.flush = gmem_flush;
	if (!pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, &a, &ret))
		return 99;
	return ret;
}

int ct_conmem_init(void)
{
	gmem = calloc(1, GMEM);
	cm = calloc(1, sizeof(*cm));
	host.mem = gmem;
	host.size = GMEM;
	return gmem && cm ? 0 : -1;
}

int ct_conmem_fini(void)
{
	free(gmem);
	free(cm);
	return 0;
}

static void expect_refused(const char *want)
{
	CU_ASSERT_TRUE(cm->dead);
	if (!strstr(cm->error, want))
		fprintf(stderr, "want '%s' in '%s'\n", want, cm->error);
	CU_ASSERT_PTR_NOT_NULL(strstr(cm->error, want));
	CU_ASSERT_PTR_NOT_NULL(strstr(con.b, "# memory console: "));
}

/* Records through the channel: rendered at each drain, and again from
 * 0 after the drain call. */
static void test_channel(void)
{
	struct pvabi_tap t;

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	pvabi_tap_begin(&t, gw_text, NULL);
	pvabi_tap_records(&t, &gw);
	pvabi_tap_check(&t, 1, "first %d", 1);
	pvabi_conmem_drain(cm, &host);
	CU_ASSERT_STRING_EQUAL(con.b, "TAP version 13\nok 1 - first 1\n");
	gmem_flush();
	pvabi_tap_check(&t, 0, "second %s", "two");
	pvabi_tap_end(&t);
	pvabi_conmem_drain(cm, &host);
	CU_ASSERT_STRING_EQUAL(con.b, "TAP version 13\nok 1 - first 1\nnot ok 2 - second two\n1..2\n"
				      "# FAIL: 1 passed, 1 failed, 0 skipped\n");
	CU_ASSERT_FALSE(cm->dead);
	CU_ASSERT_STRING_EQUAL(cm->error, "");
}

/* References are read from guest memory at the drain: a string at its
 * end is cut there, one past it refuses the channel. */
static void test_channel_refs(void)
{
	uint8_t *data = gmem + HDR_GPA + sizeof(struct pvabi_console_mem);
	struct ct_rec r;
	size_t at;

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	strcpy((char *)gmem + 0x3000, "ref %s %u|%s");
	strcpy((char *)gmem + 0x3100, "name");
	memcpy(gmem + GMEM - 2, "ab", 2);
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINEREF, PVABI_TAPLINE_OK, 1);
	ct_put64(&r, 0x3000);
	ct_put16(&r, PVABI_CONREC_REF);
	ct_put64(&r, 0x3100);
	ct_put64(&r, 5);
	ct_put16(&r, PVABI_CONREC_REF);
	ct_put64(&r, GMEM - 2);
	ct_seal(&r, at);
	memcpy(data, r.b, r.n);
	hdr()->len = (uint32_t)r.n;
	pvabi_conmem_drain(cm, &host);
	CU_ASSERT_FALSE(cm->dead);
	CU_ASSERT_STRING_EQUAL(con.b, "ok 1 - ref name 5|ab\n");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINEREF, PVABI_TAPLINE_OK, 2);
	ct_put64(&r, 0x3000);
	ct_put16(&r, PVABI_CONREC_REF);
	ct_put64(&r, GMEM); /* past guest memory */
	ct_put64(&r, 5);
	ct_put16(&r, PVABI_CONREC_NULL);
	ct_seal(&r, at);
	memcpy(data + hdr()->len, r.b, r.n);
	hdr()->len += (uint32_t)r.n;
	pvabi_conmem_drain(cm, &host);
	expect_refused("a string by reference outside guest memory");
}

/* Calls that are not the console's reach the platform. */
static void test_not_ours(void)
{
	uint64_t a[2] = { HDR_GPA, 0 };
	int64_t ret = 7;

	CU_ASSERT_EQUAL(reg(0x4d435650u, 8192), 99); /* the old text console's magic */
	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP + 1, 1, a, &ret), 0);
	hdr()->magic = PVABI_CONREC_MAGIC;
	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 2, a, &ret), 0);
	a[0] = GMEM - 2; /* its magic would lie past memory */
	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, a, &ret), 0);
	a[0] = ~0ull - 1;
	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, a, &ret), 0);
	CU_ASSERT_EQUAL(ret, 7);
	CU_ASSERT_FALSE(cm->dead);
}

static void test_hostile_registration(void)
{
	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 0), -1);
	expect_refused("capacity 0 outside 4096..1048576");
	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 0xffffffffu), -1);
	expect_refused("capacity 4294967295 outside");
	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, GMEM - HDR_GPA), -1);
	expect_refused("past guest memory");
}

static void test_hostile_header(void)
{
	uint64_t a = HDR_GPA;
	int64_t ret = 0;

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	hdr()->len = 8193;
	pvabi_conmem_drain(cm, &host);
	expect_refused("length 8193 past the capacity 8192");
	/* refused for good: nothing more is read, the op answers -1 */
	hdr()->len = 0;
	pvabi_conmem_drain(cm, &host);
	CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, &a, &ret), 1);
	CU_ASSERT_EQUAL(ret, -1);

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	hdr()->magic = 0;
	pvabi_conmem_drain(cm, &host);
	expect_refused("header magic 0x00000000");

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	hdr()->cap = 60000; /* would reach past guest memory */
	pvabi_conmem_drain(cm, &host);
	expect_refused("capacity changed from 8192 to 60000");

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	pvabi_conrec_text(&gw, "abc\n", 4);
	pvabi_conmem_drain(cm, &host);
	hdr()->len = 4;
	pvabi_conmem_drain(cm, &host);
	expect_refused("length 4 fell below the 12 bytes read");

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	hdr()->len = 4096; /* zeros: a record of size 0 */
	pvabi_conmem_drain(cm, &host);
	expect_refused("result record at offset 0: size 0 outside");
	CU_ASSERT_STRING_EQUAL(con.b, "# memory console: result record at offset 0: size 0 outside 8..4096\n");
}

/* Records claiming more checks than the plan, through the channel. */
static void test_hostile_count(void)
{
	struct pvabi_tap t;

	CU_ASSERT_EQUAL(reg(PVABI_CONREC_MAGIC, 8192), 0);
	pvabi_tap_begin(&t, gw_text, NULL);
	pvabi_tap_records(&t, &gw);
	pvabi_tap_check(&t, 1, "one");
	pvabi_tap_check(&t, 1, "two");
	t.n = 1; /* the plan says one */
	pvabi_tap_end(&t);
	pvabi_conmem_drain(cm, &host);
	expect_refused("plan 1..1 after 2 checks");
}

static size_t flood_out;

static void count_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	(void)s;
	flood_out += n;
}

/* Records whose widths multiply their bytes, left in the region and so
 * rendered again at every call: the text stops at the limit and the
 * channel is refused, instead of filling the disk under the cell's log. */
static void test_hostile_flood(void)
{
	struct pvabi_console_mem *h = hdr();
	uint8_t *data = gmem + HDR_GPA + sizeof(*h);
	uint64_t a = HDR_GPA;
	struct ct_rec r;
	char fmt[1021] = "";
	int64_t ret = 7;
	size_t at;
	int i, calls = 0;

	for (i = 0; i < 170; i++)
		strcat(fmt, "%9999d");
	memset(&r, 0, sizeof(r));
	at = ct_head(&r, PVABI_CONREC_LINE, PVABI_TAPLINE_DIAG, 0);
	ct_put16(&r, (uint32_t)strlen(fmt));
	ct_put(&r, fmt, strlen(fmt));
	for (i = 0; i < 170; i++)
		ct_put64(&r, (uint64_t)i);
	ct_seal(&r, at);
	memset(gmem, 0, GMEM);
	flood_out = 0;
	pvabi_conmem_init(cm, count_sink, NULL);
	h->magic = PVABI_CONREC_MAGIC;
	h->cap = 8192;
	for (i = 0; i < 3; i++)
		memcpy(data + i * r.n, r.b, r.n);
	h->len = (uint32_t)(3 * r.n);
	while (!cm->dead && calls++ < 100)
		CU_ASSERT_EQUAL(pvabi_conmem_call(cm, &host, PVABI_CONSOLE_MEM_OP, 1, &a, &ret), 1);
	CU_ASSERT_TRUE(cm->dead);
	CU_ASSERT_EQUAL(ret, -1);
	CU_ASSERT_TRUE(calls <= 5);
	CU_ASSERT_PTR_NOT_NULL(strstr(cm->error, "past 16 MiB of text"));
	CU_ASSERT_TRUE(flood_out <= PVABI_CONMEM_MAX_OUTPUT + sizeof(cm->error) + 32);
	CU_ASSERT_TRUE(flood_out >= PVABI_CONMEM_MAX_OUTPUT);
}

const struct pvabi_test_case conmem_cases[] = {
	{ "channel", test_channel },
	{ "channel_refs", test_channel_refs },
	{ "not_ours", test_not_ours },
	{ "hostile_registration", test_hostile_registration },
	{ "hostile_header", test_hostile_header },
	{ "hostile_count", test_hostile_count },
	{ "hostile_flood", test_hostile_flood },
	{ NULL, NULL },
};
