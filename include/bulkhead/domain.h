/* Domains and their vCPUs. common/domain.c owns every state transition. */
#ifndef BULKHEAD_DOMAIN_H
#define BULKHEAD_DOMAIN_H

#include <bulkhead/types.h>
#include <bulkhead/domain_config.h>
#include <bulkhead/spinlock.h>
#include <bulkhead/vmmio.h>
#include <arch/lpae.h>
#include <arch/vcpu.h>
#include <arch/vgic.h>

enum domain_state { DOM_EMPTY, DOM_CREATED, DOM_RUNNING, DOM_HALTED, DOM_CRASHED };

struct vpl011;

#define DOMAIN_RAM_BLOCK  (2ULL * 1024 * 1024)
#define DOMAIN_RAM_BLOCKS 32768 /* 64 GiB, GUEST_RAM_MAX */

struct vcpu {
	unsigned int id;
	struct domain *dom;
	int pcpu; /* -1 while not placed */
	volatile bool online;
	/* PSCI CPU_ON handed over by another vCPU */
	volatile bool on_request;
	u64 on_entry, on_context;
	struct vcpu_arch arch;
	struct vgic_cpu vgic;
};

struct domain {
	unsigned int id;
	char name[DOMAIN_NAME_MAX];
	const struct domain_config *cfg;
	volatile enum domain_state state;
	u16 vmid;
	u64 ram_host, ram_size; /* one contiguous host block */
	u64 ram_ipa;		/* GUEST_RAM_BASE, or ram_host when direct-mapped */
	/* 2 MiB blocks of RAM zeroed and mapped so far: the rest is zeroed and
	 * mapped on the guest's first touch (a stage-2 translation fault). */
	u64 populated[DOMAIN_RAM_BLOCKS / 64];
	struct lpae_map s2;
	u64 s2_vttbr; /* root table | VMID << 48 */
	unsigned int nvcpus;
	struct vcpu vcpus[DOMAIN_MAX_VCPUS];
	struct mmio_region mmio[DOMAIN_MAX_MMIO];
	unsigned int nmmio;
	struct vgic_dist vgic;
	struct vpl011 *uart;
	bool abort_logged; /* one log line per domain for accesses outside its map */
	bool other_logged;
	spinlock_t lock;
};

struct domain *domain_create(const struct domain_config *cfg);
/* Zero and map the RAM block holding ipa (no-op if done); -E_NOENT outside RAM. */
int domain_populate(struct domain *d, u64 ipa);
/* The same for every block of [ipa, ipa + size). */
int domain_populate_range(struct domain *d, u64 ipa, u64 size);
int domain_start(struct domain *d);
/* The calling vCPU's domain asked to stop (PSCI SYSTEM_OFF/RESET) or must be
 * stopped; only that domain is affected. */
void domain_shutdown(struct domain *d, const char *why);
/* The domain crashed (watchdog, unrecoverable trap, PSCI SYSTEM_OFF/RESET):
 * its on-crash policy decides between halting and restarting it. Any CPU
 * may call it, also from IRQ context; only that domain is affected. */
void domain_crash(struct domain *d, const char *why);
struct domain *domain_by_id(unsigned int id);
unsigned int domain_count(void);
void domain_log_abort(struct domain *d, const char *what, u64 addr);
/* A warning about what a guest did, printed once per domain and kind. */
void domain_log_once(struct domain *d, const char *fmt, ...) __printf(2, 3);

/* The vCPU running on this pCPU, or NULL. */
struct vcpu *vcpu_current(void);
/* Loop of a pCPU that owns a vCPU: enter, handle exits, block on WFI. */
void __noreturn vcpu_run_loop(struct vcpu *v);
/* Wake a vCPU (it has an interrupt or a CPU_ON): kick its pCPU. */
void vcpu_kick(struct vcpu *v);

#endif
