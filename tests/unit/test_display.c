/* drivers/display/ (the core and the ramfb driver) over
 * drivers/firmware/qemu_fw_cfg.c, against a model of QEMU's fw_cfg device
 * written from its specification (docs/specs/fw_cfg.rst): the selector and
 * data registers, the file directory and DMA descriptors, with the ramfb
 * file's contents kept for the checks. The model implements fw_cfg_io_*,
 * the driver's only access to the machine. */
#include "unit.h"
#include <libfdt.h>
#include <bulkhead/display.h>
#include <bulkhead/driver.h>
#include <bulkhead/fw_cfg.h>
#include <bulkhead/log.h>
#include "shim_log.h"

#define FW_CFG_BASE 0x9020000ULL
#define RAMFB_SEL   0x0025
#define OTHER_SEL   0x0020

static const char *dtb_dir = "build/unit/dtb";

/* ---- the fw_cfg model ------------------------------------------------------ */

static struct {
	bool bad_signature, no_dma, no_ramfb, fail_dma, ramfb_short;
	u16 key;
	u32 offset;
	u8 dir[4 + 3 * 64];
	u8 ramfb[28];
	unsigned int writes, dmas;
	u64 mapped_base, mapped_size;
} m;

static u32 be32(const u8 *p) { return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3]; }
static u64 be64(const u8 *p) { return (u64)be32(p) << 32 | be32(p + 4); }
static void put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24), p[1] = (u8)(v >> 16), p[2] = (u8)(v >> 8), p[3] = (u8)v;
}

static void add_file(unsigned int i, const char *name, u16 sel, u32 size)
{
	u8 *e = m.dir + 4 + 64 * i;
	put_be32(e, size);
	e[4] = (u8)(sel >> 8), e[5] = (u8)sel;
	snprintf((char *)e + 8, 56, "%s", name);
}

static void model_reset(void)
{
	memset(&m, 0, sizeof(m));
	add_file(0, "bootorder", OTHER_SEL, 0);
	add_file(1, "etc/boot-fail-wait", OTHER_SEL + 1, 4);
	add_file(2, "etc/ramfb", RAMFB_SEL, 28);
	put_be32(m.dir, 3);
}

/* The item key's bytes, or NULL. */
static const u8 *item(u16 key, u32 *len)
{
	static u8 id[4];
	switch (key) {
	case FW_CFG_SIGNATURE: *len = 4; return (const u8 *)(m.bad_signature ? "QEMX" : "QEMU");
	case FW_CFG_ID:
		id[0] = m.no_dma ? 1 : 3; /* bit 0: traditional interface, bit 1: DMA */
		*len = 4;
		return id;
	case FW_CFG_FILE_DIR:
		put_be32(m.dir, m.no_ramfb ? 2 : 3);
		*len = sizeof(m.dir);
		return m.dir;
	default: *len = 0; return NULL;
	}
}

int fw_cfg_io_map(u64 base, u64 size)
{
	m.mapped_base = base, m.mapped_size = size;
	return 0;
}

void fw_cfg_io_select(uintptr_t base, u16 key)
{
	assert_int_equal(base, FW_CFG_BASE);
	m.key = key, m.offset = 0;
}

u8 fw_cfg_io_read8(uintptr_t base)
{
	u32 len;
	const u8 *p = item(m.key, &len);
	assert_int_equal(base, FW_CFG_BASE);
	return p && m.offset < len ? p[m.offset++] : 0;
}

void fw_cfg_io_dma(uintptr_t base, u64 desc)
{
	u8 *d = (u8 *)(uintptr_t)desc;
	u32 ctl = be32(d), len = be32(d + 4), ilen;
	u8 *buf = (u8 *)(uintptr_t)be64(d + 8);
	const u8 *p;
	bool error = m.fail_dma;

	assert_int_equal(base, FW_CFG_BASE);
	assert_int_equal(desc % 8, 0);
	m.dmas++;
	if (ctl & FW_CFG_DMA_SELECT)
		m.key = (u16)(ctl >> 16), m.offset = 0;
	if (!error && (ctl & FW_CFG_DMA_WRITE)) {
		/* Only the ramfb file is writable, and only whole. */
		if (m.key != RAMFB_SEL || m.offset + len > (m.ramfb_short ? 20 : 28)) {
			error = true;
		} else {
			memcpy(m.ramfb + m.offset, buf, len);
			m.offset += len;
			m.writes++;
		}
	} else if (!error && (ctl & FW_CFG_DMA_READ)) {
		p = item(m.key, &ilen);
		for (u32 i = 0; i < len; i++)
			buf[i] = p && m.offset < ilen ? p[m.offset++] : 0;
	} else if (!error && (ctl & FW_CFG_DMA_SKIP)) {
		m.offset += len;
	}
	put_be32(d, error ? FW_CFG_DMA_ERROR : 0);
}

u64 fw_cfg_io_pa(const void *p) { return (u64)(uintptr_t)p; }

/* ---- tests ------------------------------------------------------------------ */

static void *host_dt;

/* The ramfb driver, as display.c finds it: the one display entry the
 * registry holds (this test links drivers/display/ramfb.c only). */
static const struct display_driver *ramfb(void)
{
	size_t n;
	const struct driver *t = driver_table(&n);
	for (size_t i = 0; i < n; i++)
		if (t[i].cls == DRIVER_DISPLAY)
			return t[i].ops;
	fail_msg("no display driver in the registry");
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	model_reset();
	shim_log_reset();
	return 0;
}

static int probe(char *why, size_t len, struct mem_range *mmio)
{
	why[0] = '\0';
	return ramfb()->probe(host_dt, mmio, why, len);
}

TEST(test_probe_finds_ramfb)
{
	struct mem_range r;
	char why[120];

	assert_int_equal(probe(why, sizeof(why), &r), 0);
	assert_int_equal(r.base, FW_CFG_BASE);
	assert_int_equal(r.size, 0x18);
	assert_int_equal(m.mapped_base, FW_CFG_BASE);
	assert_int_equal(m.mapped_size, 0x18);
	assert_int_equal(m.writes, 0); /* probing writes nothing */
}

/* The ramfb configuration QEMU reads: packed, big-endian. */
TEST(test_scanout_writes_config)
{
	struct display_mode mode = {0x123456789000ULL, 800, 480, 3200, DISPLAY_XRGB8888};
	static const u8 want[28] = {0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x90, 0x00, /* addr */
				    '4',  '2',	'R',  'X',   /* fourcc 0x34325258, big-endian */
				    0,	  0,	0,    0,     /* flags */
				    0,	  0,	0x03, 0x20,  /* width */
				    0,	  0,	0x01, 0xe0,  /* height */
				    0,	  0,	0x0c, 0x80}; /* stride */
	struct mem_range r;
	char why[120];

	assert_int_equal(probe(why, sizeof(why), &r), 0);
	assert_int_equal(ramfb()->scanout(&mode), 0);
	assert_int_equal(m.writes, 1);
	assert_memory_equal(m.ramfb, want, sizeof(want));
	/* Another mode replaces it. */
	mode.paddr = 0x80000000ULL;
	assert_int_equal(ramfb()->scanout(&mode), 0);
	assert_int_equal(be64(m.ramfb), 0x80000000ULL);
	mode.fourcc = 0x36314752; /* RG16: not ours */
	assert_int_equal(ramfb()->scanout(&mode), -E_NOSUPP);
	assert_int_equal(m.writes, 2);
}

/* Blank: a small black buffer of the hypervisor's, no byte of the domain's. */
TEST(test_blank)
{
	struct display_mode mode = {0x80000000ULL, 800, 480, 3200, DISPLAY_XRGB8888};
	struct mem_range r;
	char why[120];
	const u32 *px;

	assert_int_equal(probe(why, sizeof(why), &r), 0);
	assert_int_equal(ramfb()->scanout(&mode), 0);
	assert_int_equal(ramfb()->blank(), 0);
	assert_int_equal(be32(m.ramfb + 16), 16);
	assert_int_equal(be32(m.ramfb + 20), 16);
	assert_int_equal(be32(m.ramfb + 24), 64);
	px = (const u32 *)(uintptr_t)be64(m.ramfb);
	assert_true(be64(m.ramfb) != 0x80000000ULL);
	for (unsigned int i = 0; i < 16 * 16; i++)
		assert_int_equal(px[i], 0);
}

TEST(test_no_ramfb)
{
	struct mem_range r;
	char why[120];

	m.no_ramfb = true;
	assert_int_equal(probe(why, sizeof(why), &r), -E_NOENT);
	assert_string_equal(why, "fw_cfg has no etc/ramfb: QEMU without -device ramfb");
	assert_int_equal(r.base, FW_CFG_BASE); /* mapped all the same: keep it from domains */
}

TEST(test_no_dma)
{
	struct mem_range r;
	char why[120];

	m.no_dma = true;
	assert_int_equal(probe(why, sizeof(why), &r), -E_NOENT);
	assert_string_equal(why, "fw_cfg at 0x9020000 has no DMA interface (QEMU before 2.9)");
	assert_int_equal(m.dmas, 0);
}

TEST(test_bad_signature)
{
	struct mem_range r;
	char why[120];

	m.bad_signature = true;
	assert_int_equal(probe(why, sizeof(why), &r), -E_NOENT);
	assert_string_equal(why, "fw_cfg at 0x9020000: no \"QEMU\" signature");
}

TEST(test_no_fw_cfg_node)
{
	static u8 copy[1 << 20];
	struct mem_range r;
	char why[120];

	assert_int_equal(fdt_open_into(host_dt, copy, sizeof(copy)), 0);
	assert_int_equal(fdt_del_node(copy, fdt_path_offset(copy, "/fw-cfg@9020000")), 0);
	assert_int_equal(ramfb()->probe(copy, &r, why, sizeof(why)), -E_NOENT);
	assert_string_equal(why, "no fw_cfg device (\"qemu,fw-cfg-mmio\") in the host DT");
	assert_int_equal(r.size, 0);
}

/* The device's error bit fails the transfer: in the directory read (no
 * display) and in the scanout (an error the core logs). */
TEST(test_dma_error)
{
	struct display_mode mode = {0x80000000ULL, 64, 64, 256, DISPLAY_XRGB8888};
	struct mem_range r;
	char why[120];

	m.fail_dma = true;
	assert_int_equal(probe(why, sizeof(why), &r), -E_NOENT);
	m.fail_dma = false;
	assert_int_equal(probe(why, sizeof(why), &r), 0);
	m.ramfb_short = true; /* the write runs past the file: an error */
	assert_int_equal(ramfb()->scanout(&mode), -E_IO);
	m.ramfb_short = false;
	m.fail_dma = true;
	assert_int_equal(ramfb()->scanout(&mode), -E_IO);
	assert_int_equal(ramfb()->blank(), -E_IO);
}

/* The core: the first driver the board has, headless otherwise. */
TEST(test_core_show_and_headless)
{
	struct display_mode mode = {0x80000000ULL, 64, 32, 256, DISPLAY_XRGB8888};

	display_init(host_dt);
	assert_string_equal(shim_logged, "display: QEMU ramfb (fw_cfg)");
	assert_int_equal(display_mmio().base, FW_CFG_BASE);
	assert_int_equal(display_show("cluster", &mode), 0);
	assert_string_equal(shim_logged, "domain cluster: framebuffer 64x32 at 0x80000000 on the "
					 "display (QEMU ramfb (fw_cfg))");
	assert_int_equal(be32(m.ramfb + 16), 64);
	display_blank("cluster");
	assert_int_equal(be32(m.ramfb + 16), 16);

	model_reset();
	m.no_ramfb = true;
	shim_log_reset();
	display_init(host_dt);
	assert_int_equal(shim_nlogged, 0);
	assert_int_equal(display_mmio().base, FW_CFG_BASE);
	assert_int_equal(display_show("cluster", &mode), 0);
	assert_string_equal(shim_logged, "domain cluster: framebuffer 64x32: the board has no "
					 "display (fw_cfg has no etc/ramfb: QEMU without -device "
					 "ramfb); it runs headless");
	display_blank("cluster"); /* nothing to blank */
	assert_int_equal(m.writes, 0);

	model_reset();
	m.fail_dma = true;
	display_init(host_dt);
	m.fail_dma = false;
	shim_log_reset();
	assert_int_equal(display_show("cluster", &mode), 0); /* headless again */
	assert_int_equal(m.writes, 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe_finds_ramfb, setup),
		cmocka_unit_test_setup(test_scanout_writes_config, setup),
		cmocka_unit_test_setup(test_blank, setup),
		cmocka_unit_test_setup(test_no_ramfb, setup),
		cmocka_unit_test_setup(test_no_dma, setup),
		cmocka_unit_test_setup(test_bad_signature, setup),
		cmocka_unit_test_setup(test_no_fw_cfg_node, setup),
		cmocka_unit_test_setup(test_dma_error, setup),
		cmocka_unit_test_setup(test_core_show_and_headless, setup),
	};

	if (argc > 1)
		dtb_dir = argv[1];
	host_dt = unit_load_dtb(dtb_dir, "virt-gic3-smp1.dtb");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
