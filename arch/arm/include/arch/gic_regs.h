/* GIC register offsets, one set for the host drivers (drivers/irqchip/) and
 * the vGIC's register tables (arch/arm/vgic/): the distributor (IHI 0069
 * 12.9, IHI 0048B 4.3), the GICv3 redistributor (IHI 0069 12.10 RD_base,
 * 12.11 SGI_base), the GICv2 CPU interface (IHI 0048B 4.4) and virtual
 * interface control (GICH, IHI 0048B 5.3). */
#ifndef ARCH_GIC_REGS_H
#define ARCH_GIC_REGS_H

#define GICD_CTLR	 0x0000
#define GICD_TYPER	 0x0004
#define GICD_IIDR	 0x0008
#define GICD_IGROUPR	 0x0080
#define GICD_ISENABLER	 0x0100
#define GICD_ICENABLER	 0x0180
#define GICD_ISPENDR	 0x0200
#define GICD_ICPENDR	 0x0280
#define GICD_ISACTIVER	 0x0300
#define GICD_ICACTIVER	 0x0380
#define GICD_IPRIORITYR	 0x0400
#define GICD_ITARGETSR	 0x0800
#define GICD_ICFGR	 0x0c00
#define GICD_SGIR	 0x0f00
#define GICD_V2_PIDR2	 0x0fe8
#define GICD_IROUTER	 0x6000 /* IROUTER<n> for SPIs n = 32..: from 0x6100 */
#define GICD_IROUTER_SPI (GICD_IROUTER + 8 * 32)
#define GICD_V3_PIDR2	 0xffe8

/* RD_base; SGI_base's per-interrupt registers sit at the distributor's
 * offsets (GICR_ISENABLER0 = GICR_SGI_BASE + GICD_ISENABLER, ...). */
#define GICR_CTLR     0x0000
#define GICR_IIDR     0x0004
#define GICR_TYPER    0x0008
#define GICR_WAKER    0x0014
#define GICR_PIDR2    0xffe8
#define GICR_SGI_BASE 0x10000

#define GICC_CTLR 0x0000
#define GICC_PMR  0x0004
#define GICC_BPR  0x0008
#define GICC_IAR  0x000c
#define GICC_EOIR 0x0010
#define GICC_DIR  0x1000

#define GICH_HCR   0x000
#define GICH_VTR   0x004
#define GICH_VMCR  0x008
#define GICH_APR   0x0f0
#define GICH_LR(n) (0x100 + 4 * (n))

#endif
