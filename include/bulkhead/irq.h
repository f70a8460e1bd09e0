/* Interrupts the hypervisor takes itself, and the interrupt controller behind
 * them. One irqchip (GICv2 or GICv3) is chosen at boot from the host DT. */
#ifndef BULKHEAD_IRQ_H
#define BULKHEAD_IRQ_H

#include <bulkhead/types.h>

struct host_info;
struct host_gic;

#define IRQ_SPURIOUS_MIN 1020
#define IRQ_LOCAL_MAX	 32 /* SGIs 0-15 and PPIs 16-31 */
#define IRQ_PRIO_DEFAULT 0xa0

/* Software-generated interrupts the hypervisor uses between its CPUs. */
enum ipi { IPI_PING = 0, IPI_STOP = 1 };

struct irqchip_ops {
	const char *name;
	int version;
	int (*init)(const struct host_gic *g);	      /* boot CPU: distributor */
	int (*cpu_init)(unsigned int cpu, u64 mpidr); /* every CPU: its interface */
	u32 (*ack)(void);			      /* raw IAR value */
	void (*eoi)(u32 raw);			      /* priority drop */
	void (*deactivate)(u32 raw);
	void (*enable_local)(u32 intid);   /* SGI/PPI on this CPU */
	void (*activate_local)(u32 intid); /* SGI/PPI on this CPU: as if acknowledged */
	void (*send_sgi)(u32 sgi, unsigned int cpu, u64 mpidr);
	void (*enable_spi)(u32 intid, unsigned int cpu, u64 mpidr);
	/* Disable, clear pending and active, at the distributor (any CPU). */
	void (*quiesce_spi)(u32 intid);
};

typedef void (*irq_handler_fn)(u32 intid);

int irqchip_init(const struct host_info *h);
int irqchip_cpu_init(unsigned int cpu);
int irqchip_version(void);
/* Handler for an SGI or PPI, the same on every CPU; enabled per CPU. */
void irq_set_local_handler(u32 intid, irq_handler_fn fn);
void irq_enable_local(u32 intid);
/* A forwarded interrupt is deactivated by the guest (HW bit), not by us. */
void irq_set_forwarded(u32 intid, bool on);
/* Deactivate a forwarded interrupt whose guest will never do it (this CPU's). */
void irq_deactivate(u32 intid);
/* Make this CPU's SGI/PPI active as an acknowledge would, without taking it:
 * a forwarded one the hypervisor hands to a guest directly. */
void irq_activate_local(u32 intid);
/* Silence an SPI for good: disabled, not pending, not active. */
void irq_quiesce_spi(u32 intid);
/* Enables a quiesced SPI again, routed to cpu. */
void irq_resume_spi(u32 intid, unsigned int cpu);
/* SPI handlers: one table for every SPI the hypervisor takes. The console
 * UART's is the hypervisor's own; the rest is what all domains' passthrough
 * SPIs together may use (config refuses more, naming the domain). */
#define IRQ_SPI_HANDLERS_MAX	32
#define IRQ_SPI_PASSTHROUGH_MAX (IRQ_SPI_HANDLERS_MAX - 1)
/* SPI handler, routed to cpu; a forwarded one is deactivated by its guest.
 * -E_NOMEM when the table is full. */
int irq_set_spi_handler(u32 intid, irq_handler_fn fn, unsigned int cpu, bool forwarded);
/* The SPI is quiesced and its handler's slot freed (no-op if it has none). */
void irq_clear_spi_handler(u32 intid);
void irq_send_ipi(unsigned int cpu, enum ipi ipi);
/* Called from the EL2 IRQ vector. */
void irq_handle(void *frame);

#endif
