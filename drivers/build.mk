obj-$(CONFIG_UART_PL011) += drivers/uart/pl011.o
obj-$(CONFIG_UART_NS16550) += drivers/uart/ns16550.o
# Link order is registry order (include/bulkhead/driver.h): a host DT with
# both a GICv3 and a GICv2 node gets the GICv3.
obj-$(CONFIG_GICV3) += drivers/irqchip/gicv3.o
obj-$(CONFIG_GICV2) += drivers/irqchip/gicv2.o
obj-y += drivers/timer/generic_timer.o drivers/firmware/psci.o
obj-y += drivers/iommu/binding.o
obj-$(CONFIG_IOMMU) += drivers/iommu/iommu_io.o
obj-$(CONFIG_SMMU_V3) += drivers/iommu/smmu_v3.o drivers/iommu/smmu_v3_ste.o drivers/iommu/smmu_v3_s1.o
obj-$(CONFIG_SMMU_V2) += drivers/iommu/smmu_v2.o
obj-$(CONFIG_DISPLAY) += drivers/display/display.o
obj-$(CONFIG_DISPLAY_RAMFB) += drivers/display/ramfb.o drivers/firmware/qemu_fw_cfg.o \
                             drivers/firmware/qemu_fw_cfg_io.o
