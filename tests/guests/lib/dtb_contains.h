/* For the bare-metal test guests (AArch64 and AArch32): whether the DTB the
 * guest was entered with holds some bytes, e.g. a word of /chosen/bootargs
 * that selects what the guest does. */
#ifndef GUEST_DTB_CONTAINS_H
#define GUEST_DTB_CONTAINS_H

#include <stdint.h>

/* Does the DTB at dtb hold the bytes of s anywhere (totalsize, header word 1)? */
static inline int dtb_contains(uintptr_t dtb, const char *s)
{
	const volatile unsigned char *b = (const volatile unsigned char *)dtb;
	uint32_t size = __builtin_bswap32(*(volatile uint32_t *)(dtb + 4));
	for (uint32_t i = 0; i < size; i++) {
		uint32_t k = 0;
		while (s[k] && i + k < size && b[i + k] == (unsigned char)s[k])
			k++;
		if (!s[k])
			return 1;
	}
	return 0;
}

#endif
