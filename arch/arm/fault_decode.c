/*
 * Exception syndromes for the unexpected-exception dump. ESR_EL2 (ARM ARM
 * D13.2.37) and the ARMv7 HSR (ARMv7-A/R ARM B3.13.6) share EC, IL and ISS,
 * and HYP mode always uses the long-descriptor fault status codes, so one
 * decoder serves arm64 and arm32.
 */
#include <bulkhead/types.h>
#include <bulkhead/log.h>
#include <arch/fault_decode.h>
#include <arch/syndrome.h>

/* Exception classes (the AArch32 ones are the same on both). */
#define EC_NAME(name, val, text) [EC_##name] = (text),
static const char *const ec_names[64] = {EC_TABLE(EC_NAME)};
#undef EC_NAME

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
	u32 ec = ESR_EC(esr);
	u32 iss = ESR_ISS(esr);
	const char *name = ec_names[ec] ? ec_names[ec] : "Unassigned exception class";

	log_err("%s 0x%08llx: EC 0x%02x %s, IL %u, ISS 0x%07x", esr_name, esr, ec, name,
		(esr & ESR_IL) ? 1U : 0U, iss);
	if (ec == EC_IABT_LO || ec == EC_IABT_CUR || ec == EC_DABT_LO || ec == EC_DABT_CUR) {
		u32 fsc = iss & 0x3f;
		bool data = ec >= EC_DABT_LO;
		log_err("  %s, level %u, %s, %s 0x%0*llx", fsc_name(fsc), fsc & 3,
			data ? ((iss >> 6) & 1 ? "write" : "read") : "instruction fetch", far_name,
			far_digits, far);
	}
}
