obj-y += arch/arm/lpae.o arch/arm/hyp_mmu.o arch/arm/fault_decode.o arch/arm/boot_dtb.o arch/arm/boot_early.o arch/arm/stage2_tables.o arch/arm/guest_exit.o arch/arm/aarch32.o arch/arm/serror.o
obj-y += arch/arm/cp_emul.o arch/arm/reg_handlers.o arch/arm/smccc.o arch/arm/psci_guest.o arch/arm/vtimer.o
obj-y += arch/arm/vgic/vgic.o arch/arm/vgic/vgic-mmio.o
obj-$(CONFIG_VGIC_V2) += arch/arm/vgic/vgic-v2.o
obj-$(CONFIG_VGIC_V3) += arch/arm/vgic/vgic-v3.o
