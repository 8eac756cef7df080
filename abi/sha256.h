/* SHA-256 (FIPS 180-4), for revision fingerprints. Small and dependency
 * free so the registry format does not tie pvabi to a crypto library. */
#ifndef PVABI_SHA256_H
#define PVABI_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct pvabi_sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t fill;
};

void pvabi_sha256_init(struct pvabi_sha256 *s);
void pvabi_sha256_update(struct pvabi_sha256 *s, const void *data, size_t n);
void pvabi_sha256_final(struct pvabi_sha256 *s, uint8_t out[32]);
/* Writes 64 lowercase hex digits and a NUL into hex. */
/* Tests: 1 makes the portable code hash even where the CPU has SHA
 * extensions (used when present), so both are checked on one machine. */
void pvabi_sha256_force_portable(int on);

void pvabi_sha256_hex(const uint8_t digest[32], char hex[65]);

#endif
