/*
 * A domain's initial memory image: its kernel, its ramdisk and the DTB made
 * for it (guest_dt.c), copied into its RAM where image_layout_plan()
 * (common/image_layout.c) puts them after checking the kernel's header: an
 * arm64 Image, a 32-bit ARM zImage (the domain then runs AArch32) or a raw
 * binary. vCPU 0 starts at the kernel with its MMU off and the DTB in x0
 * (AArch32: r0 = 0, r1 = ~0, r2 = DTB; vcpu_arch_reset).
 */
#include <string.h>
#include <libfdt.h>
#include <bulkhead/domain.h>
#include <bulkhead/mem_update.h>
#include <bulkhead/entropy.h>
#include <bulkhead/fmt.h>
#include <bulkhead/guest_dt.h>
#include <bulkhead/image_layout.h>
#include <bulkhead/vcpu_sched.h>
#include <arch/guest.h>

/* A restart's copies go in steps this long, each a chance for another
 * domain's vCPU to take the pCPU (sched_preempt_point). */
#define PREEMPT_CHUNK (256 * KiB)

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
	return (size_t)MIN(64 * KiB + 2 * partial, IMAGE_DTB_AREA);
}

int domain_build(struct domain *d, char *err, size_t errlen)
{
	const struct domain_config *c = d->cfg;
	u8 *ram = (u8 *)(uintptr_t)d->ram_host;
	u64 ram_size = domain_guest_ram(d);
	struct image_params ip = {(const u8 *)(uintptr_t)c->kernel.base,
				  c->kernel.size,
				  c->ramdisk.present ? c->ramdisk.size : 0,
				  d->ram_ipa,
				  ram_size,
				  guest_arch_aarch64_ok(),
				  guest_arch_aarch32_ok()};
	struct image_layout l;
	struct guest_dt_params p = {c, d->vgic.version, d->ram_ipa, ram_size, 0, 0, NULL, NULL, 0,
				    0};
	u8 seed[ENTROPY_SEED_BYTES];
	int rc;

	/* Every offset below is inside RAM and the areas do not overlap. */
	rc = image_layout_plan(&ip, &l, err, errlen);
	if (rc)
		return rc;
	d->aarch32 = l.aarch32;
	/* The blocks a module's copy covers whole are mapped unzeroed: each such
	 * populate is followed at once by its copy, so no failure in between
	 * leaves earlier contents mapped. */
	if (domain_populate_range(d, d->ram_ipa + l.dtb_off, IMAGE_DTB_AREA) ||
	    domain_populate_for_copy(d, d->ram_ipa + l.kernel_off, l.kernel_span, ip.kernel_size))
		goto nomem;
	copy_module(d, ram + l.kernel_off, ip.kernel, ip.kernel_size);
	if (ip.ramdisk_size) {
		if (domain_populate_for_copy(d, d->ram_ipa + l.initrd_off, ip.ramdisk_size,
					     ip.ramdisk_size))
			goto nomem;
		copy_module(d, ram + l.initrd_off, (const void *)(uintptr_t)c->ramdisk.base,
			    ip.ramdisk_size);
		p.initrd_base = d->ram_ipa + l.initrd_off;
		p.initrd_size = ip.ramdisk_size;
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
	rc = guest_dt_build(&p, ram + l.dtb_off, dt_room(c), err, errlen);
	if (rc == -E_NOMEM)
		rc = guest_dt_build(&p, ram + l.dtb_off, IMAGE_DTB_AREA, err, errlen);
	memset(seed, 0, sizeof(seed));
	if (rc)
		return rc;
	/* The guest starts with its caches off: what it reads or writes before
	 * turning them on (its image with its bss, the DTB, the ramdisk) must be
	 * in memory, with no line of ours left to be written back over it. The
	 * rest it touches only cacheably, after enabling its MMU. */
	clean_inval(d->ram_host + l.kernel_off, ALIGN_UP(l.kernel_span, 4096ULL));
	clean_inval(d->ram_host + l.dtb_off, IMAGE_DTB_AREA);
	if (ip.ramdisk_size)
		clean_inval(d->ram_host + l.initrd_off, ip.ramdisk_size);
	d->vcpus[0].on_entry = d->ram_ipa + l.entry_off;
	d->vcpus[0].on_context = d->ram_ipa + l.dtb_off;
	d->vcpus[0].on_boot = true;
	d->vcpus[0].on_request = true;
	return 0;
nomem:
	fmt_snprintf(err, errlen, "memory: no page-table space for the domain's memory map");
	return -E_NOMEM;
}
