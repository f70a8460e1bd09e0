obj-y += arch/arm64/head.o arch/arm64/vectors.o arch/arm64/smccc_call.o
obj-y += arch/arm64/setup.o arch/arm64/mmu.o arch/arm64/traps.o
