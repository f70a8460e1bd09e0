/*
 * QEMU's fw_cfg device (include/bulkhead/fw_cfg.h for the interface and the
 * specification it follows). Only what the ramfb display needs: the
 * signature and feature checks, the file directory and DMA transfers. All
 * register access goes through fw_cfg_io_*, which the unit tests replace
 * with a model of the device.
 */
#include <string.h>
#include <libfdt.h>
#include <bulkhead/dt.h>
#include <bulkhead/fmt.h>
#include <bulkhead/fw_cfg.h>

/* QEMU completes a transfer before the register write returns; the
 * specification allows a device that takes longer, so the control word is
 * polled, up to this many times. */
#define DMA_POLL_TRIES 1000000

static u32 read32_le(const struct fw_cfg *fc, u16 key)
{
	u32 v = 0;
	fw_cfg_io_select(fc->base, key);
	for (unsigned int i = 0; i < 4; i++)
		v |= (u32)fw_cfg_io_read8(fc->base) << (8 * i);
	return v;
}

/* One DMA transfer of len bytes at buf with control (selector in bits
 * 31:16 when SELECT is set); 0, or -E_IO when the device sets the error
 * bit or never finishes. */
static int dma(const struct fw_cfg *fc, u32 control, void *buf, u32 len)
{
	/* Static, not on the stack: should a transfer ever time out, the
	 * device's late write of the status lands here, not in a dead frame.
	 * One user at a time: the boot CPU's probe, then the display's lock. */
	static struct fw_cfg_dma_desc d;
	u32 left;

	d.control = fw_cfg_be32(control);
	d.length = fw_cfg_be32(len);
	d.address = fw_cfg_be64(fw_cfg_io_pa(buf));
	fw_cfg_io_dma(fc->base, fw_cfg_io_pa(&d));
	for (unsigned int i = 0; i < DMA_POLL_TRIES; i++) {
		left = fw_cfg_be32(__atomic_load_n(&d.control, __ATOMIC_ACQUIRE));
		if (left & FW_CFG_DMA_ERROR)
			return -E_IO;
		if (!left)
			return 0;
	}
	return -E_IO;
}

int fw_cfg_init(struct fw_cfg *fc, uintptr_t base, char *why, size_t len)
{
	static const u8 sig[4] = {'Q', 'E', 'M', 'U'};

	fc->base = base;
	fc->dma = false;
	fw_cfg_io_select(base, FW_CFG_SIGNATURE);
	for (unsigned int i = 0; i < 4; i++) {
		if (fw_cfg_io_read8(base) != sig[i]) {
			fmt_snprintf(why, len, "fw_cfg at 0x%lx: no \"QEMU\" signature",
				     (unsigned long)base);
			return -E_NOENT;
		}
	}
	if (!(read32_le(fc, FW_CFG_ID) & FW_CFG_ID_DMA)) {
		fmt_snprintf(why, len, "fw_cfg at 0x%lx has no DMA interface (QEMU before 2.9)",
			     (unsigned long)base);
		return -E_NOENT;
	}
	fc->dma = true;
	return 0;
}

int fw_cfg_probe(const void *fdt, struct fw_cfg *fc, struct mem_range *reg, char *why, size_t len)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "qemu,fw-cfg-mmio");

	reg->base = reg->size = 0;
	fc->base = 0;
	fc->dma = false;
	if (node < 0 || !dt_enabled(fdt, node)) {
		fmt_snprintf(why, len, "no fw_cfg device (\"qemu,fw-cfg-mmio\") in the host DT");
		return -E_NOENT;
	}
	if (dt_reg(fdt, node, 0, reg) || reg->size < FW_CFG_REG_DMA + 8) {
		reg->base = reg->size = 0;
		fmt_snprintf(why, len, "fw_cfg node: reg is not one window of at least 0x18 bytes");
		return -E_INVAL;
	}
	if (fw_cfg_io_map(reg->base, reg->size)) {
		fmt_snprintf(why, len, "fw_cfg at 0x%llx: cannot map its registers", reg->base);
		return -E_NOMEM;
	}
	return fw_cfg_init(fc, (uintptr_t)reg->base, why, len);
}

int fw_cfg_find_file(const struct fw_cfg *fc, const char *name, u16 *select, u32 *size)
{
	struct {
		u32 size;
		u16 select, reserved;
		char name[FW_CFG_NAME_MAX];
	} e;
	u32 count;

	if (!fc->dma || dma(fc, ((u32)FW_CFG_FILE_DIR << 16) | FW_CFG_DMA_SELECT | FW_CFG_DMA_READ,
			    &count, sizeof(count)))
		return -E_NOENT;
	count = fw_cfg_be32(count);
	/* Each read continues where the last one ended. */
	for (u32 i = 0; i < count && i < 0x10000; i++) {
		if (dma(fc, FW_CFG_DMA_READ, &e, sizeof(e)))
			return -E_NOENT;
		if (strncmp(e.name, name, sizeof(e.name)) == 0) {
			*select = fw_cfg_be16(e.select);
			*size = fw_cfg_be32(e.size);
			return 0;
		}
	}
	return -E_NOENT;
}

int fw_cfg_write(const struct fw_cfg *fc, u16 select, const void *buf, u32 len)
{
	if (!fc->dma)
		return -E_IO;
	/* The device only reads buf for a write. */
	return dma(fc, ((u32)select << 16) | FW_CFG_DMA_SELECT | FW_CFG_DMA_WRITE, (void *)buf,
		   len);
}
