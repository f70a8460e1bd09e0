/*
 * QEMU's firmware configuration device, MMIO flavour ("qemu,fw-cfg-mmio"),
 * after QEMU's docs/specs/fw_cfg.rst: a 16-bit big-endian selector at +8, the
 * data register at +0 (reads advance the item's offset), and the DMA
 * interface, a 64-bit big-endian register at +0x10 that takes the address of
 * a descriptor {be32 control; be32 length; be64 address} (a write to its low
 * half starts the transfer; QEMU finishes it before the write returns, the
 * device clears control, or sets its error bit). Items: 0x0000 signature
 * "QEMU", 0x0001 feature bits (bit 1: DMA), 0x0019 the file directory (a
 * be32 count, then entries {be32 size; be16 select; u16 reserved; char
 * name[56]}). drivers/firmware/qemu_fw_cfg.c; used by the ramfb display.
 */
#ifndef BULKHEAD_FW_CFG_H
#define BULKHEAD_FW_CFG_H

#include <bulkhead/types.h>
#include <bulkhead/dt.h>

#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_ID	 0x0001
#define FW_CFG_FILE_DIR	 0x0019
#define FW_CFG_ID_DMA	 (1U << 1)

#define FW_CFG_REG_DATA	  0x00
#define FW_CFG_REG_SELECT 0x08
#define FW_CFG_REG_DMA	  0x10

#define FW_CFG_DMA_ERROR  0x01U
#define FW_CFG_DMA_READ	  0x02U
#define FW_CFG_DMA_SKIP	  0x04U
#define FW_CFG_DMA_SELECT 0x08U
#define FW_CFG_DMA_WRITE  0x10U

#define FW_CFG_NAME_MAX 56

/* The device's fields and registers are big-endian; Bulkhead's CPUs run
 * little-endian. */
static inline u16 fw_cfg_be16(u16 v) { return __builtin_bswap16(v); }
static inline u32 fw_cfg_be32(u32 v) { return __builtin_bswap32(v); }
static inline u64 fw_cfg_be64(u64 v) { return __builtin_bswap64(v); }

/* The descriptor the device reads (host memory, big-endian fields). */
struct fw_cfg_dma_desc {
	u32 control, length;
	u64 address;
} __attribute__((packed, aligned(16)));

struct fw_cfg {
	uintptr_t base; /* mapped register window */
	bool dma;
};

/* Finds the device in the host DT, maps its registers and checks the
 * signature and the DMA interface. 0, or an error with why saying what was
 * missing; *reg is the register window once the node was found (size 0
 * before), mapped or not. */
int fw_cfg_probe(const void *fdt, struct fw_cfg *fc, struct mem_range *reg, char *why, size_t len);
/* The same checks on a mapped window at base (probe's second half). */
int fw_cfg_init(struct fw_cfg *fc, uintptr_t base, char *why, size_t len);
/* Looks a file up in the directory: 0 with *select and *size, -E_NOENT. */
int fw_cfg_find_file(const struct fw_cfg *fc, const char *name, u16 *select, u32 *size);
/* Writes len bytes of buf to the item select from its start (DMA). */
int fw_cfg_write(const struct fw_cfg *fc, u16 select, const void *buf, u32 len);

/* The machine side (drivers/firmware/qemu_fw_cfg_io.c; the unit tests model
 * the device instead). */
int fw_cfg_io_map(u64 base, u64 size);
void fw_cfg_io_select(uintptr_t base, u16 key);
u8 fw_cfg_io_read8(uintptr_t base);
/* Hands the device the descriptor at physical address desc after every
 * memory write before it is visible to it. */
void fw_cfg_io_dma(uintptr_t base, u64 desc);
/* The physical address of memory of ours the device reads or writes. */
u64 fw_cfg_io_pa(const void *p);

#endif
