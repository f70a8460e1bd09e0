/*
 * Exception syndromes for the unexpected-exception dump. ESR_EL2 (ARM ARM
 * D13.2.37) and the ARMv7 HSR (ARMv7-A/R ARM B3.13.6) share EC, IL and ISS,
 * and HYP mode always uses the long-descriptor fault status codes, so one
 * decoder serves arm64 and arm32.
 */
#include <bulkhead/types.h>
#include <bulkhead/log.h>
#include <arch/fault_decode.h>

/* Exception classes (the AArch32 ones are the same on both). */
static const char *const ec_names[64] = {
	[0x00] = "Unknown reason",
	[0x01] = "WFI/WFE",
	[0x03] = "MCR/MRC (cp15)",
	[0x04] = "MCRR/MRRC (cp15)",
	[0x05] = "MCR/MRC (cp14)",
	[0x06] = "LDC/STC (cp14)",
	[0x07] = "FP/SIMD access",
	[0x08] = "VMRS (cp10)",
	[0x0c] = "MRRC (cp14)",
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

/* Data/Instruction Fault Status Code, ISS[5:0] for aborts. */
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

void fault_dump_syndrome(u64 esr, const char *esr_name, u64 far, const char *far_name,
			 int far_digits)
{
	u32 ec = (u32)(esr >> 26) & 0x3f;
	u32 iss = (u32)esr & 0x1ffffff;
	const char *name = ec_names[ec] ? ec_names[ec] : "Unassigned exception class";

	log_err("%s 0x%08llx: EC 0x%02x %s, IL %u, ISS 0x%07x", esr_name, esr, ec, name,
		(u32)(esr >> 25) & 1, iss);
	if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25) {
		u32 fsc = iss & 0x3f;
		bool data = ec >= 0x24;
		log_err("  %s, level %u, %s, %s 0x%0*llx", fsc_name(fsc), fsc & 3,
			data ? ((iss >> 6) & 1 ? "write" : "read") : "instruction fetch", far_name,
			far_digits, far);
	}
}
