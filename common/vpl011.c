/*
 * Virtual PL011 (PrimeCell UART PL011 TRM, DDI 0183G, 3.3 register summary).
 * Transmit is immediate: the FIFO is always empty, so TXRIS is always set
 * and the guest's TX interrupt fires whenever it unmasks it. Output is
 * collected into lines for the console mux; input comes from the mux.
 */
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/log.h>
#include <bulkhead/log_limit.h>
#include <bulkhead/mm.h>
#include <bulkhead/vpl011.h>
#include <arch/vgic.h>

#define LINE_MAX 200
/* Input waits here until the guest reads it: room for a pasted command line
 * while the domain is not running (it may share its pCPU), as Xen's 1 KiB
 * console input ring. */
#define RX_SIZE 1024

#define FR_RXFE (1u << 4)
#define FR_RXFF (1u << 6)
#define FR_TXFE (1u << 7)
#define INT_RX	(1u << 4)
#define INT_TX	(1u << 5)
#define INT_RT	(1u << 6)

struct vpl011 {
	struct domain *d;
	u32 cr, lcr_h, ibrd, fbrd, ifls, imsc, dmacr;
	char line[LINE_MAX];
	unsigned int len;
	char rx[RX_SIZE];
	unsigned int rx_head, rx_count;
	bool rx_dropping; /* since the last character that fit */
	spinlock_t lock;
};

static struct vpl011 uarts[CONFIG_MAX_DOMAINS];

static u32 ris(const struct vpl011 *u) { return INT_TX | (u->rx_count ? INT_RX | INT_RT : 0); }

static void update_irq(struct vpl011 *u)
{
	vgic_set_level(u->d, 32 + GUEST_PL011_SPI, (ris(u) & u->imsc) != 0);
}

/* Half a line that the guest has finished sending: its driver has masked the
 * TX interrupt (Linux does when its buffer is empty), so more is not coming
 * soon; a guest still transmitting keeps TXIM set. */
bool vpl011_pending(const struct vpl011 *u) { return u->len != 0 && !(u->imsc & INT_TX); }

void vpl011_flush(struct vpl011 *u)
{
	spin_lock(&u->lock);
	if (u->len)
		console_mux_domain_line(u->d, u->line, u->len);
	u->len = 0;
	spin_unlock(&u->lock);
}

static void tx(struct vpl011 *u, char c)
{
	spin_lock(&u->lock);
	/* A full line goes out before the next character that joins it: not
	 * for a CR (the LF after it would print an empty line). */
	if (c == '\n' || (u->len == LINE_MAX && c != '\r')) {
		console_mux_domain_line(u->d, u->line, u->len);
		u->len = 0;
	}
	if (c != '\n' && c != '\r') /* no terminal control from a guest: no fake prefixes */
		u->line[u->len++] = ((u8)c < 0x20 && c != '\t') || (u8)c == 0x7f ? '.' : c;
	spin_unlock(&u->lock);
}

/* A guest that does not read its console (hung, or busy with interrupts
 * masked) loses its input, said once per run of lost characters, rather
 * than holding up the console of the others. */
bool vpl011_receive(struct vpl011 *u, char c)
{
	bool fits, first_lost;
	spin_lock(&u->lock);
	fits = u->rx_count < RX_SIZE;
	if (fits)
		u->rx[(u->rx_head + u->rx_count++) % RX_SIZE] = c;
	first_lost = !fits && !u->rx_dropping;
	u->rx_dropping = !fits;
	spin_unlock(&u->lock);
	/* Once per run of lost input; a guest that reads one character now and
	 * then while input pours in would start a run each time: limited. */
	if (first_lost)
		log_limited(u->d->name, LOG_CLASS_GUEST, LOG_WARN,
			    "domain %s: console input dropped: it has not read the %u characters "
			    "before",
			    u->d->name, RX_SIZE);
	update_irq(u);
	return fits;
}

static struct vpl011 *uart_of(void *dev) { return dev; }

/* The bytes [off, off + len) of a 32-bit register value: byte and halfword
 * accesses (the PL011 allows them, PL011 TRM 3.2) see only their part. */
static u64 part(u32 reg, u32 off, unsigned int len)
{
	return (reg >> (8 * off)) & (len >= 4 ? 0xffffffffULL : (1ULL << (8 * len)) - 1);
}

static u64 rd_dr(struct vcpu *v, void *dev, u32 off, unsigned int len)
{
	struct vpl011 *u = uart_of(dev);
	u64 c = 0;
	(void)v, (void)len;
	if (off) /* the error flags, bits 11:8: none; the FIFO is not read */
		return 0;
	spin_lock(&u->lock);
	if (u->rx_count) {
		c = (u8)u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % RX_SIZE;
		u->rx_count--;
	}
	spin_unlock(&u->lock);
	update_irq(u);
	return c;
}
static void wr_dr(struct vcpu *v, void *dev, u32 off, unsigned int len, u64 val)
{
	(void)v, (void)len;
	if (!off) /* bits 7:0 are the character; the rest is reserved */
		tx(uart_of(dev), (char)val);
}
static u64 rd_fr(struct vcpu *v, void *dev, u32 off, unsigned int len)
{
	struct vpl011 *u = uart_of(dev);
	(void)v;
	return part(FR_TXFE | (u->rx_count ? 0 : FR_RXFE) | (u->rx_count == RX_SIZE ? FR_RXFF : 0),
		    off, len);
}

/* Plain read/write registers: their storage inside struct vpl011. */
static u32 *reg_field(struct vpl011 *u, u32 off)
{
	switch (off) {
	case 0x24: return &u->ibrd;
	case 0x28: return &u->fbrd;
	case 0x2c: return &u->lcr_h;
	case 0x30: return &u->cr;
	case 0x34: return &u->ifls;
	case 0x38: return &u->imsc;
	default: return &u->dmacr;
	}
}
static u64 rd_plain(struct vcpu *v, void *dev, u32 reg, u32 off, unsigned int len);
static void wr_plain(struct vcpu *v, void *dev, u32 reg, u32 off, unsigned int len, u64 val);

#define PLAIN(o)                                                                                   \
	static u64 rd_##o(struct vcpu *v, void *dev, u32 off, unsigned int len)                    \
	{                                                                                          \
		return rd_plain(v, dev, o, off, len);                                              \
	}                                                                                          \
	static void wr_##o(struct vcpu *v, void *dev, u32 off, unsigned int len, u64 val)          \
	{                                                                                          \
		wr_plain(v, dev, o, off, len, val);                                                \
	}
static u64 rd_plain(struct vcpu *v, void *dev, u32 reg, u32 off, unsigned int len)
{
	(void)v;
	return part(*reg_field(uart_of(dev), reg), off, len);
}
/* A narrow write changes only its bytes; the registers are 16 bits wide. */
static void wr_plain(struct vcpu *v, void *dev, u32 reg, u32 off, unsigned int len, u64 val)
{
	struct vpl011 *u = uart_of(dev);
	u32 *f = reg_field(u, reg), mask = (u32)part(~0U, 0, len) << (8 * off);
	(void)v;
	*f = ((*f & ~mask) | (((u32)val << (8 * off)) & mask)) & 0xffff;
	if (reg == 0x38)
		update_irq(u);
}
PLAIN(0x24)
PLAIN(0x28)
PLAIN(0x2c)
PLAIN(0x30)
PLAIN(0x34)
PLAIN(0x38)
PLAIN(0x48)

static u64 rd_ris(struct vcpu *v, void *dev, u32 off, unsigned int len)
{
	(void)v;
	return part(ris(uart_of(dev)), off, len);
}
static u64 rd_mis(struct vcpu *v, void *dev, u32 off, unsigned int len)
{
	(void)v;
	return part(ris(uart_of(dev)) & uart_of(dev)->imsc, off, len);
}
/* UARTPeriphID0-3, UARTPCellID0-3 (3.3.14-3.3.17): a PL011 r1p5. */
static u64 rd_id(struct vcpu *v, void *dev, u32 off, unsigned int len)
{
	static const u8 ids[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	(void)v, (void)dev, (void)len;
	return ids[off / 4];
}

#define W_ANY (MMIO_W8 | MMIO_W16 | MMIO_W32)
static const struct mmio_reg regs[] = {
	{0x000, 4, W_ANY, rd_dr, wr_dr},
	{0x004, 4, W_ANY, NULL, NULL}, /* RSR/ECR: no errors */
	{0x018, 4, W_ANY, rd_fr, NULL},
	{0x024, 4, W_ANY, rd_0x24, wr_0x24},
	{0x028, 4, W_ANY, rd_0x28, wr_0x28},
	{0x02c, 4, W_ANY, rd_0x2c, wr_0x2c},
	{0x030, 4, W_ANY, rd_0x30, wr_0x30},
	{0x034, 4, W_ANY, rd_0x34, wr_0x34},
	{0x038, 4, W_ANY, rd_0x38, wr_0x38},
	{0x03c, 4, W_ANY, rd_ris, NULL},
	{0x040, 4, W_ANY, rd_mis, NULL},
	{0x044, 4, W_ANY, NULL, NULL}, /* ICR: TX and RX are level, nothing latches */
	{0x048, 4, W_ANY, rd_0x48, wr_0x48},
	{0xfe0, 32, MMIO_W32, rd_id, NULL},
};

const struct mmio_device vpl011_dev = {
	.name = "PL011",
	.regs = regs,
	.nregs = ARRAY_SIZE(regs),
	.raz_wi_miss = true,
};

/* As at power-on, for a restarted domain; what it had not finished printing
 * was flushed when it stopped. */
void vpl011_reset(struct vpl011 *u)
{
	spin_lock(&u->lock);
	u->cr = 0x300; /* TXE | RXE */
	u->lcr_h = u->ibrd = u->fbrd = u->ifls = u->imsc = u->dmacr = 0;
	u->len = 0;
	u->rx_head = u->rx_count = 0;
	u->rx_dropping = false;
	spin_unlock(&u->lock);
}

struct vpl011 *vpl011_create(struct domain *d)
{
	struct vpl011 *u;
	/* The domain's slot: a refused domain's is the next one's in its place. */
	if (d->id >= CONFIG_MAX_DOMAINS)
		return NULL;
	u = &uarts[d->id];
	memset(u, 0, sizeof(*u));
	u->d = d;
	u->cr = 0x300; /* TXE | RXE */
	if (vmmio_add(d, GUEST_PL011_BASE, GUEST_PL011_SIZE, &vpl011_dev, u))
		return NULL;
	return u;
}
