obj-$(CONFIG_UART_PL011) += drivers/uart/pl011.o
obj-$(CONFIG_UART_NS16550) += drivers/uart/ns16550.o
obj-$(CONFIG_GICV2) += drivers/irqchip/gicv2.o
obj-$(CONFIG_GICV3) += drivers/irqchip/gicv3.o
obj-y += drivers/timer/generic_timer.o drivers/firmware/psci.o
