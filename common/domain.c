/*
 * Domains: creation from a validated domain_config, start, shutdown. This
 * file owns every domain state transition. Building the memory image (kernel,
 * ramdisk, DT) is domain_build.c.
 */
#include <stdarg.h>
#include <string.h>
#include <bulkhead/boot_gate.h>
#include <bulkhead/display.h>
#include <bulkhead/domain.h>
#include <bulkhead/fmt.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/log.h>
#include <bulkhead/log_limit.h>
#include <bulkhead/mm.h>
#include <bulkhead/mmu.h>
#include <bulkhead/panic.h>
#include <bulkhead/passthrough.h>
#include <bulkhead/smp.h>
#include <bulkhead/timer.h>
#include <bulkhead/vcontrol.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/vpl011.h>
#include <bulkhead/vsp805.h>
#include <arch/cpu.h>
#include <arch/guest.h>
#include <arch/stage2_tables.h>
#include <arch/vgic.h>

static struct domain domains[CONFIG_MAX_DOMAINS];
static unsigned int ndomains;

struct domain *domain_by_id(unsigned int id) { return id < ndomains ? &domains[id] : NULL; }
unsigned int domain_count(void) { return ndomains; }

void domain_log_abort(struct domain *d, const char *what, u64 addr)
{
	if (d->abort_logged)
		return;
	d->abort_logged = true;
	/* Once per run, and a restart is a new run: limited across runs too. */
	log_limited(d->name, LOG_CLASS_GUEST, LOG_WARN,
		    "domain %s: %s 0x%llx: reported to the guest as an abort (logged once)",
		    d->name, what, addr);
}

void domain_log_once(struct domain *d, const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	if (d->other_logged)
		return;
	d->other_logged = true;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_limited(d->name, LOG_CLASS_GUEST, LOG_WARN, "domain %s: %s (logged once)", d->name,
		    msg);
}

static bool does_dma(const struct domain *d)
{
	return d->cfg->direct_map || d->cfg->n_pt_regs || d->cfg->n_streams;
}

/*
 * Gives back what domain_create (and domain_load) took for a domain that
 * never ran, newest first, whatever step failed: each acquisition is
 * recorded in the domain (ram_size, s2.root, sched_joined, pt_irqs_routed,
 * its IOMMU bindings) and only what is recorded is released, so a failed
 * create leaves no unit in a pool, no SPI owner or handler and no memory
 * to the domain created next in its slot. What lives inside struct domain
 * (vGIC, MMIO regions) goes with the slot's memset.
 */
static void release(struct domain *d)
{
	/* Before its RAM goes back to the allocator: a device of a domain that
	 * never ran must not reach what the next one is given. */
	passthrough_release(d);
	sched_domain_remove(d);
	/* Its IOMMUs share these tables: released once they detached its
	 * streams (each detach waits for its invalidation); no vCPU of a
	 * domain that never ran loaded them. */
	stage2_tables_release(d);
	if (d->ram_size)
		mm_free(d->ram_host, d->ram_size);
	d->ram_size = d->fb_size = 0;
}

static void undo(struct domain *d)
{
	release(d);
	d->state = DOM_EMPTY;
}

static int init_vcpus(struct domain *d)
{
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		struct vcpu *v = &d->vcpus[i];
		v->id = i;
		v->dom = d;
		vcpu_timers_init(v);
		vgic_vcpu_reset(v);
		vgic_map_hw_ppi(v, GUEST_TIMER_VIRT_IRQ);
	}
	int rc = sched_domain_add(d);
	if (rc)
		return rc;
	d->tlb_local = d->nvcpus == 1 && !sched_may_migrate(&d->vcpus[0]);
	return 0;
}

/* Its RAM and its framebuffer in one host block: the display engine takes
 * one base address, and the framebuffer is scrubbed and freed with the rest. */
static int alloc_ram(struct domain *d)
{
	u64 size = ALIGN_UP(d->cfg->mem_bytes, 2 * MiB) + d->cfg->fb_bytes;
	if (size > GUEST_RAM_MAX || mm_alloc(size, 2 * MiB, &d->ram_host)) {
		log_err("domain %s: memory: cannot allocate %llu MiB (%llu MiB free)", d->name,
			size / MiB, mm_free_bytes() / MiB);
		return -E_NOMEM;
	}
	d->ram_size = size;
	d->fb_size = d->cfg->fb_bytes;
	d->ram_ipa = GUEST_RAM_BASE;
	if (d->cfg->direct_map) {
		/* Xen's direct-map: guest physical = host physical, for devices that
		 * do DMA without an IOMMU. It must not hide the guest's devices. */
		d->ram_ipa = d->ram_host;
		if (d->ram_ipa < GUEST_PL011_BASE + GUEST_PL011_SIZE) {
			log_err("domain %s: direct-map: host RAM at 0x%llx overlaps the guest's "
				"device windows",
				d->name, d->ram_host);
			return -E_RANGE;
		}
	}
	/* Config refuses what it can foresee (memory, direct-map); a block the
	 * allocator gave higher would alias below the limit in stage 2. */
	if (d->ram_ipa + size > 1ULL << STAGE2_IPA_BITS) {
		log_err("domain %s: %llu MiB of RAM at 0x%llx goes beyond the %u-bit guest "
			"address space of stage 2",
			d->name, size / MiB, d->ram_ipa, STAGE2_IPA_BITS);
		return -E_RANGE;
	}
	return 0;
}

/* zero false: the caller overwrites the whole block at once (a boot module's
 * copy), so zeroing it first would only cost time. */
static int populate_block(struct domain *d, u64 ipa, bool zero)
{
	u64 block, host, off;
	int rc = 0;

	if (ipa < d->ram_ipa || ipa - d->ram_ipa >= d->ram_size)
		return -E_NOENT;
	block = (ipa - d->ram_ipa) / DOMAIN_RAM_BLOCK;
	off = block * DOMAIN_RAM_BLOCK;
	host = d->ram_host + off;
	spin_lock(&d->lock);
	if (!(d->populated[block / 64] & (1ULL << (block % 64)))) {
		/* Never leak earlier contents; and a guest reading with its caches
		 * off must find the zeroes in memory. */
		if (zero) {
			mem_arch_zero((void *)(uintptr_t)host, DOMAIN_RAM_BLOCK);
			cache_arch_clean_inval(host, DOMAIN_RAM_BLOCK);
		}
		rc = lpae_map_range(&d->s2, d->ram_ipa + off, host, DOMAIN_RAM_BLOCK, S2_PROT_RAM);
		if (!rc)
			d->populated[block / 64] |= 1ULL << (block % 64);
	}
	spin_unlock(&d->lock);
	return rc;
}

int domain_populate(struct vcpu *v, u64 ipa)
{
	struct domain *d = v->dom;
	if (ipa - domain_fb_ipa(d) < d->fb_size)
		boot_gate_fb_touched(v);
	return populate_block(d, ipa, true);
}

int domain_populate_range(struct domain *d, u64 ipa, u64 size)
{
	return domain_populate_for_copy(d, ipa, size, 0);
}

int domain_populate_for_copy(struct domain *d, u64 ipa, u64 size, u64 copied)
{
	u64 start = ipa, end = ipa + size;
	int rc = 0;
	for (ipa = ALIGN_DOWN(ipa, DOMAIN_RAM_BLOCK); !rc && ipa < end; ipa += DOMAIN_RAM_BLOCK) {
		rc = populate_block(d, ipa, ipa < start || ipa + DOMAIN_RAM_BLOCK > start + copied);
		sched_preempt_point(); /* a restart zeroes hundreds of blocks */
	}
	return rc;
}

struct domain *domain_create(const struct domain_config *cfg)
{
	struct domain *d;

	if (ndomains == CONFIG_MAX_DOMAINS) {
		log_err("domain %s: more than CONFIG_MAX_DOMAINS (%d) domains", cfg->name,
			CONFIG_MAX_DOMAINS);
		return NULL;
	}
	d = &domains[ndomains];
	memset(d, 0, sizeof(*d));
	d->id = ndomains;
	d->vmid = (u16)(ndomains + 1);
	d->cfg = cfg;
	d->nvcpus = cfg->vcpus;
	memcpy(d->name, cfg->name, sizeof(d->name));
	if (alloc_ram(d) || stage2_arch_init(d) || init_vcpus(d)) {
		undo(d);
		return NULL;
	}
	if (vgic_domain_init(d) || vcontrol_create(d) ||
	    (cfg->vpl011 && !(d->uart = vpl011_create(d))) ||
	    (cfg->watchdog_ms && !(d->wdog = vsp805_create(d, cfg->watchdog_ms))) ||
	    passthrough_setup(d)) {
		log_err("domain %s: cannot set up its address space or devices", d->name);
		undo(d);
		return NULL;
	}
	d->state = DOM_CREATED;
	ndomains++;
	console_mux_register(d);
	log_info("domain %s: %u vCPU(s) from CPU %d, %llu MiB at 0x%llx (guest 0x%llx), GICv%d%s%s",
		 d->name, d->nvcpus, d->vcpus[0].pcpu, domain_guest_ram(d) / MiB, d->ram_host,
		 d->ram_ipa, d->vgic.version, d->uart ? ", vPL011" : "",
		 d->wdog ? ", SP805 watchdog" : "");
	if (d->fb_size)
		log_info("domain %s: framebuffer %ux%u XRGB8888 at 0x%llx (guest 0x%llx)", d->name,
			 cfg->fb_width, cfg->fb_height, domain_fb_host(d), domain_fb_ipa(d));
	return d;
}

/* Devices doing DMA (passthrough, direct-map) cannot take stage-2 faults:
 * their domain's memory is all there from the start. Its framebuffer is
 * zeroed before the display shows it; mapped too, unless its first touch is
 * to open the boot gate (boot_gate.c). */
static int populate_boot(struct domain *d)
{
	if (does_dma(d))
		return domain_populate_range(d, d->ram_ipa, d->ram_size);
	if (!d->fb_size)
		return 0;
	if (!boot_gate_holds_fb(d))
		return domain_populate_range(d, domain_fb_ipa(d), d->fb_size);
	mem_arch_zero((void *)(uintptr_t)domain_fb_host(d), d->fb_size);
	cache_arch_clean_inval(domain_fb_host(d), d->fb_size);
	return 0;
}

/* The image first: the blocks its copy covers are then not zeroed before
 * being overwritten, also in a domain whose memory is populated whole. */
static int build_image(struct domain *d, char *err, size_t len)
{
	int rc = domain_build(d, err, len);
	if (rc)
		return rc;
	rc = populate_boot(d);
	if (rc)
		fmt_snprintf(err, len, "memory: no page-table space for its memory map");
	return rc;
}

int domain_load(struct domain *d)
{
	char err[CFG_ERR_MAX];

	if (d->state != DOM_CREATED)
		return -E_INVAL;
	if (!build_image(d, err, sizeof(err)))
		return 0;
	log_err("domain %s: %s", d->name, err);
	domain_refuse(d);
	return -E_INVAL;
}

static void show_framebuffer(const struct domain *d)
{
	struct display_mode m = {domain_fb_host(d), d->cfg->fb_width, d->cfg->fb_height,
				 d->cfg->fb_width * DOMAIN_FB_BPP, DISPLAY_XRGB8888};
	if (d->fb_size)
		display_show(d->name, &m);
}

int domain_start(struct domain *d)
{
	if (d->state != DOM_CREATED)
		return -E_INVAL;
	show_framebuffer(d);
	d->started_ns = timer_now_ns();
	d->state = DOM_RUNNING;
	passthrough_start_irqs(d);
	if (d->wdog)
		vsp805_start(d->wdog);
	vcpu_kick(&d->vcpus[0]); /* the domain build asked for its CPU_ON */
	log_info("domain %s: started (boot priority %u)", d->name, d->cfg->boot_priority);
	return 0;
}

static int domain_switch(struct domain *d, enum domain_state from, enum domain_state to)
{
	spin_lock(&d->lock);
	if (d->state != from) {
		spin_unlock(&d->lock);
		return -E_BUSY;
	}
	d->state = to;
	spin_unlock(&d->lock);
	return 0;
}

int domain_pause(struct domain *d)
{
	if (domain_switch(d, DOM_RUNNING, DOM_PAUSED))
		return -E_BUSY;
	if (d->wdog)
		vsp805_stop(d->wdog); /* a paused domain cannot feed it */
	log_limited(d->name, LOG_CLASS_CONTROL, LOG_NOTICE, "domain %s: paused", d->name);
	for (unsigned int i = 0; i < d->nvcpus; i++)
		vcpu_kick(&d->vcpus[i]); /* off their pCPUs */
	return 0;
}

int domain_unpause(struct domain *d)
{
	if (domain_switch(d, DOM_PAUSED, DOM_RUNNING))
		return -E_BUSY;
	if (d->wdog)
		vsp805_start(d->wdog);
	log_limited(d->name, LOG_CLASS_CONTROL, LOG_NOTICE, "domain %s: unpaused", d->name);
	for (unsigned int i = 0; i < d->nvcpus; i++)
		vcpu_kick(&d->vcpus[i]);
	return 0;
}

/* A domain that never ran: its devices were attached when it was created,
 * and must not keep reaching its memory or raising its interrupts; what its
 * creation took goes back as after a failed create. */
void domain_refuse(struct domain *d)
{
	if (d->state != DOM_CREATED)
		return;
	d->state = DOM_HALTED;
	release(d);
	boot_gate_stopped(d);
	if (does_dma(d) || d->cfg->n_pt_irqs)
		log_notice("domain %s: halted before it ran; its devices are released", d->name);
}

void domain_dump_memory(void)
{
	log_notice("memory: hypervisor image %llu KiB (all its static state, including %u "
		   "domain slots of %llu KiB), %llu KiB of RAM free",
		   mmu_image_size() / KiB, CONFIG_MAX_DOMAINS, (u64)sizeof(struct domain) / KiB,
		   mm_free_bytes() / KiB);
	for (unsigned int i = 0; i < ndomains; i++)
		log_notice("  domain %s: %llu MiB RAM, %u KiB of stage-2 tables", domains[i].name,
			   domains[i].ram_size / MiB, domains[i].s2_pages * 4);
}

/* A crash within this long of the domain's start counts as a quick one. */
#define QUICK_CRASH_NS	 (30ULL * 1000 * 1000 * 1000)
#define BACKOFF_FIRST_NS (1000ULL * 1000 * 1000)
#define BACKOFF_MAX_NS	 (64ULL * 1000 * 1000 * 1000)

/* Exponential back-off once restart-limit quick crashes came in a row: a
 * domain that cannot boot does not eat its pCPUs and the console. */
static void restart_schedule(struct domain *d, u64 now)
{
	unsigned int over;
	u64 delay;

	if (now - d->started_ns < QUICK_CRASH_NS)
		d->quick_crashes++;
	else
		d->quick_crashes = 0;
	d->restart_at = now;
	if (d->quick_crashes <= d->cfg->restart_limit)
		return;
	over = d->quick_crashes - d->cfg->restart_limit - 1;
	delay = over >= 6 ? BACKOFF_MAX_NS : BACKOFF_FIRST_NS << over;
	d->restart_at = now + delay;
	log_warn("domain %s: %u quick crashes in a row (restart-limit %u): restarting it in "
		 "%llu ms",
		 d->name, d->quick_crashes, d->cfg->restart_limit, delay / 1000000);
}

/* Stops a running domain for a restart or for good; false if it was not
 * running. The log says "<name>: <event>; restarting it" or "<name>: halted
 * (<why>)". */
static bool domain_stop(struct domain *d, bool restart, const char *event, const char *why)
{
	spin_lock(&d->lock);
	if (d->state != DOM_RUNNING && d->state != DOM_PAUSED) {
		spin_unlock(&d->lock);
		return false;
	}
	/* restart_at and crash_done before the state: vCPU 0 may restart the
	 * domain as soon as it sees RESTARTING with crash_done. */
	if (restart)
		restart_schedule(d, timer_now_ns());
	__atomic_store_n(&d->crash_done, false, __ATOMIC_SEQ_CST);
	d->state = restart ? DOM_RESTARTING : DOM_HALTED;
	spin_unlock(&d->lock);
	if (d->wdog)
		vsp805_stop(d->wdog);
	if (d->uart)
		vpl011_flush(d->uart);
	if (d->fb_size)
		display_blank(d->name);
	passthrough_stop_irqs(d);
	boot_gate_stopped(d);
	if (restart)
		log_notice("domain %s: %s; restarting it (restart %u), the other domains are not "
			   "affected",
			   d->name, event, d->restarts + 1);
	else
		log_notice("domain %s: halted (%s); the other domains are not affected", d->name,
			   why);
	__atomic_store_n(&d->crash_done, true, __ATOMIC_SEQ_CST);
	for (unsigned int i = 0; i < d->nvcpus; i++)
		vcpu_kick(&d->vcpus[i]);
	return true;
}

void domain_crash(struct domain *d, const char *why)
{
	char event[96];
	fmt_snprintf(event, sizeof(event), "crashed (%s)", why);
	domain_stop(d, d->cfg->on_crash == ON_CRASH_RESTART, event, why);
}

int domain_control_stop(struct domain *d, bool restart, const char *by)
{
	char event[96], why[96];
	fmt_snprintf(event, sizeof(event), "%s asked for a restart", by);
	fmt_snprintf(why, sizeof(why), "shut down by %s", by);
	return domain_stop(d, restart, event, why) ? 0 : -E_BUSY;
}

/* Fresh memory: every RAM block is unmapped (then the TLBs of the VMID
 * invalidated: break-before-make) and zeroed again when the image is
 * rebuilt, on the guest's first touch, or (populate_boot, after the
 * rebuild) now for a domain whose devices do DMA. */
static int reset_memory(struct domain *d)
{
	if (lpae_unmap_range(&d->s2, d->ram_ipa, d->ram_size))
		return -E_BUSY;
	stage2_arch_flush_tlb(d);
	iommu_flush_domain(d);
	memset(d->populated, 0, sizeof(d->populated));
	return 0;
}

static void reset_devices(struct domain *d)
{
	vgic_domain_reset(d);
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		struct vcpu *v = &d->vcpus[i];
		v->online = v->on_request = false;
		vgic_vcpu_reset(v);
		vgic_map_hw_ppi(v, GUEST_TIMER_VIRT_IRQ);
	}
	if (d->uart)
		vpl011_reset(d->uart);
}

bool domain_may_restart(struct vcpu *v)
{
	struct domain *d = v->dom;
	return v->id == 0 && d->state == DOM_RESTARTING &&
	       __atomic_load_n(&d->crash_done, __ATOMIC_SEQ_CST) &&
	       __atomic_load_n(&d->nparked, __ATOMIC_SEQ_CST) == d->nvcpus;
}

void domain_restart(struct domain *d)
{
	char err[CFG_ERR_MAX] = "";
	int rc;

	if (d->state != DOM_RESTARTING || d->nparked != d->nvcpus)
		panic("domain %s: restart in state %d with %u of %u vCPUs parked", d->name,
		      d->state, d->nparked, d->nvcpus);
	u64 t0 = timer_now_ns(), runs0 = sched_preempt_runs();
	reset_devices(d);
	rc = reset_memory(d);
	if (rc)
		fmt_snprintf(err, sizeof(err), "memory: cannot unmap it");
	else
		rc = build_image(d, err, sizeof(err));
	if (rc) {
		log_err("domain %s: cannot rebuild it (%s): halted", d->name, err);
		d->state = DOM_HALTED;
		return;
	}
	d->abort_logged = d->other_logged = false;
	d->restarts++;
	d->started_ns = timer_now_ns();
	d->nparked = 0;
	spin_lock(&d->lock);
	d->state = DOM_RUNNING;
	spin_unlock(&d->lock);
	passthrough_resume(d);
	if (d->wdog)
		vsp805_start(d->wdog);
	show_framebuffer(d); /* its framebuffer again, zeroed */
	log_notice("domain %s: restarted (restart %u)", d->name, d->restarts);
	/* How long the rebuild took, and whether it gave way (one pinned vCPU
	 * sharing its pCPU: sched_preempt_point). */
	log_info("domain %s: rebuilt in %llu ms; other vCPUs ran %llu times meanwhile", d->name,
		 (timer_now_ns() - t0) / 1000000, sched_preempt_runs() - runs0);
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		d->vcpus[i].parked = false;
		vcpu_kick(&d->vcpus[i]);
	}
}
