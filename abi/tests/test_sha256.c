#include "abi/sha256.h"
#include "abi/tests/spec_tests.h"

#include <stdio.h>
#include <string.h>

static void hex_of(const char *msg, size_t n, char out[65])
{
	struct pvabi_sha256 s;
	uint8_t d[32];

	pvabi_sha256_init(&s);
	pvabi_sha256_update(&s, msg, n);
	pvabi_sha256_final(&s, d);
	pvabi_sha256_hex(d, out);
}

/* FIPS 180-4 examples plus a boundary case at 55/56/64 bytes of padding. */
static void test_known_vectors(void)
{
	char h[65];

	hex_of("", 0, h);
	CU_ASSERT_STRING_EQUAL(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, h);
	CU_ASSERT_STRING_EQUAL(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, h);
	CU_ASSERT_STRING_EQUAL(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_split_updates(void)
{
	static const char msg[] = "the quick brown fox jumps over the lazy dog, twice over";
	struct pvabi_sha256 s;
	char whole[65], parts[65];
	uint8_t d[32];
	size_t i;

	hex_of(msg, sizeof(msg) - 1, whole);
	pvabi_sha256_init(&s);
	for (i = 0; i < sizeof(msg) - 1; i++)
		pvabi_sha256_update(&s, msg + i, 1);
	pvabi_sha256_final(&s, d);
	pvabi_sha256_hex(d, parts);
	CU_ASSERT_STRING_EQUAL(whole, parts);
}

/* The known vectors with the portable code too (the CPU's SHA extensions
 * are used where present), and both on a long message of every length up
 * to 300 bytes: the same digests. */
static void test_both_implementations(void)
{
	static char msg[300];
	char a[65], b[65];
	size_t i, n;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (char)(i * 131 + 7);
	pvabi_sha256_force_portable(1);
	test_known_vectors();
	pvabi_sha256_force_portable(0);
	for (n = 0; n <= sizeof(msg); n++) {
		pvabi_sha256_force_portable(1);
		hex_of(msg, n, a);
		pvabi_sha256_force_portable(0);
		hex_of(msg, n, b);
		if (strcmp(a, b)) {
			CU_FAIL("portable and accelerated sha256 differ");
			printf("\n  length %zu: %s vs %s\n", n, a, b);
			break;
		}
	}
	hex_of("a million a's?", 14, b); /* sha256sum */
	CU_ASSERT_STRING_EQUAL(b, "14acb92a9401effa20087a4e5f18fc77c50978a48ea10b9c8f8e26cd5ce6e1e4");
}

const struct pvabi_test_case sha256_cases[] = {
	{ "known_vectors", test_known_vectors },
	{ "both_implementations", test_both_implementations },
	{ "split_updates", test_split_updates },
	{ NULL, NULL },
};
