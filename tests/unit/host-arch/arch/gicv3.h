/* Host stand-in for arch/arm64/include/arch/gicv3.h, found first by the vGIC
 * tests and fuzz targets (-Itests/unit/host-arch): the same arch hooks, as
 * functions that tests/unit/shim_vgic.c defines on fake ICH_*_EL2 registers
 * instead of system register instructions. Keep the signatures in step. */
#ifndef ARCH_GICV3_H
#define ARCH_GICV3_H

#include <bulkhead/types.h>

u64 gicv3_arch_ich_read(unsigned int reg);
void gicv3_arch_ich_write(unsigned int reg, u64 v);
u64 gicv3_arch_lr(unsigned int n, bool write, u64 val);
u64 gicv3_arch_apr(unsigned int group, unsigned int n, bool write, u64 val);

#endif
