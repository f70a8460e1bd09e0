/*
 * The first-frame gate (bulkhead,first-frame-gate = <timeout_ms>): the
 * critical domain draws its first frame before anything else competes with
 * it for the memory system, the caches and, on an emulator, the host's
 * cores. The boot flow starts it and stops there: the domains after it in
 * boot order are built (on the boot CPU, as a scheduler work item) once it
 * has drawn its first frame, stops, or the timeout expires, whichever comes
 * first. Meanwhile the boot CPU runs its pool. A first frame is a touch of
 * the framebuffer, then the first WFI of the vCPU that touched it: the
 * frame is complete once the program drawing it waits for the next one.
 * The framebuffer stays unmapped in stage 2 until the touch (domain.c), so
 * it is a stage-2 fault: no guest change and no polling.
 */
#include <bulkhead/boot_gate.h>
#include <bulkhead/domain.h>
#include <bulkhead/log.h>
#include <bulkhead/smp.h>
#include <bulkhead/spinlock.h>
#include <bulkhead/timer.h>
#include <bulkhead/vcpu_sched.h>

static spinlock_t lock = SPINLOCK_INIT;
static struct domain *gate;	   /* closed for this domain; NULL: open */
static bool used;		   /* a gate closes once per boot */
static u64 started_ns;		   /* when gate's domain started; 0: not yet */
static const struct vcpu *toucher; /* touched the framebuffer; its WFI opens */
static void (*resume)(void);	   /* the boot flow's rest, once the gate opens */
static unsigned int resume_cpu;
static struct timer_event timeout_ev;

void boot_gate_close(struct domain *d)
{
	spin_lock(&lock);
	if (!used) {
		used = true;
		gate = d;
	}
	spin_unlock(&lock);
}

bool boot_gate_holds_fb(const struct domain *d)
{
	return __atomic_load_n(&gate, __ATOMIC_ACQUIRE) == d;
}

static void open_gate(struct domain *d, const char *why)
{
	void (*fn)(void);
	u64 t0;

	spin_lock(&lock);
	if (!d || gate != d) { /* opened already */
		spin_unlock(&lock);
		return;
	}
	__atomic_store_n(&gate, NULL, __ATOMIC_RELEASE);
	t0 = started_ns;
	fn = resume;
	resume = NULL;
	__atomic_store_n(&toucher, NULL, __ATOMIC_RELEASE);
	spin_unlock(&lock);
	if (t0)
		log_notice("boot gate: domain %s %s %llu ms after it started; loading the domains "
			   "after it",
			   d->name, why, (timer_now_ns() - t0) / 1000000);
	else
		log_notice("boot gate: domain %s did not start; loading the domains after it",
			   d->name);
	if (fn)
		sched_defer(resume_cpu, fn);
}

static void expire(struct timer_event *ev)
{
	(void)ev;
	open_gate(__atomic_load_n(&gate, __ATOMIC_ACQUIRE), "drew no frame");
}

void boot_gate_start(struct domain *d)
{
	bool own;

	spin_lock(&lock);
	own = gate == d;
	if (own)
		started_ns = timer_now_ns();
	spin_unlock(&lock);
	if (own) {
		timer_event_init(&timeout_ev, expire);
		timer_event_arm(&timeout_ev, started_ns + d->cfg->first_frame_gate_ms * 1000000ULL);
		log_info("boot gate: the domains after %s are loaded at its first frame, at the "
			 "latest in %u ms",
			 d->name, d->cfg->first_frame_gate_ms);
	}
	domain_start(d);
}

bool boot_gate_defer(void (*fn)(void))
{
	bool closed;

	spin_lock(&lock);
	closed = gate != NULL;
	if (closed) {
		resume = fn;
		resume_cpu = smp_cpu_id();
	}
	spin_unlock(&lock);
	return closed;
}

void boot_gate_fb_touched(struct vcpu *v)
{
	if (!boot_gate_holds_fb(v->dom))
		return;
	if (v->dom->cfg->wfi == WFI_NATIVE) /* no WFI will trap: the touch must do */
		open_gate(v->dom, "touched its framebuffer");
	else
		__atomic_store_n(&toucher, v, __ATOMIC_RELEASE);
}

void boot_gate_idle(struct vcpu *v)
{
	if (__atomic_load_n(&toucher, __ATOMIC_ACQUIRE) == v)
		open_gate(v->dom, "drew its first frame");
}

void boot_gate_stopped(struct domain *d)
{
	if (boot_gate_holds_fb(d))
		open_gate(d, "stopped before its first frame");
}
