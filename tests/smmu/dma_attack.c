/*
 * A hostile guest program for tests/integration/test_smmu.py: it drives a
 * virtio-blk PCI device itself (no driver bound) and asks it to read a disk
 * sector into memory the guest does not own. Static and libc-free (raw
 * syscalls, tools/lib/linux_raw.h).
 *
 *   dma_attack <sysfs PCI device dir> <target address, hex | self>
 *
 * It finds the virtio 1.0 capabilities in config space (virtio spec 1.x,
 * 4.1.4 "Virtio Structure PCI Capabilities"), turns on memory decoding and
 * bus mastering, brings the device up (3.1.1 "Driver Requirements: Device
 * Initialization"), builds queue 0 in one locked page of its own memory
 * whose guest physical address it reads from /proc/self/pagemap, and posts
 * one VIRTIO_BLK_T_IN request (5.2.6) whose data buffer is <target>:
 * header (device-readable), 512 bytes at target (device-writable), status.
 * Without an IOMMU the device would write the sector there. It prints
 *   DMA-ATTACK target=0x... used=<n> status=0x..
 * after a second. "self" is the control: the buffer is in the program's own
 * page and the sector the ext4 superblock's (2), so a DMA that lands shows
 * its magic (" magic=0xef53"). QEMU's virtio-blk completes the request even when its
 * writes were refused (used = 1, status 0): whether the sector landed is
 * for the SMMU's fault report and the victim's memory to tell.
 */
#include "linux_raw.h"

#define SYS_pread64   67
#define SYS_pwrite64  68
#define SYS_mlock     228
#define MAP_PRIV_ANON 0x22

/* struct virtio_pci_common_cfg (4.1.4.3) */
#define CC_DFSELECT 0x00
#define CC_GFSELECT 0x08
#define CC_GF	    0x0c
#define CC_STATUS   0x14
#define CC_QSELECT  0x16
#define CC_QSIZE    0x18
#define CC_QMSIX    0x1a
#define CC_QENABLE  0x1c
#define CC_QNOTIFY  0x1e
#define CC_QDESC    0x20
#define CC_QDRIVER  0x28
#define CC_QDEVICE  0x30
/* device status (2.1) */
#define S_ACK	      1
#define S_DRIVER      2
#define S_DRIVER_OK   4
#define S_FEATURES_OK 8

static char path[256];

static void out(const char *s)
{
	i64 n = 0;
	while (s[n])
		n++;
	sys(SYS_write, 1, (i64)s, n, 0);
}

static void fail(const char *why)
{
	out("DMA-ATTACK error: ");
	out(why);
	out("\n");
	sys(SYS_exit, 1, 0, 0, 0);
}

static char *put_hex(char *p, u64 v)
{
	p = put_str(p, "0x");
	for (int i = 60; i >= 0; i -= 4)
		if (v >> i || !i)
			*p++ = "0123456789abcdef"[(v >> i) & 0xf];
	return p;
}

static u64 parse_hex(const char *s)
{
	u64 v = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++)
		v = v * 16 + (u64)(*s <= '9' ? *s - '0' : (*s | 32) - 'a' + 10);
	return v;
}

static i64 open_in(const char *dir, const char *name)
{
	char *p = put_str(put_str(path, dir), name);
	*p = 0;
	return sys(SYS_openat, AT_FDCWD, (i64)path, O_RDWR | O_SYNC, 0);
}

static void *map(i64 fd, u64 len, int flags)
{
	i64 x0 = sys_mmap(len, PROT_RW, flags, fd, 0);
	if ((u64)x0 >= (u64)-MAX_MMAP_ERRNO)
		fail("mmap");
	return (void *)x0;
}

struct cap {
	u8 bar;
	u32 off, mult;
};

/* The vendor capabilities (ID 9) of type 1 (common) and 2 (notify). */
static void find_caps(const u8 *cfg, struct cap *common, struct cap *notify)
{
	for (u8 p = cfg[0x34]; p; p = cfg[p + 1]) {
		u32 off = cfg[p + 8] | cfg[p + 9] << 8 | cfg[p + 10] << 16 | (u32)cfg[p + 11] << 24;
		struct cap c = {cfg[p + 4], off, 0};
		if (cfg[p] != 9)
			continue;
		if (cfg[p + 3] == 2)
			c.mult = cfg[p + 16] | cfg[p + 17] << 8 | cfg[p + 18] << 16 |
				 (u32)cfg[p + 19] << 24;
		if (cfg[p + 3] == 1)
			*common = c;
		else if (cfg[p + 3] == 2)
			*notify = c;
	}
	if (!common->off && !notify->off)
		fail("no virtio 1.0 capabilities");
}

static volatile u8 *bar_map(const char *dir, u8 bar)
{
	char name[] = "/resource0";
	i64 fd;
	name[9] = (char)('0' + bar);
	fd = open_in(dir, name);
	if (fd < 0)
		fail("cannot open the BAR's resource file");
	return map(fd, 0x4000, MAP_SHARED);
}

/* The guest physical address of a locked page (/proc/self/pagemap). */
static u64 phys_of(void *va)
{
	u64 e = 0;
	i64 fd = sys(SYS_openat, AT_FDCWD, (i64) "/proc/self/pagemap", 0, 0);
	if (fd < 0 || sys(SYS_pread64, fd, (i64)&e, 8, (i64)((u64)va / 4096 * 8)) != 8 ||
	    !(e >> 63))
		fail("pagemap");
	sys(SYS_close, fd, 0, 0, 0);
	return (e & ((1ULL << 55) - 1)) * 4096;
}

#define W8(b, o, v)  (*(volatile u8 *)((b) + (o)) = (u8)(v))
#define W16(b, o, v) (*(volatile u16 *)((b) + (o)) = (u16)(v))
#define W32(b, o, v) (*(volatile u32 *)((b) + (o)) = (u32)(v))
#define W64(b, o, v) (W32(b, o, (v)&0xffffffff), W32(b, (o) + 4, (v) >> 32))

static void queue_page(u8 *q, u64 pa, u64 target, u64 sector)
{
	volatile u64 *d = (volatile u64 *)q; /* descriptors: addr, len|flags<<32|next<<48 */
	volatile u16 *avail = (volatile u16 *)(q + 256);

	d[0] = pa + 1024;
	d[1] = 16 | 1ULL << 32 | 1ULL << 48; /* header: NEXT */
	d[2] = target;
	d[3] = 512 | 3ULL << 32 | 2ULL << 48; /* data: WRITE | NEXT */
	d[4] = pa + 2048;
	d[5] = 1 | 2ULL << 32;			  /* status: WRITE */
	*(volatile u64 *)(q + 1024 + 8) = sector; /* struct virtio_blk_req: type 0 (IN) */
	q[2048] = 0xff;
	avail[0] = 0;
	avail[2] = 0; /* ring[0] = descriptor 0 */
	avail[1] = 1; /* idx */
}

static void device_up(volatile u8 *cc, u64 pa)
{
	W8(cc, CC_STATUS, 0);
	while (cc[CC_STATUS])
		;
	W8(cc, CC_STATUS, S_ACK);
	W8(cc, CC_STATUS, S_ACK | S_DRIVER);
	W32(cc, CC_DFSELECT, 1);
	W32(cc, CC_GFSELECT, 1);
	W32(cc, CC_GF, 3); /* VIRTIO_F_VERSION_1, VIRTIO_F_ACCESS_PLATFORM */
	W32(cc, CC_GFSELECT, 0);
	W32(cc, CC_GF, 0);
	W8(cc, CC_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
	if (!(cc[CC_STATUS] & S_FEATURES_OK))
		fail("features refused");
	W16(cc, CC_QSELECT, 0);
	W16(cc, CC_QSIZE, 8);
	W16(cc, CC_QMSIX, 0xffff);
	W64(cc, CC_QDESC, pa);
	W64(cc, CC_QDRIVER, pa + 256);
	W64(cc, CC_QDEVICE, pa + 512);
	W16(cc, CC_QENABLE, 1);
	W8(cc, CC_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
}

int main_c(int argc, char **argv)
{
	u8 cfg[256];
	u16 cmd;
	struct cap common = {0, 0, 0}, notify = {0, 0, 0};
	volatile u8 *cc, *nb;
	u8 *q;
	u64 pa, target;
	int self;
	i64 fd, t0;
	char line[128], *p;

	if (argc != 3)
		fail("usage: dma_attack <sysfs PCI device dir> <target hex>");
	self = argv[2][0] == 's';
	target = self ? 0 : parse_hex(argv[2]);
	fd = open_in(argv[1], "/config");
	if (fd < 0 || sys(SYS_pread64, fd, (i64)cfg, sizeof(cfg), 0) != sizeof(cfg))
		fail("cannot read config space");
	cmd = (u16)(cfg[4] | cfg[5] << 8 | 2 | 4); /* memory space, bus master */
	sys(SYS_pwrite64, fd, (i64)&cmd, 2, 4);
	find_caps(cfg, &common, &notify);
	q = map(-1, 4096, MAP_PRIV_ANON);
	sys(SYS_mlock, (i64)q, 4096, 0, 0);
	q[0] = 0;
	pa = phys_of(q);
	if (self)
		target = pa + 3072;
	queue_page(q, pa, target, self ? 2 : 0);
	cc = bar_map(argv[1], common.bar) + common.off;
	nb = bar_map(argv[1], notify.bar) + notify.off;
	device_up(cc, pa);
	W16(nb, (u64) * (volatile u16 *)(cc + CC_QNOTIFY) * notify.mult, 0); /* queue 0: work */
	for (t0 = now_ns(); now_ns() - t0 < 1000000000L;)
		;
	p = put_hex(put_str(line, "DMA-ATTACK target="), target);
	p = put_num(put_str(p, " used="), *(volatile u16 *)(q + 512 + 2));
	p = put_hex(put_str(p, " status="), q[2048]);
	if (self) /* the ext4 superblock's s_magic, 56 bytes into it */
		p = put_hex(put_str(p, " magic="), (u64)(q[3072 + 56] | q[3072 + 57] << 8));
	p = put_str(p, "\n");
	*p = 0;
	out(line);
	return 0;
}
