/* The AArch32 smoke guest for an ARMv7-A Bulkhead host: it checks its entry
 * registers and mode, its RAM, the vPL011 (every character an emulated store),
 * PSCI over HVC, that a VFP register survives exits to the hypervisor, that
 * the PMU and the debug registers are hidden, that
 * an access outside its memory map and an unemulated cp15 access come back as
 * a data abort and an undefined instruction, then powers off. Each check prints "ARM32-GUEST:
 * <what> ok|FAIL ...". With "bulkhead.aprhog" in its DTB (bootargs) on a GICv3 it
 * only keeps every active-priority register of its CPU interface full, for good. */
#include "../lib/dtb_contains.h"

#define UART_DR		0x09000000U
#define PSCI_VERSION	0x84000000U
#define PSCI_SYSTEM_OFF 0x84000008U

typedef unsigned int u32;

static void put(char c) { *(volatile u32 *)UART_DR = (u32)c; }

static void puts(const char *s)
{
	while (*s)
		put(*s++);
}

static void puthex(u32 v)
{
	puts("0x");
	for (int i = 28; i >= 0; i -= 4)
		put("0123456789abcdef"[(v >> i) & 0xf]);
}

static void check(const char *what, int ok, u32 val)
{
	puts("ARM32-GUEST: ");
	puts(what);
	puts(ok ? " ok " : " FAIL ");
	puthex(val);
	put('\n');
}

static u32 hvc(u32 fid)
{
	register u32 r0 __asm__("r0") = fid;
	__asm__ volatile(".arch_extension virt\n\thvc #0"
			 : "+r"(r0)
			 :
			 : "r1", "r2", "r3", "memory");
	return r0;
}

/* d8 set, a few exits (HVCs), d8 read back. */
static int vfp_survives(void)
{
	u32 lo, hi, cpacr;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 2" : "=r"(cpacr));
	cpacr |= 0xfU << 20; /* cp10, cp11: full access */
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 2; isb" : : "r"(cpacr));
	__asm__ volatile(".fpu vfpv4\n\tvmsr fpexc, %0; isb" : : "r"(1U << 30));
	__asm__ volatile(".fpu vfpv4\n\tvmov d8, %0, %1" : : "r"(0x12345678U), "r"(0x9abcdef0U));
	for (int i = 0; i < 3; i++)
		hvc(PSCI_VERSION);
	__asm__ volatile(".fpu vfpv4\n\tvmov %0, %1, d8" : "=r"(lo), "=r"(hi));
	return lo == 0x12345678U && hi == 0x9abcdef0U;
}

/* Filled by the vectors (start.S): DFSR, DFAR, the aborting and the
 * undefined instruction's address. */
volatile u32 abort_info[4];
extern char guest_vectors[];

/* A load from an address outside the guest's memory map: the hypervisor
 * reports it as a synchronous external abort (DFSR 0x008, short format). */
static int abort_injected(void)
{
	u32 insn;
	__asm__ volatile("mcr p15, 0, %0, c12, c0, 0; isb" : : "r"(guest_vectors));
	__asm__ volatile("adr %0, 1f\n1:\tldr r3, [%1]"
			 : "=&r"(insn)
			 : "r"(0x0a800000U)
			 : "r3", "memory");
	return (abort_info[0] & 0x40f) == 0x008 && abort_info[1] == 0x0a800000U &&
	       abort_info[2] == insn;
}

/* A cp15 access the hypervisor does not emulate (the secure-only SCR):
 * an undefined instruction for the guest. */
static int undef_injected(void)
{
	u32 insn, v;
	__asm__ volatile("adr %0, 1f\n1:\tmrc p15, 0, %1, c1, c1, 0" : "=&r"(insn), "=r"(v));
	return abort_info[3] == insn;
}

/* The PMU is the hypervisor's to hide: PMCR (and so its N, the counters)
 * reads as zero. */
static u32 pmcr(void)
{
	u32 v;
	__asm__ volatile("mrc p15, 0, %0, c9, c12, 0" : "=r"(v));
	return v;
}

/* The debug registers are the hypervisor's to hide (HDCR.TDA): a breakpoint
 * value written to DBGBVR0 is not kept, so it cannot fire in another domain
 * on this CPU; DBGDIDR says no debug architecture. Returns what DBGBVR0
 * reads back after the write (0 expected). */
static u32 dbgbvr0_after_write(void)
{
	u32 v;
	__asm__ volatile("mcr p14, 0, %0, c0, c0, 4; isb" : : "r"(0x40001000U));
	__asm__ volatile("mrc p14, 0, %0, c0, c0, 4" : "=r"(v));
	return v;
}

static u32 dbgdidr(void)
{
	u32 v;
	__asm__ volatile("mrc p14, 0, %0, c0, c0, 0" : "=r"(v));
	return v;
}

/* ICC_AP0R<n> is p15, 0, c12, c8, <4+n>, ICC_AP1R<n> p15, 0, c12, c9, <n>
 * (IHI 0069); p priority bits (ICC_CTLR.PRIbits [10:8] = p - 1) give
 * 2^(p - 4) of each. */
#define ICC_AP_WRITE(crm, op2, v)                                                                  \
	__asm__ volatile("mcr p15, 0, %0, c12, " #crm ", " #op2 : : "r"(v))

static void icc_set_aprs(u32 n, u32 v)
{
	ICC_AP_WRITE(c8, 4, v);
	ICC_AP_WRITE(c9, 0, v);
	if (n > 1) {
		ICC_AP_WRITE(c8, 5, v);
		ICC_AP_WRITE(c9, 1, v);
	}
	if (n > 2) {
		ICC_AP_WRITE(c8, 6, v);
		ICC_AP_WRITE(c9, 2, v);
		ICC_AP_WRITE(c8, 7, v);
		ICC_AP_WRITE(c9, 3, v);
	}
	__asm__ volatile("isb" ::: "memory");
}

/* As if interrupts of every priority of both groups were being handled: its
 * virtual CPU interface signals nothing more. A vCPU sharing the pCPU must
 * not inherit that. */
static void apr_hog(void)
{
	u32 ctlr, bits, n, ap0, ap1;
	__asm__ volatile("mrc p15, 0, %0, c12, c12, 4" : "=r"(ctlr)); /* ICC_CTLR */
	bits = ((ctlr >> 8) & 7) + 1;
	n = bits >= 7 ? 4 : bits == 6 ? 2 : 1;
	icc_set_aprs(n, ~0U);
	__asm__ volatile("mrc p15, 0, %0, c12, c8, 4" : "=r"(ap0));
	__asm__ volatile("mrc p15, 0, %0, c12, c9, 0" : "=r"(ap1));
	puts("ARM32-GUEST: APRs full, AP0R0 ");
	puthex(ap0);
	puts(" AP1R0 ");
	puthex(ap1);
	put('\n');
	for (;;)
		icc_set_aprs(n, ~0U);
}

void guest_main(u32 r0, u32 r1, u32 r2);
void guest_main(u32 r0, u32 r1, u32 r2)
{
	u32 cpsr;
	volatile u32 *ram = (volatile u32 *)0x40400000U;

	(void)r0;
	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	puts("ARM32-GUEST: hello\n");
	if (dtb_contains(r2, "bulkhead.aprhog")) {
		if (((*(volatile u32 *)(0x08000000U + 0xffe8) >> 4) & 0xf) == 3) /* GICD_PIDR2 */
			apr_hog();
		puts("ARM32-GUEST: bulkhead.aprhog needs a GICv3\n");
		for (;;)
			;
	}
	check("svc mode", (cpsr & 0x1f) == 0x13, cpsr);
	check("r1 is ~0", r1 == ~0U, r1);
	check("dtb at r2", *(volatile u32 *)r2 == 0xedfe0dd0U, r2);
	ram[0] = 0xa5a5a5a5U;
	ram[1] = ~ram[0];
	check("ram", ram[0] == 0xa5a5a5a5U && ram[1] == 0x5a5a5a5aU, ram[1]);
	check("psci version", hvc(PSCI_VERSION) >= 0x10000U, hvc(PSCI_VERSION));
	check("vfp", vfp_survives(), 0);
	check("data abort", abort_injected(), abort_info[0]);
	check("undef", undef_injected(), abort_info[3]);
	check("no pmu", pmcr() == 0, pmcr());
	check("no debug", dbgbvr0_after_write() == 0 && dbgdidr() == 0, dbgbvr0_after_write());
	puts("ARM32-GUEST: done\n");
	hvc(PSCI_SYSTEM_OFF);
}
