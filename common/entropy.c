#include <string.h>
#include <bulkhead/entropy.h>
#include <bulkhead/spinlock.h>

static u32 key[8];
static bool have_key;
static u32 generation;
static spinlock_t lock = SPINLOCK_INIT;

void entropy_init(const void *seed, size_t len)
{
	const u8 *s = seed;
	u8 k[32] = {0};
	if (!seed || len < 16)
		return; /* too little to call it a seed */
	for (size_t i = 0; i < len; i++)
		k[i % 32] ^= s[i]; /* fold all of it into the key */
	for (size_t i = 0; i < 8; i++)
		key[i] = (u32)k[4 * i] | (u32)k[4 * i + 1] << 8 | (u32)k[4 * i + 2] << 16 |
			 (u32)k[4 * i + 3] << 24;
	memset(k, 0, sizeof(k));
	have_key = true;
}

bool entropy_available(void) { return have_key; }

int entropy_domain_seed(unsigned int domain, u8 out[ENTROPY_SEED_BYTES])
{
	u32 nonce[3];
	if (!have_key)
		return -E_NOENT;
	spin_lock(&lock);
	nonce[0] = domain;
	nonce[1] = generation++;
	nonce[2] = 0x6b6c6862; /* "bhlk": this use of the key and no other */
	chacha20_block(key, 0, nonce, out);
	spin_unlock(&lock);
	return 0;
}
