obj-y += arch/arm64/head.o arch/arm64/vectors.o arch/arm64/smccc_call.o
obj-y += arch/arm64/setup.o arch/arm64/mmu.o arch/arm64/traps.o
obj-y += arch/arm64/guest_entry.o
obj-y += arch/arm64/vcpu.o arch/arm64/inject.o arch/arm64/inject32.o arch/arm64/trap.o arch/arm64/stage2.o
obj-y += arch/arm64/sysreg_emul.o
# No FP/SIMD registers in hypervisor code (guests own them), no unaligned
# accesses (the MMU is off at entry), LSE atomics inline.
ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align -mno-outline-atomics
