/*
 * First C code on each CPU, running with the MMU off: refuse the wrong
 * exception level or a missing device tree with a clear message, build the
 * EL2 map and hand over to the common boot flow (common/boot.c).
 */
#include <bulkhead/types.h>
#include <bulkhead/boot.h>
#include <bulkhead/console.h>
#include <bulkhead/log.h>
#include <arch/boot_dtb.h>
#include <arch/cpu.h>
#include <arch/entry.h>
#include <arch/timer.h>

void __noreturn boot_arch_early(paddr_t dtb, u64 entry_counter, unsigned int el)
{
	console_early_init();
	if (el != 2) {
		log_err("Bulkhead needs EL2 (hardware virtualization); entered at EL%u. "
			"On QEMU use -M virt,virtualization=on.",
			el);
		cpu_arch_halt();
	}
	boot_early_continue(dtb, entry_counter, "x0", "booti");
}

paddr_t boot_arch_secondary_entry(void) { return (paddr_t)(uintptr_t)secondary_entry; }
