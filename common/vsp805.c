/*
 * Virtual SP805 watchdog (ARM PrimeCell Watchdog Module (SP805) TRM, DDI 0270B:
 * chapter 3 Programmer's Model, summary of registers and register
 * descriptions; chapter 4 Programmer's Model for Test: WdogITCR, WdogITOP).
 *
 * The 32-bit counter decrements at WDOGCLK (VSP805_CLOCK_HZ) while INTEN is
 * set. When it reaches 0 the interrupt is raised (WdogRIS) and one clock later
 * the counter reloads from WdogLoad; reaching 0 again with the interrupt
 * still set asserts the reset output if RESEN is set. Nothing ticks here: the
 * counter is computed from the system counter and the time it was last
 * loaded (t0), and one timer event is armed for the next zero that changes
 * something (the interrupt, or the reset).
 */
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/spinlock.h>
#include <bulkhead/timer.h>
#include <bulkhead/vmmio.h>
#include <bulkhead/vsp805.h>
#include <arch/vgic.h>

#define NS_PER_TICK (1000000000ULL / VSP805_CLOCK_HZ)

#define CTRL_INTEN (1u << 0)
#define CTRL_RESEN (1u << 1)
#define LOCK_KEY   0x1ACCE551u /* the only value that unlocks (WdogLock) */
#define ITCR_EN	   (1u << 0)
#define ITOP_RES   (1u << 0) /* WDOGRES in integration test mode */
#define ITOP_INT   (1u << 1) /* WDOGINT */

struct vsp805 {
	struct domain *d;
	u32 timeout_ms;
	spinlock_t lock;
	struct timer_event ev;
	bool active;  /* between vsp805_start and vsp805_stop */
	bool expired; /* the reset output fired: frozen until the next start */
	u32 load, ctrl, itcr, itop;
	bool ris, locked;
	u64 t0;	  /* ns: the counter held `load` then (while counting) */
	u32 held; /* the counter while stopped */
};

/* One per domain, indexed by domain id: no allocator, nothing to give back. */
static struct vsp805 wdogs[CONFIG_MAX_DOMAINS];

static bool counting(const struct vsp805 *w)
{
	return w->active && !w->expired && (w->ctrl & CTRL_INTEN);
}

/* Whether reaching zero with the interrupt still set resets: in integration
 * test mode the outputs come from WdogITOP instead of the counter. */
static bool resets(const struct vsp805 *w)
{
	return (w->ctrl & CTRL_RESEN) && !(w->itcr & ITCR_EN);
}

static u64 period_ns(const struct vsp805 *w) { return ((u64)w->load + 1) * NS_PER_TICK; }

/* Brings the state up to now: the interrupt at the first zero, then the
 * reset (or, without RESEN, more periods with the interrupt kept set).
 * Returns true if the reset output fired just now. */
static bool advance(struct vsp805 *w, u64 now)
{
	u64 zero;

	if (!counting(w))
		return false;
	zero = w->t0 + (u64)w->load * NS_PER_TICK;
	if (now < zero)
		return false;
	if (!w->ris) {
		w->ris = true;
		w->t0 += period_ns(w); /* reloaded one clock after the zero */
		zero = w->t0 + (u64)w->load * NS_PER_TICK;
		if (now < zero)
			return false;
	}
	if (resets(w)) {
		w->expired = true;
		w->held = 0;
		return true;
	}
	w->t0 += ((now - zero) / period_ns(w) + 1) * period_ns(w);
	return false;
}

static u32 value(const struct vsp805 *w, u64 now)
{
	if (!counting(w))
		return w->held;
	if (now < w->t0) /* the clock between the zero and the reload */
		return 0;
	return w->load - (u32)((now - w->t0) / NS_PER_TICK);
}

static bool irq_line(const struct vsp805 *w)
{
	if (w->itcr & ITCR_EN)
		return (w->itop & ITOP_INT) != 0;
	return w->ris && (w->ctrl & CTRL_INTEN);
}

/* After advance() or a register write: the interrupt line and the timer
 * event for the next zero that matters. The event is (re)armed on the
 * calling CPU, which is fine for a timeout of milliseconds or more. */
static void update(struct vsp805 *w)
{
	vgic_set_level(w->d, 32 + GUEST_WDOG_SPI, w->active && irq_line(w));
	if (counting(w) && (!w->ris || resets(w)))
		timer_event_arm(&w->ev, w->t0 + (u64)w->load * NS_PER_TICK);
	else
		timer_event_disarm(&w->ev);
}

static void crash(struct vsp805 *w)
{
	/* Without the device lock: the crash path stops this device. */
	domain_crash(w->d, "watchdog expired (SP805)");
}

static void expire(struct timer_event *ev)
{
	struct vsp805 *w = (struct vsp805 *)((char *)ev - offsetof(struct vsp805, ev));
	bool reset;

	spin_lock(&w->lock);
	if (!w->active) { /* stopped while this event was on its way */
		spin_unlock(&w->lock);
		return;
	}
	reset = advance(w, timer_now_ns());
	update(w);
	spin_unlock(&w->lock);
	if (reset)
		crash(w);
}

static struct vsp805 *wdog_of(void *dev) { return dev; }

/* Register reads: brought up to date first, so a late timer event never
 * shows a counter that went past zero without its interrupt. */
static u64 rd_reg(void *dev, u32 reg)
{
	struct vsp805 *w = wdog_of(dev);
	u64 now = timer_now_ns(), val = 0;
	bool reset, ris;

	spin_lock(&w->lock);
	ris = w->ris;
	reset = advance(w, now);
	if (reset || ris != w->ris)
		update(w);
	switch (reg) {
	case 0x000: val = w->load; break;
	case 0x004: val = value(w, now); break;
	case 0x008: val = w->ctrl; break;
	case 0x010: val = w->ris; break;
	case 0x014: val = w->ris && (w->ctrl & CTRL_INTEN); break;
	case 0xc00: val = w->locked; break;
	case 0xf00: val = w->itcr; break;
	default: break;
	}
	spin_unlock(&w->lock);
	if (reset)
		crash(w);
	return val;
}

static void wr_reg(void *dev, u32 reg, u32 val)
{
	struct vsp805 *w = wdog_of(dev);
	u64 now = timer_now_ns();
	bool reset;

	spin_lock(&w->lock);
	if (reg == 0xc00) {
		w->locked = val != LOCK_KEY;
		spin_unlock(&w->lock);
		return;
	}
	if (w->locked) { /* WdogLock: every other register is write-protected */
		spin_unlock(&w->lock);
		return;
	}
	/* What happened before this write happened first (a timer event late
	 * by a little must not be undone by the guest's reload). */
	reset = advance(w, now);
	switch (reg) {
	case 0x000: /* WdogLoad: the count restarts from the new value */
		w->load = val;
		w->t0 = now;
		w->held = val;
		break;
	case 0x008: /* WdogControl: enabling INTEN reloads, clearing it stops */
		if (!(w->ctrl & CTRL_INTEN) && (val & CTRL_INTEN))
			w->t0 = now;
		if ((w->ctrl & CTRL_INTEN) && !(val & CTRL_INTEN))
			w->held = value(w, now);
		w->ctrl = val & (CTRL_INTEN | CTRL_RESEN);
		break;
	case 0x00c: /* WdogIntClr: any value clears the interrupt and reloads */
		w->ris = false;
		w->t0 = now;
		w->held = w->load;
		break;
	case 0xf00: w->itcr = val & ITCR_EN; break;
	case 0xf04:
		w->itop = val & (ITOP_RES | ITOP_INT);
		/* The test output drives the reset pin like the counter would. */
		if ((w->itcr & ITCR_EN) && (w->itop & ITOP_RES) && w->active && !w->expired) {
			w->expired = true;
			reset = true;
		}
		break;
	default: break;
	}
	reset |= advance(w, now); /* WdogLoad = 0: the interrupt at once */
	update(w);
	spin_unlock(&w->lock);
	if (reset)
		crash(w);
}

#define RD(o)                                                                                      \
	static u64 rd_##o(struct vcpu *v, void *dev, u32 off, unsigned int len)                    \
	{                                                                                          \
		(void)v, (void)off, (void)len;                                                     \
		return rd_reg(dev, o);                                                             \
	}
#define WR(o)                                                                                      \
	static void wr_##o(struct vcpu *v, void *dev, u32 off, unsigned int len, u64 val)          \
	{                                                                                          \
		(void)v, (void)off, (void)len;                                                     \
		wr_reg(dev, o, (u32)val);                                                          \
	}
RD(0x000)
WR(0x000)
RD(0x004)
RD(0x008)
WR(0x008)
WR(0x00c)
RD(0x010)
RD(0x014)
RD(0xc00)
WR(0xc00)
RD(0xf00)
WR(0xf00)
WR(0xf04)

/* WdogPeriphID0-3, WdogPCellID0-3: part 0x805, designer 0x41 (ARM),
 * revision 1; Linux's AMBA bus matches 0x00141805 (mask 0x00ffffff). */
static u64 rd_id(struct vcpu *v, void *dev, u32 off, unsigned int len)
{
	static const u8 ids[8] = {0x05, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	(void)v, (void)dev, (void)len;
	return ids[off / 4];
}

/* A 32-bit APB slave: word accesses only. WdogValue, RIS and MIS are read
 * only, IntClr and ITOP write only (vmmio: a missing handler). */
static const struct mmio_reg regs[] = {
	{0x000, 4, MMIO_W32, rd_0x000, wr_0x000}, /* WdogLoad */
	{0x004, 4, MMIO_W32, rd_0x004, NULL},	  /* WdogValue */
	{0x008, 4, MMIO_W32, rd_0x008, wr_0x008}, /* WdogControl */
	{0x00c, 4, MMIO_W32, NULL, wr_0x00c},	  /* WdogIntClr */
	{0x010, 4, MMIO_W32, rd_0x010, NULL},	  /* WdogRIS */
	{0x014, 4, MMIO_W32, rd_0x014, NULL},	  /* WdogMIS */
	{0xc00, 4, MMIO_W32, rd_0xc00, wr_0xc00}, /* WdogLock */
	{0xf00, 4, MMIO_W32, rd_0xf00, wr_0xf00}, /* WdogITCR */
	{0xf04, 4, MMIO_W32, NULL, wr_0xf04},	  /* WdogITOP */
	{0xfe0, 32, MMIO_W32, rd_id, NULL},	  /* WdogPeriphID0-3, WdogPCellID0-3 */
};

const struct mmio_device vsp805_dev = {
	.name = "SP805",
	.regs = regs,
	.nregs = ARRAY_SIZE(regs),
	.raz_wi_miss = true,
};

struct vsp805 *vsp805_create(struct domain *d, u32 timeout_ms)
{
	struct vsp805 *w;

	if (d->id >= CONFIG_MAX_DOMAINS)
		return NULL;
	w = &wdogs[d->id];
	memset(w, 0, sizeof(*w));
	w->d = d;
	w->timeout_ms = timeout_ms;
	timer_event_init(&w->ev, expire);
	if (vmmio_add(d, GUEST_WDOG_BASE, GUEST_WDOG_SIZE, &vsp805_dev, w))
		return NULL;
	return w;
}

void vsp805_start(struct vsp805 *w)
{
	/* Half the timeout per count, as Linux programs it: WdogLoad + 1 clocks
	 * to the interrupt, as many again to the reset. */
	u64 load = (u64)w->timeout_ms * (VSP805_CLOCK_HZ / 1000) / 2;

	load = load ? load - 1 : 0;
	spin_lock(&w->lock);
	w->active = true;
	w->expired = false;
	w->ris = false;
	w->itcr = w->itop = 0;
	w->load = w->held = load > 0xffffffffULL ? 0xffffffffU : (u32)load;
	w->ctrl = CTRL_INTEN | CTRL_RESEN;
	w->locked = true;
	w->t0 = timer_now_ns();
	update(w);
	spin_unlock(&w->lock);
}

void vsp805_stop(struct vsp805 *w)
{
	spin_lock(&w->lock);
	w->active = false;
	update(w); /* line low, event disarmed */
	spin_unlock(&w->lock);
}
