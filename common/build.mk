obj-y += common/boot.o common/bootargs.o common/console.o common/log.o common/panic.o
obj-y += common/dt.o common/hostdt.o common/irq.o common/smp.o
obj-y += common/mm/pmem.o common/mm/mm.o
obj-y += common/lib/string.o common/lib/fmt.o
obj-$(CONFIG_SELFTEST) += common/selftest.o
