/* The first look at the loader's DTB, before the MMU is on (arch/arm64 and
 * arch/arm32 setup.c): a missing or corrupt tree is refused with a message on
 * the early console, since nothing else can report it yet. */
#include <bulkhead/types.h>
#include <bulkhead/log.h>
#include <arch/boot_dtb.h>

#define FDT_MAGIC_BE 0xedfe0dd0U /* 0xd00dfeed as read little-endian */
#define FDT_MAX_SIZE (64 * MiB)	 /* loaders pad; QEMU -dtb adds its own room */

static u32 be32(u32 v) { return __builtin_bswap32(v); }

u64 boot_dtb_precheck(paddr_t dtb, const char *reg, const char *loader)
{
	const volatile u32 *hdr = (const volatile u32 *)(uintptr_t)dtb;
	u32 size;

	if (!dtb) {
		log_err("no device tree: %s is 0 at entry; boot Bulkhead with a DTB (QEMU -kernel, "
			"U-Boot %s ADDR - FDT)",
			reg, loader);
		return 0;
	}
	if (!IS_ALIGNED(dtb, 8ULL)) {
		log_err("device tree at 0x%llx is not 8-byte aligned (boot protocol)", dtb);
		return 0;
	}
	if (hdr[0] != FDT_MAGIC_BE) {
		log_err("corrupt device tree at 0x%llx: bad magic 0x%08x (expected 0xd00dfeed)",
			dtb, be32(hdr[0]));
		return 0;
	}
	size = be32(hdr[1]);
	if (size < 40 || size > FDT_MAX_SIZE) {
		log_err("corrupt device tree at 0x%llx: totalsize %u bytes is not plausible", dtb,
			size);
		return 0;
	}
	return size;
}
