/*
 * Bare-metal test guest: exercises each interface Bulkhead gives a domain and
 * prints one "TEST <name>: PASS|FAIL <detail>" line per check, then
 * "GUEST DONE <failures>" and powers off with PSCI SYSTEM_OFF.
 * Guest physical map: Bulkhead's guest_layout.h (GIC at 0x08000000, PL011
 * at 0x09000000, RAM at 0x40000000).
 */
#include <stdint.h>

#define UART 0x09000000UL
#define GICD 0x08000000UL
#define GICC 0x08010000UL
#define GICR 0x080a0000UL
#define RTC  0x09010000UL /* QEMU virt's PL031, when passed through */
#define WDOG 0x09030000UL /* SP805, with bulkhead,watchdog: SPI 7 (INTID 39) */

typedef uint64_t u64;
typedef uint32_t u32;

static volatile u32 *reg32(unsigned long a) { return (volatile u32 *)a; }

#include "../lib/sysreg.h"
#include "../lib/icc_apr.h"
#include "../lib/dtb_contains.h"

#define GUEST_UART UART
#include "../lib/print.h"

static int failures;

int tlb_check(int *cached); /* tlb.c */

static void result(const char *name, int ok, const char *what, u64 val)
{
	puts_("TEST ");
	puts_(name);
	puts_(ok ? ": PASS " : ": FAIL ");
	puts_(what);
	putc_(' ');
	puthex(val);
	putc_('\n');
	failures += !ok;
}

static u64 hvc(u64 fid, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 __asm__("x0") = fid, x1 __asm__("x1") = a1, x2 __asm__("x2") = a2,
			x3 __asm__("x3") = a3;
	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return x0;
}

static u64 smc(u64 fid)
{
	register u64 x0 __asm__("x0") = fid, x1 __asm__("x1") = 0, x2 __asm__("x2") = 0,
			x3 __asm__("x3") = 0;
	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return x0;
}

/* Exceptions: a synchronous abort is recorded and skipped. */
static volatile u64 last_esr, last_far, sync_count;
static volatile u32 irq_count[256];
static volatile u64 wake_ticks; /* timer deadline to this guest's handler, summed */
static int gic_v3;

void on_sync(void)
{
	last_esr = read_sysreg(esr_el1);
	last_far = read_sysreg(far_el1);
	sync_count++;
	write_sysreg(read_sysreg(elr_el1) + 4, elr_el1);
}

void on_irq(void)
{
	u32 iar = gic_v3 ? (u32)read_sysreg(S3_0_C12_C12_0) : *reg32(GICC + 0x0c);
	u32 id = iar & 0x3ff;
	if (id < 256)
		irq_count[id]++;
	if (id == 27) {
		wake_ticks += read_sysreg(cntvct_el0) - read_sysreg(cntv_cval_el0);
		write_sysreg(0, cntv_ctl_el0); /* one shot */
	}
	if (id == 34)
		*reg32(RTC + 0x1c) = 1; /* PL031 RTCICR: the level drops before the EOI */
	if (id == 39) /* the watchdog's: left set so that it resets; masked instead */
		*reg32(GICD + 0x180 + 4) = 1u << 7;
	if (gic_v3)
		write_sysreg(iar, S3_0_C12_C12_1);
	else
		*reg32(GICC + 0x10) = iar;
}

static void cpu_gic_init(unsigned int cpu)
{
	if (gic_v3) {
		unsigned long rd = GICR + cpu * 0x20000UL;
		*reg32(rd + 0x14) &= ~2u;			    /* GICR_WAKER.ProcessorSleep */
		*reg32(rd + 0x10000 + 0x100) = (1u << 27) | 0xffff; /* vtimer PPI + SGIs */
		write_sysreg(0xff, S3_0_C4_C6_0);		    /* ICC_PMR_EL1 */
		write_sysreg(1, S3_0_C12_C12_7);		    /* ICC_IGRPEN1_EL1 */
	} else {
		*reg32(GICD + 0x100) = (1u << 27) | 0xffff;
		*reg32(GICC + 0x04) = 0xff; /* PMR */
		*reg32(GICC + 0x00) = 1;    /* enable */
	}
	__asm__ volatile("isb; msr daifclr, #2" ::: "memory");
}

/* Sleeps until *p moves on from `was` or the counter passes `end`. The
 * check runs with IRQs masked: an interrupt that arrives after it still ends
 * the WFI (a pending interrupt wakes WFI even while masked) and is taken
 * once they are unmasked. Checking with IRQs on would let the interrupt be
 * handled between the check and the WFI, which then sleeps for good. */
static int wait_change(volatile u32 *p, u32 was, u64 end)
{
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

static int wait_irq(u32 id, u32 before)
{
	u64 end = read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0); /* 1 s */
	return wait_change(&irq_count[id], before, end);
}

static void send_sgi(u32 sgi, u32 target_cpu)
{
	if (gic_v3)
		write_sysreg(((u64)sgi << 24) | (1u << target_cpu), S3_0_C12_C11_5);
	else
		*reg32(GICD + 0xf00) = (1u << (16 + target_cpu)) | sgi;
	__asm__ volatile("isb");
}

/* A pending interrupt the priority mask holds back does not end a WFI (the
 * hypervisor used to wake the vCPU for it at once, thousands of times in
 * 10 ms): with SGI 3 pending at priority 0xa0 behind PMR 0x80, WFIs until
 * the timer (priority 0x40) fires 10 ms later return only a few times (WFI
 * may end early for other reasons, e.g. with bulkhead,wfi = "native" on an
 * interrupt the hypervisor takes). Both are taken once the mask is lifted. */
static void set_prio(u32 intid, uint8_t prio)
{
	unsigned long base = gic_v3 && intid < 32 ? GICR + 0x10000 : GICD;
	*(volatile uint8_t *)(base + 0x400 + intid) = prio;
}

static void set_pmr(u32 pmr)
{
	if (gic_v3)
		write_sysreg(pmr, S3_0_C4_C6_0);
	else
		*reg32(GICC + 0x04) = pmr;
	__asm__ volatile("isb" ::: "memory");
}

static void test_wfi_masked_pending(void)
{
	u64 freq = read_sysreg(cntfrq_el0), wakes = 0;
	u32 sgis = irq_count[3], ticks = irq_count[27];

	__asm__ volatile("msr daifset, #2" ::: "memory");
	set_prio(3, 0xa0);
	set_prio(27, 0x40);
	set_pmr(0x80);
	send_sgi(3, 0);
	write_sysreg(freq / 100, cntv_tval_el0);
	write_sysreg(1, cntv_ctl_el0);
	__asm__ volatile("isb" ::: "memory");
	while (!(read_sysreg(cntv_ctl_el0) & 4) && wakes < 1000000) {
		__asm__ volatile("wfi" ::: "memory");
		wakes++;
	}
	set_pmr(0xff);
	__asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
	wait_irq(3, sgis);
	wait_irq(27, ticks);
	set_prio(3, 0);
	set_prio(27, 0);
	result("wfi_masked_pending", wakes <= 20, "wakes", wakes);
}

static volatile u64 secondary_ctx, secondary_mpidr;
static volatile u32 secondary_up, storm_count;

#define STORM_CTX    0x5707
#define STORM_ROUNDS 200

void secondary_main(u64 ctx)
{
	if (ctx == STORM_CTX) { /* on and straight off again */
		storm_count++;
		hvc(0x84000002, 0, 0, 0);
	}
	secondary_ctx = ctx;
	secondary_mpidr = read_sysreg(mpidr_el1);
	cpu_gic_init(1);
	secondary_up = 1;
	while (secondary_up != 2) /* until CPU 0 has seen an SGI arrive here */
		wait_change(&secondary_up, 1, ~0ULL);
	hvc(0x84000002, 0, 0, 0); /* CPU_OFF */
}

extern char secondary_start[];
extern char _end[]; /* guest.ld: the end of the image, bss included */

static void test_smp(void)
{
	u64 rc = hvc(0xc4000003, 1, (u64)secondary_start, 0x1234);
	if (rc == (u64)-2) {
		puts_("TEST cpu_on: SKIP one vCPU\n");
		return;
	}
	result("cpu_on", rc == 0, "rc", rc);
	for (u64 end = read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0);
	     !secondary_up && read_sysreg(cntvct_el0) < end;)
		;
	result("cpu_on_context", secondary_up && secondary_ctx == 0x1234, "ctx", secondary_ctx);
	result("cpu_on_mpidr", (secondary_mpidr & 0xff) == 1, "mpidr", secondary_mpidr);
	result("cpu_on_again", hvc(0xc4000003, 1, (u64)secondary_start, 0) == (u64)-4, "ALREADY_ON",
	       0);
	result("affinity_on", hvc(0xc4000004, 1, 0, 0) == 0, "state", 0);
	u32 before = irq_count[2];
	send_sgi(2, 1);
	u64 end = read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0);
	while (irq_count[2] == before && read_sysreg(cntvct_el0) < end)
		;
	result("sgi_other_vcpu", irq_count[2] != before, "count", irq_count[2]);
	secondary_up = 2;
	send_sgi(3, 1); /* WFI only wakes for an interrupt */
	u64 st = 0;
	for (end = read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0);
	     (st = hvc(0xc4000004, 1, 0, 0)) != 1 && read_sysreg(cntvct_el0) < end;)
		;
	result("cpu_off", st == 1, "affinity", st);

	/* A CPU_ON/CPU_OFF storm: the hypervisor must start the vCPU from its
	 * reset state every time, wherever the scheduler runs it. */
	u32 rounds = 0;
	for (; rounds < STORM_ROUNDS; rounds++) {
		if (hvc(0xc4000003, 1, (u64)secondary_start, STORM_CTX) != 0)
			break;
		for (end = read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0);
		     (storm_count != rounds + 1 || hvc(0xc4000004, 1, 0, 0) != 1) &&
		     read_sysreg(cntvct_el0) < end;)
			;
		if (storm_count != rounds + 1)
			break;
	}
	result("cpu_on_off_storm", rounds == STORM_ROUNDS, "rounds", rounds);
}

/* A PL031 passed through at its host address, SPI 2 (INTID 34): its alarm
 * must arrive as an interrupt the guest acknowledges and deactivates itself. */
static void test_passthrough(void)
{
	u64 before = sync_count;
	u32 id0 = *reg32(RTC + 0xfe0);
	if (sync_count != before) {
		puts_("TEST passthrough: SKIP no device\n");
		return;
	}
	result("passthrough_mmio", id0 == 0x31, "PeriphID0", id0);
	if (gic_v3)
		*(volatile u64 *)(GICD + 0x6100 + 8 * 34) = 0;
	else
		*((volatile unsigned char *)(GICD + 0x800 + 34)) = 1;
	*reg32(GICD + 0x100 + 4) = 1u << 2; /* enable 34 */
	u32 n = irq_count[34];
	*reg32(RTC + 0x04) = *reg32(RTC) + 1; /* match in a second */
	*reg32(RTC + 0x10) = 1;		      /* RTCIMSC */
	wait_change(&irq_count[34], n, read_sysreg(cntvct_el0) + 3 * read_sysreg(cntfrq_el0));
	result("passthrough_spi", irq_count[34] != n, "irqs", irq_count[34]);
	*reg32(RTC + 0x10) = 0;
}

/* The SP805 (bulkhead,watchdog) is running from the domain's start, locked,
 * as firmware leaves it: stopped here so the other checks take their time. */
static void test_watchdog_boot(void)
{
	u32 pcell = 0, periph = 0, v1, v2;
	for (int i = 0; i < 4; i++) {
		periph |= (*reg32(WDOG + 0xfe0 + 4 * i) & 0xff) << (8 * i);
		pcell |= (*reg32(WDOG + 0xff0 + 4 * i) & 0xff) << (8 * i);
	}
	result("wdog_id", pcell == 0xb105f00d && (periph & 0xffffff) == 0x141805, "PeriphID",
	       periph);
	v1 = *reg32(WDOG + 0x004);
	for (volatile int i = 0; i < 100000; i++)
		;
	v2 = *reg32(WDOG + 0x004);
	result("wdog_running", *reg32(WDOG + 0x008) == 3 && *reg32(WDOG + 0xc00) == 1 && v2 < v1,
	       "WdogValue", v2);
	*reg32(WDOG + 0x008) = 0; /* locked: ignored */
	result("wdog_locked", *reg32(WDOG + 0x008) == 3, "WdogControl", *reg32(WDOG + 0x008));
	*reg32(WDOG + 0xc00) = 0x1acce551;
	*reg32(WDOG + 0x008) = 0;
	*reg32(WDOG + 0xc00) = 1;
	v1 = *reg32(WDOG + 0x004);
	for (volatile int i = 0; i < 100000; i++)
		;
	result("wdog_stopped", *reg32(WDOG + 0x004) == v1, "WdogValue", v1);
}

/* Armed again for 100 ms (interrupt) + 100 ms (reset), then a hang: the
 * hypervisor must crash the domain. */
static void test_watchdog_expire(void)
{
	u32 n = irq_count[39];
	if (gic_v3)
		*(volatile u64 *)(GICD + 0x6000 + 8 * 39) = 0; /* GICD_IROUTER39 */
	else
		*((volatile unsigned char *)(GICD + 0x800 + 39)) = 1;
	*reg32(GICD + 0x100 + 4) = 1u << 7; /* enable 39 */
	*reg32(WDOG + 0xc00) = 0x1acce551;
	*reg32(WDOG + 0x000) = 100000 - 1; /* 1 MHz */
	*reg32(WDOG + 0x00c) = 1;
	*reg32(WDOG + 0x008) = 3; /* INTEN | RESEN */
	*reg32(WDOG + 0xc00) = 1;
	wait_change(&irq_count[39], n,
		    read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0) / 10 * 15 / 10);
	result("wdog_irq", irq_count[39] != n && *reg32(WDOG + 0x010) == 1, "irqs", irq_count[39]);
}

/* Is name among the DTB's property names (its strings block)? */
static int dtb_has_string(u64 dtb, const char *name)
{
	const volatile unsigned char *b = (const volatile unsigned char *)dtb;
	u32 off = __builtin_bswap32(*(volatile u32 *)(dtb + 12));
	u32 size = __builtin_bswap32(*(volatile u32 *)(dtb + 32));
	for (u32 i = 0; i < size; i++) {
		u32 k = 0;
		while (name[k] && i + k < size && b[off + i + k] == (unsigned char)name[k])
			k++;
		if (!name[k] && i + k < size && b[off + i + k] == 0 &&
		    (i == 0 || b[off + i - 1] == 0))
			return 1;
	}
	return 0;
}

/* bootargs "bulkhead.flood": a console flood (2000 lines as fast as the
 * vPL011 takes them), then 3 s of quiet so the console's line budget refills
 * before the guest carries on. */
static void flood_console(void)
{
	for (u32 i = 0; i < 2000; i++) {
		puts_("FLOOD ");
		puthex(i);
		putc_('\n');
	}
	u64 end = read_sysreg(cntvct_el0) + 3 * read_sysreg(cntfrq_el0);
	while (read_sysreg(cntvct_el0) < end)
		;
	puts_("guest: flood over\n");
}

/* bootargs "bulkhead.aprhog" (GICv3): every active-priority bit of both
 * groups set, for good, in a busy loop: as if interrupts of every priority
 * were being handled, so this vCPU's virtual CPU interface signals nothing
 * more. A vCPU sharing the pCPU must not inherit that. */
static void apr_hog(void)
{
	unsigned int n = icc_nr_aprs();
	icc_set_aprs(n, ~0u);
	puts_("guest: APRs full, AP0R0 ");
	puthex(read_sysreg(S3_0_C12_C8_4));
	puts_(" AP1R0 ");
	puthex(read_sysreg(S3_0_C12_C9_0));
	puts_(" count ");
	puthex(n);
	putc_('\n');
	for (;;)
		icc_set_aprs(n, ~0u);
}

/* bootargs "bulkhead.ticks": 50 vtimer interrupts 10 ms apart, counted;
 * "TICKS <n>" gives how many came within 20 s of counter time. */
static void count_ticks(void)
{
	u64 freq = read_sysreg(cntfrq_el0), end = read_sysreg(cntvct_el0) + 20 * freq;
	u32 got = 0;
	*reg32(GICD) = gic_v3 ? 0x12 : 1;
	cpu_gic_init(0);
	while (got < 50) {
		u32 n = irq_count[27];
		write_sysreg(freq / 100, cntv_tval_el0);
		write_sysreg(1, cntv_ctl_el0);
		if (!wait_change(&irq_count[27], n, end))
			break;
		got++;
	}
	puts_("TICKS ");
	puthex(got);
	putc_('\n');
	puts_("GUEST DONE ");
	puthex(got == 50 ? 0 : 1);
	putc_('\n');
	hvc(0x84000008, 0, 0, 0); /* SYSTEM_OFF */
}

void guest_main(u64 dtb)
{
	u32 magic = __builtin_bswap32(*(volatile u32 *)dtb);
	puts_("guest: hello from EL1\n");
	if (dtb_contains(dtb, "bulkhead.flood"))
		flood_console();
	if (dtb_contains(dtb, "bulkhead.aprhog") || dtb_contains(dtb, "bulkhead.ticks")) {
		gic_v3 = ((*reg32(GICD + 0xffe8) >> 4) & 0xf) == 3;
		if (dtb_contains(dtb, "bulkhead.ticks"))
			count_ticks();
		if (gic_v3)
			apr_hog();
		puts_("guest: bulkhead.aprhog needs a GICv3\n");
		for (;;)
			;
	}
	result("dtb", magic == 0xd00dfeed, "magic", magic);
	result("dtb_rng_seed", dtb_has_string(dtb, "rng-seed"), "", 0);
	int wdog = dtb_has_string(dtb, "timeout-sec");
	if (wdog)
		test_watchdog_boot();

	result("psci_version", hvc(0x84000000, 0, 0, 0) == 0x10001, "version", 0x10001);
	result("smccc_version", hvc(0x80000000, 0, 0, 0) == 0x10001, "version", 0x10001);
	result("smccc_unknown_hvc", hvc(0x8400ffff, 0, 0, 0) == (u64)-1, "rc", (u64)-1);
	result("smccc_unknown_vendor", hvc(0xc6001234, 1, 2, 3) == (u64)-1, "rc", (u64)-1);
	result("smccc_unknown_smc", smc(0xc2001234) == (u64)-1, "rc", (u64)-1);
	result("psci_features",
	       hvc(0x8400000a, 0xc4000003, 0, 0) == 0 &&
		       hvc(0x8400000a, 0x12345678, 0, 0) == (u64)-1,
	       "", 0);
	result("cpu_on_bad_mpidr", hvc(0xc4000003, 0x100, 0x40000000, 0) == (u64)-2, "", 0);
	result("migrate_info", hvc(0x84000006, 0, 0, 0) == 2, "", 0);

	/* State not switched between vCPUs sharing a pCPU is out of reach:
	 * PMU, debug registers and the EL1 physical timer read as zero and
	 * ignore writes (no undefined-instruction fault); MDSCR_EL1 is ours. */
	{
		u64 before_sync = sync_count, seen = 0;
		write_sysreg(1, pmcr_el0);
		seen |= read_sysreg(pmcr_el0);
		write_sysreg(1, pmuserenr_el0);
		seen |= read_sysreg(pmuserenr_el0);
		write_sysreg(1, cntp_ctl_el0);
		seen |= read_sysreg(cntp_ctl_el0);
		write_sysreg(0x1234, dbgbvr0_el1);
		seen |= read_sysreg(dbgbvr0_el1);
		write_sysreg(1u << 12, mdscr_el1); /* TDCC */
		u64 mdscr = read_sysreg(mdscr_el1);
		write_sysreg(0, mdscr_el1);
		result("unswitched_state_hidden",
		       seen == 0 && mdscr == (1u << 12) && sync_count == before_sync, "seen", seen);
	}

	/* MMIO emulation: the distributor's ID and a priority round trip. */
	u32 pidr2 = *reg32(GICD + 0xffe8);
	gic_v3 = ((pidr2 >> 4) & 0xf) == 3;
	u32 typer = *reg32(GICD + 0x4);
	result("mmio_typer", (typer & 0x1f) >= 1, "GICD_TYPER", typer);
	*reg32(GICD + 0x400 + 40) = 0xa0a0a0a0;
	result("mmio_priority", *reg32(GICD + 0x400 + 40) == 0xa0a0a0a0, "value",
	       *reg32(GICD + 0x400 + 40));
	puts_(gic_v3 ? "guest: GICv3\n" : "guest: GICv2\n");

	/* RAM the guest has not touched yet (8 MiB in) reads as zero, without
	 * an abort: the hypervisor zeroes and maps it on first touch. */
	u64 before = sync_count;
	volatile u64 *far_ram = (volatile u64 *)(0x40000000UL + 8 * 1024 * 1024);
	u64 first = *far_ram;
	*far_ram = 0x1234;
	result("ram_first_touch", sync_count == before && first == 0 && *far_ram == 0x1234, "value",
	       first);

	/* The rest of the 2 MiB block the image was copied into reads as zero
	 * in every run: a restart (test_restart_on_crash) scrubs the marker the
	 * run before left there, though the block is refilled with the image. */
	volatile u64 *after_image = (volatile u64 *)(0x40000000UL + 1024 * 1024);
	u64 left = *after_image;
	*after_image = 0x5eed5eed5eed5eedULL;
	result("ram_after_image", left == 0 && (uintptr_t)_end < (uintptr_t)after_image, "value",
	       left);

	/* Stage-2 isolation: nothing is mapped below the GIC. */
	before = sync_count;
	(void)*(volatile u32 *)0x20000000UL;
	result("isolation_read", sync_count == before + 1 && ((last_esr >> 26) & 0x3f) == 0x25,
	       "ESR", last_esr);
	*(volatile u32 *)0x30000000UL = 1;
	result("isolation_write", sync_count == before + 2 && last_far == 0x30000000UL, "FAR",
	       last_far);

	/* A load pair gives no instruction syndrome (ISV = 0): it cannot be
	 * emulated and must come back as an abort, not be misread. */
	before = sync_count;
	{
		register u64 a __asm__("x2"), b __asm__("x3");
		__asm__ volatile("ldp %0, %1, [%2]" : "=r"(a), "=r"(b) : "r"(GICD) : "memory");
	}
	result("mmio_no_syndrome", sync_count == before + 1 && ((last_esr >> 26) & 0x3f) == 0x25,
	       "ESR", last_esr);

	/* Stage-1 TLB maintenance reaches this vCPU's TLB (tlb.c). */
	{
		int cached, bad = tlb_check(&cached);
		result("tlb_maintenance", bad == 0, "stale", (u64)bad);
		puts_("guest: stale translations kept without a TLBI: ");
		puthex((u64)cached);
		putc_('\n');
	}

	/* Interrupts: enable the distributor and this CPU interface. */
	*reg32(GICD) = gic_v3 ? 0x12 : 1;
	cpu_gic_init(0);

	u32 n = irq_count[27];
	write_sysreg(read_sysreg(cntfrq_el0) / 1000, cntv_tval_el0);
	write_sysreg(1, cntv_ctl_el0);
	result("vtimer", wait_irq(27, n), "irqs", irq_count[27]);

	n = irq_count[1];
	send_sgi(1, 0);
	result("sgi_self", wait_irq(1, n), "irqs", irq_count[1]);

	/* Hostile writes the hypervisor must survive: INTIDs beyond its vGIC. */
	*reg32(GICD + 0x120) = ~0u;
	*reg32(GICD + 0x220) = ~0u;
	result("hostile_gicd_beyond_lines", 1, "survived", 0);

	/* A timer interrupt cleared by ICPENDR while masked must not leave the
	 * physical one active: the next one still arrives. */
	__asm__ volatile("msr daifset, #2" ::: "memory");
	write_sysreg(read_sysreg(cntfrq_el0) / 1000, cntv_tval_el0);
	write_sysreg(1, cntv_ctl_el0);
	while (!(read_sysreg(cntv_ctl_el0) & 4))
		;
	for (volatile int i = 0; i < 100000; i++)
		; /* let the hypervisor take the physical interrupt */
	write_sysreg(0, cntv_ctl_el0);
	if (gic_v3)
		*reg32(GICR + 0x10000 + 0x280) = 1u << 27;
	else
		*reg32(GICD + 0x280) = 1u << 27;
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	n = irq_count[27];
	write_sysreg(read_sysreg(cntfrq_el0) / 1000, cntv_tval_el0);
	write_sysreg(1, cntv_ctl_el0);
	result("vtimer_after_icpendr", wait_irq(27, n), "irqs", irq_count[27]);

	/* An SPI made pending through the distributor. */
	n = irq_count[40];
	if (gic_v3)
		*(volatile u64 *)(GICD + 0x6100 + 8 * 40) = 0; /* route to vCPU 0 */
	else
		*((volatile unsigned char *)(GICD + 0x800 + 40)) = 1;
	*reg32(GICD + 0x100 + 4) = 1u << 8; /* enable 40 */
	*reg32(GICD + 0x200 + 4) = 1u << 8; /* pend 40 */
	result("spi", wait_irq(40, n), "irqs", irq_count[40]);

	test_wfi_masked_pending();
	test_smp();
	test_passthrough();

	/* Round trips, in counter ticks (make bench reads them under -icount). */
	u64 t0 = read_sysreg(cntvct_el0);
	for (int i = 0; i < 1000; i++)
		hvc(0x84000000, 0, 0, 0);
	u64 t1 = read_sysreg(cntvct_el0);
	for (int i = 0; i < 1000; i++)
		(void)*reg32(GICD + 0x4);
	u64 t2 = read_sysreg(cntvct_el0);
	wake_ticks = 0;
	for (int i = 0; i < 100; i++) {
		u32 n0 = irq_count[27];
		write_sysreg(read_sysreg(cntvct_el0) + 6250, cntv_cval_el0); /* 100 us */
		write_sysreg(1, cntv_ctl_el0);
		wait_change(&irq_count[27], n0, ~0ULL);
	}
	u64 wake = wake_ticks;
	puts_("BENCH vtimer_wake_ticks_x100=");
	puthex(wake);
	putc_(' ');
	puts_("hvc_ticks_x1000=");
	puthex(t1 - t0);
	puts_(" mmio_ticks_x1000=");
	puthex(t2 - t1);
	putc_('\n');

	if (wdog)
		test_watchdog_expire();

	puts_("GUEST DONE ");
	puthex((u64)failures);
	putc_('\n');
	if (wdog) {
		puts_("guest: hanging; the watchdog must reset the domain\n");
		for (;;)
			__asm__ volatile("wfi");
	}
	hvc(0x84000008, 0, 0, 0); /* SYSTEM_OFF */
	puts_("guest: SYSTEM_OFF returned\n");
}
