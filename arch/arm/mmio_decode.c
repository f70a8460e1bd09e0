/*
 * Stage-2 data abort decoding, the parts out of line: naming a refused
 * syndrome, an AArch32 guest's register, and the emulation of an access
 * through the domain's devices. The decoder itself is inline in
 * <arch/mmio_decode.h>, with the ISS fields it reads (ARM ARM D13.2.37).
 */
#include <bulkhead/domain.h>
#include <bulkhead/vmmio.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/mmio_decode.h>

/* What a syndrome that is not a plain load or store missing stage 2 is, for
 * the log. FnV: no page offset. EA, CM, VNCR: not a plain load or store
 * missing stage 2. S1PTW: HPFAR holds the guest's own table walk's address,
 * not the access's. The architecture leaves ISV 0 for most of these; a
 * syndrome that says otherwise is not trusted either. */
const char *mmio_decode_refusal(u64 esr)
{
	if (ESR_EC(esr) != EC_DABT_LO)
		return "data abort of another class at";
	if (esr & MMIO_ISS_CM)
		return "cache maintenance outside its memory at";
	if (esr & MMIO_ISS_EA)
		return "external abort at";
	if (esr & MMIO_ISS_S1PTW)
		return "stage-1 table walk outside its memory at";
	if (esr & (MMIO_ISS_FNV | MMIO_ISS_VNCR))
		return "access with no valid address (FnV) or to VNCR_EL2's page at";
	if (!(esr & MMIO_ISS_ISV))
		return "access without instruction syndrome to";
	return "8-byte access through a W register at";
}
