#ifndef BULKHEAD_PASSTHROUGH_H
#define BULKHEAD_PASSTHROUGH_H

#include <bulkhead/types.h>
#include <bulkhead/dt.h>

struct domain;
struct host_info;

/* Host ranges and the interrupt no domain may be given (set at boot). */
void passthrough_forbid(u64 base, u64 size);
void passthrough_forbid_irq(u32 intid);
/* What the hypervisor keeps of the host's devices: its RAM, the GIC's
 * windows and redistributors, the console UART and its interrupt, and the
 * display's registers (display_mmio). The IOMMUs' windows are forbidden at
 * their probe (iommu_init). */
void passthrough_forbid_host(const struct host_info *h, struct mem_range display);
/* The ranges forbidden so far (for config, which names the domain's node). */
unsigned int passthrough_forbidden(const struct mem_range **ranges);
/* Map the domain's passthrough regions and forward its SPIs. */
int passthrough_setup(struct domain *d);
/* The domain stopped: its SPIs are disabled and cleared at the distributor
 * (at once), its devices' streams detached (by its vCPU 0 when it parks,
 * preemptibly: a PCIe host bridge has 65536 of them, common/vcpu.c). */
void passthrough_stop_irqs(struct domain *d);
/* A domain that never ran (its creation failed or it was refused): its
 * streams detached and what passthrough_setup routed given back, also
 * after a partial setup. */
void passthrough_release(struct domain *d);
void passthrough_resume(struct domain *d);
/* Its SPIs enabled (again) as it starts: one that fired before was quiesced. */
void passthrough_start_irqs(struct domain *d);

#endif
