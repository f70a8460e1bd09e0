#ifndef ARCH_BOOT_DTB_H
#define ARCH_BOOT_DTB_H

#include <bulkhead/types.h>

/* What can be checked of the DTB the loader passed, with the MMU off: present,
 * 8-byte aligned, FDT magic, a plausible size. Returns its size, or 0 after
 * saying what is wrong. reg names the entry register ("x0", "r2"); loader
 * the U-Boot command that passes a DTB ("booti", "bootz"). */
u64 boot_dtb_precheck(paddr_t dtb, const char *reg, const char *loader);

/* arch/arm/boot_early.c: the rest of the early boot once the exception level
 * or mode is right: the DTB check, the hypervisor's map, boot_main(). */
void __noreturn boot_early_continue(paddr_t dtb, u64 entry_counter, const char *reg,
				    const char *loader);

#endif
