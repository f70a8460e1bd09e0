/*
 * Exceptions the hypervisor does not expect: decode ESR_EL2 (ARM ARM D13.2.37)
 * and FAR, dump the registers and panic. Guests' traps arrive in later issues
 * through their own table; nothing here is reachable from a guest.
 */
#include <bulkhead/types.h>
#include <bulkhead/log.h>
#include <bulkhead/panic.h>
#include <arch/regs.h>

/* Exception classes, ESR_ELx.EC (ARM ARM D13.2.37, table D13-9). */
static const char *const ec_names[64] = {
	[0x00] = "Unknown reason",
	[0x01] = "WFI/WFE",
	[0x07] = "FP/SIMD access",
	[0x0e] = "Illegal execution state",
	[0x11] = "SVC (AArch32)",
	[0x12] = "HVC (AArch32)",
	[0x13] = "SMC (AArch32)",
	[0x15] = "SVC (AArch64)",
	[0x16] = "HVC (AArch64)",
	[0x17] = "SMC (AArch64)",
	[0x18] = "MSR/MRS/system instruction",
	[0x20] = "Instruction Abort from a lower EL",
	[0x21] = "Instruction Abort (same EL)",
	[0x22] = "PC alignment fault",
	[0x24] = "Data Abort from a lower EL",
	[0x25] = "Data Abort (same EL)",
	[0x26] = "SP alignment fault",
	[0x2c] = "FP exception (AArch64)",
	[0x2f] = "SError",
	[0x30] = "Breakpoint from a lower EL",
	[0x31] = "Breakpoint (same EL)",
	[0x3c] = "BRK instruction",
};

static const char *const kind_names[16] = {
	"Synchronous (EL2, SP_EL0)",
	"IRQ (EL2, SP_EL0)",
	"FIQ (EL2, SP_EL0)",
	"SError (EL2, SP_EL0)",
	"Synchronous (EL2)",
	"IRQ (EL2)",
	"FIQ (EL2)",
	"SError (EL2)",
	"Synchronous (lower EL, AArch64)",
	"IRQ (lower EL, AArch64)",
	"FIQ (lower EL, AArch64)",
	"SError (lower EL, AArch64)",
	"Synchronous (lower EL, AArch32)",
	"IRQ (lower EL, AArch32)",
	"FIQ (lower EL, AArch32)",
	"SError (lower EL, AArch32)",
};

/* Data/Instruction Fault Status Code, ISS[5:0] for aborts (D13.2.37). */
static const char *fsc_name(u32 fsc)
{
	switch (fsc & 0x3c) {
	case 0x00: return "address size fault";
	case 0x04: return "translation fault";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	}
	switch (fsc) {
	case 0x10: return "synchronous external abort";
	case 0x21: return "alignment fault";
	case 0x30: return "TLB conflict abort";
	default: return "other fault";
	}
}

static void dump_esr(u64 esr, u64 far)
{
	u32 ec = (u32)(esr >> 26) & 0x3f;
	u32 iss = (u32)esr & 0x1ffffff;
	const char *name = ec_names[ec] ? ec_names[ec] : "Unassigned exception class";

	log_err("ESR_EL2 0x%08llx: EC 0x%02x %s, IL %u, ISS 0x%07x", esr, ec, name,
		(u32)(esr >> 25) & 1, iss);
	if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25) {
		u32 fsc = iss & 0x3f;
		bool data = ec >= 0x24;
		log_err("  %s, level %u, %s, FAR_EL2 0x%016llx", fsc_name(fsc), fsc & 3,
			data ? ((iss >> 6) & 1 ? "write" : "read") : "instruction fetch", far);
	}
}

void __noreturn trap_el2_unexpected(struct trap_frame *f, unsigned long kind)
{
	log_err("unexpected exception: %s", kind_names[kind & 15]);
	dump_esr(f->esr, f->far);
	log_err("ELR_EL2 0x%016llx  SPSR_EL2 0x%08llx  SP 0x%016llx", f->elr, f->spsr, f->sp);
	for (int i = 0; i < 30; i += 3)
		log_err("x%-2d %016llx  x%-2d %016llx  x%-2d %016llx", i, f->x[i], i + 1,
			f->x[i + 1], i + 2, f->x[i + 2]);
	log_err("x30 %016llx", f->x[30]);
	panic("unexpected exception at EL2 (%s)", kind_names[kind & 15]);
}
