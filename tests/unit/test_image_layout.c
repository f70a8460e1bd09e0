/* common/image_layout.c: where a domain's kernel, DTB and ramdisk go, from
 * the kernel's header (arm64 Image, zImage, raw binary), with every header
 * field and module size checked without sums that wrap. Each result is also
 * held to image_layout_check.h's promises. */
#include "unit.h"
#include <bulkhead/image_layout.h>
#include "image_layout_check.h"

#define U64MAX	   0xffffffffffffffffULL
#define RAM_BASE   0x40000000ULL
#define LINUX_RD   (1848832ULL) /* the initramfs the QEMU tests boot */
#define A32_OK	   1
#define A64_ONLY   2
#define A32_ONLY   3	  /* an ARMv7 host */
#define NO_RAMDISK U64MAX /* expect_layout: initrd_off not checked */

struct run {
	int rc;
	struct image_layout l;
	char err[160];
};

static u8 *module;
static u64 module_size;

/* A zeroed module of size bytes (at least one header). */
static u8 *kernel(u64 size)
{
	free(module);
	module = calloc(1, size < 64 ? 64 : size);
	assert_non_null(module);
	module_size = size;
	return module;
}

static void put(u64 off, u64 v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		module[off + i] = (u8)(v >> (8 * i));
}

static void arm64_image(u64 size, u64 text_offset, u64 image_size, u64 flags)
{
	kernel(size);
	put(0, 0xfa405a4d, 4); /* "MZ" and a branch, as an EFI-stub kernel has */
	put(8, text_offset, 8);
	put(16, image_size, 8);
	put(24, flags, 8);
	put(56, 0x644d5241, 4);
	put(60, 0x40, 4);
}

static void zimage(u64 size, u32 start, u32 end, u32 endian)
{
	kernel(size);
	put(0x24, 0x016f2818, 4);
	put(0x28, start, 4);
	put(0x2c, end, 4);
	if (size >= 0x34)
		put(0x30, endian, 4);
}

static struct run plan_at(u64 ram_ipa, u64 ram, u64 ramdisk, int cpu)
{
	struct image_params p = {module, module_size,	  ramdisk,	  ram_ipa,
				 ram,	 cpu != A32_ONLY, cpu != A64_ONLY};
	struct run r;
	const char *broken;

	memset(&r, 0, sizeof(r));
	memset(&r.l, 0xa5, sizeof(r.l));
	r.rc = image_layout_plan(&p, &r.l, r.err, sizeof(r.err));
	broken = image_layout_violation(&p, r.rc, &r.l, r.err);
	if (broken)
		fail_msg("%s (rc %d, \"%s\")", broken, r.rc, r.err);
	return r;
}

static struct run plan(u64 ram, u64 ramdisk) { return plan_at(RAM_BASE, ram, ramdisk, A32_OK); }

static void refused(struct run r, const char *want)
{
	if (!r.rc)
		fail_msg("accepted, want \"%s\"", want);
	if (!strstr(r.err, want))
		fail_msg("\"%s\": want \"%s\"", r.err, want);
}

static void accepted(struct run r)
{
	if (r.rc)
		fail_msg("refused: %s", r.err);
}

/* Accepted, with this layout. */
static void expect_layout(struct run r, enum image_format format, bool aarch32, u64 off, u64 span,
			  u64 dtb, u64 initrd)
{
	accepted(r);
	assert_int_equal(r.l.format, format);
	assert_int_equal(r.l.aarch32, aarch32);
	assert_int_equal(r.l.kernel_off, off);
	assert_int_equal(r.l.entry_off, off);
	assert_int_equal(r.l.kernel_span, span);
	assert_int_equal(r.l.dtb_off, dtb);
	if (initrd != NO_RAMDISK)
		assert_int_equal(r.l.initrd_off, initrd);
}

TEST(test_linux_image)
{
	/* Debian's 6.1 cloud kernel: text_offset 0, image_size 0x1ab0000,
	 * flags 0xa (little-endian, 4 KiB pages, anywhere). */
	arm64_image(27303872, 0, 0x1ab0000, 0xa);
	expect_layout(plan(256 * MiB, LINUX_RD), IMAGE_ARM64, false, 0, 0x1ab0000, 254 * MiB,
		      ALIGN_DOWN(254 * MiB - LINUX_RD, 4096));
}

/* The case: text_offset = RAM - 4 KiB and image_size = 2^64 -
 * text_offset + 4 KiB add up to 4 KiB, which passed the old sum. */
TEST(test_wrapping_text_offset)
{
	u64 off = 64 * MiB - 4 * KiB;
	arm64_image(64 * KiB, off, 0 - off + 4 * KiB, 0xa);
	refused(plan(64 * MiB, 0),
		"kernel: arm64 Image text_offset 0x3fff000 is past the 63488 KiB");
}

TEST(test_wrapping_image_size)
{
	arm64_image(64 * KiB, 4 * KiB, 0 - 4 * KiB, 0xa); /* the sum is 0 */
	refused(plan(64 * MiB, 0),
		"kernel: arm64 Image image_size 0xfffffffffffff000 at text_offset 0x1000 is more "
		"than the 63488 KiB");
	arm64_image(64 * KiB, 0, U64MAX, 0xa);
	refused(plan(64 * MiB, 0), "image_size 0xffffffffffffffff at text_offset 0x0");
	arm64_image(64 * KiB, U64MAX & ~0xfffULL, 0x2000, 0xa);
	refused(plan(64 * MiB, 0), "text_offset 0xfffffffffffff000");
}

/* The kernel's span may end exactly where the DTB area starts. */
TEST(test_image_up_to_the_dtb)
{
	u64 dtb = 64 * MiB - IMAGE_DTB_AREA;
	arm64_image(4096, 0x200000, dtb - 0x200000, 0xa);
	accepted(plan(64 * MiB, 0));
	arm64_image(4096, 0x200000, dtb - 0x200000 + 1, 0xa);
	refused(plan(64 * MiB, 0), "image_size 0x3c00001 at text_offset 0x200000");
	arm64_image(4096, dtb, 1, 0xa); /* the span is the 4 KiB file */
	refused(plan(64 * MiB, 0), "kernel: arm64 Image image_size 0x1 at text_offset 0x3e00000");
	arm64_image(4096, dtb + 4096, 1, 0xa);
	refused(plan(64 * MiB, 0), "text_offset 0x3e01000 is past");
	/* A module longer than image_size is copied whole: the span is the module. */
	arm64_image(8192, dtb - 8192, 4096, 0xa);
	accepted(plan(64 * MiB, 0));
	arm64_image(8192, dtb - 4096, 4096, 0xa);
	refused(plan(64 * MiB, 0),
		"memory: 64 MiB is too small for the kernel (8 KiB at +0x3dff000)");
}

TEST(test_image_module_longer_than_image_size)
{
	struct run r;
	arm64_image(3 * MiB, 0x80000, 1 * MiB, 0xa);
	r = plan(64 * MiB, 0);
	accepted(r);
	assert_int_equal(r.l.kernel_span, 3 * MiB);
}

TEST(test_image_flags)
{
	arm64_image(4096, 0, 0x10000, 0xb);
	refused(plan(64 * MiB, 0), "kernel: arm64 Image flags 0xb: bit 0 says big-endian, and "
				   "guests run little-endian");
	arm64_image(4096, 0, 0x10000, 1);
	refused(plan(64 * MiB, 0), "flags 0x1");
	/* Page size (bits 1-2, any), placement (bit 3) and reserved bits. */
	for (u64 f = 0; f < 16; f += 2) {
		arm64_image(4096, 0, 0x10000, f);
		accepted(plan(64 * MiB, 0));
	}
	arm64_image(4096, 0, 0x10000, 0xfffffffffffffffeULL);
	accepted(plan(64 * MiB, 0));
}

TEST(test_image_text_offset_alignment)
{
	arm64_image(4096, 0x80800, 0x10000, 0xa);
	refused(plan(64 * MiB, 0),
		"kernel: arm64 Image text_offset 0x80800: not a multiple of 4 KiB");
	arm64_image(4096, 1, 0x10000, 0xa);
	refused(plan(64 * MiB, 0), "text_offset 0x1:");
	arm64_image(4096, 0x1ff000, 0x10000, 0xa); /* 4 KiB is enough; 2 MiB need not be */
	accepted(plan(64 * MiB, 0));
}

/* Before Linux 3.17: image_size 0, text_offset of unknown endianness
 * (0x80000 assumed) and no flags; the file is the span. */
TEST(test_image_legacy)
{
	struct run r;
	arm64_image(8 * MiB, U64MAX, 0, U64MAX);
	r = plan(64 * MiB, 0);
	accepted(r);
	assert_int_equal(r.l.kernel_off, 0x80000);
	assert_int_equal(r.l.kernel_span, 8 * MiB);
	arm64_image(62 * MiB, 0, 0, 0);
	refused(plan(64 * MiB, 0),
		"memory: 64 MiB is too small for the kernel (63488 KiB at +0x80000)");
}

TEST(test_image_needs_aarch64)
{
	arm64_image(4096, 0, 0x10000, 0xa);
	refused(plan_at(RAM_BASE, 64 * MiB, 0, A32_ONLY),
		"kernel: an arm64 Image, but this CPU runs 32-bit guests only");
	accepted(plan_at(RAM_BASE, 64 * MiB, 0, A64_ONLY));
}

/* Too short for the header: a raw binary, whatever its bytes. */
TEST(test_short_files_are_raw)
{
	struct run r;
	arm64_image(63, 0x100000, 0x100000, 0xa); /* the header is 64 bytes */
	r = plan(64 * MiB, 0);
	accepted(r);
	assert_int_equal(r.l.format, IMAGE_RAW);
	zimage(0x2f, 0, 0x2f, 0);
	r = plan(64 * MiB, 0);
	assert_int_equal(r.l.format, IMAGE_RAW);
}

TEST(test_raw_binary)
{
	kernel(14728);
	expect_layout(plan(16 * MiB, 0), IMAGE_RAW, false, 0, 14728, 14 * MiB, NO_RAMDISK);
	/* The ARMv7 host: AArch32, the DTB at +128 MiB when RAM allows. */
	expect_layout(plan_at(RAM_BASE, 256 * MiB, 4096, A32_ONLY), IMAGE_RAW, true, 0, 14728,
		      128 * MiB, 130 * MiB);
	/* It fits exactly below the DTB area, not a byte more. */
	kernel(14 * MiB);
	accepted(plan(16 * MiB, 0));
	kernel(14 * MiB + 1);
	refused(plan(16 * MiB, 0),
		"memory: 16 MiB is too small for the kernel (14336 KiB at +0x0)");
	kernel(0);
	refused(plan(16 * MiB, 0), "kernel: the module is empty");
}

TEST(test_ram_too_small)
{
	kernel(14728);
	refused(plan(2 * MiB, 0), "memory: 2 MiB is too small for the kernel (14 KiB at +0x0)");
	refused(plan(4 * MiB - 1, 0), "memory: 3 MiB is too small");
	accepted(plan(4 * MiB, 0));
	refused(plan(GUEST_RAM_MAX + 1, 0), "memory: 65536 MiB, more than a domain's 64 GiB");
	refused(plan(U64MAX, 0), "more than a domain's");
}

TEST(test_zimage)
{
	/* Debian's armmp-lpae zImage: start 0, end its size, little-endian. */
	zimage(5546496, 0, 5546496, 0x04030201);
	expect_layout(plan(256 * MiB, LINUX_RD), IMAGE_ZIMAGE, true, 32 * MiB, 5546496, 128 * MiB,
		      130 * MiB);
	/* Less RAM than 128 MiB + the DTB + the ramdisk: both at the top. */
	expect_layout(plan(130 * MiB + LINUX_RD, LINUX_RD), IMAGE_ZIMAGE, true, 32 * MiB, 5546496,
		      128 * MiB + LINUX_RD, NO_RAMDISK);
	expect_layout(plan(64 * MiB, LINUX_RD), IMAGE_ZIMAGE, true, 32 * MiB, 5546496, 62 * MiB,
		      NO_RAMDISK);
	refused(plan_at(RAM_BASE, 256 * MiB, 0, A64_ONLY),
		"kernel: a 32-bit ARM zImage, but this CPU's EL1 cannot run AArch32 "
		"(ID_AA64PFR0_EL1.EL1)");
	/* An end past the file, an end below the start, a fixed start, big-endian. */
	zimage(4096, 0, 0x100000, 0x04030201);
	refused(plan(256 * MiB, 0),
		"kernel: zImage end 0x100000 (start 0x0) is past the module's 4096 bytes");
	zimage(4096, 0x8000, 0x4000, 0x04030201);
	refused(plan(256 * MiB, 0), "kernel: zImage end 0x4000 is below its start 0x8000");
	zimage(4096, 0xffffffffu, 0, 0x04030201);
	refused(plan(256 * MiB, 0), "end 0x0 is below its start 0xffffffff");
	zimage(4096, 0x10000000, 0x10001000, 0x04030201);
	refused(plan(256 * MiB, 0), "kernel: zImage start 0x10000000: not 0");
	zimage(4096, 0, 4096, 0x01020304);
	refused(plan(256 * MiB, 0),
		"kernel: zImage endianness marker 0x1020304 at 0x30: big-endian");
	/* No marker (an old zImage: code at 0x30), or too short to have one. */
	zimage(4096, 0, 4096, 0xe1a00000);
	accepted(plan(256 * MiB, 0));
	zimage(0x30, 0, 0x30, 0);
	accepted(plan(256 * MiB, 0));
	zimage(4096, 0, 2048, 0x04030201); /* padded past its end */
	accepted(plan(256 * MiB, 0));
}

/* The zImage stays inside the first 128 MiB, below a DTB there. */
TEST(test_zimage_below_128_mib)
{
	zimage(96 * MiB, 0, 96 * MiB, 0x04030201);
	accepted(plan(512 * MiB, 0));
	zimage(96 * MiB + 1, 0, 96 * MiB + 1, 0x04030201);
	refused(plan(512 * MiB, 0),
		"kernel: a zImage of 98304 KiB at +32 MiB does not fit below the 128 MiB boundary");
	zimage(4096, 0, 4096, 0x04030201);
	refused(plan(32 * MiB, 0),
		"memory: 32 MiB is too small for the kernel (4 KiB at +0x2000000)");
}

/* A 32-bit kernel's boot modules below 4 GiB of IPA (its MMU is off). */
TEST(test_zimage_below_4_gib)
{
	zimage(4096, 0, 4096, 0x04030201);
	accepted(plan_at(4 * GiB - 64 * MiB, 64 * MiB, 0, A32_OK));
	refused(plan_at(4 * GiB - 64 * MiB + 4096, 64 * MiB, 0, A32_OK),
		"kernel: a 32-bit ARM zImage needs its boot modules below 4 GiB (guest RAM at "
		"0xfc001000)");
	refused(plan_at(U64MAX & ~0xfffULL, 64 * MiB, 0, A32_OK), "below 4 GiB");
	/* The ramdisk after a DTB at +128 MiB counts too. */
	accepted(plan_at(4 * GiB - 131 * MiB, 256 * MiB, 1 * MiB, A32_OK));
	refused(plan_at(4 * GiB - 131 * MiB + 4096, 256 * MiB, 1 * MiB, A32_OK), "below 4 GiB");
	/* A 64-bit kernel has no such limit. */
	arm64_image(4096, 0, 0x10000, 0xa);
	accepted(plan_at(64 * GiB, 64 * MiB, 0, A32_OK));
}

/* Ramdisk sizes from the host DT, up to 2^64 - 1: never a wrapped offset. */
TEST(test_ramdisk_sizes)
{
	struct run r;
	u64 rd;
	arm64_image(4096, 0, 8 * MiB, 0xa);
	/* Exactly the room between the kernel and the DTB, then a byte more. */
	rd = 64 * MiB - IMAGE_DTB_AREA - 8 * MiB;
	r = plan(64 * MiB, rd);
	accepted(r);
	assert_int_equal(r.l.initrd_off, 8 * MiB);
	refused(plan(64 * MiB, rd + 1),
		"memory: no room for the 55296 KiB ramdisk next to the kernel");
	refused(plan(64 * MiB, 64 * MiB - IMAGE_DTB_AREA + 1), "no room for the");
	refused(plan(64 * MiB, 64 * MiB + 1), "no room for the");
	for (rd = U64MAX - 8192; rd; rd++) /* ALIGN_UP of these wrapped to 0 */
		refused(plan(64 * MiB, rd), "memory: no room for the");
	zimage(4096, 0, 4096, 0x04030201);
	for (rd = U64MAX - 8192; rd; rd++)
		refused(plan(256 * MiB, rd), "memory: no room for the");
	refused(plan(256 * MiB, 256 * MiB), "no room for the 262144 KiB ramdisk");
	/* A 32-bit ramdisk that fits only at the top goes there. */
	r = plan(256 * MiB, 126 * MiB + 1);
	accepted(r);
	assert_int_equal(r.l.dtb_off, 254 * MiB);
	assert_int_equal(r.l.initrd_off, ALIGN_DOWN(128 * MiB - 1, 4096));
}

/* Every combination of edge values: image_layout_check.h's promises hold,
 * whether accepted or refused. */
TEST(test_edge_values_keep_promises)
{
	static const u64 vals[] = {0,
				   1,
				   4095,
				   4096,
				   0x80000,
				   2 * MiB - 4096,
				   2 * MiB,
				   4 * MiB,
				   62 * MiB,
				   64 * MiB - 4096,
				   64 * MiB,
				   128 * MiB,
				   130 * MiB,
				   GUEST_RAM_MAX,
				   1ULL << 63,
				   U64MAX - 4095,
				   U64MAX - 4096 + 1,
				   U64MAX};
	const size_t n = sizeof(vals) / sizeof(vals[0]);
	unsigned int accepts = 0;

	for (size_t a = 0; a < n; a++)
		for (size_t b = 0; b < n; b++)
			for (size_t c = 0; c < n; c++) {
				u64 ram = vals[c] % (512 * MiB + 1);
				arm64_image(4096, vals[a], vals[b], 0xa);
				accepts += !plan(ram, 0).rc;
				accepts += !plan(ram, vals[(a + b) % n]).rc;
				accepts += !plan_at(vals[b], ram, vals[a], A32_ONLY).rc;
				zimage(4096, 0, 4096, 0x04030201);
				accepts += !plan_at(vals[a], vals[c], vals[b], A32_OK).rc;
				kernel(4096);
				accepts += !plan_at(vals[a], vals[c], vals[b], A32_OK).rc;
			}
	assert_true(accepts > 0); /* the sweep reaches the accepting paths too */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_image),
		cmocka_unit_test(test_wrapping_text_offset),
		cmocka_unit_test(test_wrapping_image_size),
		cmocka_unit_test(test_image_up_to_the_dtb),
		cmocka_unit_test(test_image_module_longer_than_image_size),
		cmocka_unit_test(test_image_flags),
		cmocka_unit_test(test_image_text_offset_alignment),
		cmocka_unit_test(test_image_legacy),
		cmocka_unit_test(test_image_needs_aarch64),
		cmocka_unit_test(test_short_files_are_raw),
		cmocka_unit_test(test_raw_binary),
		cmocka_unit_test(test_ram_too_small),
		cmocka_unit_test(test_zimage),
		cmocka_unit_test(test_zimage_below_128_mib),
		cmocka_unit_test(test_zimage_below_4_gib),
		cmocka_unit_test(test_ramdisk_sizes),
		cmocka_unit_test(test_edge_values_keep_promises),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(module);
	return rc;
}
