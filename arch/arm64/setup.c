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
#include <arch/layout.h>
#include <arch/timer.h>

extern char boot_stacks[];
void secondary_entry(void);

u64 boot_entry_counter;
/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c): the stack protector's ABI */
unsigned long __stack_chk_guard = 0x5a17b0a7c0ffee11UL;

void __noreturn boot_arch_early(paddr_t dtb, u64 entry_counter, unsigned int el)
{
	u64 dtb_size;

	boot_entry_counter = entry_counter;
	__stack_chk_guard ^= entry_counter << 16;
	console_early_init();
	if (el != 2) {
		log_err("Bulkhead needs EL2 (hardware virtualization); entered at EL%u. "
			"On QEMU use -M virt,virtualization=on.",
			el);
		cpu_arch_halt();
	}
	dtb_size = boot_dtb_precheck(dtb, "x0", "booti");
	if (!dtb_size)
		cpu_arch_halt();
	if (mmu_arch_early_init(dtb, dtb_size)) {
		log_err("could not build the EL2 page tables");
		cpu_arch_halt();
	}
	boot_main(dtb);
}

paddr_t boot_arch_secondary_entry(void) { return (paddr_t)(uintptr_t)secondary_entry; }

void *boot_arch_stack_top(unsigned int cpu) { return boot_stacks + (u64)(cpu + 1) * STACK_SIZE; }
