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

/* The registers by the row's arg; each one's value and effect on the
 * state brought up to date, under the lock (reg_read, reg_write). */
enum {
	WDOG_LOAD,
	WDOG_VALUE,
	WDOG_CONTROL,
	WDOG_INTCLR,
	WDOG_RIS,
	WDOG_MIS,
	WDOG_LOCK,
	WDOG_ITCR,
	WDOG_ITOP
};

static u32 load_get(const struct vsp805 *w, u64 now) { return (void)now, w->load; }
static u32 value_get(const struct vsp805 *w, u64 now) { return value(w, now); }
static u32 control_get(const struct vsp805 *w, u64 now) { return (void)now, w->ctrl; }
static u32 ris_get(const struct vsp805 *w, u64 now) { return (void)now, w->ris; }
static u32 mis_get(const struct vsp805 *w, u64 now)
{
	return (void)now, w->ris && (w->ctrl & CTRL_INTEN);
}
static u32 lock_get(const struct vsp805 *w, u64 now) { return (void)now, w->locked; }
static u32 itcr_get(const struct vsp805 *w, u64 now) { return (void)now, w->itcr; }

static u32 (*const getters[])(const struct vsp805 *w, u64 now) = {
	[WDOG_LOAD] = load_get, [WDOG_VALUE] = value_get, [WDOG_CONTROL] = control_get,
	[WDOG_RIS] = ris_get,	[WDOG_MIS] = mis_get,	  [WDOG_LOCK] = lock_get,
	[WDOG_ITCR] = itcr_get,
};

/* Register reads: brought up to date first, so a late timer event never
 * shows a counter that went past zero without its interrupt. */
static u64 reg_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	struct vsp805 *w = wdog_of(dev);
	u64 now = timer_now_ns();
	bool reset, ris;
	u32 val;
	(void)v, (void)off, (void)len;

	spin_lock(&w->lock);
	ris = w->ris;
	reset = advance(w, now);
	if (reset || ris != w->ris)
		update(w);
	val = getters[arg](w, now);
	spin_unlock(&w->lock);
	if (reset)
		crash(w);
	return val;
}

/* WdogLoad: the count restarts from the new value. */
static bool load_set(struct vsp805 *w, u32 val, u64 now)
{
	w->load = w->held = val;
	w->t0 = now;
	return false;
}

/* WdogControl: enabling INTEN reloads, clearing it stops. */
static bool control_set(struct vsp805 *w, u32 val, u64 now)
{
	if (!(w->ctrl & CTRL_INTEN) && (val & CTRL_INTEN))
		w->t0 = now;
	if ((w->ctrl & CTRL_INTEN) && !(val & CTRL_INTEN))
		w->held = value(w, now);
	w->ctrl = val & (CTRL_INTEN | CTRL_RESEN);
	return false;
}

/* WdogIntClr: any value clears the interrupt and reloads. */
static bool intclr_set(struct vsp805 *w, u32 val, u64 now)
{
	(void)val;
	w->ris = false;
	w->t0 = now;
	w->held = w->load;
	return false;
}

static bool itcr_set(struct vsp805 *w, u32 val, u64 now)
{
	(void)now;
	w->itcr = val & ITCR_EN;
	return false;
}

/* WdogITOP: the test output drives the reset pin like the counter would;
 * true if it fired. */
static bool itop_set(struct vsp805 *w, u32 val, u64 now)
{
	(void)now;
	w->itop = val & (ITOP_RES | ITOP_INT);
	if ((w->itcr & ITCR_EN) && (w->itop & ITOP_RES) && w->active && !w->expired) {
		w->expired = true;
		return true;
	}
	return false;
}

static bool (*const setters[])(struct vsp805 *w, u32 val, u64 now) = {
	[WDOG_LOAD] = load_set, [WDOG_CONTROL] = control_set, [WDOG_INTCLR] = intclr_set,
	[WDOG_ITCR] = itcr_set, [WDOG_ITOP] = itop_set,
};

static void lock_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	struct vsp805 *w = wdog_of(dev);
	(void)v, (void)arg, (void)off, (void)len;
	spin_lock(&w->lock);
	w->locked = val != LOCK_KEY;
	spin_unlock(&w->lock);
}

/* The other writes: ignored while locked (WdogLock write-protects every
 * other register); what happened before the write happened first (a timer
 * event late by a little must not be undone by the guest's reload). */
static void reg_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	struct vsp805 *w = wdog_of(dev);
	u64 now = timer_now_ns();
	bool reset;
	(void)v, (void)off, (void)len;

	spin_lock(&w->lock);
	if (w->locked) {
		spin_unlock(&w->lock);
		return;
	}
	reset = advance(w, now);
	reset |= setters[arg](w, (u32)val, now);
	reset |= advance(w, now); /* WdogLoad = 0: the interrupt at once */
	update(w);
	spin_unlock(&w->lock);
	if (reset)
		crash(w);
}

/* WdogPeriphID0-3, WdogPCellID0-3: part 0x805, designer 0x41 (ARM),
 * revision 1; Linux's AMBA bus matches 0x00141805 (mask 0x00ffffff). */
static u64 id_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	static const u8 ids[8] = {0x05, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	(void)v, (void)dev, (void)arg, (void)len;
	return ids[off / 4];
}

/* The summary of registers (TRM chapter 3; ITCR, ITOP: chapter 4), sorted
 * by offset. A 32-bit APB slave: word accesses only. WdogValue, RIS and MIS are read
 * only, IntClr and ITOP write only (vmmio: a missing handler). */
/* clang-format off */
static const struct mmio_reg regs[] = {
	{0x000, 4, MMIO_W32, WDOG_LOAD,    reg_read, reg_write},  /* WdogLoad */
	{0x004, 4, MMIO_W32, WDOG_VALUE,   reg_read, NULL},       /* WdogValue */
	{0x008, 4, MMIO_W32, WDOG_CONTROL, reg_read, reg_write},  /* WdogControl */
	{0x00c, 4, MMIO_W32, WDOG_INTCLR,  NULL,     reg_write},  /* WdogIntClr */
	{0x010, 4, MMIO_W32, WDOG_RIS,     reg_read, NULL},       /* WdogRIS */
	{0x014, 4, MMIO_W32, WDOG_MIS,     reg_read, NULL},       /* WdogMIS */
	{0xc00, 4, MMIO_W32, WDOG_LOCK,    reg_read, lock_write}, /* WdogLock */
	{0xf00, 4, MMIO_W32, WDOG_ITCR,    reg_read, reg_write},  /* WdogITCR */
	{0xf04, 4, MMIO_W32, WDOG_ITOP,    NULL,     reg_write},  /* WdogITOP */
	{0xfe0, 32, MMIO_W32, 0,           id_read,  NULL},       /* WdogPeriphID0-3, WdogPCellID0-3 */
};
/* clang-format on */

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
