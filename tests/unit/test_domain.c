/* common/domain.c's creation and refusal, with the real passthrough
 * (irq_owner), irq (SPI handler table), scheduler core and policies,
 * LPAE and stage-2 tables: a domain_create that fails at any step, and a
 * domain_refuse, leave no unit in a pool, no SPI owner or handler, no
 * enabled SPI and no memory (RAM or table page) behind. The rest of the
 * hypervisor is stubbed below; each step that can fail has a switch. */
#include "unit.h"
#include <bulkhead/display.h>
#include <bulkhead/driver.h>
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/hostdt.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/mm.h>
#include <bulkhead/passthrough.h>
#include <bulkhead/smp.h>
#include <bulkhead/vcpu_sched.h>
#include <arch/stage2_tables.h>
#include <arch/vgic.h>

void *host_cpu_percpu;
bool host_cpu_irqs_on;

/* ---- failure switches and what the stubs saw ---------------------------- */

static struct {
	bool vgic, vcontrol, vpl011, vsp805, iommu;
	int mm_after; /* mm_alloc fails once this many more succeeded; -1: never */
} fail;
static unsigned int iommu_attached; /* domains attached and not detached */

/* ---- the log: sched_dump's unit lines are what the tests read ----------- */

static char logbuf[16384];

void log_printf(enum log_level level, const char *fmt, ...)
{
	size_t n = strlen(logbuf);
	va_list ap;
	(void)level;
	va_start(ap, fmt);
	if (n < sizeof(logbuf) - 2)
		vsnprintf(logbuf + n, sizeof(logbuf) - n - 1, fmt, ap);
	va_end(ap);
	strcat(logbuf, "\n");
}

void __noreturn panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

void __noreturn cpu_arch_halt(void) { abort(); }

/* ---- the page allocator: host memory, every block accounted ------------- */

#define MM_BLOCKS 256
static struct {
	void *p;
	u64 size;
} blocks[MM_BLOCKS];

int mm_alloc(u64 size, u64 align, paddr_t *out)
{
	if (fail.mm_after == 0)
		return -E_NOMEM;
	if (fail.mm_after > 0)
		fail.mm_after--;
	for (unsigned int i = 0; i < MM_BLOCKS; i++) {
		if (blocks[i].p)
			continue;
		blocks[i].p = aligned_alloc(align, size);
		assert_non_null(blocks[i].p);
		blocks[i].size = size;
		*out = (paddr_t)(uintptr_t)blocks[i].p;
		return 0;
	}
	return -E_NOMEM;
}

int mm_free(paddr_t base, u64 size)
{
	for (unsigned int i = 0; i < MM_BLOCKS; i++)
		if (blocks[i].p == (void *)(uintptr_t)base) {
			assert_int_equal(blocks[i].size, size);
			free(blocks[i].p);
			blocks[i].p = NULL;
			return 0;
		}
	fail_msg("mm_free(0x%llx, 0x%llx): not allocated", (unsigned long long)base,
		 (unsigned long long)size);
	return -E_INVAL;
}

static unsigned int mm_outstanding(void)
{
	unsigned int n = 0;
	for (unsigned int i = 0; i < MM_BLOCKS; i++)
		n += blocks[i].p != NULL;
	return n;
}

u64 mm_free_bytes(void) { return 1ULL << 30; }

/* ---- the GIC: which SPIs are enabled ------------------------------------ */

static bool spi_enabled[1024];

static int chip_init(const struct host_gic *g) { return (void)g, 0; }
static void chip_enable_spi(u32 intid, unsigned int cpu, u64 mpidr)
{
	(void)cpu, (void)mpidr;
	spi_enabled[intid] = true;
}
static void chip_quiesce_spi(u32 intid) { spi_enabled[intid] = false; }
static void chip_send_sgi(u32 sgi, unsigned int cpu, u64 mpidr)
{
	(void)sgi, (void)cpu, (void)mpidr;
}
static const struct irqchip_ops gicv3_ops = {.name = "fake",
					     .version = 3,
					     .init = chip_init,
					     .enable_spi = chip_enable_spi,
					     .quiesce_spi = chip_quiesce_spi,
					     .send_sgi = chip_send_sgi};
static const struct driver gicv3_drv = {.cls = DRIVER_IRQCHIP, .arg = 3, .ops = &gicv3_ops};

/* ---- the rest: stubs ------------------------------------------------------ */

static struct pcpu cpus[4];
struct pcpu *smp_pcpu(unsigned int cpu) { return &cpus[cpu]; }
unsigned int smp_cpu_count(void) { return 4; }
u64 smp_cpu_mpidr(unsigned int cpu) { return cpu; }
u64 timer_now_ns(void) { return 0; }
u64 timer_now_ticks(void) { return 0; }
void timer_event_init(struct timer_event *ev, void (*fn)(struct timer_event *ev))
{
	(void)ev, (void)fn;
}
void timer_event_arm(struct timer_event *ev, u64 deadline_ns) { (void)ev, (void)deadline_ns; }
void timer_event_disarm(struct timer_event *ev) { (void)ev; }
void vcpu_timers_init(struct vcpu *v) { (void)v; }
void vcpu_run(struct vcpu *v, const volatile bool *resched) { (void)v, (void)resched; }
void vcpu_switch_to(struct vcpu *v) { (void)v; }
void vcpu_put_current(void) {}
u64 vtimer_arch_deadline(const struct vcpu *v) { return (void)v, ~0ULL; }
void vtimer_cpu_init(void) {}
void stage2_arch_cpu_init(void) {}
void stage2_arch_flush_tlb(struct domain *d) { (void)d; }
int stage2_arch_init(struct domain *d) { return stage2_tables_init(d, 1); }
void mem_arch_zero(void *p, u64 size) { memset(p, 0, size); }
void cache_arch_clean_inval(u64 start, u64 size) { (void)start, (void)size; }
u64 mmu_image_size(void) { return 0; }
u32 vgic_maint_irq(void) { return 25; }
void vgic_cpu_init(u32 maint_irq) { (void)maint_irq; }
int vgic_domain_init(struct domain *d) { return (void)d, fail.vgic ? -E_NOMEM : 0; }
void vgic_domain_reset(struct domain *d) { (void)d; }
void vgic_vcpu_reset(struct vcpu *v) { (void)v; }
void vgic_map_hw_ppi(struct vcpu *v, u32 intid) { (void)v, (void)intid; }
void vgic_inject_hw_spi(struct domain *d, u32 intid) { (void)d, (void)intid; }
bool vgic_has_pending(struct vcpu *v) { return (void)v, false; }
void vgic_log_private(struct vcpu *v) { (void)v; }
int vcontrol_create(struct domain *d) { return (void)d, fail.vcontrol ? -E_NOMEM : 0; }
static char dummy_dev[CONFIG_MAX_DOMAINS][16];
struct vpl011 *vpl011_create(struct domain *d)
{
	return fail.vpl011 ? NULL : (struct vpl011 *)(void *)dummy_dev[d->id];
}
void vpl011_flush(struct vpl011 *u) { (void)u; }
void vpl011_reset(struct vpl011 *u) { (void)u; }
struct vsp805 *vsp805_create(struct domain *d, u32 timeout_ms)
{
	(void)timeout_ms;
	return fail.vsp805 ? NULL : (struct vsp805 *)(void *)(dummy_dev[d->id] + 8);
}
void vsp805_start(struct vsp805 *w) { (void)w; }
void vsp805_stop(struct vsp805 *w) { (void)w; }
void console_mux_register(struct domain *d) { (void)d; }
bool boot_gate_holds_fb(const struct domain *d) { return (void)d, false; }
void boot_gate_fb_touched(struct vcpu *v) { (void)v; }
void boot_gate_stopped(struct domain *d) { (void)d; }
#ifdef CONFIG_DISPLAY
int display_show(const char *owner, const struct display_mode *m)
{
	return (void)owner, (void)m, 0;
}
void display_blank(const char *owner) { (void)owner; }
#endif
static int build_rc;
int domain_build(struct domain *d, char *err, size_t errlen);
int domain_build(struct domain *d, char *err, size_t errlen)
{
	(void)d;
	snprintf(err, errlen, "memory: injected");
	return build_rc;
}
int iommu_attach_domain(struct domain *d)
{
	if (!d->cfg->n_streams)
		return 0;
	d->iommu.vmid = d->vmid; /* what iommu_detach_domain looks for, as a binding */
	iommu_attached++;
	return fail.iommu ? -E_NOENT : 0;
}
void iommu_detach_domain(struct domain *d)
{
	if (d->iommu.vmid) {
		iommu_attached--;
		d->iommu.vmid = 0;
	}
}
void iommu_flush_domain(struct domain *d) { (void)d; }

/* ---- the domains ----------------------------------------------------------- */

#define SPI_FORBIDDEN  45 /* the "host UART's" */
#define MMIO_FORBIDDEN 0x1c000000ULL

/* Pool 0 (rtds, CPU 0), "solo" (null, CPUs 1-2), "shared" (rtds, CPU 3). */
static const struct pool_config pools[] = {
	{.name = "solo", .valid = true, .cpus = 0x6, .sched = SCHED_NULL},
	{.name = "shared", .valid = true, .cpus = 0x8, .sched = SCHED_RTDS},
};

static struct domain_config bad, next, other;

static void config(struct domain_config *c, const char *name, int pool, unsigned int vcpus)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->valid = true;
	c->vcpus = vcpus;
	c->pool = pool;
	c->mem_bytes = 2 * MiB;
	c->rtds_period_us = 10000;
	c->rtds_budget_us = 1000;
}

/* The bad domain: everything creation can take (two vCPUs in the null
 * pool, a vPL011, a watchdog, a region, three SPIs, a stream). */
static void bad_config(void)
{
	config(&bad, "bad", 0, 2);
	bad.vpl011 = true;
	bad.watchdog_ms = 1000;
	bad.pt_regs[0] = (struct passthrough_region){0x1d000000, 0x1000, 0x09100000};
	bad.n_pt_regs = 1;
	bad.pt_irqs[0] = 40, bad.pt_irqs[1] = 41, bad.pt_irqs[2] = 42;
	bad.n_pt_irqs = 3;
	bad.n_streams = 1;
}

static int setup_once(void **state)
{
	struct host_info h;
	(void)state;
	memset(&h, 0, sizeof(h));
	h.gic.version = 3;
	h.gic.drv = &gicv3_drv;
	for (unsigned int i = 0; i < 4; i++)
		cpus[i] = (struct pcpu){.id = i, .online = true};
	assert_int_equal(irqchip_init(&h), 0);
	sched_init(pools, 2);
	passthrough_forbid(MMIO_FORBIDDEN, 0x1000);
	passthrough_forbid_irq(SPI_FORBIDDEN);
	return 0;
}

static void reset(void)
{
	memset(&fail, 0, sizeof(fail));
	fail.mm_after = -1;
	logbuf[0] = 0;
	build_rc = 0;
}

/* Units of the pools as sched_dump lists them: "  <domain>.<vcpu>:" lines. */
static unsigned int units_of(const char *name)
{
	char key[40];
	unsigned int n = 0;
	logbuf[0] = 0;
	sched_dump();
	snprintf(key, sizeof(key), "\n  %s.", name);
	for (const char *s = logbuf; (s = strstr(s, key)); s++)
		n++;
	return n;
}

static unsigned int spis_enabled(void)
{
	unsigned int n = 0;
	for (unsigned int i = 32; i < 1024; i++)
		n += spi_enabled[i];
	return n;
}

/* Free slots of the SPI handler table: fills it, then gives back what
 * this took. */
static unsigned int handler_slots_free(void)
{
	unsigned int n = 0;
	while (irq_set_spi_handler(900 + n, (void (*)(u32))abort, 0, false) == 0)
		n++;
	for (unsigned int i = n; i--;)
		irq_clear_spi_handler(900 + i);
	return n;
}

static char problems[4096];

static void problem(const char *what, const char *fmt, unsigned int got, unsigned int want)
{
	size_t n = strlen(problems);
	snprintf(problems + n, sizeof(problems) - n, "%s: ", what);
	n = strlen(problems);
	snprintf(problems + n, sizeof(problems) - n, fmt, got, want);
	strncat(problems, "\n", sizeof(problems) - strlen(problems) - 1);
}

/* What a failed create may leave: nothing. Each problem is noted (all the
 * failure points are tried, then the test fails listing them). */
static void expect_nothing_left(const char *what, unsigned int mm_before)
{
	unsigned int n;
	if ((n = units_of("bad")))
		problem(what, "%u units of the failed domain still in a pool (want %u)", n, 0);
	if ((n = spis_enabled()))
		problem(what, "%u SPIs still enabled (want %u)", n, 0);
	if ((n = handler_slots_free()) != IRQ_SPI_HANDLERS_MAX)
		problem(what, "%u SPI handler slots free (want %u)", n, IRQ_SPI_HANDLERS_MAX);
	if ((n = mm_outstanding()) != mm_before)
		problem(what, "%u blocks allocated (want %u)", n, mm_before);
	if (iommu_attached)
		problem(what, "%u domains' streams still attached (want %u)", iommu_attached, 0);
}

TEST(failed_create_leaves_no_units_owners_or_handlers)
{
	/* Each failure point, in creation order; the comment names what was
	 * already taken when it fails. */
	static const char *const names[] = {
		"RAM",				/* nothing */
		"stage-2 root",			/* RAM */
		"cpupool without CPUs",		/* RAM, tables */
		"vGIC",				/* + units in the null pool */
		"control page",			/* the same */
		"vPL011",			/* the same */
		"watchdog",			/* the same */
		"region over the hypervisor's", /* the same */
		"table page for the region",	/* the same */
		"third SPI forbidden",		/* + two SPIs routed */
		"SPI handler table full",	/* + one SPI routed */
		"IOMMU",			/* + three SPIs, a stream attached */
	};
	unsigned int mm_before = mm_outstanding();

	reset();
	for (unsigned int k = 0; k < ARRAY_SIZE(names); k++) {
		unsigned int filler = 0;
		reset();
		bad_config();
		switch (k) {
		case 0:
			bad.mem_bytes = GUEST_RAM_MAX + 2 * MiB; /* more than alloc_ram takes */
			break;
		case 1: fail.mm_after = 1; break;
		case 2:
			bad.pool = 0, bad.affinity = 0x1; /* solo has CPUs 1-2 */
			break;
		case 3: fail.vgic = true; break;
		case 4: fail.vcontrol = true; break;
		case 5: fail.vpl011 = true; break;
		case 6: fail.vsp805 = true; break;
		case 7: bad.pt_regs[0].paddr = MMIO_FORBIDDEN; break;
		case 8:
			fail.mm_after = 2; /* RAM, root: the region's first table page fails */
			break;
		case 9: bad.pt_irqs[2] = SPI_FORBIDDEN; break;
		case 10:
			/* Leave one handler slot: the second SPI finds none. */
			while (irq_set_spi_handler(900 + filler, (void (*)(u32))abort, 0, false) ==
			       0)
				filler++;
			irq_clear_spi_handler(900 + --filler);
			break;
		case 11: fail.iommu = true; break;
		}
		if (domain_create(&bad))
			fail_msg("%s: domain_create succeeded", names[k]);
		while (filler)
			irq_clear_spi_handler(900 + --filler);
		expect_nothing_left(names[k], mm_before);
	}
	if (problems[0]) {
		print_message("%s", problems);
		fail_msg("a failed domain_create left state behind (above)");
	}

	/* The next domain in the failed one's slot, in the same null pool, and
	 * one in the rtds pool: each pool holds exactly their units, and the
	 * SPIs the bad domain tried are free for them. */
	reset();
	config(&next, "next", 0, 2);
	next.pt_irqs[0] = 40, next.pt_irqs[1] = 41;
	next.n_pt_irqs = 2;
	config(&other, "other", 1, 1);
	other.pt_irqs[0] = 42;
	other.n_pt_irqs = 1;
	assert_non_null(domain_create(&next));
	assert_non_null(domain_create(&other));
	assert_int_equal(units_of("next"), 2);
	assert_int_equal(units_of("other"), 1);
	assert_int_equal(units_of("bad"), 0);
	assert_true(strstr(logbuf, "cpupool solo (null), CPUs 0x6:\n  next.0:"));
	assert_true(strstr(logbuf, "  next.1:"));
	assert_true(strstr(logbuf, "cpupool shared (rtds), CPUs 0x8:\n  other.0:"));
	assert_int_equal(spis_enabled(), 3);
	assert_int_equal(handler_slots_free(), IRQ_SPI_HANDLERS_MAX - 3);
	assert_int_equal(domain_count(), 2);
}

/* A created domain refused before it ran (admission control, or its image
 * not built: domain_load) gives back what its creation took, once. */
TEST(refused_domain_gives_everything_back)
{
	struct domain *d;
	unsigned int mm_before = mm_outstanding(), count = domain_count();

	reset();
	bad_config();
	bad.pool = 1; /* the rtds pool, CPU 3 */
	bad.pt_irqs[0] = 50, bad.pt_irqs[1] = 51, bad.pt_irqs[2] = 52;
	d = domain_create(&bad);
	assert_non_null(d);
	assert_int_equal(units_of("bad"), 2);
	assert_true(spi_enabled[50] && spi_enabled[51] && spi_enabled[52]);
	assert_true(mm_outstanding() > mm_before);
	build_rc = -E_NOMEM;
	assert_int_equal(domain_load(d), -E_INVAL);
	assert_int_equal(d->state, DOM_HALTED);
	assert_int_equal(units_of("bad"), 0);
	assert_false(spi_enabled[50] || spi_enabled[51] || spi_enabled[52]);
	assert_int_equal(mm_outstanding(), mm_before);
	assert_int_equal(iommu_attached, 0);
	assert_int_equal(d->s2_pages, 0);
	domain_refuse(d); /* twice: nothing more to give */
	assert_int_equal(mm_outstanding(), mm_before);
	assert_int_equal(domain_count(), count + 1);
	/* Its SPIs can be another's now. */
	config(&other, "later", 1, 1);
	other.pt_irqs[0] = 50;
	other.n_pt_irqs = 1;
	assert_non_null(domain_create(&other));
	assert_true(spi_enabled[50]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(failed_create_leaves_no_units_owners_or_handlers),
		cmocka_unit_test(refused_domain_gives_everything_back),
	};
	return cmocka_run_group_tests(tests, setup_once, NULL);
}
