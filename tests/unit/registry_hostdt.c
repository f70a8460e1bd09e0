/* The driver registry (include/bulkhead/driver.h) that common/hostdt.c
 * sees in test_hostdt and fuzz_hostdt: the GIC drivers cannot run on the
 * host, so these entries stand for the drivers by their compatibles and arg
 * (no ops), in build.mk's order (GICv3 first), with the compatibles the
 * fixtures name. */
#include <bulkhead/driver.h>

static const char *const pl011_compat[] = {"arm,pl011", NULL};
static const char *const ns16550_compat[] = {"ns16550a", NULL};
static const char *const gicv3_compat[] = {"arm,gic-v3", NULL};
static const char *const gicv2_compat[] = {"arm,gic-400", "arm,cortex-a15-gic", NULL};
DRIVER_REGISTER(pl011, .cls = DRIVER_UART, .arg = DRIVER_UART_LAYOUT(2, 4),
		.compatible = pl011_compat);
DRIVER_REGISTER(ns16550, .cls = DRIVER_UART, .compatible = ns16550_compat);
DRIVER_REGISTER(gicv3, .cls = DRIVER_IRQCHIP, .arg = 3, .compatible = gicv3_compat);
DRIVER_REGISTER(gicv2, .cls = DRIVER_IRQCHIP, .arg = 2, .compatible = gicv2_compat);
