/* Distributor code common to GICv2 and GICv3 (GIC architecture spec IHI 0069,
 * 12.9 "The GIC Distributor register descriptions"); offsets in <arch/gic_regs.h>. */
#ifndef DRIVERS_GIC_COMMON_H
#define DRIVERS_GIC_COMMON_H

#include <bulkhead/mmio.h>
#include <arch/gic_regs.h>

static inline unsigned int gic_lines(uintptr_t gicd)
{
	unsigned int n = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1);
	return n > 1020 ? 1020 : n;
}

/* SPIs (32..lines) off, inactive, not pending, one priority. Group and routing
 * are set by the caller. */
static inline void gic_dist_quiesce_spis(uintptr_t gicd, unsigned int lines, u8 prio)
{
	for (unsigned int i = 32; i < lines; i += 32) {
		mmio_write32(gicd + GICD_ICENABLER + i / 8, ~0U);
		mmio_write32(gicd + GICD_ICPENDR + i / 8, ~0U);
		mmio_write32(gicd + GICD_ICACTIVER + i / 8, ~0U);
	}
	for (unsigned int i = 32; i < lines; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, 0x01010101U * prio);
}

/* One SPI off, not pending, not active (IHI 0069 12.9.7/12.9.13/12.9.4). */
static inline void gic_dist_quiesce_spi(uintptr_t gicd, u32 intid)
{
	u32 off = (intid / 32) * 4, bit = 1U << (intid % 32);
	mmio_write32(gicd + GICD_ICENABLER + off, bit);
	mmio_write32(gicd + GICD_ICPENDR + off, bit);
	mmio_write32(gicd + GICD_ICACTIVER + off, bit);
}

/* SGI/PPI banked registers (GICv2 distributor, GICv3 redistributor SGI frame). */
static inline void gic_local_reset(uintptr_t base, u8 prio)
{
	mmio_write32(base + GICD_ICENABLER, 0xffff0000U); /* PPIs off */
	mmio_write32(base + GICD_ISENABLER, 0x0000ffffU); /* SGIs on */
	mmio_write32(base + GICD_ICACTIVER, ~0U);
	mmio_write32(base + GICD_ICPENDR, ~0U);
	for (unsigned int i = 0; i < 32; i += 4)
		mmio_write32(base + GICD_IPRIORITYR + i, 0x01010101U * prio);
}

#endif
