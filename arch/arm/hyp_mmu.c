/*
 * The hypervisor's stage-1 translation (EL2 on arm64, HYP mode on arm32): an
 * identity map in the LPAE format, 4 KiB granule, tables from a static pool.
 * The image is mapped per section with W^X permissions (text RX, rodata RO,
 * data RW+XN); SCTLR_EL2/HSCTLR.WXN enforces that nothing writable is ever
 * executable. RAM and devices are mapped never-execute. The ISA-specific
 * control values and TLB maintenance come from arch/<arch>/mmu.c.
 */
#include <bulkhead/types.h>
#include <bulkhead/mmu.h>
#include <bulkhead/boot.h>
#include <arch/hyp_mmu.h>
#include <arch/lpae.h>
#include <arch/layout.h>

#define PT_POOL_PAGES 48

/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c): linker.ld.S's names */
extern char _head[], __text_end[], __rodata_end[], _end[];

/* Linker symbols as addresses (they are distinct objects to the compiler). */
static inline u64 sym(const char *s) { return (u64)(uintptr_t)s; }

static u64 pt_pool[PT_POOL_PAGES][LPAE_ENTRIES] __aligned(PAGE_SIZE);
static unsigned int pt_used;

static u64 *pt_alloc(void *ctx)
{
	(void)ctx;
	if (pt_used >= PT_POOL_PAGES)
		return NULL;
	/* .bss is zero, so a fresh table is already all-invalid. */
	return pt_pool[pt_used++];
}

static u64 *root_table;
static const struct lpae_map *hyp_map(void)
{
	static struct lpae_map m;
	m.root = root_table;
	m.start_level = mmu_arch_start_level();
	m.alloc = pt_alloc;
	m.ctx = NULL;
	return &m;
}

paddr_t mmu_image_start(void) { return sym(_head); }
u64 mmu_image_size(void) { return sym(_end) - sym(_head); }
unsigned int mmu_tables_used(void) { return pt_used; }

int mmu_map_device(paddr_t pa, u64 size)
{
	u64 start = ALIGN_DOWN(pa, (u64)PAGE_SIZE);
	u64 end = ALIGN_UP(pa + size, (u64)PAGE_SIZE);
	int rc;

	if (end > HYP_VA_LIMIT)
		return -E_RANGE; /* an identity map cannot reach it */
	rc = lpae_map_range(hyp_map(), start, start, end - start, LPAE_PROT_DEVICE);
	mmu_arch_tlb_flush_all();
	return rc;
}

/* RAM beyond the identity map's reach (above 4 GiB on arm32) stays unmapped. */
static int map_ram_piece(u64 start, u64 end)
{
	end = MIN(end, HYP_VA_LIMIT);
	if (end <= start)
		return 0;
	return lpae_map_range(hyp_map(), start, start, end - start, LPAE_PROT_RW);
}

int mmu_map_ram(paddr_t pa, u64 size)
{
	u64 start = ALIGN_UP(pa, (u64)PAGE_SIZE);
	u64 end = ALIGN_DOWN(pa + size, (u64)PAGE_SIZE);
	u64 img_s = mmu_image_start(), img_e = img_s + mmu_image_size();
	int rc;

	if (end <= img_s || start >= img_e) {
		rc = map_ram_piece(start, end);
	} else {
		rc = map_ram_piece(start, img_s);
		if (!rc)
			rc = map_ram_piece(img_e, end);
	}
	mmu_arch_tlb_flush_all();
	return rc;
}

/* Runs with the MMU off: map the image, the DTB and the early UART, then turn
 * the MMU and caches on. Returns non-zero if the tables could not be built. */
int mmu_arch_early_init(paddr_t dtb, u64 dtb_size)
{
	u64 img = mmu_image_start();
	const struct lpae_map *m;
	int rc;

	/* Nothing written with the MMU off may be shadowed by stale cache lines
	 * once the caches are on (the loader cleaned, we invalidate). */
	cache_arch_inval_range(img, img + mmu_image_size());

	root_table = pt_alloc(NULL);
	m = hyp_map();
	rc = lpae_map_range(m, img, img, sym(__text_end) - img, LPAE_PROT_RX);
	if (!rc)
		rc = lpae_map_range(m, sym(__text_end), sym(__text_end),
				    sym(__rodata_end) - sym(__text_end), LPAE_PROT_RO);
	if (!rc)
		rc = lpae_map_range(m, sym(__rodata_end), sym(__rodata_end),
				    sym(_end) - sym(__rodata_end), LPAE_PROT_RW);
	if (!rc && dtb_size) {
		u64 s = ALIGN_DOWN(dtb, (u64)PAGE_SIZE),
		    e = ALIGN_UP(dtb + dtb_size, (u64)PAGE_SIZE);
		rc = map_ram_piece(s, e);
	}
#ifdef CONFIG_DEBUG_CONSOLE
	if (!rc)
		rc = lpae_map_range(m, CONFIG_DEBUG_UART_BASE, CONFIG_DEBUG_UART_BASE, PAGE_SIZE,
				    LPAE_PROT_DEVICE);
#endif
	if (rc)
		return rc;
	mmu_arch_enable((u64)(uintptr_t)root_table, mmu_arch_tcr(), MAIR_VALUE);
	return 0;
}

void mmu_arch_secondary_info(struct secondary_boot *b)
{
	b->ttbr = (u64)(uintptr_t)root_table;
	b->tcr = mmu_arch_tcr();
	b->mair = MAIR_VALUE;
}
