/* Emulated MMIO: a domain's regions in its IPA space, each backed by a table
 * of register ranges (struct mmio_reg) so adding a device is a table and a
 * region, never an edit to the dispatcher. */
#ifndef BULKHEAD_VMMIO_H
#define BULKHEAD_VMMIO_H

#include <bulkhead/types.h>

struct vcpu;
struct domain;

#define MMIO_W8	 (1u << 0)
#define MMIO_W16 (1u << 1)
#define MMIO_W32 (1u << 2)
#define MMIO_W64 (1u << 3)

/*
 * One register range: a row of a device's table. The tables are data, one
 * pattern for every emulated device (vGIC distributor and redistributor,
 * vPL011, SP805, the control page):
 * - a row per register or per array of like registers (GICD_ISENABLER<n>),
 *   its offset named (<arch/gic_regs.h> for the GIC) or commented, and each
 *   table names the spec section it follows;
 * - handlers are named after the register they emulate (ctlr_read), or after
 *   what they do for many rows (vgic_dist_irq_read); arg, the row's own
 *   argument, tells such a handler which register it serves (the vGIC's
 *   field, the SP805's register id, the vPL011's storage offset, a fixed
 *   value): no wrapper per row, no switch on offsets;
 * - a handler gets off, the offset inside its range, and len, a width the
 *   row allows, aligned; a NULL read reads 0, a NULL write is ignored.
 */
struct mmio_reg {
	u32 off, size;
	u8 widths;
	u32 arg; /* in the padding: a row is still 32 bytes (64-bit) */
	u64 (*read)(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len);
	void (*write)(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val);
};

struct mmio_device {
	const char *name;
	const struct mmio_reg *regs; /* sorted by off */
	unsigned int nregs;
	/* Optional: the region holds several frames (GICv3 redistributors);
	 * maps an offset to (device state, offset inside the frame). */
	void *(*frame)(struct vcpu *v, void *dev, u64 *off);
	/* Unallocated offsets read as zero and ignore writes (GIC: "reserved
	 * locations are RAZ/WI") instead of aborting. */
	bool raz_wi_miss;
};

struct mmio_region {
	u64 base, size;
	const struct mmio_device *dev;
	void *priv;
	unsigned int hint; /* index of the register its last access hit */
};

#define DOMAIN_MAX_MMIO 8

int vmmio_add(struct domain *d, u64 base, u64 size, const struct mmio_device *dev, void *priv);
/* Returns true if the access was emulated; false: no region or no register
 * (the caller reports it to the guest as an abort). */
bool vmmio_access(struct vcpu *v, u64 ipa, unsigned int len, bool write, u64 *val);
/* Is ipa in one of d's emulated device regions? */
bool vmmio_emulates(struct domain *d, u64 ipa);
/* Table lookup on its own (host-testable): the register covering off with
 * an allowed width, or NULL. */
const struct mmio_reg *vmmio_find(const struct mmio_device *dev, u32 off, unsigned int len);

#endif
