/*
 * First C code on each CPU, running with the MMU off: refuse an entry outside
 * HYP mode or a missing device tree with a clear message, build the HYP map
 * and hand over to the common boot flow (common/boot.c).
 */
#include <bulkhead/types.h>
#include <bulkhead/boot.h>
#include <bulkhead/console.h>
#include <bulkhead/log.h>
#include <arch/boot_dtb.h>
#include <arch/cpu.h>
#include <arch/entry.h>

static const char *mode_name(u32 mode)
{
	switch (mode) {
	case 0x10: return "User";
	case 0x11: return "FIQ";
	case 0x12: return "IRQ";
	case CPSR_MODE_SVC: return "SVC";
	case 0x16: return "Monitor";
	case 0x17: return "Abort";
	case 0x1b: return "Undefined";
	case 0x1f: return "System";
	default: return "an unknown";
	}
}

void __noreturn boot_arch_early(u32 dtb, u32 mode, u64 entry_counter)
{
	console_early_init();
	if (mode != CPSR_MODE_HYP) {
		log_err("Bulkhead needs HYP mode (hardware virtualization); entered in %s mode "
			"(CPSR.M 0x%02x). "
			"On QEMU use -M virt,virtualization=on.",
			mode_name(mode), mode);
		cpu_arch_halt();
	}
	boot_early_continue(dtb, entry_counter, "r2", "bootz");
}

paddr_t boot_arch_secondary_entry(void) { return (paddr_t)(uintptr_t)secondary_entry; }
