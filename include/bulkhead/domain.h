/* Domains and their vCPUs. common/domain.c owns every state transition. */
#ifndef BULKHEAD_DOMAIN_H
#define BULKHEAD_DOMAIN_H

#include <bulkhead/types.h>
#include <bulkhead/domain_config.h>
#include <bulkhead/iommu.h>
#include <bulkhead/sched.h>
#include <bulkhead/spinlock.h>
#include <bulkhead/timer.h>
#include <bulkhead/vmmio.h>
#include <arch/lpae.h>
#include <arch/vcpu.h>
#include <arch/vgic.h>

/* CREATED -> RUNNING -> HALTED (stopped for good), or -> RESTARTING (its
 * vCPUs park; vCPU 0's pCPU rebuilds it) -> RUNNING again. */
enum domain_state { DOM_EMPTY, DOM_CREATED, DOM_RUNNING, DOM_HALTED, DOM_RESTARTING, DOM_PAUSED };

struct vpl011;
struct vsp805;

#define DOMAIN_RAM_BLOCK  (2ULL * 1024 * 1024)
#define DOMAIN_RAM_BLOCKS 32768 /* 64 GiB, GUEST_RAM_MAX */

struct vcpu {
	unsigned int id;
	struct domain *dom;
	int pcpu; /* the first pCPU it may run on (passthrough SPIs are routed there) */
	struct sched_unit unit;
	volatile bool kicked;	       /* something changed since the run loop last looked */
	volatile int loaded_on;	       /* the pCPU whose hardware holds its state, or -1 */
	bool blocked;		       /* WFI or CPU_SUSPEND: waits for an interrupt */
	struct timer_event vtimer_ev;  /* its virtual timer while it is not loaded */
	struct timer_event flush_ev;   /* half a console line left while it waits */
	struct timer_event restart_ev; /* vCPU 0: the end of a restart back-off */
	volatile bool online;
	/* PSCI CPU_ON handed over by another vCPU */
	volatile bool on_request;
	u64 on_entry, on_context;
	/* The request is the domain's start (the kernel's boot protocol sets
	 * the registers), not a guest's CPU_ON (context in r0/x0). */
	bool on_boot;
	/* Left the guest for good after its domain stopped; a restart clears it. */
	volatile bool parked;
	struct vcpu_arch arch;
	struct vgic_cpu vgic;
};

struct domain {
	unsigned int id;
	char name[DOMAIN_NAME_MAX];
	const struct domain_config *cfg;
	volatile enum domain_state state;
	u16 vmid;
	u64 ram_host, ram_size; /* one contiguous host block: its RAM, then its framebuffer */
	u64 ram_ipa;		/* GUEST_RAM_BASE, or ram_host when direct-mapped */
	/* bulkhead,framebuffer: the last fb_size bytes of the block (0: none),
	 * outside the guest's /memory (domain_fb_ipa). */
	u64 fb_size;
	bool aarch32; /* its kernel is an ARM zImage: EL1 runs in AArch32 */
	/* One vCPU that never leaves its pCPU: no other pCPU holds its VMID's
	 * translations, so its TLB maintenance need not be broadcast. */
	bool tlb_local;
	/* 2 MiB blocks of RAM zeroed and mapped so far: the rest is zeroed and
	 * mapped on the guest's first touch (a stage-2 translation fault). */
	u64 populated[DOMAIN_RAM_BLOCKS / 64];
	struct lpae_map s2;
	u64 s2_vttbr;		   /* root table | VMID << 48 */
	u32 s2_pages;		   /* stage-2 table pages it holds */
	struct iommu_domain iommu; /* what the SMMUs translate its devices' DMA with */
	unsigned int nvcpus;
	struct vcpu vcpus[DOMAIN_MAX_VCPUS];
	struct mmio_region mmio[DOMAIN_MAX_MMIO];
	unsigned int nmmio;
	unsigned int mmio_hint; /* index of the region its last access hit */
	struct vgic_dist vgic;
	struct vpl011 *uart;
	struct vsp805 *wdog; /* bulkhead,watchdog */
	/* What creation took from shared state, for its release (domain.c):
	 * its vCPUs' units are in their pool; cfg->pt_irqs[0..pt_irqs_routed)
	 * are its (irq_owner, an SPI handler each). */
	bool sched_joined;
	unsigned int pt_irqs_routed;
	/* Restarts: how many, and the crashes that came soon after a start
	 * (bulkhead,restart-limit of them in a row bring in a back-off). */
	u32 restarts, quick_crashes;
	u64 started_ns, restart_at;
	bool restart_waited;	  /* its restart fell due in another's rebuild (vcpu.c) */
	volatile u32 nparked;	  /* vCPUs parked since the domain stopped */
	volatile bool crash_done; /* domain_crash finished its side effects */
	bool abort_logged;	  /* one log line per domain for accesses outside its map */
	bool other_logged;
	spinlock_t lock;
};

/* The RAM its /memory node describes, and its framebuffer just above. */
static inline u64 domain_guest_ram(const struct domain *d) { return d->ram_size - d->fb_size; }
static inline u64 domain_fb_ipa(const struct domain *d) { return d->ram_ipa + domain_guest_ram(d); }
static inline u64 domain_fb_host(const struct domain *d)
{
	return d->ram_host + domain_guest_ram(d);
}

/* Its memory, address space, vCPUs (joined to their pool's scheduler) and
 * devices; not yet its memory image. NULL if refused (logged). */
struct domain *domain_create(const struct domain_config *cfg);
/* Builds its memory image from its boot modules (domain_build.c). On
 * failure it is logged, taken off the scheduler and halted. */
int domain_load(struct domain *d);
/* domain_load's work: its memory image (domain_build.c); 0, or an error
 * with err saying why. */
int domain_build(struct domain *d, char *err, size_t errlen);
/* Zero and map the RAM block holding ipa (no-op if done), on v's first
 * touch; -E_NOENT outside RAM. */
int domain_populate(struct vcpu *v, u64 ipa);
/* The same for every block of [ipa, ipa + size). */
int domain_populate_range(struct domain *d, u64 ipa, u64 size);
/* The same, for [ipa, ipa + size) of which the caller copies the first
 * `copied` bytes right away: blocks that copy covers whole are not zeroed
 * first (the caller cleans them to memory after the copy). */
int domain_populate_for_copy(struct domain *d, u64 ipa, u64 size, u64 copied);
/* A loaded domain runs: its vCPU 0 becomes runnable (and its framebuffer
 * goes on the display). */
int domain_start(struct domain *d);
/* The domain crashed (watchdog, unrecoverable trap, PSCI SYSTEM_OFF/RESET):
 * its on-crash policy decides between halting and restarting it. Any CPU
 * may call it, also from IRQ context; only that domain is affected. */
void domain_crash(struct domain *d, const char *why);
/* The control interface: restart d (whatever its on-crash) or halt it;
 * -E_BUSY if it is not running. `by` names the requesting domain. */
int domain_control_stop(struct domain *d, bool restart, const char *by);
/* RUNNING <-> PAUSED: a paused domain's vCPUs stay off every pCPU (and its
 * watchdog stops) until unpaused. -E_BUSY from the wrong state. */
int domain_pause(struct domain *d);
int domain_unpause(struct domain *d);
/* Called on the pCPU of vCPU 0 once every vCPU of a RESTARTING domain has
 * parked: waits out the back-off, rebuilds the domain from its pristine boot
 * modules (fresh memory, vGIC, vCPUs and device tree) and runs it again. */
void domain_restart(struct domain *d);
struct domain *domain_by_id(unsigned int id);
unsigned int domain_count(void);
void domain_log_abort(struct domain *d, const char *what, u64 addr);
/* A warning about what a guest did, printed once per domain and kind. */
void domain_log_once(struct domain *d, const char *fmt, ...) __printf(2, 3);

/* A created domain that will not start (its cpupool was refused at
 * admission, or its image could not be built): halted, and everything its
 * creation took is given back (its pool's units, SPIs, streams, memory). */
void domain_refuse(struct domain *d);
/* RAM the hypervisor keeps and each domain's overhead (debug key 'm'). */
void domain_dump_memory(void);
bool domain_may_restart(struct vcpu *v);

/* The vCPU loaded on this pCPU, or NULL. */
struct vcpu *vcpu_current(void);
/* Something changed for v (an interrupt, CPU_ON, its domain stopping): make
 * it runnable and have its pCPU look (common/sched/sched.c). */
void vcpu_kick(struct vcpu *v);

#endif
