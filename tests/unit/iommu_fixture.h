/* What test_smmu_v2.c and test_smmu_v3.c share: every log line captured
 * (a driver logs several per call; the faults go through common/log_limit.c
 * on the host clock of shim_timer.h), and two domains' stage-2 tables built
 * by arch/arm/lpae.c on memory from the model's allocator. Include once per
 * program, after unit.h. */
#ifndef UNIT_IOMMU_FIXTURE_H
#define UNIT_IOMMU_FIXTURE_H

#include <bulkhead/iommu.h>
#include <bulkhead/log.h>
#include <bulkhead/log_limit.h>
#include <bulkhead/timer.h>
#include <arch/lpae.h>
#include "shim_timer.h"
#include "model_iommu.h"

#define RAM_IPA	 0x40000000ULL
#define RAM_PA	 0x880000000ULL
#define RAM_SIZE (4ULL << 20)
/* VTCR_EL2 as arch/arm64/stage2.c sets it, PS 48 bits. */
#define VTCR (25 | 1U << 6 | 1U << 8 | 1U << 10 | 3U << 12 | 5U << 16 | 1U << 31)

static char logged[64][256];
static unsigned int nlogged;

void log_printf(enum log_level level, const char *fmt, ...)
{
	va_list ap;
	(void)level;
	va_start(ap, fmt);
	if (nlogged < 64)
		vsnprintf(logged[nlogged++], sizeof(logged[0]), fmt, ap);
	va_end(ap);
}

static inline bool log_has(const char *s)
{
	for (unsigned int i = 0; i < nlogged; i++)
		if (strstr(logged[i], s))
			return true;
	return false;
}

#define assert_logged(s)                                                                           \
	do {                                                                                       \
		if (!log_has(s))                                                                   \
			fail_msg("not logged: \"%s\" (last: \"%s\")", s,                           \
				 nlogged ? logged[nlogged - 1] : "");                              \
	} while (0)

static inline u64 *table_page(void *ctx)
{
	u64 pa;
	(void)ctx;
	return iommu_alloc(4096, 4096, &pa);
}

/* A domain with its own stage 2: RAM_SIZE at RAM_IPA -> pa. */
static inline void make_domain(struct iommu_domain *d, const char *name, u16 vmid, u64 pa)
{
	struct lpae_map m = {table_page(NULL), 1, table_page, NULL};

	assert_int_equal(lpae_map_range(&m, RAM_IPA, pa, RAM_SIZE, S2_PROT_RAM), 0);
	*d = (struct iommu_domain){name, vmid, (u64)(uintptr_t)m.root, VTCR, RAM_IPA, pa, RAM_SIZE};
}

/* Two domains: ivi (VMID 3) and cluster (VMID 2), RAM side by side. */
static struct iommu_domain ivi, cluster;

static inline void make_domains(void)
{
	make_domain(&ivi, "ivi", 3, RAM_PA);
	make_domain(&cluster, "cluster", 2, RAM_PA + RAM_SIZE);
}

/* Every test starts with full log budgets. */
static inline void log_budgets_reset(void)
{
	log_limit_reset();
	shim_now_ns = 1000000000ULL;
	shim_timer_arms = 0;
}

static int teardown(void **state)
{
	(void)state;
	model_mem_free_all();
	return 0;
}

/* The model's DMA access (model3_dma, model2_dma), set by setup(). */
static int (*model_dma)(u32 sid, u64 addr, bool write, u64 *pa);

static inline u64 dma(u32 sid, u64 addr, bool write)
{
	u64 pa = ~0ULL;
	assert_int_equal(model_dma(sid, addr, write, &pa), 0);
	return pa;
}

static inline void dma_fails(u32 sid, u64 addr, bool write)
{
	u64 pa;
	assert_int_equal(model_dma(sid, addr, write, &pa), -1);
}

#endif
