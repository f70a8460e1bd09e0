/*
 * EL2 stage-1 translation: an identity map with a 48-bit VA, 4 KiB granule
 * (TCR_EL2, ARM ARM D13.2.131). The image is mapped per section with W^X
 * permissions (text RX, rodata RO, data RW+XN); SCTLR_EL2.WXN enforces that
 * nothing writable is ever executable. RAM and devices are mapped never-execute.
 */
#include <bulkhead/types.h>
#include <bulkhead/mmu.h>
#include <bulkhead/boot.h>
#include <arch/cpu.h>
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
	m.start_level = 0;
	m.alloc = pt_alloc;
	m.ctx = NULL;
	return &m;
}

static u64 tcr_value(void)
{
	u64 parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	if (parange > 5)
		parange = 5; /* 48 bits is all a 4-level, 4 KiB map can output */
	return 16 /* T0SZ: 48-bit VA */ | (1ULL << 8) | (1ULL << 10) /* IRGN0/ORGN0 WBWA */
	       | (3ULL << 12) /* SH0 inner */ | (0ULL << 14) /* TG0 4K */ | (parange << 16) |
	       (1ULL << 23) | (1ULL << 31); /* RES1 */
}

paddr_t mmu_image_start(void) { return sym(_head); }
u64 mmu_image_size(void) { return sym(_end) - sym(_head); }
unsigned int mmu_tables_used(void) { return pt_used; }

static void tlb_sync(void)
{
	dsb(ishst);
	__asm__ volatile("tlbi alle2is" : : : "memory");
	dsb(ish);
	isb();
}

int mmu_map_device(paddr_t pa, u64 size)
{
	u64 start = ALIGN_DOWN(pa, (u64)PAGE_SIZE);
	u64 end = ALIGN_UP(pa + size, (u64)PAGE_SIZE);
	int rc = lpae_map_range(hyp_map(), start, start, end - start, LPAE_PROT_DEVICE);
	tlb_sync();
	return rc;
}

static int map_ram_piece(u64 start, u64 end)
{
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
	tlb_sync();
	return rc;
}

void mmu_arch_enable(u64 ttbr, u64 tcr, u64 mair);
void cache_arch_inval_range(u64 start, u64 end);

/* Runs with the MMU off: map the image, the DTB and the early UART, then turn
 * the MMU and caches on. Returns non-zero if the tables could not be built. */
int mmu_arch_early_init(paddr_t dtb, u64 dtb_size)
{
	u64 img = mmu_image_start();
	const struct lpae_map *m;
	int rc;

	/* Nothing written with the MMU off may be shadowed by stale cache lines
	 * once the caches are on (booting.rst: the loader cleaned, we invalidate). */
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
	mmu_arch_enable((u64)(uintptr_t)root_table, tcr_value(), MAIR_VALUE);
	return 0;
}

void mmu_arch_secondary_info(struct secondary_boot *b)
{
	b->ttbr = (u64)(uintptr_t)root_table;
	b->tcr = tcr_value();
	b->mair = MAIR_VALUE;
}
