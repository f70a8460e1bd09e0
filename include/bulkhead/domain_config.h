/*
 * A domain as the device tree describes it: nodes under /chosen with
 * compatible "bulkhead,domain" or Xen's "xen,domain" (dom0less trees boot
 * unchanged). Pure data produced by config_parse(); domain_create() consumes
 * it and never reads the DT itself. Binding: dts/bindings/bulkhead,domain.yaml.
 */
#ifndef BULKHEAD_DOMAIN_CONFIG_H
#define BULKHEAD_DOMAIN_CONFIG_H

#include <bulkhead/types.h>
#include <bulkhead/dt.h>

/* tools/bh-imagebuilder reads DOMAIN_NAME_MAX, DOMAIN_MAX_VCPUS and
 * DOMAIN_FB_SIDE_*: keep them plain #defines. */
#define DOMAIN_NAME_MAX	   32
#define DOMAIN_MAX_VCPUS   8
#define DOMAIN_MAX_PT_REGS 8 /* passthrough MMIO regions from the partial DT */
#define DOMAIN_MAX_PT_IRQS 16
#define DOMAIN_MAX_STREAMS 8 /* IOMMU stream ranges of its passthrough devices */
#define CFG_ERR_MAX	   200

enum on_crash { ON_CRASH_HALT, ON_CRASH_RESTART };
enum wfi_mode { WFI_TRAP, WFI_NATIVE };

struct domain_module {
	bool present;
	u64 base, size;	      /* where the boot loader put it (host physical) */
	const char *bootargs; /* kernel module only; points into the host DT, may be NULL */
	int node;
};

struct passthrough_region {
	u64 paddr, size, gaddr; /* xen,reg = <paddr size gaddr> */
};

/* Stream IDs [sid, sid + count) of a passthrough device behind the IOMMU at
 * host DT node iommu_node (from the host node's iommus or iommu-map). */
struct domain_stream {
	int iommu_node;
	u32 sid, count;
};

/* bulkhead,framebuffer: each side DOMAIN_FB_SIDE_MIN to DOMAIN_FB_SIDE_MAX
 * pixels of DOMAIN_FB_BPP bytes (XRGB8888), stride width * DOMAIN_FB_BPP;
 * common/config/ refuses others and guest_dt.c checks again. */
#define DOMAIN_FB_SIDE_MIN 16
#define DOMAIN_FB_SIDE_MAX 4096
#define DOMAIN_FB_BPP	   4

struct domain_config {
	char name[DOMAIN_NAME_MAX]; /* bulkhead,name, else the node name */
	int node;		    /* for messages */
	bool valid;		    /* false: refused, err says why */
	char err[CFG_ERR_MAX];

	u64 mem_bytes; /* memory = <hi lo> in KiB */
	u32 vcpus;     /* cpus = <N> */
	u64 affinity;  /* bulkhead,vcpu-affinity as a pCPU bit mask; 0 = any */
	bool vpl011;
	bool control; /* bulkhead,control */
	bool direct_map;
	enum on_crash on_crash;
	enum wfi_mode wfi;
	u32 restart_limit; /* bulkhead,restart-limit: quick crashes before back-off (default 3) */
	u32 watchdog_ms;   /* bulkhead,watchdog = <timeout_ms>: an emulated SP805; 0 = none */
	/* bulkhead,boot-priority = <N>: domains are built and started in
	 * descending priority (ties in DT order); default 0. */
	u32 boot_priority;
	/* bulkhead,framebuffer = <width height>: a 32-bit XRGB8888 framebuffer
	 * (stride width * 4) in fb_bytes more of its own RAM, just above the
	 * RAM the guest's /memory describes, scanned out on the board display
	 * (docs/display.md). fb_width 0: none. */
	u32 fb_width, fb_height;
	u64 fb_bytes; /* width * height * 4 rounded up to 2 MiB; not part of mem_bytes */
	/* bulkhead,first-frame-gate = <timeout_ms>: the domains after it in
	 * boot order wait for its first framebuffer access (common/
	 * boot_gate.c); 0 = none. */
	u32 first_frame_gate_ms;

	/* Scheduling (cockpit issue). pool: index into the pool_config array
	 * config_parse_pools() filled (domain-cpupool = <&pool>), or -1 for
	 * pool 0, the CPUs in no pool. */
	int pool;
	u32 rtds_period_us, rtds_budget_us; /* bulkhead,rtds; Xen's defaults 10000/4000 */
	bool rtds_extratime;		    /* bulkhead,rtds-extratime */

	struct domain_module kernel, ramdisk, dtb; /* dtb: the partial "multiboot,device-tree" */
	struct passthrough_region pt_regs[DOMAIN_MAX_PT_REGS];
	unsigned int n_pt_regs;
	u32 pt_irqs[DOMAIN_MAX_PT_IRQS]; /* host SPI INTIDs given to the domain */
	unsigned int n_pt_irqs;
	struct domain_stream streams[DOMAIN_MAX_STREAMS];
	unsigned int n_streams;
	/* A device with xen,path and no IOMMU was accepted because the domain is
	 * direct-mapped and the node says xen,force-assign-without-iommu. */
	bool dma_unprotected;
};

#define CFG_MAX_POOLS 8
enum sched_kind { SCHED_RTDS, SCHED_NULL };

/* A cpupool: Xen's binding, nodes compatible "xen,cpupool" or
 * "bulkhead,cpupool" with cpupool-cpus = <&cpu..> and cpupool-sched. */
struct pool_config {
	char name[DOMAIN_NAME_MAX]; /* node name */
	int node;
	bool valid;
	char err[CFG_ERR_MAX];
	u64 cpus; /* logical pCPU mask */
	enum sched_kind sched;
};

/* What config_parse() checks modules and memory against. */
struct config_limits {
	const struct mem_range *ram; /* host RAM ranges */
	unsigned int nram;
	unsigned int max_vcpus; /* per domain (<= DOMAIN_MAX_VCPUS) */
	unsigned int ncpus;	/* host pCPUs, for affinity */
	/* Logical CPU -> MPIDR affinity bits (smp_cpu_mpidr(): the boot CPU
	 * first, then the DT's order), ncpus entries. cpupool-cpus names /cpus
	 * nodes, matched by their reg. NULL: no pool can have a CPU. */
	const u64 *cpu_mpidr;
	/* config_parse_pools()'s result, for domain-cpupool; NULL, 0: none. */
	const struct pool_config *pools;
	unsigned int npools;
	/* Turns a module's host physical address into a readable pointer (the
	 * partial DT is read through it); NULL result: not readable. */
	const void *(*map)(u64 pa, u64 size, void *ctx);
	void *map_ctx;
	/* What domain creation could not give, refused here where the node and
	 * property can be named (0 or NULL: no such limit). */
	const struct mem_range *hyp_mmio; /* host windows the hypervisor keeps: the GIC's,
					   * its console UART's, the display's, each IOMMU's */
	unsigned int nhyp_mmio;
	u32 hyp_spi;		 /* INTID of the SPI the hypervisor keeps (its console UART's) */
	u32 spi_end;		 /* passthrough INTIDs must be below it (the vGIC's lines) */
	unsigned int spi_budget; /* passthrough SPIs of all domains together, at most */
	u64 ipa_limit;		 /* guest addresses below it (stage 2's input size) */
};

/* Fills out[0..*count) with every cpupool node under /chosen, in DT order (at
 * most max, CFG_MAX_POOLS), reading lim->ncpus and lim->cpu_mpidr. As
 * config_parse(): a refused pool has valid = false and err ("cpupool <name>
 * (<path>): <prop>: <problem>"); a CPU in two pools is refused in the later.
 * Returns the number of valid pools. Call it before config_parse(), which
 * takes out and *count as lim->pools and lim->npools. */
int config_parse_pools(const void *fdt, const struct config_limits *lim, struct pool_config *out,
		       unsigned int max, unsigned int *count);

/* Fills out[0..*count) with every domain node under /chosen, in DT order (at
 * most max). Each invalid domain is kept with valid = false and a message
 * naming the node and property in err; the others are unaffected. Returns
 * the number of valid domains. */
int config_parse(const void *fdt, const struct config_limits *lim, struct domain_config *out,
		 unsigned int max, unsigned int *count);

/* The order domains are built and started in: order[0..n) gets the indices
 * of cfg[0..n) by descending boot_priority, equal priorities in DT (array)
 * order. */
void config_boot_order(const struct domain_config *cfg, unsigned int n, unsigned int *order);

#endif
