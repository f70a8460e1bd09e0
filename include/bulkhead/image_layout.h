/* Where a domain's boot modules go in its RAM (common/image_layout.c): the
 * kernel's format from its header, every header field checked, and each
 * offset compared with its limit without a sum that can wrap. The kernel
 * module and the sizes come from the host DT, so all of it is untrusted.
 * Pure (no hardware): domain_build.c, the unit test and fuzz_image_layout
 * call it alike. */
#ifndef BULKHEAD_IMAGE_LAYOUT_H
#define BULKHEAD_IMAGE_LAYOUT_H

#include <bulkhead/types.h>

#define IMAGE_DTB_AREA (2 * MiB) /* the generated DTB's room */

enum image_format {
	IMAGE_RAW,   /* no header known: loaded and entered at the start of RAM */
	IMAGE_ARM64, /* Linux arm64 Image (Documentation/arch/arm64/booting.rst) */
	IMAGE_ZIMAGE /* Linux 32-bit ARM zImage (Documentation/arch/arm/booting.rst) */
};

struct image_params {
	const u8 *kernel; /* the kernel module, kernel_size bytes */
	u64 kernel_size;
	u64 ramdisk_size; /* 0: no ramdisk */
	u64 ram_ipa;	  /* the domain's guest RAM (its framebuffer not included) */
	u64 ram_size;
	bool aarch64_ok; /* this CPU's EL1 runs AArch64 (false on an ARMv7 host) */
	bool aarch32_ok; /* ... and AArch32 */
};

/* Offsets are from the start of the domain's RAM. On success the kernel's
 * span, the DTB area and the ramdisk lie inside RAM without overlapping. */
struct image_layout {
	enum image_format format;
	bool aarch32;	 /* the domain's EL1 runs in AArch32 */
	u64 kernel_off;	 /* where the module is copied */
	u64 kernel_span; /* what the kernel may use from there (Image: its bss too); >= kernel_size
			  */
	u64 entry_off;	 /* where vCPU 0 starts */
	u64 dtb_off;	 /* IMAGE_DTB_AREA bytes */
	u64 initrd_off;	 /* with a ramdisk: 4 KiB-aligned, ramdisk_size bytes */
};

/* 0, or a negative E_* with a message in err naming the field and its value
 * ("kernel: arm64 Image text_offset 0x...: ..."). */
int image_layout_plan(const struct image_params *p, struct image_layout *l, char *err,
		      size_t errlen);

#endif
