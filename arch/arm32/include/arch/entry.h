/* The C functions the assembly calls (head.S, vectors.S), with no other
 * declaration; guest_entry.S's are in <arch/guest_hooks.h>. */
#ifndef ARCH_ENTRY_H
#define ARCH_ENTRY_H

#include <bulkhead/compiler.h>
#include <bulkhead/types.h>

struct trap_frame;

/* head.S: the boot CPU's entry into C (setup.c), and a secondary CPU's
 * entry point, which PSCI CPU_ON is given. */
void __noreturn boot_arch_early(u32 dtb, u32 mode, u64 entry_counter);
void secondary_entry(void);

/* vectors.S: an exception the hypervisor does not expect (dumped, panics),
 * and the HYP data abort entry, which returns only for the asynchronous
 * abort the exit path's window takes (traps.c). */
void __noreturn trap_hyp_unexpected(struct trap_frame *f, unsigned long kind);
void trap_hyp_dabt(struct trap_frame *f);

#endif
