/* GICv3 (GIC architecture spec IHI 0069): distributor 12.9, redistributor
 * 12.10-12.11, CPU interface system registers 12.2 through <arch/gicv3.h>.
 * Affinity routing is on; the hypervisor's interrupts are Group 1. */
#include <bulkhead/hostdt.h>
#include <bulkhead/irq.h>
#include <bulkhead/driver.h>
#include <bulkhead/log.h>
#include <bulkhead/mmu.h>
#include <bulkhead/smp.h>
#include <arch/cpu.h>
#include <arch/gicv3.h>
#include <arch/timer.h>
#include "gic_common.h"

#define GICD_CTLR_RWP	 (1u << 31)
#define GICD_CTLR_ARE	 (1u << 4)
#define GICD_CTLR_ENABLE (1u << 0 | 1u << 1) /* Grp0+Grp1 (DS=1) or Grp1+Grp1A (NS view) */
#define GICR_TYPER_VLPIS (1ull << 1)
#define GICR_TYPER_LAST	 (1ull << 4)
#define GICR_CTLR_RWP	 (1u << 3)
#define WAKER_PSLEEP	 (1u << 1)
#define WAKER_CASLEEP	 (1u << 2)

static uintptr_t gicd;
static const struct host_gic *gic;
static uintptr_t gicr_of[CONFIG_MAX_CPUS];

static int wait_clear(uintptr_t reg, u32 bit)
{
	u64 end = timer_arch_counter() + timer_arch_freq() / 10; /* 100 ms */
	while (mmio_read32(reg) & bit)
		if (timer_arch_counter() > end)
			return -E_TIMEOUT;
	return 0;
}

static int gicv3_init(const struct host_gic *g)
{
	unsigned int lines;
	gic = g;
	if (mmu_map_device(g->dist.base, g->dist.size))
		return -E_NOMEM;
	for (unsigned int i = 0; i < g->nredist; i++)
		if (mmu_map_device(g->redist[i].base, g->redist[i].size))
			return -E_NOMEM;
	gicd = (uintptr_t)g->dist.base;
	lines = gic_lines(gicd);
	mmio_write32(gicd + GICD_CTLR, 0);
	if (wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP))
		return -E_TIMEOUT;
	gic_dist_quiesce_spis(gicd, lines, IRQ_PRIO_DEFAULT);
	for (unsigned int i = 32; i < lines; i += 32)
		mmio_write32(gicd + GICD_IGROUPR + i / 8, ~0U);
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE);
	if (wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP))
		return -E_TIMEOUT;
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE);
	return wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP);
}

/* Finds this CPU's redistributor frame by its affinity (GICR_TYPER, 12.11.37). */
static uintptr_t find_redist(u64 mpidr)
{
	u32 aff = (u32)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
	for (unsigned int r = 0; r < gic->nredist; r++) {
		uintptr_t base = (uintptr_t)gic->redist[r].base, end = base + gic->redist[r].size;
		while (base < end) {
			u64 typer = mmio_read64(base + GICR_TYPER);
			if ((u32)(typer >> 32) == aff)
				return base;
			if (typer & GICR_TYPER_LAST)
				break;
			base += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
		}
	}
	return 0;
}

static int gicv3_cpu_init(unsigned int cpu, u64 mpidr)
{
	uintptr_t rd = find_redist(mpidr), sgi;
	if (!rd) {
		log_err("GICv3: no redistributor for CPU %u (MPIDR 0x%llx)", cpu, mpidr);
		return -E_NOENT;
	}
	gicr_of[cpu] = rd;
	sgi = rd + GICR_SGI_BASE;
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~WAKER_PSLEEP);
	if (wait_clear(rd + GICR_WAKER, WAKER_CASLEEP))
		return -E_TIMEOUT;
	mmio_write32(sgi + GICD_IGROUPR, ~0U);
	gic_local_reset(sgi, IRQ_PRIO_DEFAULT);
	if (wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP))
		return -E_TIMEOUT;
	gicv3_arch_cpuif_enable();
	return 0;
}

static void gicv3_enable_local(u32 intid)
{
	uintptr_t rd = gicr_of[smp_cpu_id()];
	mmio_write32(rd + GICR_SGI_BASE + GICD_ISENABLER, 1U << (intid & 31));
}

static void gicv3_activate_local(u32 intid)
{
	uintptr_t rd = gicr_of[smp_cpu_id()];
	mmio_write32(rd + GICR_SGI_BASE + GICD_ISACTIVER, 1U << (intid & 31));
}

/* ICC_SGI1R_EL1 (12.2.23): Aff3 [55:48], Aff2 [39:32], RS [47:44], INTID [27:24],
 * Aff1 [23:16], TargetList [15:0] (one bit per Aff0 value within its range of 16). */
static void gicv3_send_sgi(u32 sgi, unsigned int cpu, u64 mpidr)
{
	u64 aff0 = mpidr & 0xff;
	u64 v = ((mpidr >> 32) & 0xff) << 48 | ((mpidr >> 16) & 0xff) << 32 | (aff0 >> 4) << 44 |
		(u64)(sgi & 0xf) << 24 | ((mpidr >> 8) & 0xff) << 16 | (1ULL << (aff0 & 0xf));
	(void)cpu;
	wmb_ish(); /* prior writes visible before the SGI is (12.2.23) */
	gicv3_arch_sgi(v);
}

static void gicv3_enable_spi(u32 intid, unsigned int cpu, u64 mpidr)
{
	(void)cpu;
	/* IROUTER<n> is at 0x6000 + 8n for the INTID n (IHI 0069, GICD_IROUTER<n>);
	 * its reset value is UNKNOWN on hardware, so an SPI not routed here could
	 * go to any PE, or none. (It was written at IROUTER<intid + 32>: QEMU's
	 * reset route to CPU 0 hid it.) */
	mmio_write64(gicd + GICD_IROUTER + 8UL * intid, mpidr & 0xff00ffffffULL);
	mmio_write8(gicd + GICD_IPRIORITYR + intid, IRQ_PRIO_DEFAULT);
	mmio_write32(gicd + GICD_ISENABLER + (intid / 32) * 4UL, 1U << (intid % 32));
}

static void gicv3_quiesce_spi(u32 intid) { gic_dist_quiesce_spi(gicd, intid); }

static const struct irqchip_ops gicv3_ops = {
	.name = "GICv3",
	.version = 3,
	.init = gicv3_init,
	.cpu_init = gicv3_cpu_init,
	.ack = gicv3_arch_ack,
	.eoi = gicv3_arch_eoi,
	.deactivate = gicv3_arch_dir,
	.enable_local = gicv3_enable_local,
	.activate_local = gicv3_activate_local,
	.send_sgi = gicv3_send_sgi,
	.enable_spi = gicv3_enable_spi,
	.quiesce_spi = gicv3_quiesce_spi,
};

DRIVER_REGISTER(gicv3, DRIVER_IRQCHIP, 3, &gicv3_ops, "arm,gic-v3");
