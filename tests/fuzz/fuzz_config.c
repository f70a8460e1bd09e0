/* libFuzzer target: common/config.c (cpupools and domains from /chosen).
 *
 * Input: a host DTB (its first fdt_totalsize() bytes), then the bytes of the
 * partial DT that every "multiboot,device-tree" module maps to. The host DT
 * is read as boot.c reads it: only after hostdt_parse()'s dt_check()
 * accepted it, so a blob that check refuses is skipped; the partial DT is not
 * checked here (config.c checks it itself). A module is mapped as a fresh
 * buffer of exactly the size asked, the tail's bytes then zeroes, so ASan
 * sees a read past what the module holds.
 *
 * The header's boot_cpuid_phys, which neither config.c nor dt_check()
 * reads, varies the limits: bits 0-2 the most domains read (0: MAXD), bits
 * 3-5 the most cpupools (0: CFG_MAX_POOLS), bits 6-7 how many of the 4
 * CPUs are missing, bit 8 no MPIDRs (lim.cpu_mpidr NULL), bit 9 the limits
 * boot.c gives on an arm32 QEMU virt host (hyp_limits: the GIC's and UART's
 * windows, the UART's SPI, 224 SPIs, 31 passthrough SPIs, a 4 GiB IPA).
 *
 * Besides crashes, leaks and hangs, the results are checked against what
 * config.c promises: refused entries carry a message and valid ones none,
 * valid domains fit the limits, pools and domains claim nothing twice. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <bulkhead/domain_config.h>
#include <bulkhead/dt.h>
#include <bulkhead/log.h>
#include "shim_log.h"

#define MAXD   CONFIG_MAX_DOMAINS
#define NCPUS  4
#define NMAPS  (MAXD + 1)
#define SPI_LO 32
#define SPI_HI 1019

/* The RAM and CPUs of tests/unit/fixtures/domains-*.dts. */
static const struct mem_range ram[] = {{0x40000000, 1 * GiB}, {0x880000000, 1 * GiB}};
static const u64 mpidr[NCPUS] = {0x0, 0x1, 0x100, 0x101};

struct mapper {
	const u8 *tail;
	size_t tail_len;
	void *maps[NMAPS];
	unsigned int n;
};

static const void *map_module(u64 pa, u64 size, void *ctx)
{
	struct mapper *m = ctx;
	u8 *buf;

	(void)pa;
	if (!m->tail_len || !size || size > 2 * MiB || m->n == NMAPS)
		return NULL;
	buf = malloc((size_t)size);
	if (!buf)
		abort();
	memcpy(buf, m->tail, MIN((size_t)size, m->tail_len));
	if (size > m->tail_len)
		memset(buf + m->tail_len, 0, (size_t)size - m->tail_len);
	m->maps[m->n++] = buf;
	return buf;
}

#define FUZZ_NAME "fuzz_config"
#include "fuzz_check.h"

static bool terminated(const char *s, size_t max) { return strnlen(s, max) < max; }

static bool overlaps(u64 a, u64 asize, u64 b, u64 bsize)
{
	return asize && bsize && a <= b + (bsize - 1) && b <= a + (asize - 1);
}

static bool in_ram(u64 base, u64 size)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(ram); i++)
		if (base >= ram[i].base && size <= ram[i].size &&
		    base - ram[i].base <= ram[i].size - size)
			return true;
	return false;
}

static unsigned int ncpus; /* this input's */

static const struct mem_range hyp_mmio[] = {{0x08000000, 0x10000}, {0x09000000, 0x1000}};
static const struct config_limits hyp_limits = {.hyp_mmio = hyp_mmio,
						.nhyp_mmio = ARRAY_SIZE(hyp_mmio),
						.hyp_spi = 33,
						.spi_end = 256,
						.spi_budget = 31,
						.ipa_limit = 1ULL << 32};
static const struct config_limits *hyp; /* this input's: &hyp_limits or NULL */

/* A valid domain has nothing creation would refuse under hyp_limits. */
static void check_hyp_limits(const struct domain_config *c, unsigned int i)
{
	u64 ipa = hyp->ipa_limit;
	if (!c->direct_map)
		CHECK(0x40000000 + c->mem_bytes + c->fb_bytes <= ipa, "domain %u", i);
	for (unsigned int j = 0; c->direct_map && j < ARRAY_SIZE(ram); j++)
		CHECK(ram[j].base + ram[j].size <= ipa, "domain %u: direct-map", i);
	for (unsigned int k = 0; k < c->n_pt_regs; k++) {
		const struct passthrough_region *r = &c->pt_regs[k];
		CHECK(r->gaddr < ipa && r->size <= ipa - r->gaddr, "domain %u: 0x%llx", i,
		      r->gaddr);
		for (unsigned int j = 0; j < hyp->nhyp_mmio; j++)
			CHECK(!overlaps(r->paddr, r->size, hyp->hyp_mmio[j].base,
					hyp->hyp_mmio[j].size),
			      "domain %u: 0x%llx", i, r->paddr);
	}
	for (unsigned int k = 0; k < c->n_pt_irqs; k++)
		CHECK(c->pt_irqs[k] < hyp->spi_end && c->pt_irqs[k] != hyp->hyp_spi &&
			      (!c->watchdog_ms || c->pt_irqs[k] != 32 + 7),
		      "domain %u: %u", i, c->pt_irqs[k]);
}

static void check_pools(const struct pool_config *pools, unsigned int n, int nvalid)
{
	u64 taken = 0;
	int valid = 0;

	for (unsigned int i = 0; i < n; i++) {
		const struct pool_config *p = &pools[i];
		CHECK(terminated(p->name, sizeof(p->name)), "pool %u", i);
		CHECK(terminated(p->err, sizeof(p->err)), "pool %u", i);
		if (!p->valid) {
			CHECK(p->err[0] && p->cpus == 0, "pool %u", i);
			continue;
		}
		valid++;
		CHECK(!p->err[0], "pool %u: %s", i, p->err);
		CHECK(p->cpus && !(p->cpus & 1) && p->cpus < (1ULL << ncpus), "pool %u: 0x%llx", i,
		      p->cpus);
		CHECK(!(p->cpus & taken), "pool %u: 0x%llx", i, p->cpus);
		CHECK(p->sched == SCHED_RTDS || p->sched == SCHED_NULL, "pool %u", i);
		taken |= p->cpus;
	}
	CHECK(valid == nvalid, "%d valid, returned %d", valid, nvalid);
}

static void check_module(const struct domain_module *m, unsigned int i)
{
	if (!m->present)
		return;
	CHECK(m->size && in_ram(m->base, m->size), "domain %u: 0x%llx+0x%llx", i, m->base, m->size);
}

static void check_domain(const struct domain_config *c, unsigned int i,
			 const struct pool_config *pools, unsigned int npools)
{
	u64 pool_cpus = (1ULL << ncpus) - 1;

	CHECK(c->mem_bytes && IS_ALIGNED(c->mem_bytes, 2 * MiB) && c->mem_bytes <= 2 * GiB,
	      "domain %u: %llu", i, c->mem_bytes);
	CHECK(c->vcpus >= 1 && c->vcpus <= NCPUS, "domain %u: %u", i, c->vcpus);
	CHECK(c->kernel.present, "domain %u", i);
	check_module(&c->kernel, i);
	check_module(&c->ramdisk, i);
	check_module(&c->dtb, i);
	CHECK(c->pool == -1 ||
		      (c->pool >= 0 && (unsigned int)c->pool < npools && pools[c->pool].valid),
	      "domain %u: pool %d", i, c->pool);
	if (c->pool >= 0)
		pool_cpus = pools[c->pool].cpus;
	else
		for (unsigned int p = 0; p < npools; p++)
			if (pools[p].valid)
				pool_cpus &= ~pools[p].cpus;
	CHECK(!(c->affinity & ~pool_cpus), "domain %u: 0x%llx", i, c->affinity);
	CHECK(c->rtds_budget_us && c->rtds_budget_us <= c->rtds_period_us, "domain %u", i);
	CHECK(c->watchdog_ms <= 600000 && c->restart_limit <= 100, "domain %u", i);
	CHECK(c->n_pt_regs <= DOMAIN_MAX_PT_REGS && c->n_pt_irqs <= DOMAIN_MAX_PT_IRQS, "domain %u",
	      i);
	for (unsigned int k = 0; k < c->n_pt_regs; k++) {
		const struct passthrough_region *r = &c->pt_regs[k];
		CHECK(r->size && IS_ALIGNED(r->paddr | r->size | r->gaddr, 4096), "domain %u", i);
		for (unsigned int j = 0; j < ARRAY_SIZE(ram); j++)
			CHECK(!overlaps(r->paddr, r->size, ram[j].base, ram[j].size),
			      "domain %u: 0x%llx", i, r->paddr);
	}
	if (hyp)
		check_hyp_limits(c, i);
	for (unsigned int k = 0; k < c->n_pt_irqs; k++)
		CHECK(c->pt_irqs[k] >= SPI_LO && c->pt_irqs[k] <= SPI_HI, "domain %u: %u", i,
		      c->pt_irqs[k]);
	/* Stream ranges: within the table, non-empty, not wrapping; an unconfined
	 * DMA master only on a direct-mapped domain. */
	CHECK(c->n_streams <= DOMAIN_MAX_STREAMS && (!c->dma_unprotected || c->direct_map),
	      "domain %u", i);
	for (unsigned int k = 0; k < c->n_streams; k++)
		CHECK(c->streams[k].count && c->streams[k].iommu_node >= 0 &&
			      c->streams[k].sid + (u64)c->streams[k].count <= 1ULL << 32,
		      "domain %u: stream 0x%x+%u", i, c->streams[k].sid, c->streams[k].count);
}

/* What two valid domains must not share: a name, host device memory, an SPI,
 * a DMA stream of one IOMMU. */
static void check_pair(const struct domain_config *a, const struct domain_config *b)
{
	CHECK(strcmp(a->name, b->name) != 0, "%s twice", a->name);
	for (unsigned int i = 0; i < a->n_pt_regs; i++)
		for (unsigned int j = 0; j < b->n_pt_regs; j++)
			CHECK(!overlaps(a->pt_regs[i].paddr, a->pt_regs[i].size,
					b->pt_regs[j].paddr, b->pt_regs[j].size),
			      "%s and %s", a->name, b->name);
	for (unsigned int i = 0; i < a->n_pt_irqs; i++)
		for (unsigned int j = 0; j < b->n_pt_irqs; j++)
			CHECK(a->pt_irqs[i] != b->pt_irqs[j], "%s and %s", a->name, b->name);
	for (unsigned int i = 0; i < a->n_streams; i++)
		for (unsigned int j = 0; j < b->n_streams; j++)
			CHECK(a->streams[i].iommu_node != b->streams[j].iommu_node ||
				      !overlaps(a->streams[i].sid, a->streams[i].count,
						b->streams[j].sid, b->streams[j].count),
			      "%s and %s: stream 0x%x", a->name, b->name, a->streams[i].sid);
}

static void check_domains(const struct domain_config *out, unsigned int n, int nvalid,
			  const struct pool_config *pools, unsigned int npools)
{
	int valid = 0;

	for (unsigned int i = 0; i < n; i++) {
		const struct domain_config *c = &out[i];
		CHECK(terminated(c->name, sizeof(c->name)), "domain %u", i);
		CHECK(terminated(c->err, sizeof(c->err)), "domain %u", i);
		if (!c->valid) {
			CHECK(c->err[0], "domain %u", i);
			continue;
		}
		valid++;
		CHECK(!c->err[0], "domain %u: %s", i, c->err);
		check_domain(c, i, pools, npools);
		for (unsigned int j = 0; j < i; j++)
			if (out[j].valid)
				check_pair(&out[j], c);
	}
	CHECK(valid == nvalid, "%d valid, returned %d", valid, nvalid);
	for (unsigned int i = 0, spis = 0; hyp && i < n; i++) {
		spis += out[i].valid ? out[i].n_pt_irqs : 0;
		CHECK(spis <= hyp->spi_budget, "%u passthrough SPIs", spis);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct domain_config out[MAXD];
	static struct pool_config pools[CFG_MAX_POOLS];
	struct mapper m = {0};
	struct config_limits lim = {.ram = ram,
				    .nram = ARRAY_SIZE(ram),
				    .max_vcpus = NCPUS,
				    .ncpus = NCPUS,
				    .cpu_mpidr = mpidr,
				    .map = map_module,
				    .map_ctx = &m};
	unsigned int count = 0, npools = 0, maxd, maxpools;
	size_t total;
	u32 knobs;
	void *fdt;
	int nvalid;

	if (size < sizeof(struct fdt_header))
		return 0;
	total = fdt_totalsize(data);
	if (total < sizeof(struct fdt_header) || total > size)
		return 0;
	fdt = malloc(total); /* aligned, and ASan sees the blob's end */
	if (!fdt)
		abort();
	memcpy(fdt, data, total);
	if (dt_check(fdt, total)) {
		free(fdt);
		return 0;
	}
	knobs = fdt_boot_cpuid_phys(fdt);
	maxd = knobs & 7 ? knobs & 7 : MAXD;
	maxpools = (knobs >> 3) & 7 ? (knobs >> 3) & 7 : CFG_MAX_POOLS;
	ncpus = lim.ncpus = NCPUS - ((knobs >> 6) & 3);
	if (knobs & (1u << 8))
		lim.cpu_mpidr = NULL;
	hyp = knobs & (1u << 9) ? &hyp_limits : NULL;
	if (hyp) {
		lim.hyp_mmio = hyp->hyp_mmio;
		lim.nhyp_mmio = hyp->nhyp_mmio;
		lim.hyp_spi = hyp->hyp_spi;
		lim.spi_end = hyp->spi_end;
		lim.spi_budget = hyp->spi_budget;
		lim.ipa_limit = hyp->ipa_limit;
	}
	m.tail = data + total;
	m.tail_len = size - total;

	memset(pools, 0xa5, sizeof(pools));
	memset(out, 0xa5, sizeof(out));
	shim_log_reset();
	nvalid = config_parse_pools(fdt, &lim, pools, maxpools, &npools);
	CHECK(npools <= maxpools, "%u", npools);
	check_pools(pools, npools, nvalid);
	lim.pools = pools;
	lim.npools = npools;
	nvalid = config_parse(fdt, &lim, out, maxd, &count);
	CHECK(count <= maxd, "%u", count);
	check_domains(out, count, nvalid, pools, npools);

	for (unsigned int i = 0; i < m.n; i++)
		free(m.maps[i]);
	free(fdt);
	return 0;
}
