/* md_sha256: SHA-256 (FIPS 180-4): manifest and parameter-set hashes, the derived e/i seed. */
#ifndef MD_SHA256_H
#define MD_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Writes the SHA-256 digest of data[0..len) into out. */
void md_sha256(const void *data, size_t len, uint8_t out[32]);

/* Whether md_sha256 uses the processor's SHA extensions (1) or plain C (0). */
int md_sha256_accelerated(void);

/* md_sha256 in plain C whatever the processor: the reference its fast path is tested against. */
void md_sha256_plain(const void *data, size_t len, uint8_t out[32]);

/* Writes the digest as 64 lowercase hex digits plus NUL into hex. */
void md_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
