/*
 * DMA isolation: the IOMMUs (Arm SMMUs) in front of DMA-capable devices. A
 * domain that owns a device by passthrough has the device's stream IDs
 * attached to it: the SMMU translates the device's accesses with the
 * domain's stage 2 (or, on an SMMU without stage 2, a stage-1 mirror of the
 * domain's RAM), so the device reaches the domain's RAM and nothing else.
 * Streams attached to no domain abort. Faults are logged naming the domain
 * that owns the stream. common/iommu.c keeps the instances and the
 * attachments; drivers/iommu/ holds the SMMUv1/v2 and SMMUv3 drivers.
 */
#ifndef BULKHEAD_IOMMU_H
#define BULKHEAD_IOMMU_H

#include <bulkhead/spinlock.h>
#include <bulkhead/types.h>

#define IOMMU_MAX	  4
#define IOMMU_MAX_BINDING 16 /* attached stream ranges per IOMMU */

/* What a driver needs of a domain (filled by domain_create). */
struct iommu_domain {
	const char *name;
	u16 vmid;
	u64 s2_root; /* physical address of its stage-2 root table */
	u64 vtcr;    /* VTCR_EL2 value its stage 2 is walked with */
	/* Its RAM, one block (for an SMMU that can only do stage 1). */
	u64 ram_ipa, ram_pa, ram_size;
};

/* One range of stream IDs bound to a domain. */
struct iommu_binding {
	const struct iommu_domain *dom;
	u32 sid, count;
};

struct iommu;

struct iommu_ops {
	const char *name;
	/* Sets up the hardware from its DT node: every stream aborts. */
	int (*probe)(struct iommu *mmu, const void *fdt, int node);
	/* Streams [sid, sid + count) translate with dom's tables. */
	int (*attach)(struct iommu *mmu, const struct iommu_domain *dom, u32 sid, u32 count);
	/* Every stream of dom aborts again; its TLB entries are gone. */
	void (*detach)(struct iommu *mmu, const struct iommu_domain *dom);
	/* dom's stage 2 changed: drop what the SMMU cached of it. */
	void (*flush)(struct iommu *mmu, const struct iommu_domain *dom);
	/* Reads and reports faults (timer poll, interrupt). */
	void (*poll)(struct iommu *mmu);
};

struct iommu {
	const struct iommu_ops *ops;
	int node;	 /* host DT node offset */
	u64 base, size;	 /* registers */
	char name[24];	 /* "smmu-v3@9050000" */
	void *priv;	 /* driver state */
	spinlock_t lock; /* serialises ops on this instance */
	/* Long work under the lock (thousands of stream entries) calls it
	 * between steps: the lock let go for a moment, other vCPUs may run
	 * (sched_preempt_point). NULL: never (the unit tests' models). */
	void (*yield)(struct iommu *mmu);
	struct iommu_binding bind[IOMMU_MAX_BINDING];
	unsigned int nbind;
};

/* The drivers (Kconfig SMMU_V2, SMMU_V3), named by their unit tests. */
extern const struct iommu_ops smmu_v2_ops;
extern const struct iommu_ops smmu_v3_ops;

/* Probes every IOMMU the host DT describes and the build supports. */
void iommu_init(const void *fdt);
/* The probed IOMMU of a host DT node, or NULL. */
struct iommu *iommu_find(int node);
/* The domain that owns a stream, or NULL (for fault reports). */
const struct iommu_domain *iommu_owner(const struct iommu *mmu, u32 sid);
/* Whether any of count streams from sid is bound (one check for a range). */
bool iommu_range_owned(const struct iommu *mmu, u32 sid, u32 count);
/* The owner of sid for a log line: "domain <name>" (written to buf) or "a
 * stream of no domain". */
const char *iommu_owner_name(const struct iommu *mmu, u32 sid, char *buf, size_t len);

/* Bookkeeping for drivers (drivers/iommu/binding.c): record/forget dom's
 * streams on mmu; whether dom has any. */
int iommu_bind(struct iommu *mmu, const struct iommu_domain *dom, u32 sid, u32 count);
void iommu_unbind(struct iommu *mmu, const struct iommu_domain *dom);
bool iommu_bound(const struct iommu *mmu, const struct iommu_domain *dom);

struct domain;
/* Attaches every stream of d's passthrough devices (domain build, restart). */
int iommu_attach_domain(struct domain *d);
/* Detaches them (a stopped domain, by its vCPU 0 as it parks; a domain that
 * never ran): its devices can no longer reach memory. A no-op once done. */
void iommu_detach_domain(struct domain *d);
/* d's stage 2 lost mappings: the SMMUs' TLBs of it are invalidated. */
void iommu_flush_domain(struct domain *d);

#endif
