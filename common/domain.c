/*
 * Domains: creation from a validated domain_config, start, shutdown. This
 * file owns every domain state transition. Building the memory image (kernel,
 * ramdisk, DT) is domain_build.c.
 */
#include <stdarg.h>
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/fmt.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/log.h>
#include <bulkhead/mm.h>
#include <bulkhead/passthrough.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/vpl011.h>
#include <arch/guest.h>
#include <arch/vgic.h>

static struct domain domains[CONFIG_MAX_DOMAINS];
static unsigned int ndomains;

int domain_build(struct domain *d, char *err, size_t errlen);

struct domain *domain_by_id(unsigned int id) { return id < ndomains ? &domains[id] : NULL; }
unsigned int domain_count(void) { return ndomains; }

void domain_log_abort(struct domain *d, const char *what, u64 addr)
{
	if (d->abort_logged)
		return;
	d->abort_logged = true;
	log_warn("domain %s: %s 0x%llx: reported to the guest as an abort (logged once)", d->name,
		 what, addr);
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
	log_warn("domain %s: %s (logged once)", d->name, msg);
}

static void undo(struct domain *d)
{
	for (unsigned int i = 0; i < d->nvcpus; i++)
		vcpu_unplace(&d->vcpus[i]);
	if (d->ram_size)
		mm_free(d->ram_host, d->ram_size);
	/* Stage-2 table pages of a domain that never ran are not reclaimed yet. */
	d->state = DOM_EMPTY;
}

static int place_vcpus(struct domain *d)
{
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		struct vcpu *v = &d->vcpus[i];
		v->id = i;
		v->dom = d;
		v->pcpu = -1;
		if (vcpu_place(v, d->cfg->affinity)) {
			log_err("domain %s: no free physical CPU for vCPU %u (each vCPU needs its "
				"own "
				"CPU for now)",
				d->name, i);
			return -E_BUSY;
		}
		vgic_vcpu_reset(v);
		vgic_map_hw_ppi(v, GUEST_TIMER_VIRT_IRQ);
	}
	return 0;
}

static int alloc_ram(struct domain *d)
{
	u64 size = ALIGN_UP(d->cfg->mem_bytes, 2 * MiB);
	if (size > GUEST_RAM_MAX || mm_alloc(size, 2 * MiB, &d->ram_host)) {
		log_err("domain %s: memory: cannot allocate %llu MiB (%llu MiB free)", d->name,
			size / MiB, mm_free_bytes() / MiB);
		return -E_NOMEM;
	}
	d->ram_size = size;
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
	return 0;
}

int domain_populate(struct domain *d, u64 ipa)
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
		mem_arch_zero((void *)(uintptr_t)host, DOMAIN_RAM_BLOCK);
		cache_arch_clean_inval(host, DOMAIN_RAM_BLOCK);
		rc = lpae_map_range(&d->s2, d->ram_ipa + off, host, DOMAIN_RAM_BLOCK, S2_PROT_RAM);
		if (!rc)
			d->populated[block / 64] |= 1ULL << (block % 64);
	}
	spin_unlock(&d->lock);
	return rc;
}

int domain_populate_range(struct domain *d, u64 ipa, u64 size)
{
	u64 end = ipa + size;
	int rc = 0;
	for (ipa = ALIGN_DOWN(ipa, DOMAIN_RAM_BLOCK); !rc && ipa < end; ipa += DOMAIN_RAM_BLOCK)
		rc = domain_populate(d, ipa);
	return rc;
}

struct domain *domain_create(const struct domain_config *cfg)
{
	struct domain *d;
	char err[CONFIG_ERR_MAX];

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
	if (place_vcpus(d) || alloc_ram(d) || stage2_arch_init(d)) {
		undo(d);
		return NULL;
	}
	/* Devices doing DMA (passthrough, direct-map) cannot take stage-2 faults:
	 * their domain's memory is all there from the start. */
	if (((cfg->direct_map || cfg->n_pt_regs) &&
	     domain_populate_range(d, d->ram_ipa, d->ram_size)) ||
	    vgic_domain_init(d) || (cfg->vpl011 && !(d->uart = vpl011_create(d))) ||
	    passthrough_setup(d)) {
		log_err("domain %s: cannot set up its address space or devices", d->name);
		undo(d);
		return NULL;
	}
	if (domain_build(d, err, sizeof(err))) {
		log_err("domain %s: %s", d->name, err);
		undo(d);
		return NULL;
	}
	d->state = DOM_CREATED;
	ndomains++;
	console_mux_register(d);
	log_info("domain %s: %u vCPU(s) from CPU %d, %llu MiB at 0x%llx (guest 0x%llx), GICv%d%s",
		 d->name, d->nvcpus, d->vcpus[0].pcpu, d->ram_size / MiB, d->ram_host, d->ram_ipa,
		 d->vgic.version, d->uart ? ", vPL011" : "");
	return d;
}

int domain_start(struct domain *d)
{
	if (d->state != DOM_CREATED)
		return -E_INVAL;
	d->state = DOM_RUNNING;
	for (unsigned int i = 0; i < d->nvcpus; i++)
		vcpu_start_on_pcpu(&d->vcpus[i]);
	return 0;
}

void domain_shutdown(struct domain *d, const char *why)
{
	spin_lock(&d->lock);
	if (d->state != DOM_RUNNING) {
		spin_unlock(&d->lock);
		return;
	}
	d->state = DOM_HALTED;
	spin_unlock(&d->lock);
	if (d->uart)
		vpl011_flush(d->uart);
	passthrough_release(d);
	log_notice("domain %s: halted (%s); the other domains are not affected", d->name, why);
	for (unsigned int i = 0; i < d->nvcpus; i++)
		vcpu_kick(&d->vcpus[i]);
}

void domain_crash(struct domain *d, const char *why) { domain_shutdown(d, why); }
