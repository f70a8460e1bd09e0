/*
 * A domain's memory layout from its kernel's header (include/bulkhead/image_layout.h).
 *
 * arm64 Image, per Linux's Documentation/arch/arm64/booting.rst: a 64-byte
 * little-endian header, code0/code1 (the first instructions, or "MZ" of an
 * EFI stub), text_offset at 8, image_size at 16, flags at 24, res2-res4,
 * magic "ARM\x64" at 56, res5 (an EFI stub's PE header offset) at 60. The
 * Image goes at a 2 MiB-aligned base (the start of guest RAM) + text_offset,
 * and image_size bytes from there must be free (its bss). What is checked:
 * - image_size 0: a kernel before 3.17, text_offset of unknown endianness and
 *   no flags; the protocol says to assume text_offset 0x80000, and the file
 *   is all that is known of its size.
 * - flags bit 0 set: a big-endian kernel, refused (guests run little-endian:
 *   SCTLR_EL1.EE is left 0). Bits 1-2 (page size: any, a kernel whose granule
 *   the CPU lacks stops itself in its own early boot) and bit 3 (placement:
 *   the start of RAM suits both values) need nothing; bits 4-63 are
 *   reserved, ignored so that a later kernel defining one still boots.
 * - text_offset: a multiple of 4 KiB (Linux's always is; the copy, the
 *   stage-2 population and the cache clean work in pages) and inside RAM.
 * - image_size: from text_offset, inside RAM below the DTB area. A module
 *   longer than image_size (a boot loader may round a module's size up) is
 *   copied whole, so the span is the larger of the two.
 * - code0/code1, res2-res5: not read (reserved, or the guest's own code).
 *
 * zImage, per Documentation/arch/arm/booting.rst and the zImage head: magic
 * 0x016f2818 at 0x24, the start and end addresses at 0x28 and 0x2c (start
 * is 0 for a position-independent zImage, the ROM address of an
 * execute-in-place one, which Bulkhead cannot honour at RAM + 32 MiB: refused),
 * end - start its length, which must not exceed the file; the endianness
 * marker at 0x30, when there, must say little-endian.
 *
 * A raw binary (no header known) goes at the start of RAM: its size must fit.
 *
 * Every comparison is a <= limit, then b <= limit - a: no header value is
 * ever added to another. RAM is at most GUEST_RAM_MAX, which bounds the sums
 * of the layout's own offsets.
 */
#include <bulkhead/compiler.h>
#include <bulkhead/fmt.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/image_layout.h>

#define IMAGE_HDR	      64
#define IMAGE_MAGIC	      0x644d5241U /* "ARM\x64" at 56 */
#define IMAGE_LEGACY_TEXT_OFF 0x80000ULL
#define IMAGE_FLAG_BE	      1ULL
#define ZIMAGE_HDR	      0x30
#define ZIMAGE_MAGIC	      0x016f2818U
#define ZIMAGE_ENDIAN_OFF     0x30
#define ZIMAGE_ENDIAN_BE      0x01020304U /* 0x04030201 read as little-endian */
/* Inside the first 128 MiB, as booting.rst wants: the decompressor writes
 * the kernel from the 128 MiB-aligned base + 32 KiB, and moves itself past
 * the kernel if they would overlap. */
#define ZIMAGE_OFFSET (32 * MiB)
#define A32_DTB_OFF   (128 * MiB)
#define A32_IPA_LIMIT (4 * GiB) /* what a kernel with its MMU off can reach */
#define PAGE	      4096ULL

static u64 le(const u8 *p, unsigned int n)
{
	u64 v = 0;
	while (n--)
		v = (v << 8) | p[n];
	return v;
}

/* off + len <= limit, without computing off + len. */
static bool fits(u64 off, u64 len, u64 limit) { return off <= limit && len <= limit - off; }

static enum image_format format_of(const struct image_params *p)
{
	if (p->kernel_size >= IMAGE_HDR && le(p->kernel + 56, 4) == IMAGE_MAGIC)
		return IMAGE_ARM64;
	if (p->kernel_size >= ZIMAGE_HDR && le(p->kernel + 0x24, 4) == ZIMAGE_MAGIC)
		return IMAGE_ZIMAGE;
	return IMAGE_RAW;
}

static int parse_image(const struct image_params *p, struct image_layout *l, char *err, size_t n)
{
	u64 text_offset = le(p->kernel + 8, 8), image_size = le(p->kernel + 16, 8);
	u64 flags = le(p->kernel + 24, 8);

	if (!image_size) {
		l->kernel_off = IMAGE_LEGACY_TEXT_OFF;
		l->kernel_span = p->kernel_size;
		return 0;
	}
	if (flags & IMAGE_FLAG_BE) {
		fmt_snprintf(err, n,
			     "kernel: arm64 Image flags 0x%llx: bit 0 says big-endian, and guests "
			     "run little-endian",
			     flags);
		return -E_INVAL;
	}
	if (text_offset % PAGE) {
		fmt_snprintf(err, n,
			     "kernel: arm64 Image text_offset 0x%llx: not a multiple of 4 KiB",
			     text_offset);
		return -E_INVAL;
	}
	l->kernel_off = text_offset;
	l->kernel_span = MAX(image_size, p->kernel_size);
	return 0;
}

static int parse_zimage(const struct image_params *p, struct image_layout *l, char *err, size_t n)
{
	u32 start = (u32)le(p->kernel + 0x28, 4), end = (u32)le(p->kernel + 0x2c, 4);

	if (end < start) {
		fmt_snprintf(err, n, "kernel: zImage end 0x%x is below its start 0x%x", end, start);
		return -E_INVAL;
	}
	if (end - start > p->kernel_size) {
		fmt_snprintf(err, n,
			     "kernel: zImage end 0x%x (start 0x%x) is past the module's %llu bytes",
			     end, start, p->kernel_size);
		return -E_INVAL;
	}
	if (start) {
		fmt_snprintf(err, n,
			     "kernel: zImage start 0x%x: not 0, an execute-in-place zImage for a "
			     "fixed address (Bulkhead loads it at RAM + 32 MiB)",
			     start);
		return -E_INVAL;
	}
	if (p->kernel_size >= ZIMAGE_ENDIAN_OFF + 4 &&
	    le(p->kernel + ZIMAGE_ENDIAN_OFF, 4) == ZIMAGE_ENDIAN_BE) {
		fmt_snprintf(
			err, n,
			"kernel: zImage endianness marker 0x%x at 0x30: big-endian, and guests "
			"run little-endian",
			ZIMAGE_ENDIAN_BE);
		return -E_INVAL;
	}
	l->kernel_off = ZIMAGE_OFFSET;
	l->kernel_span = p->kernel_size;
	return 0;
}

/* Can this CPU run the format, and in which state? */
static int check_cpu(const struct image_params *p, struct image_layout *l, char *err, size_t n)
{
	if (l->format == IMAGE_ARM64 && !p->aarch64_ok) {
		fmt_snprintf(err, n,
			     "kernel: an arm64 Image, but this CPU runs 32-bit guests only");
		return -E_INVAL;
	}
	if (l->format == IMAGE_ZIMAGE && !p->aarch32_ok) {
		fmt_snprintf(err, n,
			     "kernel: a 32-bit ARM zImage, but this CPU's EL1 cannot run "
			     "AArch32 (ID_AA64PFR0_EL1.EL1)");
		return -E_INVAL;
	}
	/* An ARMv7 host runs every kernel in AArch32. */
	l->aarch32 = l->format == IMAGE_ZIMAGE || !p->aarch64_ok;
	return 0;
}

static int too_small(const struct image_params *p, const struct image_layout *l, char *err,
		     size_t n)
{
	fmt_snprintf(err, n,
		     "memory: %llu MiB is too small for the kernel (%llu KiB at +0x%llx) and its "
		     "device tree",
		     p->ram_size / MiB, l->kernel_span / KiB, l->kernel_off);
	return -E_NOMEM;
}

/* The kernel's span below limit (the DTB area), naming the header field
 * that does not fit. */
static int check_kernel(const struct image_params *p, const struct image_layout *l, u64 limit,
			char *err, size_t n)
{
	u64 text_offset = l->kernel_off, image_size;

	if (fits(l->kernel_off, l->kernel_span, limit))
		return 0;
	if (l->format == IMAGE_ZIMAGE && limit == A32_DTB_OFF) {
		fmt_snprintf(
			err, n,
			"kernel: a zImage of %llu KiB at +32 MiB does not fit below the 128 MiB "
			"boundary",
			p->kernel_size / KiB);
		return -E_RANGE;
	}
	if (l->format != IMAGE_ARM64 || !(image_size = le(p->kernel + 16, 8)))
		return too_small(p, l, err, n);
	if (text_offset > limit) {
		fmt_snprintf(err, n,
			     "kernel: arm64 Image text_offset 0x%llx is past the %llu KiB of RAM "
			     "below the device tree",
			     text_offset, limit / KiB);
		return -E_RANGE;
	}
	if (image_size > limit - text_offset) {
		fmt_snprintf(err, n,
			     "kernel: arm64 Image image_size 0x%llx at text_offset 0x%llx is more "
			     "than the %llu KiB of RAM below the device tree",
			     image_size, text_offset, limit / KiB);
		return -E_RANGE;
	}
	return too_small(p, l, err, n); /* the module, longer than image_size */
}

static int no_room_ramdisk(const struct image_params *p, char *err, size_t n)
{
	fmt_snprintf(err, n, "memory: no room for the %llu KiB ramdisk next to the kernel",
		     p->ramdisk_size / KiB);
	return -E_NOMEM;
}

/*
 * The DTB in the last 2 MiB of RAM, the ramdisk just below it (page-aligned,
 * above the kernel's span). A 32-bit kernel with enough RAM, per
 * Documentation/arch/arm/booting.rst: the DTB at +128 MiB and the ramdisk
 * right after it, "just above the 128 MiB boundary", where neither the
 * zImage's decompression nor its relocation (both inside the first 128 MiB)
 * reaches and its lowmem map still does; and all it reads with its MMU off
 * below 4 GiB of IPA.
 */
static int place_modules(const struct image_params *p, struct image_layout *l, char *err, size_t n)
{
	/* ramdisk_size <= ram_size <= GUEST_RAM_MAX: the sums below cannot wrap. */
	u64 rd = p->ramdisk_size, rd_pages = ALIGN_UP(rd, PAGE), boot_end;
	bool above = l->aarch32 && p->ram_size >= A32_DTB_OFF + IMAGE_DTB_AREA + rd_pages;
	int rc;

	l->dtb_off = above ? A32_DTB_OFF : p->ram_size - IMAGE_DTB_AREA;
	rc = check_kernel(p, l, l->dtb_off, err, n);
	if (rc)
		return rc;
	boot_end = l->dtb_off + IMAGE_DTB_AREA + (above ? rd_pages : 0);
	if (l->aarch32 && !fits(p->ram_ipa, boot_end, A32_IPA_LIMIT)) {
		fmt_snprintf(err, n,
			     "kernel: a 32-bit ARM zImage needs its boot modules below 4 GiB "
			     "(guest RAM at 0x%llx)",
			     p->ram_ipa);
		return -E_RANGE;
	}
	if (!rd)
		return 0;
	if (above) {
		l->initrd_off = l->dtb_off + IMAGE_DTB_AREA;
		return 0;
	}
	/* The kernel's span ends at or below dtb_off (check_kernel); an aligned
	 * initrd_off at or past that end also clears the span's last page. */
	if (rd > l->dtb_off)
		return no_room_ramdisk(p, err, n);
	l->initrd_off = ALIGN_DOWN(l->dtb_off - rd, PAGE);
	if (l->initrd_off < l->kernel_off || l->initrd_off - l->kernel_off < l->kernel_span)
		return no_room_ramdisk(p, err, n);
	return 0;
}

int image_layout_plan(const struct image_params *p, struct image_layout *l, char *err,
		      size_t errlen)
{
	int rc = 0;

	*l = (struct image_layout){.format = format_of(p)};
	if (!p->kernel_size) {
		fmt_snprintf(err, errlen, "kernel: the module is empty");
		return -E_INVAL;
	}
	if (l->format == IMAGE_ARM64)
		rc = parse_image(p, l, err, errlen);
	else if (l->format == IMAGE_ZIMAGE)
		rc = parse_zimage(p, l, err, errlen);
	else
		l->kernel_span = p->kernel_size;
	if (rc || (rc = check_cpu(p, l, err, errlen)))
		return rc;
	l->entry_off = l->kernel_off;
	if (p->ram_size < 2 * IMAGE_DTB_AREA)
		return too_small(p, l, err, errlen);
	if (p->ram_size > GUEST_RAM_MAX) {
		fmt_snprintf(err, errlen, "memory: %llu MiB, more than a domain's %llu GiB",
			     p->ram_size / MiB, GUEST_RAM_MAX / GiB);
		return -E_RANGE;
	}
	if (p->ramdisk_size > p->ram_size)
		return no_room_ramdisk(p, err, errlen);
	return place_modules(p, l, err, errlen);
}
