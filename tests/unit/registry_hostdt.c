/* The driver registry (include/bulkhead/driver.h) that common/hostdt.c
 * sees in test_hostdt and fuzz_hostdt: the GIC drivers cannot run on the
 * host, so these entries stand for the drivers by their compatibles and arg
 * (no ops), in build.mk's order (GICv3 first), with the compatibles the
 * fixtures name. */
#include <bulkhead/driver.h>

DRIVER_REGISTER(pl011, DRIVER_UART, DRIVER_UART_LAYOUT(2, 4), NULL, "arm,pl011");
DRIVER_REGISTER(ns16550, DRIVER_UART, 0, NULL, "ns16550a");
DRIVER_REGISTER(gicv3, DRIVER_IRQCHIP, 3, NULL, "arm,gic-v3");
DRIVER_REGISTER(gicv2, DRIVER_IRQCHIP, 2, NULL, "arm,gic-400", "arm,cortex-a15-gic");
