/* GICv2 (GIC architecture spec v2.0, IHI 0048B): distributor 4.3, CPU
 * interface 4.4. The hypervisor's interrupts use whatever group the firmware
 * left them in: GICC_CTLR bit 0 and bit 9 mean "enable" and "split EOI" both
 * in the Secure/no-security view and in the Non-secure view (4.4.1). */
#include <bulkhead/hostdt.h>
#include <bulkhead/irq.h>
#include <bulkhead/driver.h>
#include <bulkhead/mmu.h>
#include <arch/cpu.h>
#include "gic_common.h"

static uintptr_t gicd, gicc;
static u8 cpu_mask[CONFIG_MAX_CPUS]; /* GICD_ITARGETSR value of each CPU */

static int gicv2_init(const struct host_gic *g)
{
	unsigned int lines;
	if (g->cpuif.size < 0x2000)
		return -E_INVAL; /* GICC_DIR at 0x1000 is needed for split EOI */
	if (mmu_map_device(g->dist.base, g->dist.size) ||
	    mmu_map_device(g->cpuif.base, g->cpuif.size))
		return -E_NOMEM;
	gicd = (uintptr_t)g->dist.base;
	gicc = (uintptr_t)g->cpuif.base;
	lines = gic_lines(gicd);
	mmio_write32(gicd + GICD_CTLR, 0);
	gic_dist_quiesce_spis(gicd, lines, IRQ_PRIO_DEFAULT);
	mmio_write32(gicd + GICD_CTLR, 1);
	return 0;
}

static int gicv2_cpu_init(unsigned int cpu, u64 mpidr)
{
	(void)mpidr;
	/* Banked ITARGETSR0..7 read as this CPU's own target bit; on a
	 * uniprocessor GIC they are RAZ (4.3.12), and the only target is CPU 0. */
	cpu_mask[cpu] = mmio_read32(gicd + GICD_ITARGETSR) & 0xff;
	if (!cpu_mask[cpu] && cpu == 0)
		cpu_mask[cpu] = 1;
	gic_local_reset(gicd, IRQ_PRIO_DEFAULT);
	mmio_write32(gicc + GICC_PMR, 0xff);
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, (1U << 0) | (1U << 9));
	return cpu_mask[cpu] ? 0 : -E_INVAL;
}

static u32 gicv2_ack(void) { return mmio_read32(gicc + GICC_IAR); }
static void gicv2_eoi(u32 raw) { mmio_write32(gicc + GICC_EOIR, raw); }
static void gicv2_deactivate(u32 raw) { mmio_write32(gicc + GICC_DIR, raw); }

static void gicv2_enable_local(u32 intid)
{
	mmio_write32(gicd + GICD_ISENABLER, 1U << (intid & 31));
}

/* GICD_ISACTIVER0 is banked per CPU for SGIs and PPIs, like ISENABLER0. */
static void gicv2_activate_local(u32 intid)
{
	mmio_write32(gicd + GICD_ISACTIVER, 1U << (intid & 31));
}

static void gicv2_send_sgi(u32 sgi, unsigned int cpu, u64 mpidr)
{
	(void)mpidr;
	wmb_ish(); /* make prior writes visible to the target */
	mmio_write32(gicd + GICD_SGIR, ((u32)cpu_mask[cpu] << 16) | (sgi & 0xf));
}

static void gicv2_enable_spi(u32 intid, unsigned int cpu, u64 mpidr)
{
	(void)mpidr;
	mmio_write8(gicd + GICD_ITARGETSR + intid, cpu_mask[cpu]);
	mmio_write8(gicd + GICD_IPRIORITYR + intid, IRQ_PRIO_DEFAULT);
	mmio_write32(gicd + GICD_ISENABLER + (intid / 32) * 4UL, 1U << (intid % 32));
}

static void gicv2_quiesce_spi(u32 intid) { gic_dist_quiesce_spi(gicd, intid); }

static const struct irqchip_ops gicv2_ops = {
	.name = "GICv2",
	.version = 2,
	.init = gicv2_init,
	.cpu_init = gicv2_cpu_init,
	.ack = gicv2_ack,
	.eoi = gicv2_eoi,
	.deactivate = gicv2_deactivate,
	.enable_local = gicv2_enable_local,
	.activate_local = gicv2_activate_local,
	.send_sgi = gicv2_send_sgi,
	.enable_spi = gicv2_enable_spi,
	.quiesce_spi = gicv2_quiesce_spi,
};

DRIVER_REGISTER(gicv2, DRIVER_IRQCHIP, 2, &gicv2_ops, "arm,gic-400", "arm,cortex-a15-gic",
		"arm,cortex-a9-gic", "arm,cortex-a7-gic");
