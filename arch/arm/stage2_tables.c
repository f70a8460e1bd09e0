/* A domain's stage-2 tables in the LPAE format (arch/arm/lpae.c), the part
 * arm64 and arm32 share: table pages from the page allocator, the root, and
 * the VTTBR value with the domain's VMID. */
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/mm.h>
#include <bulkhead/panic.h>
#include <arch/stage2_tables.h>

/* Table pages stay with the domain (a restart reuses them) until it is
 * refused before it ever ran (stage2_tables_release); they are counted as
 * its overhead (debug key 'm'). */
static u64 *s2_alloc(void *ctx)
{
	struct domain *d = ctx;
	paddr_t pa;
	if (mm_alloc(4096, 4096, &pa))
		return NULL;
	d->s2_pages++;
	memset((void *)(uintptr_t)pa, 0, 4096);
	return (u64 *)(uintptr_t)pa;
}

int stage2_tables_init(struct domain *d, unsigned int start_level)
{
	d->s2.root = s2_alloc(d);
	if (!d->s2.root)
		return -E_NOMEM;
	d->s2.start_level = start_level;
	d->s2.alloc = s2_alloc;
	d->s2.ctx = d;
	d->s2_vttbr = (u64)(uintptr_t)d->s2.root | ((u64)d->vmid << 48); /* VTTBR.VMID */
	return 0;
}

static void s2_free(u64 *page, void *ctx)
{
	struct domain *d = ctx;
	if (mm_free((paddr_t)(uintptr_t)page, 4096))
		panic("domain %s: stage-2 table page 0x%llx was not the allocator's", d->name,
		      (u64)(uintptr_t)page);
	d->s2_pages--;
}

void stage2_tables_release(struct domain *d)
{
	lpae_free_tables(&d->s2, s2_free);
	d->s2_vttbr = 0;
}
