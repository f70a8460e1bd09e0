/*
 * QEMU's ramfb (-device ramfb): a scanout of guest RAM that the machine's
 * firmware programs by writing the fw_cfg file "etc/ramfb" (with DMA), a
 * packed big-endian {u64 addr; u32 fourcc; u32 flags; u32 width; u32 height;
 * u32 stride}. QEMU shows those pages from then on; a new write replaces the
 * mode. QEMU only has the file when started with -device ramfb.
 *
 * Blanking points it at a small black buffer of ours (QEMU's smallest
 * mode), since ramfb has no "off".
 */
#include <bulkhead/display.h>
#include <bulkhead/driver.h>
#include <bulkhead/fmt.h>
#include <bulkhead/fw_cfg.h>

#define RAMFB_FILE "etc/ramfb"
#define BLANK_SIDE 16
#define RAMFB_SIZE 28

struct ramfb_cfg {
	u64 addr;
	u32 fourcc, flags, width, height, stride;
} __attribute__((packed));

static struct fw_cfg fw;
static u16 ramfb_select;
static u32 blank_pixels[BLANK_SIDE * BLANK_SIDE] __attribute__((aligned(64)));

static int ramfb_probe(const void *fdt, struct mem_range *mmio, char *why, size_t len)
{
	u32 size = 0;
	int rc = fw_cfg_probe(fdt, &fw, mmio, why, len);

	if (rc)
		return rc;
	if (fw_cfg_find_file(&fw, RAMFB_FILE, &ramfb_select, &size)) {
		fmt_snprintf(why, len, "fw_cfg has no %s: QEMU without -device ramfb", RAMFB_FILE);
		return -E_NOENT;
	}
	if (size != RAMFB_SIZE) {
		fmt_snprintf(why, len, "fw_cfg %s is %u bytes, not %u", RAMFB_FILE, size,
			     RAMFB_SIZE);
		return -E_NOSUPP;
	}
	return 0;
}

static int ramfb_scanout(const struct display_mode *m)
{
	struct ramfb_cfg c;

	if (m->fourcc != DISPLAY_XRGB8888)
		return -E_NOSUPP;
	c.addr = fw_cfg_be64(m->paddr);
	c.fourcc = fw_cfg_be32(m->fourcc);
	c.flags = 0;
	c.width = fw_cfg_be32(m->width);
	c.height = fw_cfg_be32(m->height);
	c.stride = fw_cfg_be32(m->stride);
	return fw_cfg_write(&fw, ramfb_select, &c, sizeof(c));
}

static int ramfb_blank(void)
{
	struct display_mode m = {fw_cfg_io_pa(blank_pixels), BLANK_SIDE, BLANK_SIDE, BLANK_SIDE * 4,
				 DISPLAY_XRGB8888};
	return ramfb_scanout(&m);
}

static const struct display_driver display_ramfb = {
	.name = "QEMU ramfb (fw_cfg)",
	.probe = ramfb_probe,
	.scanout = ramfb_scanout,
	.blank = ramfb_blank,
};
DRIVER_REGISTER(ramfb, DRIVER_DISPLAY, 0, &display_ramfb, NULL);
