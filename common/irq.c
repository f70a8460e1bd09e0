/* Dispatch of the hypervisor's own interrupts. Priority drop and
 * deactivation are split (EOImode = 1) so that later, interrupts forwarded to
 * guests can be deactivated by the guest. */
#include <bulkhead/driver.h>
#include <bulkhead/hostdt.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/smp.h>

static const struct irqchip_ops *chip;
static irq_handler_fn local_handlers[IRQ_LOCAL_MAX];
static bool forwarded[IRQ_LOCAL_MAX];
static struct {
	u32 intid;
	irq_handler_fn fn;
	bool forwarded;
} spi_handlers[IRQ_SPI_HANDLERS_MAX];

void irq_set_forwarded(u32 intid, bool on)
{
	if (intid < IRQ_LOCAL_MAX)
		forwarded[intid] = on;
}

void irq_deactivate(u32 intid) { chip->deactivate(intid); }

void irq_activate_local(u32 intid) { chip->activate_local(intid); }

void irq_quiesce_spi(u32 intid)
{
	if (intid >= 32)
		chip->quiesce_spi(intid);
}

void irq_resume_spi(u32 intid, unsigned int cpu)
{
	if (intid >= 32)
		chip->enable_spi(intid, cpu, smp_cpu_mpidr(cpu));
}

int irq_set_spi_handler(u32 intid, irq_handler_fn fn, unsigned int cpu, bool forwarded)
{
	for (unsigned int i = 0; i < IRQ_SPI_HANDLERS_MAX; i++) {
		if (spi_handlers[i].fn)
			continue;
		spi_handlers[i].intid = intid;
		spi_handlers[i].fn = fn;
		spi_handlers[i].forwarded = forwarded;
		chip->enable_spi(intid, cpu, smp_cpu_mpidr(cpu));
		return 0;
	}
	return -E_NOMEM;
}

void irq_clear_spi_handler(u32 intid)
{
	for (unsigned int i = 0; i < IRQ_SPI_HANDLERS_MAX; i++) {
		if (!spi_handlers[i].fn || spi_handlers[i].intid != intid)
			continue;
		/* Off at the distributor first: no CPU takes it once the slot
		 * is free (one that already did finds no handler and says so). */
		irq_quiesce_spi(intid);
		spi_handlers[i].fn = NULL;
		return;
	}
}

static irq_handler_fn handler_of(u32 intid, bool *fwd)
{
	*fwd = false;
	if (intid < IRQ_LOCAL_MAX) {
		*fwd = forwarded[intid];
		return local_handlers[intid];
	}
	for (unsigned int i = 0; i < IRQ_SPI_HANDLERS_MAX; i++)
		if (spi_handlers[i].fn && spi_handlers[i].intid == intid) {
			*fwd = spi_handlers[i].forwarded;
			return spi_handlers[i].fn;
		}
	return NULL;
}

int irqchip_init(const struct host_info *h)
{
	/* hostdt_parse found the GIC by a driver's compatible. */
	const struct irqchip_ops *ops = h->gic.drv->ops;
	int rc = ops->init(&h->gic);
	if (rc)
		return rc;
	chip = ops;
	return 0;
}

int irqchip_cpu_init(unsigned int cpu) { return chip->cpu_init(cpu, smp_cpu_mpidr(cpu)); }

int irqchip_version(void) { return chip ? chip->version : 0; }

void irq_set_local_handler(u32 intid, irq_handler_fn fn)
{
	if (intid < IRQ_LOCAL_MAX)
		local_handlers[intid] = fn;
}

void irq_enable_local(u32 intid) { chip->enable_local(intid); }

void irq_send_ipi(unsigned int cpu, enum ipi ipi)
{
	if (chip)
		chip->send_sgi(ipi, cpu, smp_cpu_mpidr(cpu));
}

void irq_handle(void *frame)
{
	(void)frame;
	for (;;) {
		u32 raw = chip->ack();
		u32 intid = raw & 0xffffff;
		if (chip->version == 2)
			intid = raw & 0x3ff; /* GICv2 IAR carries the SGI source CPU in [12:10] */
		if (intid >= IRQ_SPURIOUS_MIN)
			return;
		bool fwd;
		irq_handler_fn fn = handler_of(intid, &fwd);
		chip->eoi(raw);
		if (fn)
			fn(intid);
		else
			log_warn("unhandled interrupt %u on CPU %u", intid, smp_cpu_id());
		if (!fwd)
			chip->deactivate(raw);
	}
}
