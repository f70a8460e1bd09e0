/* libFuzzer target: the stage-2 data abort decoder (<arch/mmio_decode.h>)
 * and the emulation it drives, as guest_exit.c's guest_abort_data does, through
 * the MMIO dispatcher (common/vmmio.c) into a domain with the vGIC's frames
 * (arch/arm/vgic/, on the host list registers of tests/unit/shim_vgic.h) and
 * a probe device that records what it is given and reads back a pattern
 * wider than any access.
 *
 * Input: a 9-byte header: [0] bit 0: GICv3 (else GICv2), bits 1-3: vCPUs - 1;
 * [1..8] the probe's pattern (LE). Then steps of 32 bytes:
 *   [0..7] ESR_EL2, [8..15] FAR_EL2 (LE, as they come);
 *   [16] mod 4: HPFAR_EL2 points into the GICD, the GICR frames, the probe,
 *       or (3) anywhere: [17..19] and [23] (LE) are then the page number,
 *       else [17..19] the page in the region, mod its pages plus one (past
 *       its end);
 *   [20..21] and [22] bits 0-3: noise in HPFAR_EL2's bits outside FIPA,
 *       [63:48] and [3:0];
 *   [24..31] what X0-X30 hold (each XORed with its number).
 * Checked: the decoder gives 1, 2, 4 or 8 bytes and Rt 0-31, and accepts
 * only a data abort from a lower EL with ISV set, FnV, EA, CM, S1PTW and
 * VNCR clear, and no 8-byte access through a W register; SSE only for a
 * load narrower than 8 bytes; WnR is the direction; the IPA's page is
 * HPFAR_EL2.FIPA (bits [47:4]: the noise changes nothing) and its offset
 * FAR_EL2's bits [11:0]. An accepted access is emulated exactly when its
 * IPA is inside one of the domain's regions (the probe's: aligned). A store gives the device Rt's
 * low bytes of the access width (XZR: 0); a load leaves in Rt the device's
 * value cut to the width, sign-extended with SSE and cut to 32 bits for a W
 * register (the model), and nothing in XZR; no other register changes, nor
 * the PC (trap.c steps over the instruction). A read of the vGIC never
 * holds bits past the access width unless SSE extended it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/hostdt.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/vmmio.h>
#include <arch/mmio_decode.h>
#include <arch/vgic.h>
#include "shim_log.h"
#include "shim_vgic.h"

#define FUZZ_NAME "fuzz_mmio"
#include "fuzz_check.h"
#include "fuzz_input.h"

#define STEP	   32
#define PROBE_BASE 0x0a000000ULL /* an IPA no other region uses */
#define PROBE_SIZE 0x2000ULL
#define PAGE	   0x1000ULL

static struct domain *const d = &shim_vgic_dom;
static u64 pattern;
static struct {
	unsigned int calls, len;
	u32 off;
	u64 val;
} probed;

static u64 probe_rd(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)dev, (void)arg, (void)len;
	return pattern ^
	       ((u64)off * 0x0101010101010101ULL); /* wider than len: cut by the decoder */
}

static void probe_wr(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	(void)v, (void)dev, (void)arg;
	probed.calls++;
	probed.off = off;
	probed.len = len;
	probed.val = val;
}

static const struct mmio_reg probe_regs[] = {
	{0, PROBE_SIZE, MMIO_W8 | MMIO_W16 | MMIO_W32 | MMIO_W64, 0, probe_rd, probe_wr},
};
static const struct mmio_device probe_dev = {"probe", probe_regs, 1, NULL, false};

static u64 wmask(unsigned int len) { return len >= 8 ? ~0ULL : (1ULL << (8 * len)) - 1; }

static bool in_regions(u64 ipa, bool *gic)
{
	*gic = ipa - GUEST_GICD_BASE < GUEST_GICD_SIZE ||
	       (d->vgic.version == 3 && ipa - GUEST_GICR_BASE < d->nvcpus * GUEST_GICR_STRIDE);
	return *gic || ipa - PROBE_BASE < PROBE_SIZE;
}

static void setup(const u8 *h)
{
	struct host_gic g = shim_vgic_host(h[0] & 1 ? 3 : 2);
	memset(d, 0, sizeof(*d));
	shim_vgic_hw_reset();
	d->nvcpus = 1 + ((h[0] >> 1) & 7);
	for (unsigned int i = 0; i < DOMAIN_MAX_VCPUS; i++) {
		d->vcpus[i].id = i;
		d->vcpus[i].dom = d;
	}
	CHECK(vgic_init(&g) == 0, "vgic_init");
	CHECK(vgic_domain_init(d) == 0, "vgic_domain_init");
	for (unsigned int i = 0; i < d->nvcpus; i++)
		vgic_vcpu_reset(&d->vcpus[i]);
	CHECK(vmmio_add(d, PROBE_BASE, PROBE_SIZE, &probe_dev, &probed) == 0, "probe");
	pattern = le(h + 1, 8);
}

static void step(const u8 *s)
{
	static const u64 base[] = {GUEST_GICD_BASE, GUEST_GICR_BASE, PROBE_BASE};
	u64 esr = le(s, 8), far = le(s + 8, 8), xval = le(s + 24, 8), size, hpfar, page;
	unsigned int r = s[16] % 4;
	struct vcpu *v = &d->vcpus[0];
	struct mmio_access a;
	u64 before[31], pc = v->arch.regs.pc;
	bool ok, gic, emulated, inside;

	if (r < 3) {
		size = r == 0	? GUEST_GICD_SIZE
		       : r == 1 ? d->nvcpus * GUEST_GICR_STRIDE
				: PROBE_SIZE;
		page = base[r] / PAGE + le(s + 17, 3) % (size / PAGE + 1);
	} else {
		page = le(s + 17, 3) | (u64)s[23] << 24;
	}
	hpfar = page << 4 | (s[22] & 0xf) | le(s + 20, 2) << 48;
	ok = mmio_decode_dabt(esr, far, hpfar, &a);
	CHECK(ok == !a.why && a.cm == !!(esr & (1ULL << 8)), "refusal reason");

	CHECK(a.len == 1 || a.len == 2 || a.len == 4 || a.len == 8, "len %u", a.len);
	CHECK(a.len == 1u << ((esr >> 22) & 3) && a.rt == ((esr >> 16) & 0x1f), "SAS/SRT");
	CHECK(a.write == !!(esr & (1ULL << 6)), "WnR");
	CHECK(!a.sse || (!a.write && a.len < 8 && (esr & (1ULL << 21))), "SSE");
	CHECK(a.ipa == (page << 12 | (far & 0xfff)), "IPA 0x%llx from HPFAR 0x%llx FAR 0x%llx",
	      a.ipa, hpfar, far);
	CHECK(!ok || (((esr >> 26) & 0x3f) == 0x24 && (esr & (1ULL << 24)) &&
		      !(esr &
			((1ULL << 13) | (1ULL << 10) | (1ULL << 9) | (1ULL << 8) | (1ULL << 7))) &&
		      (a.len < 8 || a.sf)),
	      "accepted ESR 0x%llx", esr);
	CHECK(ok || ((esr >> 26) & 0x3f) != 0x24 || !(esr & (1ULL << 24)) ||
		      (esr &
		       ((1ULL << 13) | (1ULL << 10) | (1ULL << 9) | (1ULL << 8) | (1ULL << 7))) ||
		      (a.len == 8 && !a.sf),
	      "refused ESR 0x%llx", esr);
	if (!ok)
		return;

	for (unsigned int i = 0; i < 31; i++)
		v->arch.regs.x[i] = before[i] = xval ^ i;
	probed.calls = 0;
	inside = in_regions(a.ipa, &gic);
	emulated = mmio_emulate(v, &a);
	/* The GIC's reserved offsets are RAZ/WI; the probe refuses misaligned accesses. */
	CHECK(emulated == (gic || (inside && !(a.ipa & (a.len - 1)))), "IPA 0x%llx: emulated %d",
	      a.ipa, emulated);
	CHECK(v->arch.regs.pc == pc, "PC moved");
	for (unsigned int i = 0; i < 31; i++)
		if (i != a.rt || a.write || !emulated)
			CHECK(v->arch.regs.x[i] == before[i], "X%u changed (Rt %u)", i, a.rt);
	if (!emulated)
		return;
	if (a.write && !gic) {
		CHECK(probed.calls == 1 && probed.len == a.len && probed.off == a.ipa - PROBE_BASE,
		      "probe: %u calls", probed.calls);
		CHECK(probed.val == (a.rt == 31 ? 0 : before[a.rt] & wmask(a.len)),
		      "stored 0x%llx from X%u = 0x%llx, %u bytes", probed.val, a.rt,
		      a.rt < 31 ? before[a.rt] : 0, a.len);
	}
	if (!a.write && a.rt < 31) {
		u64 got = v->arch.regs.x[a.rt], exp;
		if (!gic) {
			exp = probe_rd(v, NULL, 0, (u32)(a.ipa - PROBE_BASE), a.len) & wmask(a.len);
			if (a.sse && exp >> (8 * a.len - 1))
				exp |= ~wmask(a.len);
			if (!a.sf)
				exp &= 0xffffffffULL;
			CHECK(got == exp, "loaded 0x%llx, model 0x%llx (%u bytes, SSE %d, SF %d)",
			      got, exp, a.len, a.sse, a.sf);
		} else {
			CHECK(a.sse || (got & ~wmask(a.len)) == 0, "GIC read 0x%llx, %u bytes", got,
			      a.len);
		}
		if (!a.sf)
			CHECK(got >> 32 == 0, "W register holds 0x%llx", got);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 9)
		return 0;
	setup(data);
	for (data += 9, size -= 9; size >= STEP; data += STEP, size -= STEP)
		step(data);
	return 0;
}
