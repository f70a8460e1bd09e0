/*
 * The part of the first C code that arm64 and arm32 share, MMU still off:
 * after arch/<arch>/setup.c has checked the exception level or mode, record
 * the entry time, check the DTB, build the hypervisor's map and enter the
 * common boot flow. Also the boot stacks head.S starts on.
 */
#include <bulkhead/types.h>
#include <bulkhead/boot.h>
#include <bulkhead/log.h>
#include <arch/boot_dtb.h>
#include <arch/cpu.h>
#include <arch/layout.h>

/* One per CPU, in .bss (head.S zeroes .bss before using the first). */
char boot_stacks[CONFIG_MAX_CPUS][STACK_SIZE] __aligned(16);

u64 boot_entry_counter;
/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c): the stack protector's ABI */
unsigned long __stack_chk_guard = (unsigned long)0x5a17b0a7c0ffee11ULL;

void *boot_arch_stack_top(unsigned int cpu) { return boot_stacks[cpu] + STACK_SIZE; }

void __noreturn boot_early_continue(paddr_t dtb, u64 entry_counter, const char *reg,
				    const char *loader)
{
	u64 dtb_size;

	boot_entry_counter = entry_counter;
	__stack_chk_guard ^= (unsigned long)(entry_counter << 16);
	dtb_size = boot_dtb_precheck(dtb, reg, loader);
	if (!dtb_size)
		cpu_arch_halt();
	if (mmu_arch_early_init(dtb, dtb_size)) {
		log_err("could not build the hypervisor's page tables");
		cpu_arch_halt();
	}
	boot_main(dtb);
}
