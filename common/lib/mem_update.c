/* A copy that writes only what differs (include/bulkhead/mem_update.h). */
#include <string.h>
#include <bulkhead/mem_update.h>
#include <bulkhead/types.h>

void mem_update(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;
	if (!(((uintptr_t)d | (uintptr_t)s) & 7)) {
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			const u64 *dw = (const u64 *)(const void *)d;
			const u64 *sw = (const u64 *)(const void *)s;
			u64 diff = (dw[0] ^ sw[0]) | (dw[1] ^ sw[1]) | (dw[2] ^ sw[2]) |
				   (dw[3] ^ sw[3]) | (dw[4] ^ sw[4]) | (dw[5] ^ sw[5]) |
				   (dw[6] ^ sw[6]) | (dw[7] ^ sw[7]);
			if (diff)
				memcpy(d, s, 64);
		}
	}
	memcpy(d, s, n);
}
