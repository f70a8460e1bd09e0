/* The guest physical address map, the same for every domain and (later) on
 * arm32 and arm64; documented in docs/guest-memory-map.md. QEMU-virt-like so
 * guests see familiar addresses. */
#ifndef BULKHEAD_GUEST_LAYOUT_H
#define BULKHEAD_GUEST_LAYOUT_H

#define GUEST_GICD_BASE	  0x08000000ULL
#define GUEST_GICD_SIZE	  0x00010000ULL
#define GUEST_GICC_BASE	  0x08010000ULL /* GICv2: the host's GICV is mapped here */
#define GUEST_GICC_SIZE	  0x00002000ULL
#define GUEST_GICR_BASE	  0x080a0000ULL /* GICv3: 128 KiB frame per vCPU */
#define GUEST_GICR_STRIDE 0x00020000ULL
#define GUEST_PL011_BASE  0x09000000ULL
#define GUEST_PL011_SIZE  0x00001000ULL
#define GUEST_PL011_SPI	  1 /* INTID 33 */
#define GUEST_WDOG_BASE	  0x09030000ULL
#define GUEST_WDOG_SIZE	  0x00001000ULL
#define GUEST_WDOG_SPI	  7 /* INTID 39; SP805, QEMU virt's PL061 slot (not its PL031's) */
#define GUEST_RAM_BASE	  0x40000000ULL
#define GUEST_RAM_MAX	  (1024ULL * 1024 * 1024 * 64)

/* Virtual timer PPIs given to guests (same as QEMU virt): INTIDs. */
#define GUEST_TIMER_PHYS_IRQ 30
#define GUEST_TIMER_VIRT_IRQ 27
#define GUEST_TIMER_HYP_IRQ  26
#define GUEST_TIMER_SEC_IRQ  29

/* Where the kernel, DTB and ramdisk go in guest RAM (Linux arm64 booting.rst:
 * Image at a 2 MiB-aligned base + text_offset; DTB 8-byte aligned, < 2 MiB,
 * not overlapping the kernel; initrd anywhere it fits). */
#define GUEST_KERNEL_OFFSET 0x00200000ULL

#endif
