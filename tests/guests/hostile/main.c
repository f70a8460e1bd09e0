/*
 * Hostile test guest: for a bounded time, everything a buggy or malicious
 * partition can do to the hypervisor, on two vCPUs at once. It uses the
 * bare-metal guest's entry and vectors (../baremetal/start.S), is linked at
 * the domain's RAM base (0x40000000) and finds its devices at Bulkhead's
 * guest layout (docs/guest-memory-map.md).
 *
 * Each round of vCPU 0:
 *   mem     loads and stores of every width (and pairs, exclusives,
 *           acquire/release, sign-extending loads) at random IPAs: below
 *           4 GiB, the device window, its own GIC frames, high and past any
 *           IPA size; jumps to random IPAs (instruction aborts, XN devices);
 *   smccc   random SMCCC function IDs and arguments over HVC and SMC: PSCI
 *           (CPU_ON with bogus MPIDRs and entry points, AFFINITY_INFO with
 *           junk), the architecture, vendor and unassigned ranges;
 *   gic     a random value written to every register of the distributor, a
 *           rotating redistributor frame (GICv3, also frames of vCPUs that do
 *           not exist) or the CPU interface (GICv2), then random widths;
 *   sysreg  blocks of random MRS, MSR and SYS instructions (trapped ones:
 *           debug, PMU, CNTP, implementation defined, cache maintenance by
 *           set/way; DC/IC/AT/TLBI at random addresses; half in CRn 12, the
 *           whole ICC_* space, active priorities of both groups included),
 *           built at run time;
 *   sgi     SGI storms to every target and filter (ICC_SGI*R, GICD_SGIR);
 *   wait    its GIC put back in order, then WFI and PSCI CPU_SUSPEND storms
 *           woken by its virtual timer, and WFE storms.
 * vCPU 1 meanwhile runs mem, SGI, SMCCC and WFE storms of its own, and
 * stands still while vCPU 0 puts its GIC back in order and waits.
 *
 * Every synchronous exception it takes is counted by class and the faulting
 * instruction skipped; a jump's fault returns to the jump. What it does not
 * do, because it would only hurt itself and stop its report: stores into its
 * own RAM (except a scratch buffer) and UART page, writes of the system
 * registers it runs on (SCTLR, TTBR/TCR, SPSR/ELR/SP/DAIF, VBAR: CRn 1, 2, 4
 * but ICC_PMR_EL1, VBAR_EL1), loads of GICv2's acknowledge registers,
 * and PSCI calls that stop or suspend it for good (CPU_OFF, SYSTEM_OFF and
 * _RESET*, _SUSPEND, CPU_FREEZE, CPU_DEFAULT_SUSPEND).
 *
 * Output: "HOSTILE start gic=v<n> seed=<hex>", after each round
 *   HOSTILE round=<n> secs=<s> loads=.. stores=.. jumps=.. aborts=.. undefs=..
 *     hvc=.. smc=..
 *   HOSTILE round=<n> gic=.. sys=.. sgi=.. wfi=.. wfe=.. irqs=.. wrong=..
 *     wait_max_us=..
 * (both vCPUs' totals, wait_max_us vCPU 0's longest WFI or CPU_SUSPEND; wrong counts PSCI results
 * the specification forbids, and a vCPU 1 that does not start; a round whose vCPU 1 does not
 * keep still in time skips its waits), then after
 * RUN_SECONDS "HOSTILE DONE rounds=<n> ..." lines with the same totals, and SYSTEM_OFF. It needs
 * two vCPUs.
 */
#include <stdint.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef int64_t s64;

#include "../lib/sysreg.h"
#include "../lib/icc_apr.h"

#define UART	    0x09000000UL
#define GICD	    0x08000000UL
#define GICC	    0x08010000UL
#define GICR	    0x080a0000UL
#define GICR_STRIDE 0x20000UL
#define RAM	    0x40000000UL
#define RAM_GUARD   0x10000000UL /* no stores or jumps into its first 256 MiB */
#define RUN_SECONDS 300
#define NCPU	    2

#define PSCI_CPU_ON	 0xc4000003UL
#define PSCI_AFFINITY	 0xc4000004UL
#define PSCI_CPU_SUSPEND 0xc4000001UL
#define PSCI_SYSTEM_OFF	 0x84000008UL
#define INVALID_PARAMS	 (-2)
#define ALREADY_ON	 (-4)
#define INVALID_ADDRESS	 (-9)
#define VTIMER_PPI	 27
#define GICV2_SGIR	 0xf00
#define ICC_PMR_EL1	 S3_0_C4_C6_0
#define ICC_IAR1_EL1	 S3_0_C12_C12_0
#define ICC_EOIR1_EL1	 S3_0_C12_C12_1
#define ICC_BPR0_EL1	 S3_0_C12_C8_3
#define ICC_BPR1_EL1	 S3_0_C12_C12_3
#define ICC_CTLR_EL1	 S3_0_C12_C12_4
#define ICC_SRE_EL1	 S3_0_C12_C12_5
#define ICC_IGRPEN0_EL1	 S3_0_C12_C12_6
#define ICC_IGRPEN1_EL1	 S3_0_C12_C12_7
#define ICC_SGI1R_EL1	 S3_0_C12_C11_5
#define ICC_ASGI1R_EL1	 S3_0_C12_C11_6
#define ICC_SGI0R_EL1	 S3_0_C12_C11_7

/* What each vCPU did, reported in this order; OTHER (exceptions of other
 * classes, FIQs, SErrors) and WAIT_MAX_US (vCPU 0's longest wait) apart. */
enum stat {
	LOADS,
	STORES,
	JUMPS,
	ABORTS,
	UNDEFS,
	HVC,
	SMC,
	GIC,
	SYS,
	SGI,
	WFI,
	WFE,
	IRQS,
	WRONG,
	NREPORTED,
	OTHER = NREPORTED,
	WAIT_MAX_US,
	NSTATS
};
static const char *const stat_names[NREPORTED] = {"loads", "stores", "jumps", "aborts", "undefs",
						  "hvc",   "smc",    "gic",   "sys",	"sgi",
						  "wfi",   "wfe",    "irqs",  "wrong"};
static volatile u64 st[NCPU][NSTATS];
static volatile u64 jump_back[NCPU];
static volatile u32 quiet, quiet_ack, done, secondary_up;
static u64 rng[NCPU];
static int gic_v3;
static u64 scratch[512];
static u32 code[NCPU][129] __attribute__((aligned(64)));

static volatile u32 *reg32(u64 a) { return (volatile u32 *)a; }
static unsigned int cpu_id(void) { return read_sysreg(mpidr_el1) & 1; }

static u64 rnd(void)
{
	u64 *x = &rng[cpu_id()];
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545f4914f6cdd1dULL;
}

/* ---- Console ---- */
#define GUEST_UART UART
#include "../lib/print.h"

/* ---- Exceptions ---- */
void on_sync(u64 kind)
{
	volatile u64 *s = st[cpu_id()];
	u64 ec = read_sysreg(esr_el1) >> 26;
	volatile u64 *back = &jump_back[cpu_id()];

	if (kind != 0) { /* FIQ or SError: nothing to skip */
		s[OTHER]++;
		return;
	}
	if ((ec == 0x20 || ec == 0x21 || ec == 0x22) && *back) {
		/* The jump's instruction abort or PC alignment fault. */
		write_sysreg(*back, elr_el1);
		*back = 0;
		s[ABORTS]++;
		return;
	}
	if (ec == 0x24 || ec == 0x25 || ec == 0x26)
		s[ABORTS]++; /* data abort (lower or same EL), SP alignment */
	else if (ec == 0)
		s[UNDEFS]++;
	else
		s[OTHER]++;
	write_sysreg(read_sysreg(elr_el1) + 4, elr_el1);
}

void on_irq(u64 kind)
{
	(void)kind;
	u32 iar = gic_v3 ? (u32)read_sysreg(ICC_IAR1_EL1) : *reg32(GICC + 0x0c);
	u32 id = iar & 0x3ff;
	if (id >= 1020)
		return; /* spurious */
	if (id == VTIMER_PPI)
		write_sysreg(0, cntv_ctl_el0); /* one shot */
	st[cpu_id()][IRQS]++;
	if (gic_v3)
		write_sysreg(iar, ICC_EOIR1_EL1);
	else
		*reg32(GICC + 0x10) = iar;
}

/* ---- Loads and stores ---- */
static u64 rand_ipa(void)
{
	switch (rnd() % 7) {
	case 0: return rnd() & 0xffffffffUL;
	case 1: return 0x08000000UL + rnd() % 0x2000000UL; /* the device window */
	case 2: return GICD + rnd() % 0x10000UL;
	case 3: return gic_v3 ? GICR + rnd() % (4 * GICR_STRIDE) : GICC + rnd() % 0x2000UL;
	case 4: return rnd() & ((1UL << 48) - 1);
	case 5: return rnd();
	default: /* around every IPA size a CPU can have */
		return (1UL << (32 + rnd() % 21)) + rnd() % 0x4000UL - 0x2000UL;
	}
}

/* Stores (16 bytes at most, a pair) that reach neither its RAM nor its UART. */
static int may_store(u64 a)
{
	return !(a + 16 - RAM < RAM_GUARD + 16) && !(a + 16 - UART < 0x1000 + 16);
}

static int may_load(u64 a)
{
	/* GICv2's IAR (0x0c) and AIAR (0x20) acknowledge an interrupt: the
	 * guest's own loss. Loads of up to 16 bytes (a pair) starting there. */
	return gic_v3 ||
	       !(a - GICC < 0x1000 && ((a & 0xfff) - 0x00 < 0x10 || (a & 0xfff) - 0x11 < 0x10));
}

static void load(u64 a)
{
	u64 v, w;
	switch (rnd() % 10) {
	case 0: __asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	case 1: __asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	case 2: __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	case 3: __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	case 4: __asm__ volatile("ldrsb %0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	case 5: __asm__ volatile("ldrsh %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	case 6: __asm__ volatile("ldrsw %0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	case 7: __asm__ volatile("ldp %0, %1, [%2]" : "=r"(v), "=r"(w) : "r"(a) : "memory"); break;
	case 8: __asm__ volatile("ldar %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	default: __asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	}
	st[cpu_id()][LOADS]++;
}

static void store(u64 a, u64 v)
{
	u64 status;
	switch (rnd() % 8) {
	case 0: __asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	case 1: __asm__ volatile("strh %w0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	case 2: __asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	case 3: __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	case 4: __asm__ volatile("stp %0, %0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	case 5: __asm__ volatile("stlr %w0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	case 6: __asm__ volatile("str xzr, [%0]" : : "r"(a) : "memory"); break;
	default:
		__asm__ volatile("stxr %w0, %1, [%2]" : "=&r"(status) : "r"(v), "r"(a) : "memory");
		break;
	}
	st[cpu_id()][STORES]++;
}

/* Calls addr; its instruction abort comes back to label 1 through on_sync. */
static void jump(u64 addr)
{
	__asm__ volatile("adr x9, 1f\n"
			 "str x9, [%0]\n"
			 "blr %1\n"
			 "1:"
			 :
			 : "r"(&jump_back[cpu_id()]), "r"(addr)
			 : "x9", "x30", "memory");
	jump_back[cpu_id()] = 0;
	st[cpu_id()][JUMPS]++;
}

static void storm_mem(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		u64 a = rand_ipa(), r = rnd();
		if (r % 16 == 0) {
			if (may_store(a)) /* nothing executable of its own there */
				jump(a);
		} else if (r % 3 == 0 && may_store(a)) {
			store(a, rnd());
		} else if (r % 3 == 1) {
			store((u64)&scratch[rnd() % 500] + rnd() % 8, rnd());
		} else if (may_load(a)) {
			load(a);
		}
	}
}

/* ---- SMCCC and PSCI ---- */
static s64 call(int smc, u64 fid, u64 a1, u64 a2, u64 a3, u64 a4)
{
	register u64 x0 __asm__("x0") = fid, x1 __asm__("x1") = a1, x2 __asm__("x2") = a2,
			x3 __asm__("x3") = a3, x4 __asm__("x4") = a4;
	if (smc)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
				 :
				 : "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
				   "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
				 :
				 : "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
				   "x15", "x16", "x17", "memory");
	st[cpu_id()][SMC] += smc != 0;
	st[cpu_id()][HVC] += smc == 0;
	return (s64)x0;
}

/* PSCI calls (owner 4, functions 0x00-0x1f, SMC32 or SMC64) that would stop
 * or suspend the caller for good. */
static int stops_me(u64 fid)
{
	u32 f = (u32)fid;
	if ((f & 0xbfffffe0u) != 0x84000000u)
		return 0;
	switch (f & 0x1f) {
	case 0x01:
	case 0x02:
	case 0x08:
	case 0x09:
	case 0x0b:
	case 0x0c:
	case 0x0e:
	case 0x12:
	case 0x15: return 1;
	}
	return 0;
}

static void check(int ok)
{
	if (!ok)
		st[cpu_id()][WRONG]++;
}

static u64 rand_fid(void)
{
	u64 r = rnd(), smc64 = (r >> 8 & 1) << 30;
	switch (r % 5) {
	case 0: return (u32)rnd();
	case 1: return 0x84000000UL | smc64 | (r >> 16 & 0x1f); /* PSCI */
	case 2: return 0x80000000UL | (r >> 16 & 0xffff);	/* the architecture */
	case 3: return 0x80000000UL | smc64 | (r >> 16 & 0x3f) << 24 | (r >> 32 & 0xffff);
	default:
		/* standard and vendor hypervisor services (owners 5, 6) */
		return 0x85000000UL | smc64 | (r >> 16 & 1) << 24 | (r >> 32 & 0xff);
	}
}

static int bogus_mpidr(u64 m) { return (m & 0xff00ffffffULL) > 1; }

static void storm_smccc(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		int smc = rnd() & 1;
		u64 fid = rand_fid(), mpidr = rnd() >> (rnd() % 64);
		s64 rc;
		switch (rnd() % 4) {
		case 0: /* CPU_ON: a bogus MPIDR, or vCPU 1 (already on) with junk */
			rc = call(smc, PSCI_CPU_ON, mpidr, rnd(), rnd(), 0);
			check(bogus_mpidr(mpidr) ? rc == INVALID_PARAMS
						 : rc == ALREADY_ON || rc == INVALID_ADDRESS);
			break;
		case 1: /* AFFINITY_INFO with junk: a state or INVALID_PARAMETERS */
			rc = call(smc, PSCI_AFFINITY, mpidr, rnd() % 4, 0, 0);
			check(rc == INVALID_PARAMS || (rc >= 0 && rc <= 2));
			break;
		default:
			if (!stops_me(fid))
				call(smc, fid, rnd(), rnd(), rnd(), rnd());
			break;
		}
	}
}

/* ---- The GIC ---- */
static u32 rand_val(void)
{
	u64 r = rnd();
	return r % 4 == 0 ? 0 : r % 4 == 1 ? ~0u : (u32)(r >> 8);
}

static void sweep(u64 base, u64 size)
{
	for (u64 off = 0; off < size; off += 4) {
		if (may_load(base + off))
			(void)*reg32(base + off);
		*reg32(base + off) = rand_val();
		st[0][GIC]++;
	}
	for (unsigned int i = 0; i < 256; i++) {
		u64 a = base + rnd() % size;
		if (rnd() & 1)
			store(a, rnd());
		else if (may_load(a))
			load(a);
		st[0][GIC]++;
	}
}

static void storm_gic(unsigned int round)
{
	sweep(GICD, 0x10000);
	if (gic_v3)
		sweep(GICR + round % 4 * GICR_STRIDE, GICR_STRIDE); /* frames 2, 3: none */
	else
		sweep(GICC, 0x2000);
}

/* Enables the virtual timer's PPI and the CPU interface, after the storms.
 * Every shared interrupt is disabled, made idle and inactive first: the
 * storms leave some active, and the vGIC keeps an active interrupt in a list
 * register until the guest deactivates it, so enough of them would leave no
 * list register for the timer's. */
static void gic_restore(void)
{
	u64 sgi = gic_v3 ? GICR + cpu_id() * GICR_STRIDE + 0x10000 : GICD;
	write_sysreg(0, cntv_ctl_el0);
	for (u64 w = 4; w < 0x80; w += 4) { /* ICENABLER, ICPENDR, ICACTIVER 1-31 */
		*reg32(GICD + 0x180 + w) = ~0u;
		*reg32(GICD + 0x280 + w) = ~0u;
		*reg32(GICD + 0x380 + w) = ~0u;
	}
	if (gic_v3)
		*reg32(GICR + cpu_id() * GICR_STRIDE + 0x14) = 0; /* GICR_WAKER */
	*reg32(GICD) = gic_v3 ? 0x3 : 0x1;			  /* GICD_CTLR */
	*reg32(sgi + 0x80) = ~0u;				  /* IGROUPR0: group 1 */
	*reg32(sgi + 0x380) = ~0u;				  /* ICACTIVER0 */
	*reg32(sgi + 0x180) = ~0u;				  /* ICENABLER0 */
	*reg32(sgi + 0x280) = ~0u;				  /* ICPENDR0 */
	*reg32(sgi + 0x400 + VTIMER_PPI / 4 * 4) = 0x80808080;	  /* IPRIORITYR */
	*reg32(sgi + 0x100) = 1u << VTIMER_PPI;			  /* ISENABLER0 */
	if (gic_v3) { /* after random writes to every ICC_* register (storm_sysreg) */
		write_sysreg(7, ICC_SRE_EL1); /* SRE, DFB, DIB: RAO/WI under EL2, or not */
		__asm__ volatile("isb" ::: "memory");
		write_sysreg(0, ICC_CTLR_EL1);
		icc_set_aprs(icc_nr_aprs(), 0); /* no priority left active, either group */
		write_sysreg(0, ICC_BPR0_EL1);
		write_sysreg(0, ICC_BPR1_EL1);
		write_sysreg(0xff, ICC_PMR_EL1);
		write_sysreg(0, ICC_IGRPEN0_EL1);
		write_sysreg(1, ICC_IGRPEN1_EL1);
	} else {
		for (u64 apr = 0xd0; apr < 0xf0; apr += 4)
			*reg32(GICC + apr) = 0;
		*reg32(GICC + 0x08) = 0;    /* BPR */
		*reg32(GICC + 0x04) = 0xff; /* PMR */
		*reg32(GICC + 0x00) = 1;    /* CTLR: enabled, EOImode 0 */
	}
	__asm__ volatile("isb" ::: "memory");
}

static void storm_sgi(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		u64 v = rnd();
		if (!gic_v3)
			*reg32(GICD + GICV2_SGIR) = (u32)v;
		else if (v % 8 == 0)
			write_sysreg(v >> 3, ICC_ASGI1R_EL1);
		else if (v % 8 == 1)
			write_sysreg(v >> 3, ICC_SGI0R_EL1);
		else
			write_sysreg(v, ICC_SGI1R_EL1);
		st[cpu_id()][SGI]++;
	}
}

/* ---- System registers, built at run time ---- */
/* Writes it makes: all but the registers it runs on. Of CRn 12 only
 * VBAR_EL1 is spared (the rest is the GIC CPU interface, ICC_*, and
 * ICH_* / EL3 ones that are UNDEFINED here); of CRn 4 only ICC_PMR_EL1 is
 * written. gic_restore() puts the CPU interface back in order. */
static int may_write(u32 op0, u32 op1, u32 crn, u32 crm, u32 op2)
{
	if (op0 == 3 && crn == 12)
		return op1 != 0 || crm != 0 || op2 != 0;
	if (op0 == 3 && crn == 4)
		return op1 == 0 && crm == 6 && op2 == 0;
	return !(op0 == 3 && (crn == 1 || crn == 2));
}

/* MRS x9 / MSR x10 / SYS x11 with random operands (ARM ARM C5.2, C6.2).
 * Reads of CRn 12 include ICC_IAR0/1_EL1: they acknowledge interrupts,
 * which gic_restore() ends (ICACTIVER) before the waits. */
static u32 rand_insn(void)
{
	u64 r = rnd();
	u32 op0 = 2 + (r & 1), op1 = r >> 1 & 7, crn = r >> 4 & 15, crm = r >> 8 & 15,
	    op2 = r >> 12 & 7, write = r >> 15 & 1;
	if (r >> 16 & 1) /* SYS: cache, TLB and address translation maintenance */
		return 0xd5080000u | op1 << 16 | (r >> 17 & 1 ? 7u : 8u) << 12 | crm << 8 |
		       op2 << 5 | 11;
	if (r >> 18 & 1) /* half the rest in the GIC CPU interface's space */
		op0 = 3, crn = 12;
	if (write && may_write(op0, op1, crn, crm, op2))
		return 0xd5100000u | (op0 & 1) << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 |
		       10;
	return 0xd5300000u | (op0 & 1) << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | 9;
}

static void storm_sysreg(unsigned int blocks)
{
	u32 *c = code[cpu_id()];
	for (unsigned int b = 0; b < blocks; b++) {
		for (unsigned int i = 0; i < 128; i++)
			c[i] = rand_insn();
		c[128] = 0xd65f03c0u; /* RET */
		u64 addr = rand_ipa();
		if (!may_store(addr))
			addr = GICD + 0x20000; /* DC ZVA must not zero its own RAM */
		for (u64 p = (u64)c; p < (u64)(c + 129); p += 4)
			__asm__ volatile("dc cvau, %0" : : "r"(p) : "memory");
		__asm__ volatile("dsb ish" ::: "memory");
		for (u64 p = (u64)c; p < (u64)(c + 129); p += 4)
			__asm__ volatile("ic ivau, %0" : : "r"(p) : "memory");
		__asm__ volatile("dsb ish\n isb" ::: "memory");
		__asm__ volatile("mov x10, %0\n mov x11, %1\n blr %2"
				 :
				 : "r"(rnd()), "r"(addr), "r"(c)
				 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
				   "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x30",
				   "memory", "cc");
		st[cpu_id()][SYS] += 128;
		if (b % 8 == 7) /* by set/way: trapped, not virtualised */
			__asm__ volatile("dc isw, %0\n dc csw, %0\n dc cisw, %0" : : "r"(rnd()));
	}
	/* And surely each round, registers the hypervisor traps: ACTLR_EL1
	 * (HCR_EL2.TACR), an implementation defined one (TIDCP), the PMU, debug
	 * and the EL1 physical timer (MDCR_EL2, CNTHCTL_EL2). */
	u64 v = rnd(), x;
	__asm__ volatile("mrs %0, S3_0_C1_C0_1\n"  /* ACTLR_EL1 */
			 "mrs %0, S3_1_C15_C2_0\n" /* Cortex-A57 CPUACTLR_EL1 */
			 "msr S3_3_C9_C12_0, %1\n" /* PMCR_EL0 */
			 "mrs %0, S3_3_C9_C12_0\n"
			 "msr S2_0_C0_C2_2, %1\n"  /* MDSCR_EL1 */
			 "mrs %0, S2_0_C1_C1_4\n"  /* OSLSR_EL1 */
			 "msr S3_3_C14_C2_1, %1\n" /* CNTP_CTL_EL0 */
			 "mrs %0, S3_3_C14_C2_1"
			 : "=&r"(x)
			 : "r"(v)
			 : "memory");
	st[cpu_id()][SYS] += 8;
}

/* ---- WFI, CPU_SUSPEND and WFE ---- */
static void storm_wait(unsigned int n)
{
	u64 freq = read_sysreg(cntfrq_el0);
	for (unsigned int i = 0; i < n; i++) {
		__asm__ volatile("msr daifset, #2" ::: "memory");
		write_sysreg(freq / 20000 + rnd() % (freq / 10000), cntv_tval_el0); /* 50-150 us */
		write_sysreg(1, cntv_ctl_el0);
		__asm__ volatile("isb" ::: "memory");
		u64 t0 = read_sysreg(cntvct_el0);
		if (i % 4 == 3)
			call(0, PSCI_CPU_SUSPEND, 0, 0, 0,
			     0); /* standby: returns on an interrupt */
		else
			__asm__ volatile("wfi" ::: "memory");
		u64 us = (read_sysreg(cntvct_el0) - t0) * 1000000 / freq;
		if (us > st[0][WAIT_MAX_US])
			st[0][WAIT_MAX_US] = us;
		__asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
		st[0][WFI]++;
		for (unsigned int j = 0; j < 16; j++)
			__asm__ volatile("sevl\n wfe\n wfe" ::: "memory");
		st[0][WFE] += 32;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	write_sysreg(0, cntv_ctl_el0);
}

/* ---- vCPU 1 ---- */
void secondary_main(u64 ctx)
{
	(void)ctx;
	rng[1] = rng[0] ^ 0x9e3779b97f4a7c15ULL;
	secondary_up = 1;
	while (!done) {
		if (quiet) { /* vCPU 0 restores its GIC and waits: keep still */
			quiet_ack = 1;
			while (quiet && !done)
				__asm__ volatile("wfe");
			quiet_ack = 0;
			continue;
		}
		switch (rnd() % 4) {
		case 0: storm_mem(64); break;
		case 1: storm_sgi(16); break;
		case 2: storm_smccc(16); break;
		default:
			for (unsigned int j = 0; j < 64; j++)
				__asm__ volatile("sevl\n wfe\n wfe" ::: "memory");
			st[1][WFE] += 128;
			break;
		}
	}
	for (;;)
		__asm__ volatile("wfe");
}

/* ---- vCPU 0 ---- */
extern char secondary_start[];

/* Both vCPUs' totals, in two lines (the console keeps lines to 200
 * characters). */
static void report(const char *what, u64 round, u64 secs)
{
	for (unsigned int i = 0; i < NREPORTED; i++) {
		if (i == 0 || i == GIC) {
			if (i)
				putc_('\n');
			puts_("HOSTILE ");
			puts_(what);
			putdec(round);
		}
		if (i == 0) {
			puts_(" secs=");
			putdec(secs);
		}
		putc_(' ');
		puts_(stat_names[i]);
		putc_('=');
		putdec(st[0][i] + st[1][i]);
	}
	puts_(" wait_max_us=");
	putdec(st[0][WAIT_MAX_US]);
	putc_('\n');
}

void guest_main(u64 dtb)
{
	u64 freq = read_sysreg(cntfrq_el0), start = read_sysreg(cntvct_el0);
	u64 round = 0;
	(void)dtb;
	rng[0] = start * 0x9e3779b97f4a7c15ULL | 1;
	gic_v3 = (*reg32(GICD + 0xffe8) >> 4 & 0xf) == 3;
	puts_("HOSTILE start gic=v");
	putc_(gic_v3 ? '3' : '2');
	puts_(" seed=");
	puthex(rng[0]);
	putc_('\n');

	/* CPU_ON of vCPU 1 at entry points outside its RAM or misaligned. */
	const u64 bad_entry[] = {0, 0x1000, RAM - 4, RAM + 2, 1UL << 47, ~0UL};
	for (unsigned int i = 0; i < sizeof(bad_entry) / sizeof(bad_entry[0]); i++)
		check(call(0, PSCI_CPU_ON, 1, bad_entry[i], 0, 0) == INVALID_ADDRESS);
	check(call(0, PSCI_CPU_ON, 1, (u64)secondary_start, 0, 0) == 0);
	for (u64 end = start + freq; !secondary_up && read_sysreg(cntvct_el0) < end;)
		;
	check(secondary_up);

	while (read_sysreg(cntvct_el0) - start < RUN_SECONDS * freq) {
		storm_mem(3000);
		storm_smccc(1000);
		storm_gic((unsigned int)round);
		storm_sysreg(16);
		storm_sgi(1000);
		/* vCPU 1 keeps still while the GIC is put back and vCPU 0 waits
		 * on it; if it does not answer in a second, vCPU 0 does not wait. */
		quiet = 1;
		for (u64 end = read_sysreg(cntvct_el0) + freq;
		     secondary_up && !quiet_ack && read_sysreg(cntvct_el0) < end;)
			;
		if (quiet_ack || !secondary_up) {
			gic_restore();
			storm_wait(200);
		} else { /* vCPU 1 did not get to run (a starved host thread) */
			st[0][OTHER]++;
		}
		quiet = 0;
		__asm__ volatile("sev");
		report("round=", ++round, (read_sysreg(cntvct_el0) - start) / freq);
	}
	done = 1;
	__asm__ volatile("sev");
	report("DONE rounds=", round, (read_sysreg(cntvct_el0) - start) / freq);
	call(0, PSCI_SYSTEM_OFF, 0, 0, 0, 0);
}
