/*
 * A domain's initial memory image, per the Linux arm64 boot protocol
 * (Documentation/arch/arm64/booting.rst): the Image at the 2 MiB-aligned
 * start of RAM + text_offset, the DTB in the last 2 MiB, the ramdisk just
 * below it; vCPU 0 starts at the kernel with x0 = DTB, MMU off. A file without
 * the Image header is loaded and entered at the start of RAM (raw binary).
 *
 * A 32-bit ARM zImage (magic 0x016f2818 at offset 0x24; its start and end
 * addresses at 0x28 and 0x2c) makes the domain an AArch32 one, booted per
 * Documentation/arch/arm/booting.rst: the zImage within the first 128 MiB of
 * RAM (at +32 MiB: its decompressor writes the kernel from the 128 MiB-aligned
 * base + 32 KiB and moves itself past the kernel if they would overlap), the
 * DTB and the ramdisk "just above the 128 MiB boundary", where neither
 * decompression nor the relocation reaches and the kernel's lowmem map still
 * does; r0 = 0, r1 = ~0, r2 = DTB (vcpu_arch_reset). With less RAM they go at
 * the top, as for arm64.
 */
#include <string.h>
#include <libfdt.h>
#include <bulkhead/domain.h>
#include <bulkhead/mem_update.h>
#include <bulkhead/entropy.h>
#include <bulkhead/fmt.h>
#include <bulkhead/guest_dt.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/vcpu_sched.h>
#include <arch/guest.h>

#define IMAGE_MAGIC   0x644d5241U /* "ARM\x64" at offset 56 */
#define ZIMAGE_MAGIC  0x016f2818U /* at offset 0x24 */
#define ZIMAGE_OFFSET (32 * MiB)
#define A32_DTB_OFF   (128 * MiB)
#define A32_IPA_LIMIT (4 * GiB) /* what a kernel with its MMU off can reach */
#define DTB_AREA      (2 * MiB)
/* A restart's copies go in steps this long, each a chance for another
 * domain's vCPU to take the pCPU (sched_preempt_point). */
#define PREEMPT_CHUNK (256 * KiB)

static u64 le64(const u8 *p)
{
	u64 v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static bool is_image(const u8 *img, u64 size)
{
	return size >= 64 && (u32)le64(img + 56) == IMAGE_MAGIC;
}

static bool is_zimage(const u8 *img, u64 size)
{
	return size >= 0x30 && (u32)le64(img + 0x24) == ZIMAGE_MAGIC;
}

/* Where the kernel goes and how much room it needs (including its bss). */
static void kernel_layout(const u8 *img, u64 size, u64 *offset, u64 *span)
{
	*offset = 0;
	*span = size;
	if (is_zimage(img, size)) {
		*offset = ZIMAGE_OFFSET;
		return;
	}
	if (!is_image(img, size))
		return;
	*offset = le64(img + 8);
	*span = le64(img + 16);
	if (*span == 0) { /* kernels before 3.17: text_offset 0x80000, size unknown */
		*offset = 0x80000;
		*span = size;
	}
	*span = MAX(*span, size);
}

/* A 32-bit kernel: can this CPU run it, and can it reach its memory? */
static int check_aarch32(const struct domain *d, u64 end, char *err, size_t errlen)
{
	if (!guest_arch_aarch32_ok()) {
		fmt_snprintf(err, errlen,
			     "kernel: a 32-bit ARM zImage, but this CPU's EL1 cannot run "
			     "AArch32 (ID_AA64PFR0_EL1.EL1)");
		return -E_INVAL;
	}
	if (d->ram_ipa + end > A32_IPA_LIMIT) {
		fmt_snprintf(err, errlen,
			     "kernel: a 32-bit ARM zImage needs its boot modules below 4 GiB "
			     "(guest RAM at 0x%llx)",
			     d->ram_ipa);
		return -E_RANGE;
	}
	return 0;
}

/* Where the DTB goes, the ramdisk just past its area (AArch32: above the
 * 128 MiB boundary) or just below it (AArch64, or too little RAM). */
static u64 dtb_offset(const struct domain *d, u64 ramdisk_size)
{
	if (d->aarch32 &&
	    domain_guest_ram(d) >= A32_DTB_OFF + DTB_AREA + ALIGN_UP(ramdisk_size, 4096ULL))
		return A32_DTB_OFF;
	return domain_guest_ram(d) - DTB_AREA;
}

/* A restart rebuilds the image over the last run's copy, whose blocks are
 * mapped again unzeroed (domain_populate_for_copy): only what the guest
 * changed is written back. Under an emulator that translated the guest's
 * code, writing a page of it costs far more than reading it (perf-analysis). */
static void copy_module(const struct domain *d, u8 *dst, const void *src, u64 size)
{
	const u8 *s = src;
	for (u64 off = 0; off < size; off += PREEMPT_CHUNK) {
		u64 n = MIN(size - off, PREEMPT_CHUNK);
		if (d->state == DOM_RESTARTING)
			mem_update(dst + off, s + off, n);
		else
			memcpy(dst + off, s + off, n);
		sched_preempt_point();
	}
}

static void clean_inval(u64 start, u64 size)
{
	for (u64 off = 0; off < size; off += PREEMPT_CHUNK) {
		cache_arch_clean_inval(start + off, MIN(size - off, PREEMPT_CHUNK));
		sched_preempt_point();
	}
}

static size_t dt_room(const struct domain_config *c)
{
	u64 partial = c->dtb.present ? fdt_totalsize((const void *)(uintptr_t)c->dtb.base) : 0;
	return (size_t)MIN(64 * KiB + 2 * partial, DTB_AREA);
}

int domain_build(struct domain *d, char *err, size_t errlen)
{
	const struct domain_config *c = d->cfg;
	u8 *ram = (u8 *)(uintptr_t)d->ram_host;
	u64 koff, kspan, dtb_off, boot_end, initrd_off = 0, ram_size = domain_guest_ram(d);
	struct guest_dt_params p = {c, d->vgic.version, d->ram_ipa, ram_size, 0, 0, NULL, NULL, 0,
				    0};
	u8 seed[ENTROPY_SEED_BYTES];
	int rc;

	kernel_layout((const u8 *)(uintptr_t)c->kernel.base, c->kernel.size, &koff, &kspan);
	/* An ARMv7 host runs every kernel in AArch32 and refuses an arm64 one;
	 * an arm64 host runs a zImage in AArch32. */
	if (is_image((const u8 *)(uintptr_t)c->kernel.base, c->kernel.size) &&
	    !guest_arch_aarch64_ok()) {
		fmt_snprintf(err, errlen,
			     "kernel: an arm64 Image, but this CPU runs 32-bit guests only");
		return -E_INVAL;
	}
	d->aarch32 = is_zimage((const u8 *)(uintptr_t)c->kernel.base, c->kernel.size) ||
		     !guest_arch_aarch64_ok();
	dtb_off = dtb_offset(d, c->ramdisk.present ? c->ramdisk.size : 0);
	/* What a 32-bit kernel reads with its MMU off ends with the ramdisk after
	 * the DTB, or with the DTB at the top of RAM. */
	boot_end = dtb_off + DTB_AREA;
	if (dtb_off == A32_DTB_OFF && c->ramdisk.present)
		boot_end += ALIGN_UP(c->ramdisk.size, 4096ULL);
	if (d->aarch32 && (rc = check_aarch32(d, boot_end, err, errlen)))
		return rc;
	if (ram_size < DTB_AREA * 2 || koff + kspan > ram_size - DTB_AREA) {
		fmt_snprintf(err, errlen,
			     "memory: %llu MiB is too small for the kernel (%llu KiB "
			     "at +0x%llx) and its device tree",
			     ram_size / MiB, kspan / KiB, koff);
		return -E_NOMEM;
	}
	/* The blocks a module's copy covers whole are mapped unzeroed: each such
	 * populate is followed at once by its copy, so no failure in between
	 * leaves earlier contents mapped. */
	if (domain_populate_range(d, d->ram_ipa + dtb_off, DTB_AREA) ||
	    domain_populate_for_copy(d, d->ram_ipa + koff, kspan, c->kernel.size))
		goto nomem;
	copy_module(d, ram + koff, (const void *)(uintptr_t)c->kernel.base, c->kernel.size);
	if (c->ramdisk.present) {
		if (dtb_off != ram_size - DTB_AREA)
			initrd_off = dtb_off + DTB_AREA;
		else
			initrd_off = ALIGN_DOWN(dtb_off - c->ramdisk.size, 4096ULL);
		if (c->ramdisk.size > dtb_off || initrd_off < ALIGN_UP(koff + kspan, 4096ULL)) {
			fmt_snprintf(err, errlen,
				     "memory: no room for the %llu KiB ramdisk next to "
				     "the kernel",
				     c->ramdisk.size / KiB);
			return -E_NOMEM;
		}
		if (domain_populate_for_copy(d, d->ram_ipa + initrd_off, c->ramdisk.size,
					     c->ramdisk.size))
			goto nomem;
		copy_module(d, ram + initrd_off, (const void *)(uintptr_t)c->ramdisk.base,
			    c->ramdisk.size);
		p.initrd_base = d->ram_ipa + initrd_off;
		p.initrd_size = c->ramdisk.size;
	}
	if (d->fb_size)
		p.fb_base = domain_fb_ipa(d);
	if (c->dtb.present)
		p.partial_dt = (const void *)(uintptr_t)c->dtb.base;
	sched_preempt_point();
	if (!entropy_domain_seed(d->id, seed)) {
		p.rng_seed = seed;
		p.rng_seed_len = sizeof(seed);
	}
	sched_preempt_point();
	/* libfdt zeroes all the room it is given first: a size near the tree's
	 * own (2 MiB is 0.8 ms on a restart's non-preemptible path), the whole
	 * area only for a tree that needs it. */
	rc = guest_dt_build(&p, ram + dtb_off, dt_room(c), err, errlen);
	if (rc == -E_NOMEM)
		rc = guest_dt_build(&p, ram + dtb_off, DTB_AREA, err, errlen);
	memset(seed, 0, sizeof(seed));
	if (rc)
		return rc;
	/* The guest starts with its caches off: what it reads or writes before
	 * turning them on (its image with its bss, the DTB, the ramdisk) must be
	 * in memory, with no line of ours left to be written back over it. The
	 * rest it touches only cacheably, after enabling its MMU. */
	clean_inval(d->ram_host + koff, ALIGN_UP(kspan, 4096ULL));
	clean_inval(d->ram_host + dtb_off, DTB_AREA);
	if (c->ramdisk.present)
		clean_inval(d->ram_host + initrd_off, c->ramdisk.size);
	d->vcpus[0].on_entry = d->ram_ipa + koff;
	d->vcpus[0].on_context = d->ram_ipa + dtb_off;
	d->vcpus[0].on_boot = true;
	d->vcpus[0].on_request = true;
	return 0;
nomem:
	fmt_snprintf(err, errlen, "memory: no page-table space for the domain's memory map");
	return -E_NOMEM;
}
