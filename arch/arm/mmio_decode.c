/*
 * Stage-2 data abort decoding (see arch/mmio_decode.h). ISS fields of ESR_EL2
 * for a Data Abort (ARM ARM D13.2.37):
 *   24 ISV   the syndrome below (SAS..AR) is valid
 *   23:22 SAS access size, 1 << SAS bytes
 *   21 SSE   a narrow load sign-extends
 *   20:16 SRT the register (31: XZR/WZR for loads and stores)
 *   15 SF    the register is 64-bit
 *   14 AR    acquire/release semantics
 *   13 VNCR  the access was to VNCR_EL2's page (FEAT_NV2)
 *   10 FnV   FAR_EL2 is not valid
 *    9 EA    external abort
 *    8 CM    cache maintenance or address translation instruction
 *    7 S1PTW the fault was on a stage 1 translation table walk
 *    6 WnR   write, not read
 *   5:0 DFSC  fault status code
 */
#include <bulkhead/domain.h>
#include <bulkhead/vmmio.h>
#include <arch/aarch32.h>
#include <arch/guest.h>
#include <arch/mmio_decode.h>

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_DABT_LO  0x24
#define ISS_ISV	    (1ULL << 24)
#define ISS_SSE	    (1ULL << 21)
#define ISS_SF	    (1ULL << 15)
#define ISS_VNCR    (1ULL << 13)
#define ISS_FNV	    (1ULL << 10)
#define ISS_EA	    (1ULL << 9)
#define ISS_CM	    (1ULL << 8)
#define ISS_S1PTW   (1ULL << 7)
#define ISS_WNR	    (1ULL << 6)
#define HPFAR_FIPA  0x0000fffffffffff0ULL /* bits [47:4] */

u64 mmio_fault_ipa(u64 far, u64 hpfar) { return (hpfar & HPFAR_FIPA) << 8 | (far & 0xfff); }

bool mmio_decode_dabt(u64 esr, u64 far, u64 hpfar, struct mmio_access *out)
{
	unsigned int len = 1U << ((esr >> 22) & 3);
	bool write = esr & ISS_WNR;

	*out = (struct mmio_access){
		.ipa = mmio_fault_ipa(far, hpfar),
		.len = len,
		.rt = (esr >> 16) & 0x1f,
		.write = write,
		/* SSE is meaningless for stores and for 8 bytes (nothing to extend). */
		.sse = !write && len < 8 && (esr & ISS_SSE),
		.sf = esr & ISS_SF,
		.cm = esr & ISS_CM,
	};
	/* FnV: no page offset. EA, CM, VNCR: not a plain load or store missing
	 * stage 2. S1PTW: HPFAR holds the guest's own table walk's address, not
	 * the access's. The architecture leaves ISV 0 for most of these; a
	 * syndrome that says otherwise is not trusted either. */
	if (ESR_EC(esr) != EC_DABT_LO)
		out->why = "data abort of another class at";
	else if (esr & ISS_CM)
		out->why = "cache maintenance outside its memory at";
	else if (esr & ISS_EA)
		out->why = "external abort at";
	else if (esr & ISS_S1PTW)
		out->why = "stage-1 table walk outside its memory at";
	else if (esr & (ISS_FNV | ISS_VNCR))
		out->why = "access with no valid address (FnV) or to VNCR_EL2's page at";
	else if (!(esr & ISS_ISV))
		out->why = "access without instruction syndrome to";
	/* No instruction moves 8 bytes through a W register. AR (bit 14) needs
	 * nothing: the vCPU is stopped while the access is emulated, so it is
	 * ordered against all of its others. */
	else if (len == 8 && !out->sf)
		out->why = "8-byte access through a W register at";
	return !out->why;
}

bool mmio_decode_aarch32(struct mmio_access *a, int reg)
{
	if (reg == AARCH32_PC) {
		a->why = "load or store of the PC (r15) or of a register of no mode at";
		return false;
	}
	a->rt = (unsigned int)reg;
	a->sf = false; /* a 32-bit register: loads are cut to 32 bits */
	return true;
}

static u64 width_mask(unsigned int len) { return len >= 8 ? ~0ULL : (1ULL << (8 * len)) - 1; }

u64 mmio_store_value(const struct mmio_access *a, u64 reg)
{
	return a->rt == 31 ? 0 : reg & width_mask(a->len);
}

u64 mmio_load_value(const struct mmio_access *a, u64 val)
{
	val &= width_mask(a->len);
	if (a->sse && (val >> (8 * a->len - 1)) & 1)
		val |= ~width_mask(a->len);
	return a->sf ? val : val & 0xffffffffULL;
}

bool mmio_emulate(struct vcpu *v, const struct mmio_access *a)
{
	u64 val = a->write ? mmio_store_value(a, vcpu_arch_get_reg(v, a->rt)) : 0;

	if (!vmmio_access(v, a->ipa, a->len, a->write, &val))
		return false;
	if (!a->write)
		vcpu_arch_set_reg(v, a->rt, mmio_load_value(a, val)); /* XZR: discarded */
	return true;
}
