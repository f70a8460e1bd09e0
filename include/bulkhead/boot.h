#ifndef BULKHEAD_BOOT_H
#define BULKHEAD_BOOT_H

#include <bulkhead/types.h>

/* What a secondary CPU reads with its MMU off; cleaned to PoC before CPU_ON.
 * stack_top must stay first (head.S reads it). */
struct secondary_boot {
	u64 stack_top;
	u64 ttbr, tcr, mair;
	u64 cpu;
};

/* Counter value at image entry, for boot_us. */
extern u64 boot_entry_counter;

void __noreturn boot_main(paddr_t dtb);
void __noreturn secondary_main(unsigned int cpu);

/* Arch hooks */
void mmu_arch_secondary_info(struct secondary_boot *b);
int mmu_arch_early_init(paddr_t dtb, u64 dtb_size);
paddr_t boot_arch_secondary_entry(void);
void *boot_arch_stack_top(unsigned int cpu);

#endif
