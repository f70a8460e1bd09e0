/* What the host device tree says about the machine: pure data, produced by
 * hostdt_parse() without touching hardware (so the unit tests run it on real
 * DTBs dumped from QEMU). */
#ifndef BULKHEAD_HOSTDT_H
#define BULKHEAD_HOSTDT_H

#include <bulkhead/types.h>
#include <bulkhead/dt.h>

#define HOST_MAX_RAM	  16
#define HOST_MAX_RESERVED 32
#define HOST_MAX_MODULES  32
#define HOST_MAX_REDIST	  8
#define HOST_MAX_CPUS	  CONFIG_MAX_CPUS

struct driver;
enum psci_conduit { PSCI_NONE, PSCI_SMC, PSCI_HVC };

struct host_gic {
	const struct driver *drv; /* its driver in the registry (driver.h) */
	int version;		  /* 2 or 3 */
	int node;
	struct mem_range dist;
	struct mem_range cpuif, hyp, vcpu; /* GICC, GICH, GICV (size 0 if absent) */
	struct mem_range redist[HOST_MAX_REDIST];
	unsigned int nredist;
	u32 maint_irq; /* INTID of the maintenance interrupt, 0 if absent */
};

struct host_timer {
	u32 phys_irq, virt_irq, hyp_irq; /* INTIDs of the NS-EL1 physical, virtual and EL2 timers */
	u32 freq;			 /* clock-frequency, 0 = use CNTFRQ */
};

struct host_uart {
	const struct driver *drv; /* its driver in the registry; NULL: no UART */
	struct mem_range reg;
	u8 reg_shift, io_width;
	u32 irq; /* INTID, 0 if none */
	/* Its reference clock (clock-frequency, or that of the clock its
	 * "clocks" names: PL011's "uartclk"), and the baud rate the DT says
	 * (current-speed, or stdout-path's "115200n8"); 0: not said. */
	u32 clock_hz, baud;
	char path[96];
};

struct host_psci {
	enum psci_conduit conduit;
	bool v0_2; /* 0.2+ function IDs; otherwise the DT's "cpu_on" */
	u32 cpu_on_fid;
};

struct host_module {
	struct mem_range reg;
	char kind[16]; /* kernel, ramdisk, device-tree, module, initrd */
	int node;
};

struct host_info {
	struct mem_range ram[HOST_MAX_RAM];
	unsigned int nram;
	struct mem_range reserved[HOST_MAX_RESERVED]; /* /memreserve/ and /reserved-memory */
	unsigned int nreserved;
	struct host_module modules[HOST_MAX_MODULES];
	unsigned int nmodules;
	u64 cpu_mpidr[HOST_MAX_CPUS];
	unsigned int ncpus;    /* usable (at most CONFIG_MAX_CPUS) */
	unsigned int ncpus_dt; /* described in the DT */
	struct host_gic gic;
	struct host_timer timer;
	struct host_uart uart;
	struct host_psci psci;
	const char *bootargs; /* /chosen bulkhead,bootargs or xen,xen-bootargs; NULL if none */
	const void *rng_seed; /* /chosen/rng-seed from the boot loader, NULL if none */
	u32 rng_seed_len;
	u64 dtb_size;
};

/* Parses and validates; on failure returns a negative E_* and writes a
 * message naming the node and property to err. What is only worth a warning
 * (no UART, more CPUs than CONFIG_MAX_CPUS) is left to the caller to report
 * from the result: uart.drv == NULL, ncpus < ncpus_dt. */
int hostdt_parse(const void *fdt, struct host_info *h, char *err, size_t errlen);

u64 host_ram_total(const struct host_info *h);

#endif
