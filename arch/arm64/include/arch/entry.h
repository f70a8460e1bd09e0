/* The C functions the assembly calls (head.S, vectors.S), with no other
 * declaration; guest_entry.S's are in <arch/guest_hooks.h>. */
#ifndef ARCH_ENTRY_H
#define ARCH_ENTRY_H

#include <bulkhead/compiler.h>
#include <bulkhead/types.h>

struct trap_frame;

/* head.S: the boot CPU's entry into C (setup.c), and a secondary CPU's
 * entry point, which PSCI CPU_ON is given. */
void __noreturn boot_arch_early(paddr_t dtb, u64 entry_counter, unsigned int el);
void secondary_entry(void);

/* vectors.S: an exception the hypervisor does not expect (dumped, panics),
 * and the EL2 SError entry (traps.c). */
void __noreturn trap_el2_unexpected(struct trap_frame *f, unsigned long kind);
void trap_el2_serror(struct trap_frame *f);

#endif
