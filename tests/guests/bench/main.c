/*
 * Micro-benchmark guest: one binary run natively on QEMU virt at EL1, as a
 * Bulkhead domU and as a Xen dom0less domU. Everything it touches is found
 * in the DTB passed in x0 (the three memory maps differ). It measures, with
 * CNTVCT_EL0 converted to ns (instructions under -icount shift=0):
 *   hvc       PSCI_VERSION over the /psci method conduit, averaged over 1000
 *   mmio      a GICD_TYPER read, averaged over 1000
 *   pingpong  (2+ vCPUs) vCPU 0 sends an SGI to vCPU 1, whose handler sends
 *             one back; the round trip averaged over 200. Both sides wait in
 *             WFI (masked check, then WFI), unless /chosen/bootargs holds
 *             "wait=spin": spinning with interrupts unmasked, for experiments
 *             only: QEMU's -icount runs all CPUs round-robin on one host
 *             thread, and natively the spinning ping-pong neither finished
 *             nor timed out within 120 s.
 * and prints one line, then PSCI SYSTEM_OFF:
 *   BENCH-MICRO hvc=<ns> mmio=<ns> pingpong=<ns|na> wait=<spin|wfi> vcpus=<n>
 * or "BENCH-MICRO-ERROR <reason>". The code must stay position independent:
 * no pointers in initialised data (the Makefile checks the relocations).
 */
#include <stdint.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint8_t u8;

#define N_HVC	   1000
#define N_MMIO	   1000
#define N_PING	   200
#define N_WARM	   10
#define SGI_PING   1
#define PPI_VTIMER 27
#define PING_CTX   0xb0b5
#define MAX_CPUS   8
#define FDT_MAGIC  0xd00dfeedu

#define PSCI_VERSION	0x84000000u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_CPU_ON	0xc4000003u

#include "../lib/sysreg.h"

/* GICv3 CPU interface, by encoding (older assemblers lack the names). */
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_SGI1R_EL1	S3_0_C12_C11_5
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7

static volatile u32 *reg32(u64 a) { return (volatile u32 *)a; }

/* ---- What the DTB told us ---- */
static u64 uart, gicd, gicr_or_gicc; /* GICv3: GICR base; GICv2: GICC base */
static int gic_v3, use_smc, ncpus, wait_wfi = 1;
static u64 cpu_mpidr[MAX_CPUS];

/* ---- UART (from the DTB) ---- */
#define GUEST_UART uart
#include "../lib/print.h"

/* Without leading zeros. */
static void puthex_short(u64 v)
{
	puts_("0x");
	int i = 60;
	while (i > 0 && !((v >> i) & 0xf))
		i -= 4;
	for (; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 0xf]);
}

/* ---- PSCI ---- */
static u64 psci(u64 fid, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 __asm__("x0") = fid, x1 __asm__("x1") = a1, x2 __asm__("x2") = a2,
			x3 __asm__("x3") = a3;
	if (use_smc)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return x0;
}

static void __attribute__((noreturn)) power_off(void)
{
	psci(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

static void __attribute__((noreturn)) fail(const char *why, u64 val)
{
	puts_("BENCH-MICRO-ERROR ");
	puts_(why);
	putc_(' ');
	puthex_short(val);
	putc_('\n');
	power_off();
}

/* ---- Flattened device tree (big-endian, devicetree specification v0.4) ---- */
static u32 be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static u64 cells(const u8 *p, u32 n)
{
	u64 v = 0;
	for (u32 i = 0; i < n; i++)
		v = (v << 32) | be32(p + 4 * i);
	return v;
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* Whether a string-list property holds `want`. */
static int strlist_has(const u8 *p, u32 len, const char *want)
{
	u32 i = 0;
	while (i < len) {
		const char *s = (const char *)p + i;
		if (str_eq(s, want))
			return 1;
		while (i < len && p[i])
			i++;
		i++;
	}
	return 0;
}

/* Whether the space-separated words of `s` (length len) include `word`. */
static int has_word(const u8 *s, u32 len, const char *word)
{
	u32 i = 0;
	while (i < len && s[i]) {
		while (i < len && s[i] == ' ')
			i++;
		u32 j = 0;
		while (word[j] && i + j < len && s[i + j] == (u8)word[j])
			j++;
		if (!word[j] && (i + j >= len || s[i + j] == ' ' || !s[i + j]))
			return 1;
		while (i < len && s[i] && s[i] != ' ')
			i++;
	}
	return 0;
}

#define MAX_DEPTH 16

struct node {
	const char *name;
	const u8 *compat, *reg, *dtype, *method, *bootargs;
	u32 compat_len, reg_len, dtype_len, method_len, bootargs_len;
	u32 addr_cells, size_cells; /* for its children */
	int done;
};

/* Acts on a node once its properties are all known, with its parent's cells. */
static void node_done(struct node *n, const struct node *parent, int depth)
{
	if (n->done)
		return;
	n->done = 1;
	u32 ac = parent ? parent->addr_cells : 2, sc = parent ? parent->size_cells : 1;
	if (depth == 1 && str_eq(n->name, "psci") && n->method)
		use_smc = str_eq((const char *)n->method, "smc");
	if (depth == 1 && str_eq(n->name, "chosen") && n->bootargs)
		wait_wfi = !has_word(n->bootargs, n->bootargs_len, "wait=spin");
	if (depth == 2 && parent && str_eq(parent->name, "cpus") && n->dtype &&
	    str_eq((const char *)n->dtype, "cpu") && n->reg && n->reg_len >= 4 * ac) {
		if (ncpus < MAX_CPUS)
			cpu_mpidr[ncpus] = cells(n->reg, ac);
		ncpus++;
	}
	if (!n->compat || !n->reg)
		return;
	u32 entry = 4 * (ac + sc);
	if (!uart &&
	    (strlist_has(n->compat, n->compat_len, "arm,pl011") ||
	     strlist_has(n->compat, n->compat_len, "arm,sbsa-uart")) &&
	    n->reg_len >= entry)
		uart = cells(n->reg, ac);
	if (!gicd && strlist_has(n->compat, n->compat_len, "arm,gic-v3") &&
	    n->reg_len >= 2 * entry) {
		gic_v3 = 1;
		gicd = cells(n->reg, ac);
		gicr_or_gicc = cells(n->reg + entry, ac);
	}
	if (!gicd &&
	    (strlist_has(n->compat, n->compat_len, "arm,cortex-a15-gic") ||
	     strlist_has(n->compat, n->compat_len, "arm,gic-400")) &&
	    n->reg_len >= 2 * entry) {
		gicd = cells(n->reg, ac);
		gicr_or_gicc = cells(n->reg + entry, ac);
	}
}

static void parse_fdt(const u8 *fdt)
{
	if (!fdt || ((u64)fdt & 7) || be32(fdt) != FDT_MAGIC)
		power_off(); /* no UART known yet: nothing to print to */
	const u8 *st = fdt + be32(fdt + 8);
	const char *strs = (const char *)fdt + be32(fdt + 12);
	u32 size = be32(fdt + 36); /* size_dt_struct */
	struct node stack[MAX_DEPTH];
	int depth = 0; /* stack[depth - 1] is the open node */
	u32 off = 0;
	while (off + 4 <= size) {
		u32 tok = be32(st + off);
		off += 4;
		if (tok == 1) { /* BEGIN_NODE */
			const char *name = (const char *)st + off;
			u32 len = 0;
			while (name[len])
				len++;
			off += (len + 4) & ~3u;
			if (depth > 0)
				node_done(&stack[depth - 1], depth > 1 ? &stack[depth - 2] : 0,
					  depth - 1);
			if (depth == MAX_DEPTH)
				power_off();
			struct node *n = &stack[depth++];
			*n = (struct node){.name = name, .addr_cells = 2, .size_cells = 1};
		} else if (tok == 2) { /* END_NODE */
			if (!depth)
				power_off();
			node_done(&stack[depth - 1], depth > 1 ? &stack[depth - 2] : 0, depth - 1);
			depth--;
		} else if (tok == 3) { /* PROP: len, nameoff, value */
			u32 len = be32(st + off), nameoff = be32(st + off + 4);
			const u8 *val = st + off + 8;
			off += 8 + ((len + 3) & ~3u);
			if (!depth)
				continue;
			struct node *n = &stack[depth - 1];
			const char *pn = strs + nameoff;
			if (str_eq(pn, "compatible"))
				n->compat = val, n->compat_len = len;
			else if (str_eq(pn, "reg"))
				n->reg = val, n->reg_len = len;
			else if (str_eq(pn, "device_type"))
				n->dtype = val, n->dtype_len = len;
			else if (str_eq(pn, "method"))
				n->method = val, n->method_len = len;
			else if (str_eq(pn, "bootargs"))
				n->bootargs = val, n->bootargs_len = len;
			else if (str_eq(pn, "#address-cells") && len == 4)
				n->addr_cells = be32(val);
			else if (str_eq(pn, "#size-cells") && len == 4)
				n->size_cells = be32(val);
		} else if (tok == 4) { /* NOP */
		} else {	       /* END (9) or garbage */
			break;
		}
	}
}

/* ---- Time ---- */
static u64 now(void)
{
	__asm__ volatile("isb" ::: "memory");
	return read_sysreg(cntvct_el0);
}

/* ticks * 1e9 / freq without overflowing 64 bits (freq < 2^32). */
static u64 ticks_to_ns(u64 ticks)
{
	u64 freq = read_sysreg(cntfrq_el0);
	return ticks / freq * 1000000000ULL + ticks % freq * 1000000000ULL / freq;
}

/* ---- GIC ---- */
static u64 aff_of(u64 mpidr) /* MPIDR -> Aff3.Aff2.Aff1.Aff0 as in GICR_TYPER[63:32] */
{
	return ((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff);
}

static u64 find_redist(u64 mpidr)
{
	u64 rd = gicr_or_gicc;
	for (int i = 0; i < 64; i++) {
		u32 lo = *reg32(rd + 0x8), hi = *reg32(rd + 0xc); /* GICR_TYPER */
		if (hi == aff_of(mpidr))
			return rd;
		if (lo & (1u << 4)) /* Last */
			break;
		rd += (lo & (1u << 1)) ? 0x40000 : 0x20000; /* VLPIS: two more frames */
	}
	fail("no-redistributor-for-mpidr", mpidr);
}

static void gic_dist_init(void)
{
	if (gic_v3) {
		/* ARE_NS | EnableGrp1NS (bits 4, 1; single security state: ARE,
		 * EnableGrp1). A hypervisor's view already has ARE set. */
		*reg32(gicd) = *reg32(gicd) | 0x12;
		for (int i = 0; i < 1000000 && (*reg32(gicd) & (1u << 31)); i++) /* RWP */
			;
	} else {
		*reg32(gicd) = 1;
	}
}

static void gic_cpu_init(void)
{
	if (gic_v3) {
		u64 rd = find_redist(read_sysreg(mpidr_el1));
		*reg32(rd + 0x14) &= ~2u; /* GICR_WAKER.ProcessorSleep */
		for (int i = 0; i < 1000000 && (*reg32(rd + 0x14) & 4u); i++) /* ChildrenAsleep */
			;
		u64 sgi = rd + 0x10000;
		*reg32(sgi + 0x80) = 0xffffffffu; /* GICR_IGROUPR0: group 1 */
		*reg32(sgi + 0x100) = (1u << SGI_PING) | (1u << PPI_VTIMER); /* GICR_ISENABLER0 */
		write_sysreg(read_sysreg(ICC_SRE_EL1) | 1, ICC_SRE_EL1);
		__asm__ volatile("isb");
		write_sysreg(0xff, ICC_PMR_EL1);
		write_sysreg(1, ICC_IGRPEN1_EL1);
	} else {
		*reg32(gicd + 0x100) =
			(1u << SGI_PING) | (1u << PPI_VTIMER); /* banked ISENABLER0 */
		*reg32(gicr_or_gicc + 0x04) = 0xff;	       /* GICC_PMR */
		*reg32(gicr_or_gicc + 0x00) = 1;	       /* GICC_CTLR */
	}
	__asm__ volatile("isb" ::: "memory");
}

/* SGI_PING to the vCPU at index `to`. */
static void send_ping(int to)
{
	if (gic_v3) {
		u64 m = cpu_mpidr[to];
		u64 aff0 = m & 0xff, aff1 = (m >> 8) & 0xff, aff2 = (m >> 16) & 0xff,
		    aff3 = (m >> 32) & 0xff;
		write_sysreg((aff3 << 48) | ((aff0 >> 4) << 44) | (aff2 << 32) |
				     ((u64)SGI_PING << 24) | (aff1 << 16) | (1u << (aff0 & 0xf)),
			     ICC_SGI1R_EL1);
	} else {
		*reg32(gicd + 0xf00) = (1u << (16 + to)) | SGI_PING; /* CPU interface = index */
	}
	__asm__ volatile("isb" ::: "memory");
}

/* ---- Exceptions ---- */
static volatile u32 pongs, secondary_up, secondary_ctx;

void bench_irq(void)
{
	u32 iar = gic_v3 ? (u32)read_sysreg(ICC_IAR1_EL1) : *reg32(gicr_or_gicc + 0x0c);
	u32 id = iar & 0x3ff;
	if (id == PPI_VTIMER)
		write_sysreg(0, cntv_ctl_el0); /* a wait's deadline passed: wait_for sees it */
	if (id == SGI_PING) {
		if (read_sysreg(tpidr_el1) == 0)
			pongs++;
		else
			send_ping(0);
	}
	if (id >= 1020) /* spurious: no EOI */
		return;
	if (gic_v3)
		write_sysreg(iar, ICC_EOIR1_EL1);
	else
		*reg32(gicr_or_gicc + 0x10) = iar;
}

void bench_sync(void)
{
	u64 esr = read_sysreg(esr_el1), elr = read_sysreg(elr_el1);
	puts_("BENCH-MICRO-ERROR exception esr=");
	puthex_short(esr);
	puts_(" elr=");
	puthex_short(elr);
	puts_(" far=");
	puthex_short(read_sysreg(far_el1));
	putc_('\n');
	power_off();
}

/* ---- The benchmarks ---- */
static u64 bench_hvc(void)
{
	u64 v = psci(PSCI_VERSION, 0, 0, 0);
	if (v >> 31) /* NOT_SUPPORTED */
		fail("psci-version", v);
	for (int i = 0; i < N_WARM; i++)
		psci(PSCI_VERSION, 0, 0, 0);
	u64 t0 = now();
	for (int i = 0; i < N_HVC; i++)
		psci(PSCI_VERSION, 0, 0, 0);
	u64 t1 = now();
	return ticks_to_ns(t1 - t0) / N_HVC;
}

static u64 bench_mmio(void)
{
	volatile u32 *typer = reg32(gicd + 0x4);
	u32 sink = 0;
	for (int i = 0; i < N_WARM; i++)
		sink ^= *typer;
	u64 t0 = now();
	for (int i = 0; i < N_MMIO; i++)
		sink ^= *typer;
	u64 t1 = now();
	__asm__ volatile("" : : "r"(sink));
	return ticks_to_ns(t1 - t0) / N_MMIO;
}

/* Waits until *p differs from `was`: spinning with IRQs unmasked, or in WFI
 * with the check made while masked (an SGI taken between a check with IRQs
 * on and the WFI would leave it asleep for good; a pending one ends WFI even
 * while masked). 0 after about two seconds of the counter. */
static int wait_for(volatile u32 *p, u32 was)
{
	u64 end = now() + 2 * read_sysreg(cntfrq_el0);
	/* The virtual timer at the deadline wakes a WFI that no SGI ends: with
	 * -icount sleep=off and every CPU halted, time would stand still. */
	write_sysreg(end, cntv_cval_el0);
	write_sysreg(1, cntv_ctl_el0);
	if (!wait_wfi) {
		while (*p == was)
			if (read_sysreg(cntvct_el0) >= end)
				return 0;
		return 1;
	}
	for (;;) {
		__asm__ volatile("msr daifset, #2" ::: "memory");
		if (*p != was || read_sysreg(cntvct_el0) >= end)
			break;
		__asm__ volatile("wfi");
		__asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
	}
	__asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
	return *p != was;
}

static volatile u32 stop_secondary;

void bench_secondary(u64 ctx)
{
	secondary_ctx = (u32)ctx;
	write_sysreg(0, cntv_ctl_el0);
	gic_cpu_init();
	__asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
	secondary_up = 1;
	send_ping(0); /* vCPU 0 waits for secondary_up in WFI */
	/* Everything else happens in bench_irq. */
	for (;;) {
		if (!wait_wfi) {
			while (!stop_secondary)
				;
			break;
		}
		__asm__ volatile("msr daifset, #2" ::: "memory");
		if (stop_secondary)
			break;
		__asm__ volatile("wfi");
		__asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
	}
	for (;;)
		__asm__ volatile("wfi");
}

extern char secondary_entry[];

static u64 bench_pingpong(void)
{
	u64 rc = psci(PSCI_CPU_ON, cpu_mpidr[1], (u64)secondary_entry, PING_CTX);
	if (rc)
		fail("cpu-on", rc);
	/* vCPU 1's first SGI says it is up: waiting for it, not for
	 * secondary_up, leaves no SGI in flight when the rounds start. */
	if (!wait_for(&pongs, 0) || !secondary_up)
		fail("vcpu1-not-up", 0);
	if (secondary_ctx != PING_CTX)
		fail("cpu-on-context", secondary_ctx);
	for (int i = 0; i < N_WARM; i++) {
		u32 before = pongs;
		send_ping(1);
		if (!wait_for(&pongs, before))
			fail("sgi-timeout-warmup", (u64)i);
	}
	u64 t0 = now();
	for (int i = 0; i < N_PING; i++) {
		u32 before = pongs;
		send_ping(1);
		if (!wait_for(&pongs, before))
			fail("sgi-timeout", (u64)i);
	}
	u64 t1 = now();
	stop_secondary = 1;
	write_sysreg(0, cntv_ctl_el0);
	return ticks_to_ns(t1 - t0) / N_PING;
}

void bench_main(const u8 *fdt)
{
	parse_fdt(fdt);
	if (!uart)
		power_off();
	if (!gicd)
		fail("no-gic-node", 0);
	if (ncpus < 1)
		fail("no-cpu-nodes", 0);
	if (ncpus > MAX_CPUS)
		ncpus = MAX_CPUS;
	gic_dist_init();
	gic_cpu_init();
	__asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
	u64 hvc_ns = bench_hvc();
	u64 mmio_ns = bench_mmio();
	u64 ping_ns = 0;
	if (ncpus >= 2)
		ping_ns = bench_pingpong();
	/* What the DTB said, after the measurements (a console write may cost
	 * the hypervisor work later). */
	puts_("BENCH-MICRO-INFO uart=");
	puthex_short(uart);
	puts_(gic_v3 ? " gicv3 gicd=" : " gicv2 gicd=");
	puthex_short(gicd);
	puts_(gic_v3 ? " gicr=" : " gicc=");
	puthex_short(gicr_or_gicc);
	puts_(use_smc ? " psci=smc" : " psci=hvc");
	for (int i = 0; i < ncpus; i++) {
		puts_(i ? "," : " mpidr=");
		puthex_short(cpu_mpidr[i]);
	}
	extern char _start[];
	puts_(" loaded=");
	puthex_short((u64)_start);
	putc_('\n');
	puts_("BENCH-MICRO hvc=");
	putdec(hvc_ns);
	puts_(" mmio=");
	putdec(mmio_ns);
	puts_(" pingpong=");
	if (ncpus >= 2)
		putdec(ping_ns);
	else
		puts_("na");
	puts_(wait_wfi ? " wait=wfi" : " wait=spin");
	puts_(" vcpus=");
	putdec((u64)ncpus);
	putc_('\n');
	power_off();
}
