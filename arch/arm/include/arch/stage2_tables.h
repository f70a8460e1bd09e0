#ifndef ARCH_STAGE2_TABLES_H
#define ARCH_STAGE2_TABLES_H

#include <bulkhead/domain.h>

/* The domain's stage-2 root table (lookups from start_level) and its VTTBR
 * value; -E_NOMEM without a page for the root. */
int stage2_tables_init(struct domain *d, unsigned int start_level);

/* Every table page back to the allocator, for a domain that never ran (no
 * VTTBR ever held its root, so no TLB holds its entries); no-op without a
 * root. */
void stage2_tables_release(struct domain *d);

#endif
