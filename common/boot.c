/*
 * The boot flow, start to finish (the arch entry is arch/arm64/head.S and
 * setup.c, which refuse EL1 and a missing DTB and turn the MMU on):
 *
 *   host DT → RAM map → console → options → CPUs → memory → GIC + timer
 *   → SMMUs (every DMA stream aborts) → secondaries → self tests
 *   → "Bulkhead ready" → cpupools and domains from /chosen, created in
 *   boot-priority order → admission control → the schedulers start → each
 *   domain in that order is loaded (its memory image) and started at once,
 *   so the critical one runs while the others are still being built → the
 *   boot CPU runs the scheduler of its pool (common/sched/sched.c)
 */
#include <string.h>
#include <bulkhead/boot.h>
#include <bulkhead/boot_gate.h>
#include <bulkhead/bootargs.h>
#include <bulkhead/console.h>
#include <bulkhead/display.h>
#include <bulkhead/domain.h>
#include <bulkhead/domain_config.h>
#include <bulkhead/driver.h>
#include <bulkhead/entropy.h>
#include <bulkhead/hostdt.h>
#include <bulkhead/iommu.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/mm.h>
#include <bulkhead/mmu.h>
#include <bulkhead/passthrough.h>
#include <bulkhead/psci.h>
#include <bulkhead/selftest.h>
#include <bulkhead/smp.h>
#include <bulkhead/timer.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/vpl011.h>
#include <arch/guest.h>
#include <arch/vgic.h>
#include <arch/cpu.h>
#include <generated/version.h>

static struct host_info host;
static struct domain_config configs[CONFIG_MAX_DOMAINS];
static struct pool_config pools[CFG_MAX_POOLS];
static struct domain *created[CONFIG_MAX_DOMAINS]; /* in boot-priority order */
static unsigned int ncreated;
static bool virt_ready; /* the virtual GIC exists: there are domains */

static void __noreturn boot_fail(const char *what)
{
	log_err("%s", what);
	log_err("boot stopped: fix the problem above and boot again");
	cpu_arch_halt();
}

/* On the identity map a module's host address is its pointer. */
static const void *module_ptr(u64 pa, u64 size, void *ctx)
{
	(void)size, (void)ctx;
	return (const void *)(uintptr_t)pa;
}

/* Domains from /chosen: a refused one is reported, the others still start. */
static void domains_create(const void *fdt)
{
	u64 mpidr[CONFIG_MAX_CPUS];
	struct config_limits lim = {.ram = host.ram,
				    .nram = host.nram,
				    .max_vcpus = DOMAIN_MAX_VCPUS,
				    .ncpus = smp_cpu_count(),
				    .map = module_ptr,
				    .map_ctx = NULL,
				    .cpu_mpidr = mpidr,
				    .hyp_spi = host.uart.irq,
				    .spi_end = VGIC_NR_IRQS,
				    .spi_budget = IRQ_SPI_PASSTHROUGH_MAX,
				    .ipa_limit = 1ULL << STAGE2_IPA_BITS};
	unsigned int n = 0, npools = 0, order[CONFIG_MAX_DOMAINS];

	for (unsigned int i = 0; i < smp_cpu_count(); i++)
		mpidr[i] = smp_cpu_mpidr(i);
	config_parse_pools(fdt, &lim, pools, CFG_MAX_POOLS, &npools);
	for (unsigned int i = 0; i < npools; i++)
		if (!pools[i].valid)
			log_err("%s; its CPUs stay in pool 0", pools[i].err);
	sched_init(pools, npools);
	lim.pools = pools;
	lim.npools = npools;
	/* Before config_parse, which names the domain asking for a device the
	 * hypervisor keeps. The display is probed even when no domain has a
	 * framebuffer: its registers (QEMU's fw_cfg, whose DMA reaches any
	 * memory past every IOMMU) are then never given to a domain either. */
	display_init(fdt);
	passthrough_forbid_host(&host, display_mmio());
	lim.nhyp_mmio = passthrough_forbidden(&lim.hyp_mmio);
	config_parse(fdt, &lim, configs, CONFIG_MAX_DOMAINS, &n);
	if (!n)
		return;
	if (!entropy_available())
		log_warn("no /chosen/rng-seed from the boot loader: guests get no seed for their "
			 "RNG");
	if (vgic_init(&host.gic)) {
		log_err("no domain can start without a usable virtual GIC");
		return;
	}
	virt_ready = true;
	/* Only what every domain needs before any starts: memory, address
	 * space, vCPUs in their pools (for admission control). */
	config_boot_order(configs, n, order);
	for (unsigned int k = 0; k < n; k++) {
		const struct domain_config *c = &configs[order[k]];
		struct domain *d;
		if (!c->valid) {
			log_err("%s; the other domains still start", c->err);
			continue;
		}
		d = domain_create(c);
		if (d)
			created[ncreated++] = d;
	}
	sched_admit();
	console_mux_init(host.uart.irq);
}

/* This CPU's virtualization hardware, before it runs a vCPU: stage 2's
 * controls, the vGIC's interface and maintenance interrupt, the virtual
 * timer's interrupt. Only once the virtual GIC exists, i.e. there are
 * domains: the boot CPU after domains_create, a secondary once the
 * schedulers start (which is after it). */
static void virt_cpu_init(void)
{
	if (!virt_ready)
		return;
	stage2_arch_cpu_init();
	vgic_cpu_init(vgic_maint_irq());
	vtimer_cpu_init();
}

/* Highest boot priority first: each domain runs as soon as its memory image
 * is built, while the boot CPU builds the next; after a domain with
 * bulkhead,first-frame-gate, once that domain's first frame is drawn. */
static unsigned int next_load;
static void domains_start(void)
{
	for (; next_load < ncreated; next_load++) {
		struct domain *d = created[next_load];
		if (d->state != DOM_CREATED)
			continue;
		if (boot_gate_defer(domains_start))
			return; /* the gate's domain boots alone; back here when it opens */
		if (d->cfg->first_frame_gate_ms)
			boot_gate_close(d);
		if (!domain_load(d))
			boot_gate_start(d);
	}
}

static void map_ram(void)
{
	for (unsigned int i = 0; i < host.nram; i++)
		if (mmu_map_ram(host.ram[i].base, host.ram[i].size))
			boot_fail("cannot map RAM into the hypervisor's page tables");
}

static void console_init(void)
{
	const struct host_uart *hu = &host.uart;
	struct uart_dev u = {.base = (uintptr_t)hu->reg.base,
			     .reg_shift = hu->reg_shift,
			     .io_width = hu->io_width,
			     .clock_hz = hu->clock_hz,
			     .baud_hint = hu->baud,
			     .ops = hu->drv ? hu->drv->ops : NULL};
	const char *how;
	u32 baud;

	if (!hu->drv) {
		log_warn("no usable UART in the host DT (stdout-path); keeping the early console");
		return;
	}
	if (mmu_map_device(hu->reg.base, hu->reg.size))
		boot_fail("cannot map the console UART");
	console_set_uart(&u);
	baud = console_baud(&how);
	log_info("console: %s at 0x%llx (%s), %u baud (%s)", u.ops->name, hu->reg.base, hu->path,
		 baud, how);
}

static void apply_options(const struct boot_options *o)
{
	if (o->loglevel >= 0)
		log_set_level(o->loglevel);
	if (o->unknown)
		log_warn("bootargs: %u unknown option(s), first \"%s\"", o->unknown,
			 o->first_unknown);
}

static void irq_and_timer_init(void)
{
	if (irqchip_init(&host))
		boot_fail("interrupt controller initialisation failed");
	if (timer_init(&host.timer))
		boot_fail("timer initialisation failed");
	if (irqchip_cpu_init(0))
		boot_fail("GIC CPU interface initialisation failed on the boot CPU");
	timer_cpu_init();
	log_info("gic: GICv%d, distributor at 0x%llx; timer: %u Hz, EL2 timer INTID %u",
		 irqchip_version(), host.gic.dist.base, timer_freq(), host.timer.hyp_irq);
}

void __noreturn boot_main(paddr_t dtb)
{
	char err[200];
	struct boot_options opts;
	u64 now;

	if (hostdt_parse((const void *)(uintptr_t)dtb, &host, err, sizeof(err)))
		boot_fail(err);
	map_ram();
	console_init();
	log_raw("\n Bulkhead %s (%s), image %llu KiB\n\n", BH_VERSION, ARCH_NAME,
		mmu_image_size() / KiB);
	/* The boot loader's seed is ours to use once: keep a key, wipe the DT copy. */
	entropy_init(host.rng_seed, host.rng_seed_len);
	if (host.rng_seed)
		memset((void *)(uintptr_t)host.rng_seed, 0, host.rng_seed_len);
	bootargs_parse(host.bootargs, &opts);
	apply_options(&opts);
	smp_init(&host);
	if (mm_init(&host, dtb))
		boot_fail("memory layout is inconsistent (see above)");
	irq_and_timer_init();
	/* As early as it can (it needs memory and the timer): every DMA stream
	 * aborts from here until its domain is built. */
	iommu_init((const void *)(uintptr_t)dtb);
	if (!psci_init(&host.psci) && smp_cpu_count() > 1)
		log_warn("no PSCI node in the host DT: only the boot CPU will run");
	console_smp_enable();
	cpu_arch_irq_enable();
	if (host.psci.conduit != PSCI_NONE)
		smp_boot_secondaries();
	if (selftest_timer_local() || selftest_ipi())
		boot_fail("interrupt self test failed");
	if (opts.selftest_abort)
		selftest_abort();

	now = timer_now_ticks();
	log_raw("Bulkhead ready: cpus=%u gic=v%d mem=%lluMiB boot_us=%llu\n", smp_online_count(),
		irqchip_version(), host_ram_total(&host) / MiB,
		timer_ticks_to_ns(now - boot_entry_counter) / 1000);
	/* Domain set-up takes locks the console interrupt takes too. */
	cpu_arch_irq_disable();
	domains_create((const void *)(uintptr_t)dtb);
	virt_cpu_init();
	sched_start();
	domains_start();
	sched_run();
}

void __noreturn secondary_main(unsigned int cpu)
{
	struct pcpu *me = smp_pcpu(cpu);

	cpu_arch_set_percpu(me);
	if (irqchip_cpu_init(cpu)) {
		log_err("CPU %u: GIC CPU interface initialisation failed; CPU left offline", cpu);
		cpu_arch_halt();
	}
	timer_cpu_init();
	cpu_arch_irq_enable();
	if (selftest_timer_local()) {
		log_err("CPU %u left offline", cpu);
		cpu_arch_halt();
	}
	me->online = true;
	log_info("CPU %u online (MPIDR 0x%llx)", cpu, me->mpidr);
	sched_wait_start();
	virt_cpu_init();
	sched_run();
}
