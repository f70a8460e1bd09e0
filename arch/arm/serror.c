/*
 * The decision of the EL2/HYP SError entry. PSTATE.A (AArch64) and CPSR.A
 * (AArch32) are bit 8 of the saved program status in both (ARM ARM C5.2.19
 * SPSR_EL2, and the AArch32 PSR format): setting it in the saved status makes
 * the exception return leave SErrors masked, as the hypervisor runs.
 */
#include <arch/serror.h>

#define PSR_A (1ULL << 8)

bool serror_window_take(u64 elr, u64 *spsr, u64 esr, u64 start, u64 end, u64 *syndrome)
{
	if (elr < start || elr > end)
		return false;
	*spsr |= PSR_A;
	*syndrome = esr;
	return true;
}
