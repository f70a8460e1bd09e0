obj-y += arch/arm32/head.o arch/arm32/vectors.o arch/arm32/guest_entry.o
obj-y += arch/arm32/setup.o arch/arm32/mmu.o arch/arm32/traps.o arch/arm32/smccc.o
obj-y += arch/arm32/vcpu.o arch/arm32/trap.o arch/arm32/inject.o arch/arm32/stage2.o
obj-y += arch/arm32/guest.o arch/arm32/div0.o
# ARMv7-A with the virtualization extensions (Cortex-A15/A7), ARM state. The
# hard-float ABI matches Debian armhf's libfdt and libgcc, but no VFP/SIMD
# register is used (-mgeneral-regs-only; tools/check-image.sh proves it for
# the whole image but guest_entry.S's fp_arch_*), and no unaligned access
# (the MMU is off at entry).
ARCH_CFLAGS := -march=armv7ve -mfpu=vfpv4 -mfloat-abi=hard -mgeneral-regs-only -marm \
               -mno-unaligned-access
# 64-bit division (__aeabi_uldivmod) comes from the compiler's own libgcc.
ARCH_LIBS := $(shell $(CC) -print-libgcc-file-name 2>/dev/null)
# clang has -mgeneral-regs-only for AArch64 only; lint's clang-tidy goes without.
COMPDB_FILTER := -mgeneral-regs-only
