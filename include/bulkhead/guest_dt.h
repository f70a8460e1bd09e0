/* The device tree a guest boots with, generated from its domain_config and
 * the guest physical map (guest_layout.h); common/guest_dt.c. */
#ifndef BULKHEAD_GUEST_DT_H
#define BULKHEAD_GUEST_DT_H

#include <bulkhead/types.h>
#include <bulkhead/domain_config.h>

/* Xen's GUEST_PHANDLE_GIC: partial DTs made for Xen refer to the guest's GIC
 * as interrupt-parent = <65000>. */
#define GUEST_PHANDLE_GIC 65000

struct guest_dt_params {
	const struct domain_config *cfg; /* name, vcpus, vpl011, kernel.bootargs, dtb.size */
	int gic_version;		 /* 2 or 3 */
	u64 ram_base, ram_size;		 /* guest physical */
	u64 initrd_base, initrd_size;	 /* guest physical; size 0 = none */
	const void *partial_dt;		 /* the domain's multiboot,device-tree blob or NULL */
	const u8 *rng_seed;		 /* /chosen/rng-seed for the guest, or NULL */
	u32 rng_seed_len;
	/* Guest physical base of its cfg->fb_width x fb_height framebuffer
	 * (outside the RAM above), or 0 for none: a simple-framebuffer node. */
	u64 fb_base;
};

/* Writes the guest's complete, packed FDT into buf. Returns 0, or -E_NOMEM
 * when buf is too small and -E_INVAL for bad parameters or a bad partial DT,
 * with a message in err naming what failed. */
int guest_dt_build(const struct guest_dt_params *p, void *buf, size_t bufsize, char *err,
		   size_t errlen);

#endif
