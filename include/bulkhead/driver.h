/*
 * The driver registry: each UART, interrupt controller, IOMMU and display
 * driver registers itself with DRIVER_REGISTER in its own file, and the code
 * that needs one (hostdt.c, console, irq.c, iommu.c, display.c) finds it by
 * the host DT's compatible, never by name. The linker gathers the entries
 * into one array in section .bh_drivers, from driver_table_start to
 * driver_table_end (arch/arm/linker.ld.S); a host unit test gets the entries
 * its own objects register (tests/unit/host.h). Kconfig chooses which
 * drivers are linked (build.mk), so the registry holds what was built.
 */
#ifndef BULKHEAD_DRIVER_H
#define BULKHEAD_DRIVER_H

#include <bulkhead/types.h>

enum driver_class { DRIVER_UART, DRIVER_IRQCHIP, DRIVER_IOMMU, DRIVER_DISPLAY };

struct driver {
	enum driver_class cls;
	u32 arg; /* per class: DRIVER_UART_LAYOUT, a GIC's architecture version */
	/* The DT compatibles it drives, most specific first, NULL-terminated;
	 * none for a display, which its probe finds. */
	const char *const *compatible;
	/* struct uart_ops, irqchip_ops, iommu_ops or display_driver. */
	const void *ops;
};

/* A UART's register layout: fixed by its binding (PL011: 32-bit registers
 * 4 bytes apart), or 0: the DT's reg-shift and reg-io-width (the 8250
 * binding; defaults 0 and 1). */
#define DRIVER_UART_LAYOUT(shift, width) (1U << 16 | (u32)(width) << 8 | (u32)(shift))

#ifndef DRIVER_SECTION
#define DRIVER_SECTION ".bh_drivers"
#endif

/* DRIVER_REGISTER(id, class, arg, ops, compatibles...): the entry
 * driver_<id>. The user alignment keeps the compiler from padding an entry
 * (an array walk steps by sizeof), as does the user section for the
 * sanitizers. A display lists no compatible (NULL). */
#define DRIVER_REGISTER(id, class, drv_arg, drv_ops, ...)                                          \
	static const struct driver driver_##id                                                     \
		__attribute__((used, section(DRIVER_SECTION), aligned(sizeof(void *)))) = {        \
			.cls = (class),                                                            \
			.arg = (drv_arg),                                                          \
			.compatible = (const char *const[]){__VA_ARGS__, NULL},                    \
			.ops = (drv_ops)}

/* The registry's entries, in link order (build.mk lists the preferred
 * driver of a class first); *n their number. */
const struct driver *driver_table(size_t *n);
/* The first cls driver whose compatible node has, or NULL. */
const struct driver *driver_match(enum driver_class cls, const void *fdt, int node);
/* The first node of the tree a cls driver drives, trying the drivers in
 * registry order and each one's compatibles in order; -1 if none. */
int driver_find_node(enum driver_class cls, const void *fdt, const struct driver **drv);

#endif
