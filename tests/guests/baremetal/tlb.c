/*
 * Stage-1 TLB maintenance as a guest issues it: after the guest changes a
 * translation and invalidates it with a TLBI (ARM ARM C5.5, "A64 TLB
 * maintenance instructions"), the old translation must not be used again,
 * whether Bulkhead lets the TLBI through (broadcast, HCR_EL2.FB) or traps it
 * and performs it on the vCPU's pCPU (a pinned one-vCPU domain).
 *
 * The MMU is on only during the check. Level-1 table, 4 KiB granule, 39-bit
 * VAs: the first GiB identity-mapped as device memory (UART, GIC), the
 * guest's first 16 MiB identity-mapped as normal memory, and one 4 KiB page
 * at TEST_VA, non-global under ASID 5, that points at page A or page B.
 */
#include <stdint.h>

#include "../lib/sysreg.h"

typedef uint64_t u64;

#define TEST_VA	 0x7fe00000UL
#define ASID	 5ULL
#define MARKER_A 0xaaaa0000aaaa0000ULL
#define MARKER_B 0xbbbb0000bbbb0000ULL

/* Descriptor bits (D8.3): valid, AttrIndx (MAIR: 0 normal, 1 device),
 * inner shareable, access flag, not global. */
#define DESC_BLOCK  1ULL
#define DESC_TABLE  3ULL
#define DESC_PAGE   3ULL
#define ATTR_NORMAL (0ULL << 2)
#define ATTR_DEVICE (1ULL << 2)
#define SH_INNER    (3ULL << 8)
#define AF	    (1ULL << 10)
#define NG	    (1ULL << 11)

static u64 l1[512] __attribute__((aligned(4096)));
static u64 l2[512] __attribute__((aligned(4096)));
static u64 l3[512] __attribute__((aligned(4096)));
static volatile u64 page_a[512] __attribute__((aligned(4096)));
static volatile u64 page_b[512] __attribute__((aligned(4096)));

extern char _start[], _end[];

#define TLBI(op) __asm__ volatile("tlbi " op ", %0" : : "r"(x) : "memory")
#define SYNC()	 __asm__ volatile("dsb ish; isb" : : : "memory")

/* The TLBIs under test, inner shareable (0-5) then this PE only (6-11): all,
 * by VA and ASID, by ASID, by VA in any ASID, and the last-level forms of
 * the two by VA; each with the operand that covers TEST_VA. */
static void tlbi(int op)
{
	u64 va = TEST_VA >> 12, asid = ASID << 48;
	const u64 operand[6] = {0, va | asid, asid, va, va | asid, va};
	u64 x = operand[op % 6];
	/* clang-format off */
	switch (op) {
	case 0: __asm__ volatile("tlbi vmalle1is" : : : "memory"); break;
	case 1: TLBI("vae1is"); break;
	case 2: TLBI("aside1is"); break;
	case 3: TLBI("vaae1is"); break;
	case 4: TLBI("vale1is"); break;
	case 5: TLBI("vaale1is"); break;
	case 6: __asm__ volatile("tlbi vmalle1" : : : "memory"); break;
	case 7: TLBI("vae1"); break;
	case 8: TLBI("aside1"); break;
	case 9: TLBI("vaae1"); break;
	case 10: TLBI("vale1"); break;
	default: TLBI("vaale1"); break;
	}
	/* clang-format on */
	SYNC();
}
#define N_OPS 12

static void point_at(volatile u64 *page)
{
	l3[0] = (u64)(uintptr_t)page | DESC_PAGE | ATTR_NORMAL | SH_INNER | AF | NG;
	SYNC();
}

static u64 read_test_va(void) { return *(volatile u64 *)TEST_VA; }

static void mmu_on(void)
{
	l1[0] = 0 | DESC_BLOCK | ATTR_DEVICE | AF;
	l1[1] = (u64)(uintptr_t)l2 | DESC_TABLE;
	for (u64 i = 0; i < 8; i++) /* the guest's 16 MiB, in 2 MiB blocks */
		l2[i] = (0x40000000ULL + (i << 21)) | DESC_BLOCK | ATTR_NORMAL | SH_INNER | AF;
	l2[511] = (u64)(uintptr_t)l3 | DESC_TABLE;
	page_a[0] = MARKER_A;
	page_b[0] = MARKER_B;
	point_at(page_a);
	write_sysreg(0x00ffULL, mair_el1);
	/* T0SZ 25, walks inner/outer write-back, inner shareable, 4 KiB, TTBR1
	 * walks off (EPD1), 32-bit PAs. */
	write_sysreg(25ULL | 1ULL << 8 | 1ULL << 10 | 3ULL << 12 | 1ULL << 23, tcr_el1);
	write_sysreg((u64)(uintptr_t)l1 | ASID << 48, ttbr0_el1);
	__asm__ volatile("dsb ish; tlbi vmalle1; dsb ish; isb" : : : "memory");
	write_sysreg(read_sysreg(sctlr_el1) | 1 | 1 << 2 | 1 << 12, sctlr_el1); /* M, C, I */
	__asm__ volatile("isb" : : : "memory");
}

/* Back to the MMU off the rest of the guest expects; what was written
 * through the caches (stack, these tables) is cleaned to memory first. */
static void mmu_off(void)
{
	for (char *p = _start; p < _end; p += 64)
		__asm__ volatile("dc civac, %0" : : "r"(p) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
	write_sysreg(read_sysreg(sctlr_el1) & ~(1ULL | 1 << 2 | 1 << 12), sctlr_el1);
	__asm__ volatile("isb; tlbi vmalle1; dsb ish; isb" : : : "memory");
}

/* Returns how many TLBIs left the old translation in use (0 is right);
 * *cached counts the cases where, without a TLBI, the old one was still
 * used: that shows the check could see a TLBI that did nothing (an
 * emulator's TLB keeps what it walked; hardware may or may not). */
int tlb_check(int *cached)
{
	int bad = 0;
	*cached = 0;
	mmu_on();
	for (int op = 0; op < N_OPS; op++) {
		point_at(page_a);
		tlbi(0);
		u64 before = read_test_va();
		point_at(page_b); /* no TLBI yet */
		*cached += read_test_va() == MARKER_A;
		tlbi(op);
		bad += before != MARKER_A || read_test_va() != MARKER_B;
	}
	mmu_off();
	return bad;
}
