/* Seeds for guests' random number generators. Linux trusts /chosen/rng-seed
 * and, without one, runs its early boot (and every syscall's stack
 * randomisation) on an uninitialised CRNG, which is slow and weak. Each
 * domain gets its own seed, derived with ChaCha20 from the seed the boot
 * loader gave the hypervisor; that host seed is wiped once read. */
#ifndef BULKHEAD_ENTROPY_H
#define BULKHEAD_ENTROPY_H

#include <bulkhead/types.h>

#define ENTROPY_SEED_BYTES 64

/* ChaCha20 block function (RFC 8439, 2.3): 64 bytes of keystream. */
void chacha20_block(const u32 key[8], u32 counter, const u32 nonce[3], u8 out[64]);

void entropy_init(const void *seed, size_t len);
bool entropy_available(void);
/* A fresh seed for domain id (a new one on every call). */
int entropy_domain_seed(unsigned int domain, u8 out[ENTROPY_SEED_BYTES]);

#endif
