/* A domain's stage-2 tables in the LPAE format (arch/arm/lpae.c), the part
 * arm64 and arm32 share: table pages from the page allocator, the root, and
 * the VTTBR value with the domain's VMID. */
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/mm.h>
#include <arch/stage2_tables.h>

/* Table pages stay with the domain until it is destroyed (a restart reuses
 * them); they are counted as its overhead (debug key 'm'). */
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
