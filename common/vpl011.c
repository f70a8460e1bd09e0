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

static u64 dr_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	struct vpl011 *u = uart_of(dev);
	u64 c = 0;
	(void)v, (void)arg, (void)len;
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
static void dr_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	(void)v, (void)arg, (void)len;
	if (!off) /* bits 7:0 are the character; the rest is reserved */
		tx(uart_of(dev), (char)val);
}
static u64 fr_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	struct vpl011 *u = uart_of(dev);
	(void)v, (void)arg;
	return part(FR_TXFE | (u->rx_count ? 0 : FR_RXFE) | (u->rx_count == RX_SIZE ? FR_RXFF : 0),
		    off, len);
}

/* Plain read/write registers: the row's arg is their storage's offset in
 * struct vpl011. */
static u32 *plain_field(void *dev, u32 arg) { return (u32 *)((char *)dev + arg); }
static u64 plain_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v;
	return part(*plain_field(dev, arg), off, len);
}
/* A narrow write changes only its bytes; the registers are 16 bits wide. */
static void plain_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	u32 *f = plain_field(dev, arg), mask = (u32)part(~0U, 0, len) << (8 * off);
	(void)v;
	*f = ((*f & ~mask) | (((u32)val << (8 * off)) & mask)) & 0xffff;
}
/* UARTIMSC: plain, and the line follows the mask. */
static void imsc_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	plain_write(v, dev, arg, off, len, val);
	update_irq(uart_of(dev));
}

static u64 ris_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)arg;
	return part(ris(uart_of(dev)), off, len);
}
static u64 mis_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)arg;
	return part(ris(uart_of(dev)) & uart_of(dev)->imsc, off, len);
}
/* UARTPeriphID0-3, UARTPCellID0-3 (3.3.14-3.3.17): a PL011 r1p5. */
static u64 id_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	static const u8 ids[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	(void)v, (void)dev, (void)arg, (void)len;
	return ids[off / 4];
}

#define W_ANY (MMIO_W8 | MMIO_W16 | MMIO_W32)
/* The register summary (3.3), sorted by offset. RSR/ECR read 0: no errors;
 * ICR writes are ignored: TX and RX are level, nothing latches. */
/* clang-format off */
static const struct mmio_reg regs[] = {
	{0x000, 4, W_ANY, 0, dr_read, dr_write},                                    /* UARTDR */
	{0x004, 4, W_ANY, 0, NULL, NULL},                                           /* UARTRSR/ECR */
	{0x018, 4, W_ANY, 0, fr_read, NULL},                                        /* UARTFR */
	{0x024, 4, W_ANY, offsetof(struct vpl011, ibrd), plain_read, plain_write},  /* UARTIBRD */
	{0x028, 4, W_ANY, offsetof(struct vpl011, fbrd), plain_read, plain_write},  /* UARTFBRD */
	{0x02c, 4, W_ANY, offsetof(struct vpl011, lcr_h), plain_read, plain_write}, /* UARTLCR_H */
	{0x030, 4, W_ANY, offsetof(struct vpl011, cr), plain_read, plain_write},    /* UARTCR */
	{0x034, 4, W_ANY, offsetof(struct vpl011, ifls), plain_read, plain_write},  /* UARTIFLS */
	{0x038, 4, W_ANY, offsetof(struct vpl011, imsc), plain_read, imsc_write},   /* UARTIMSC */
	{0x03c, 4, W_ANY, 0, ris_read, NULL},                                       /* UARTRIS */
	{0x040, 4, W_ANY, 0, mis_read, NULL},                                       /* UARTMIS */
	{0x044, 4, W_ANY, 0, NULL, NULL},                                           /* UARTICR */
	{0x048, 4, W_ANY, offsetof(struct vpl011, dmacr), plain_read, plain_write}, /* UARTDMACR */
	{0xfe0, 32, MMIO_W32, 0, id_read, NULL},                                    /* UARTPeriphID, PCellID */
};
/* clang-format on */

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
