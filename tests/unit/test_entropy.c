/* ChaCha20 against RFC 8439's test vector, and per-domain seed derivation. */
#include "unit.h"
#include <bulkhead/entropy.h>

static const u8 rfc8439_2_3_2[64] = {
	0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3,
	0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22,
	0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e, 0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa,
	0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2, 0xb5, 0x12, 0x9c, 0xd1,
	0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
};

TEST(test_chacha20_rfc8439_vector)
{
	u32 key[8], nonce[3] = {0x09000000, 0x4a000000, 0};
	u8 out[64];
	for (int i = 0; i < 8; i++) /* key bytes 00..1f, little-endian words */
		key[i] = (u32)(4 * i) | (u32)(4 * i + 1) << 8 | (u32)(4 * i + 2) << 16 |
			 (u32)(4 * i + 3) << 24;
	chacha20_block(key, 1, nonce, out);
	assert_memory_equal(out, rfc8439_2_3_2, 64);
}

TEST(test_seeds_differ_and_need_a_seed)
{
	u8 seed[64], a[ENTROPY_SEED_BYTES], b[ENTROPY_SEED_BYTES], c[ENTROPY_SEED_BYTES];
	assert_false(entropy_available());
	assert_int_equal(entropy_domain_seed(0, a), -E_NOENT);
	entropy_init(seed, 8); /* too short: refused */
	assert_false(entropy_available());
	for (int i = 0; i < 64; i++)
		seed[i] = (u8)(i * 7 + 3);
	entropy_init(seed, sizeof(seed));
	assert_true(entropy_available());
	assert_int_equal(entropy_domain_seed(0, a), 0);
	assert_int_equal(entropy_domain_seed(1, b), 0);
	assert_int_equal(entropy_domain_seed(0, c), 0); /* a restart gets a new one */
	assert_memory_not_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, c, sizeof(a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chacha20_rfc8439_vector),
		cmocka_unit_test(test_seeds_differ_and_need_a_seed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
