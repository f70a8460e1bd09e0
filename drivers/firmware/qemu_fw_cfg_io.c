/* The fw_cfg device's registers on the machine (include/bulkhead/fw_cfg.h):
 * MMIO on Device-nGnRE mappings; the hypervisor's RAM is identity-mapped, so
 * a pointer is the physical address the device is given. */
#include <bulkhead/fw_cfg.h>
#include <bulkhead/mmio.h>
#include <bulkhead/mmu.h>
#include <arch/cpu.h>

int fw_cfg_io_map(u64 base, u64 size) { return mmu_map_device(base, size); }

void fw_cfg_io_select(uintptr_t base, u16 key)
{
	mmio_write16(base + FW_CFG_REG_SELECT, fw_cfg_be16(key));
}

u8 fw_cfg_io_read8(uintptr_t base) { return mmio_read8(base + FW_CFG_REG_DATA); }

void fw_cfg_io_dma(uintptr_t base, u64 desc)
{
	wmb(); /* the descriptor and the data it points at first */
	mmio_write32(base + FW_CFG_REG_DMA, fw_cfg_be32((u32)(desc >> 32)));
	mmio_write32(base + FW_CFG_REG_DMA + 4, fw_cfg_be32((u32)desc)); /* starts it */
	mb();
}

u64 fw_cfg_io_pa(const void *p) { return (u64)(uintptr_t)p; }
