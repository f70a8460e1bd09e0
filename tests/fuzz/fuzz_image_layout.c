/* libFuzzer target: a domain's layout from its kernel's header
 * (common/image_layout.c), with every size from the input.
 *
 * Input: a 25-byte header, then the kernel module (the rest, any length):
 *   [0] bit 0: the CPU runs AArch64 guests, bit 1: AArch32 ones; bit 2: RAM
 *       size as given (else mod 1 GiB, as a domain's RAM usually is), bit 3:
 *       ramdisk size as given (else mod RAM + 1), bit 4: RAM's IPA as given
 *       (else GUEST_RAM_BASE);
 *   [1..8] RAM size, [9..16] ramdisk size, [17..24] RAM's IPA (LE).
 * Checked (tests/unit/image_layout_check.h): a refusal has a message that
 * fits its buffer and says what it is about; an accepted layout keeps the
 * kernel's span, the DTB area and the ramdisk inside RAM and apart, a
 * 32-bit kernel's modules below 4 GiB, and matches the header it came from. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <bulkhead/domain_config.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/image_layout.h>
#include "image_layout_check.h"

#define FUZZ_NAME "fuzz_image_layout"
#include "fuzz_check.h"
#include "fuzz_input.h"

#define HEADER 25

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_params p;
	struct image_layout l;
	char err[CFG_ERR_MAX];
	const char *broken;
	int rc;

	if (size < HEADER)
		return 0;
	p = (struct image_params){.kernel = data + HEADER,
				  .kernel_size = size - HEADER,
				  .ramdisk_size = le(data + 9, 8),
				  .ram_ipa = data[0] & 16 ? le(data + 17, 8) : GUEST_RAM_BASE,
				  .ram_size = le(data + 1, 8),
				  .aarch64_ok = data[0] & 1,
				  .aarch32_ok = data[0] & 2};
	if (!(data[0] & 4))
		p.ram_size %= 1024 * MiB;
	if (!(data[0] & 8) && p.ram_size != UINT64_MAX)
		p.ramdisk_size %= p.ram_size + 1;
	memset(err, 0x55, sizeof(err));
	rc = image_layout_plan(&p, &l, err, sizeof(err));
	if (rc)
		CHECK(memchr(err, 0, sizeof(err)), "rc %d: the message is not terminated", rc);
	broken = image_layout_violation(&p, rc, &l, rc ? err : "");
	CHECK(!broken, "%s (rc %d, \"%s\"; RAM 0x%llx at 0x%llx, ramdisk 0x%llx, kernel %zu bytes)",
	      broken, rc, rc ? err : "", p.ram_size, p.ram_ipa, p.ramdisk_size, size - HEADER);
	return 0;
}
