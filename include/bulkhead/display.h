/*
 * The board display: one scanout engine that shows one domain's framebuffer
 * (bulkhead,framebuffer), zero-copy: it reads the host physical pages the
 * guest writes. drivers/display/display.c picks the board's driver at boot;
 * a driver (drivers/display/<name>.c) provides struct display_driver. See
 * docs/display.md for the model and how to add a board's driver.
 */
#ifndef BULKHEAD_DISPLAY_H
#define BULKHEAD_DISPLAY_H

#include <bulkhead/types.h>
#include <bulkhead/dt.h>

/* DRM fourcc 'XR24': 32-bit pixels, x:R:G:B 8:8:8:8 little-endian. */
#define DISPLAY_XRGB8888 0x34325258U

struct display_mode {
	u64 paddr; /* host physical, contiguous */
	u32 width, height, stride, fourcc;
};

struct display_driver {
	const char *name;
	/* Finds the display in the host DT and makes it usable (maps its
	 * registers). 0 if the board has it; otherwise why says what is
	 * missing. *mmio: the registers it mapped (size 0: none), which no
	 * domain may be given, set even when the probe fails after mapping. */
	int (*probe)(const void *fdt, struct mem_range *mmio, char *why, size_t len);
	/* Shows the framebuffer described by m from now on. */
	int (*scanout)(const struct display_mode *m);
	/* Shows nothing from the domain's memory (black, or the engine off). */
	int (*blank)(void);
};

#ifdef CONFIG_DISPLAY
/* Probes the configured drivers in turn; the first the board has is used.
 * Logs which one, or keeps why there is none for display_show. */
void display_init(const void *fdt);
/* The registers the display driver uses (size 0: none). */
struct mem_range display_mmio(void);
/* owner's framebuffer at m goes on the display; without a display, one
 * line says that owner runs headless. 0, or the driver's error (logged). */
int display_show(const char *owner, const struct display_mode *m);
/* Blanks the display (its owner stopped): no frame of its memory stays on
 * screen while that memory is rebuilt or left behind. */
void display_blank(const char *owner);
#else
static inline void display_init(const void *fdt) { (void)fdt; }
static inline struct mem_range display_mmio(void) { return (struct mem_range){0, 0}; }
static inline int display_show(const char *owner, const struct display_mode *m)
{
	(void)owner, (void)m;
	return 0;
}
static inline void display_blank(const char *owner) { (void)owner; }
#endif

#endif
