/*
 * First C code on each CPU, running with the MMU off: refuse the wrong
 * exception level or a missing device tree with a clear message, build the
 * EL2 map and hand over to the common boot flow (common/boot.c).
 */
#include <bulkhead/types.h>
#include <bulkhead/boot.h>
#include <bulkhead/console.h>
#include <bulkhead/log.h>
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/timer.h>

#define FDT_MAGIC_BE 0xedfe0dd0U /* 0xd00dfeed as read little-endian */
#define FDT_MAX_SIZE (64 * MiB)	 /* loaders pad; QEMU -dtb adds its own room */

extern char boot_stacks[];
void secondary_entry(void);

u64 boot_entry_counter;
/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c): the stack protector's ABI */
unsigned long __stack_chk_guard = 0x5a17b0a7c0ffee11UL;

static u32 be32(u32 v) { return __builtin_bswap32(v); }

/* Checks what can be checked of the DTB with the MMU off; returns its size. */
static u64 dtb_precheck(paddr_t dtb)
{
	const volatile u32 *hdr = (const volatile u32 *)(uintptr_t)dtb;
	u32 size;

	if (!dtb) {
		log_err("no device tree: x0 is 0 at entry; boot Bulkhead with a DTB (QEMU -kernel, "
			"U-Boot booti ADDR - FDT)");
		return 0;
	}
	if (!IS_ALIGNED(dtb, 8ULL)) {
		log_err("device tree at 0x%llx is not 8-byte aligned (arm64 boot protocol)", dtb);
		return 0;
	}
	if (hdr[0] != FDT_MAGIC_BE) {
		log_err("corrupt device tree at 0x%llx: bad magic 0x%08x (expected 0xd00dfeed)",
			dtb, be32(hdr[0]));
		return 0;
	}
	size = be32(hdr[1]);
	if (size < 40 || size > FDT_MAX_SIZE) {
		log_err("corrupt device tree at 0x%llx: totalsize %u bytes is not plausible", dtb,
			size);
		return 0;
	}
	return size;
}

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
	dtb_size = dtb_precheck(dtb);
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
