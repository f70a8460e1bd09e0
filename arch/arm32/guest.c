/* Guest memory helpers of an ARMv7-A host. */
#include <string.h>
#include <arch/guest.h>

/* No DC ZVA on ARMv7: plain stores. */
void mem_arch_zero(void *p, u64 size) { memset(p, 0, (size_t)size); }
