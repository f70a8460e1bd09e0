/*
 * Virtual GIC: the interrupt state of a domain kept in software, presented
 * to the running vCPU through the GIC's list registers (GICv2 GICH or GICv3
 * ICH_*_EL2). The whole software state is folded back from the list
 * registers on every exit and written to them on every entry, so the list
 * registers never hold state the software does not know.
 */
#ifndef ARCH_VGIC_H
#define ARCH_VGIC_H

#include <bulkhead/types.h>
#include <bulkhead/spinlock.h>

#define VGIC_NR_IRQS 256 /* INTIDs 0..255: 16 SGIs, 16 PPIs, 224 SPIs */
#define VGIC_NR_SPIS (VGIC_NR_IRQS - 32)
#define VGIC_MAX_LRS 16

struct vcpu;
struct domain;
struct mmio_device;

struct vgic_irq {
	u8 prio;
	bool enabled, pending, active;
	bool edge;	  /* ICFGR: edge-triggered */
	bool level;	  /* line level, for level-triggered software interrupts */
	bool hw;	  /* linked to a physical interrupt (HW bit) */
	bool phys_active; /* hw: the physical one stays active until the guest deactivates it */
	bool repend;	  /* made pending since a list register was loaded with it pending */
	u8 targets;	  /* GICv2 ITARGETSR mask */
	u8 sgi_source;	  /* GICv2: the vCPU that sent this SGI */
	u16 hw_intid;
	u64 route; /* GICv3 IROUTER (Aff fields; IRM bit 31) */
};

struct vgic_cpu {
	struct vgic_irq priv[32];
	u16 lr_intid[VGIC_MAX_LRS]; /* what each LR held at entry, 0xffff = none */
	u16 lr_pending;		    /* bit n: LR n was loaded pending */
	unsigned int nr_lr_used;
	u32 vmcr;
	/* Active priorities, [0][n] ICH_AP0R<n> (GICv3 group 0), [1][n]
	 * ICH_AP1R<n> or GICH_APR ([1][0], GICv2): the vCPU's own state, as a
	 * guest can set every bit of both groups (ICC_AP0R<n>_EL1 is not
	 * trapped) and bits left on a pCPU hold back the next vCPU's interrupts. */
	u32 apr[2][4];
	bool sleeping; /* GICR_WAKER.ProcessorSleep */
	u32 priv_hint; /* superset of the private INTIDs pending, active or asserted */
	u32 hw_ppis;   /* the private INTIDs linked to physical ones (vgic_map_hw_ppi) */
};

struct vgic_dist {
	int version; /* 2 or 3 */
	u32 ctlr;
	struct vgic_irq spi[VGIC_NR_SPIS];
	/* A superset of the SPIs that are pending, asserted or active, so the
	 * list-register refill does not look at all of them on every entry. */
	u32 spi_hint[VGIC_NR_SPIS / 32];
	u32 spi_hint_words; /* bit w: spi_hint[w] may be non-zero */
	spinlock_t lock;
};

/* Host side: list-register interface of the physical GIC (v2 or v3). */
struct vgic_hw_ops {
	int version;
	unsigned int (*nr_lrs)(void);
	/* EOI maintenance is requested for level-triggered software interrupts
	 * so that a line still high is seen again after the guest's EOI. */
	void (*write_lr)(unsigned int lr, const struct vgic_irq *irq, u32 intid, bool group1,
			 bool pending, bool active);
	/* Reads LR back: pending/active bits; returns false if the LR is empty. */
	void (*read_lr)(unsigned int lr, bool *pending, bool *active);
	void (*clear_lr)(unsigned int lr);
	void (*set_underflow)(bool on);
	/* The loaded vCPU's virtual CPU interface control (GICH_VMCR,
	 * ICH_VMCR_EL2), and whether under that control an interrupt of
	 * priority prio, in the group our list registers give it, would be
	 * signalled: its group enabled, prio above the priority mask. */
	u32 (*read_vmcr)(void);
	bool (*vmcr_admits)(u32 vmcr, u8 prio);
	void (*save)(struct vgic_cpu *c);
	void (*restore)(const struct vgic_cpu *c);
	void (*cpu_enable)(void);
};

struct host_gic;
int vgic_init(const struct host_gic *g);
void vgic_cpu_init(u32 maint_irq);
void vgic_save(struct vcpu *v);
void vgic_restore(struct vcpu *v);
int vgic_domain_init(struct domain *d);
void vgic_domain_reset(struct domain *d);
void vgic_vcpu_reset(struct vcpu *v);

/* Make intid pending for a domain (SPI) or a vCPU (SGI/PPI). */
void vgic_inject(struct vcpu *v, u32 intid);
void vgic_inject_spi(struct domain *d, u32 intid);
/* A physical interrupt linked with the HW bit arrived (left active for the guest). */
void vgic_inject_hw(struct vcpu *v, u32 intid);
/* The same for the vCPU this pCPU is loading to run: no wake-up needed. */
void vgic_inject_hw_loaded(struct vcpu *v, u32 intid);
void vgic_inject_hw_spi(struct domain *d, u32 intid);
/* The vCPU stops: deactivate physical interrupts it will never deactivate. */
void vgic_vcpu_release(struct vcpu *v);
/* v leaves its pCPU: no physical interrupt of its stays active there. */
void vgic_vcpu_put(struct vcpu *v);
/* Level-triggered software line (vPL011). */
void vgic_set_level(struct domain *d, u32 intid, bool level);
/* SGI from one vCPU to a set of its domain's vCPUs. */
void vgic_send_sgi(struct vcpu *from, u32 sgi, u64 vcpu_mask);
/* A GICv3 guest's write of ICC_SGI1R_EL1 (trapped, sysreg_emul.c). */
#ifdef CONFIG_VGIC_V3
void vgic_v3_write_sgi1r(struct vcpu *v, u64 val);
#else
static inline void vgic_v3_write_sgi1r(struct vcpu *v, u64 val) { (void)v, (void)val; }
#endif
/* Link a virtual PPI to the physical one (vtimer). */
void vgic_map_hw_ppi(struct vcpu *v, u32 intid);

/* Around a guest run. Interrupts masked. */
void vgic_flush(struct vcpu *v);
void vgic_sync(struct vcpu *v);
bool vgic_has_pending(struct vcpu *v);
/* For the scheduler dump ('s'): its SGIs' and PPIs' pending, active and
 * enabled bits, and the virtual CPU interface's VMCR. */
void vgic_log_private(struct vcpu *v);
/* Would intid, once pending, be signalled to v (enabled, distributor on,
 * through v's priority mask and group enable)? */
bool vgic_would_signal(struct vcpu *v, u32 intid);

/* Register tables (arch/arm/vgic/vgic-v2.c, vgic-v3.c), each built with its
 * Kconfig option (VGIC_V2, VGIC_V3); the VGIC_V* names are NULL for one not
 * built: vgic_init then refuses that host GIC, so no domain has its version. */
#ifdef CONFIG_VGIC_V2
extern const struct mmio_device vgic_v2_dist_dev;
extern const struct vgic_hw_ops vgic_v2_hw_ops;
#define VGIC_V2_HW   (&vgic_v2_hw_ops)
#define VGIC_V2_DIST (&vgic_v2_dist_dev)
#else
#define VGIC_V2_HW   ((const struct vgic_hw_ops *)NULL)
#define VGIC_V2_DIST ((const struct mmio_device *)NULL)
#endif
#ifdef CONFIG_VGIC_V3
extern const struct mmio_device vgic_v3_dist_dev;
extern const struct mmio_device vgic_v3_redist_dev;
extern const struct vgic_hw_ops vgic_v3_hw_ops;
#define VGIC_V3_HW     (&vgic_v3_hw_ops)
#define VGIC_V3_DIST   (&vgic_v3_dist_dev)
#define VGIC_V3_REDIST (&vgic_v3_redist_dev)
#else
#define VGIC_V3_HW     ((const struct vgic_hw_ops *)NULL)
#define VGIC_V3_DIST   ((const struct mmio_device *)NULL)
#define VGIC_V3_REDIST ((const struct mmio_device *)NULL)
#endif

/* Shared by the register tables: the IRQ state behind an INTID, as seen from v. */
struct vgic_irq *vgic_get_irq(struct vcpu *v, u32 intid);
u32 vgic_nr_irqs(void);
/* The host's maintenance interrupt (vgic_init), for vgic_cpu_init. */
u32 vgic_maint_irq(void);
/* GICH's mapped base (vgic_init; vgic-v2.c's register access). */
extern uintptr_t vgic_v2_gich;
/* intid may now be pending or active: include it in the next scans. */
static inline void vgic_hint(struct vgic_dist *dist, u32 intid)
{
	if (intid >= 32 && intid < VGIC_NR_IRQS) {
		dist->spi_hint[(intid - 32) / 32] |= 1U << ((intid - 32) % 32);
		dist->spi_hint_words |= 1U << ((intid - 32) / 32);
	}
}
static inline void vgic_hint_priv(struct vgic_cpu *c, u32 intid)
{
	if (intid < 32)
		c->priv_hint |= 1U << intid;
}

/* After a register write that may have made intid deliverable. */
void vgic_kick_irq(struct vcpu *bank, u32 intid);

/* The per-interrupt registers (IHI 0069 12.9, IHI 0048B 4.3), as the arg of
 * a vGIC table row: the field they hold and, for the one-bit ones, VGIC_SET
 * for the set register (ISENABLER) rather than the clear one (ICENABLER). */
enum vgic_field { VGIC_ENABLE = 1, VGIC_PENDING, VGIC_ACTIVE, VGIC_PRIO, VGIC_CFG };
#define VGIC_SET 0x10u
/* Such a register of bank's interrupts, off bytes into its array. */
u64 vgic_irq_read(struct vcpu *bank, u32 arg, u32 off, unsigned int len);
void vgic_irq_write(struct vcpu *bank, u32 arg, u32 off, unsigned int len, u64 val);
/* The distributor's rows of them, in the GICv2 and the GICv3 table. */
u64 vgic_dist_irq_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len);
void vgic_dist_irq_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val);
/* A register of fixed value: the row's arg (IIDR, PIDR2). */
u64 vgic_const_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len);

#endif
