/* What image_layout_plan() (common/image_layout.c) promises, checked with
 * 128-bit sums that cannot wrap: shared by test_image_layout and
 * fuzz_image_layout. Returns NULL when the result keeps every promise, else
 * which one it broke. */
#ifndef IMAGE_LAYOUT_CHECK_H
#define IMAGE_LAYOUT_CHECK_H

#include <string.h>
#include <bulkhead/compiler.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/image_layout.h>

typedef unsigned __int128 ilc_u128;

static inline u64 ilc_le(const u8 *p, unsigned int n)
{
	u64 v = 0;
	while (n--)
		v = (v << 8) | p[n];
	return v;
}

/* The format the magic numbers say, as booting.rst defines them. */
static inline enum image_format ilc_format(const struct image_params *p)
{
	if (p->kernel_size >= 64 && ilc_le(p->kernel + 56, 4) == 0x644d5241)
		return IMAGE_ARM64;
	if (p->kernel_size >= 0x30 && ilc_le(p->kernel + 0x24, 4) == 0x016f2818)
		return IMAGE_ZIMAGE;
	return IMAGE_RAW;
}

/* [a, a + n) and [b, b + m) share a byte. */
static inline bool ilc_overlap(u64 a, u64 n, u64 b, u64 m)
{
	return n && m && (ilc_u128)a < (ilc_u128)b + m && (ilc_u128)b < (ilc_u128)a + n;
}

static inline const char *image_layout_violation(const struct image_params *p, int rc,
						 const struct image_layout *l, const char *err)
{
	ilc_u128 kend = (ilc_u128)l->kernel_off + l->kernel_span;
	u64 rd = p->ramdisk_size;

	if (rc) {
		if (rc >= 0)
			return "a refusal is not a negative E_* code";
		if (strncmp(err, "kernel: ", 8) && strncmp(err, "memory: ", 8))
			return "a refusal's message does not start with \"kernel: \" or \"memory: "
			       "\"";
		return NULL;
	}
	if (l->format != ilc_format(p))
		return "format is not the one its magic number says";
	if (l->format == IMAGE_ARM64 && !p->aarch64_ok)
		return "an arm64 Image accepted on a CPU that runs 32-bit guests only";
	if (l->format == IMAGE_ZIMAGE && !p->aarch32_ok)
		return "a zImage accepted on a CPU whose EL1 cannot run AArch32";
	if (l->aarch32 != (l->format == IMAGE_ZIMAGE || !p->aarch64_ok))
		return "aarch32 is not (a zImage, or a CPU without AArch64)";
	if (p->ram_size > GUEST_RAM_MAX)
		return "RAM larger than GUEST_RAM_MAX accepted";
	if (l->kernel_span < p->kernel_size)
		return "the kernel's span is shorter than its module";
	if (l->entry_off != l->kernel_off)
		return "the entry point is not the kernel's first byte";
	if (l->kernel_off % 4096)
		return "the kernel is not page-aligned";
	if ((ilc_u128)l->dtb_off + IMAGE_DTB_AREA > p->ram_size)
		return "the DTB area ends past RAM";
	if (kend > l->dtb_off)
		return "the kernel's span runs into the DTB area";
	if (rd) {
		if (l->initrd_off % 4096)
			return "the ramdisk is not page-aligned";
		if ((ilc_u128)l->initrd_off + rd > p->ram_size)
			return "the ramdisk ends past RAM";
		if (ilc_overlap(l->initrd_off, rd, l->kernel_off, l->kernel_span))
			return "the ramdisk overlaps the kernel's span";
		if (ilc_overlap(l->initrd_off, rd, l->dtb_off, IMAGE_DTB_AREA))
			return "the ramdisk overlaps the DTB area";
	}
	if (l->aarch32) {
		ilc_u128 end = (ilc_u128)l->dtb_off + IMAGE_DTB_AREA;
		if (rd && (ilc_u128)l->initrd_off + rd > end)
			end = (ilc_u128)l->initrd_off + rd;
		if ((ilc_u128)p->ram_ipa + end > 4 * GiB)
			return "a 32-bit kernel's boot modules reach past 4 GiB of IPA";
	}
	if (l->format == IMAGE_ARM64 && ilc_le(p->kernel + 16, 8)) {
		u64 image_size = ilc_le(p->kernel + 16, 8);
		if (ilc_le(p->kernel + 24, 8) & 1)
			return "a big-endian Image accepted";
		if (l->kernel_off != ilc_le(p->kernel + 8, 8))
			return "the Image is not at text_offset";
		if (l->kernel_span != MAX(image_size, p->kernel_size))
			return "the Image's span is not the larger of image_size and the module";
	}
	if (l->format == IMAGE_ARM64 && !ilc_le(p->kernel + 16, 8) && l->kernel_off != 0x80000)
		return "an Image without image_size is not at 0x80000";
	if (l->format == IMAGE_ZIMAGE) {
		u32 start = (u32)ilc_le(p->kernel + 0x28, 4),
		    end = (u32)ilc_le(p->kernel + 0x2c, 4);
		if (start || end > p->kernel_size)
			return "a zImage whose start or end is wrong accepted";
		if (p->kernel_size >= 0x34 && ilc_le(p->kernel + 0x30, 4) == 0x01020304)
			return "a big-endian zImage accepted";
		if (l->kernel_off != 32 * MiB)
			return "the zImage is not at +32 MiB";
	}
	if (l->format == IMAGE_RAW && l->kernel_off)
		return "a raw binary not at the start of RAM";
	return NULL;
}

#endif
