/* libFuzzer target: the guest SMCCC dispatcher (arch/arm/smccc.c) and PSCI
 * (arch/arm/psci_guest.c), called by the vCPUs of one domain whose scheduler
 * calls the shim (tests/unit/shim_psci.h) records.
 *
 * Input: a 5-byte header, then steps of 30 bytes:
 *   header: [0] vCPUs (mod 8, plus 1), [1] the vCPUs online (bit n: vCPU n),
 *           [2] those with a CPU_ON pending (of the others), [3] bit 0: RAM
 *           direct-mapped at 0x80000000 + [3] / 2 * 2 MiB (else at
 *           GUEST_RAM_BASE), [4] RAM size in 2 MiB blocks, less 1;
 *   step: [0] bits 0-2: the calling vCPU (mod vCPUs; the next online one
 *           calls), bits 3-4: 0: function ID from the table below at [1],
 *           1: function ID [2..5] (LE), 2: the same with [1] as its upper 32
 *           bits (must be refused), 3: no call: the vCPU (online or not)
 *           runs, taking a pending CPU_ON as common/vcpu.c does; bit 5:
 *           through smccc_handle() (x0..x3) instead of smccc_dispatch();
 *           bit 6: the second argument (an entry point) is relative to the
 *           RAM: ram_ipa - 8 + it mod (RAM size + 16); bit 7: the first
 *           (an MPIDR) is only its low 9 bits;
 *         [6..29] the three arguments (LE, 8 bytes each).
 * A shadow model of PSCI (DEN0022D) says what each call must return and do:
 * CPU_ON succeeds exactly when the target is a vCPU of the domain (by the
 * MPIDR's affinity fields), the entry
 * point is in its RAM and word-aligned and the target is off (so never twice
 * without a CPU_OFF), and then hands it exactly that entry and context and
 * kicks it once; AFFINITY_INFO tells the model's state; SYSTEM_OFF/RESET
 * crash the domain once; SMC32 calls see 32-bit arguments; PSCI_FEATURES
 * agrees with what is implemented (SMCCC_VERSION too, as SMCCC 1.1 asks);
 * anything else returns NOT_SUPPORTED and changes nothing; x1..x3 are 0. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/psci.h>
#include <bulkhead/smccc.h>
#include <bulkhead/vcpu_sched.h>
#include "shim_psci.h"

#define FUZZ_NAME "fuzz_smccc"
#include "fuzz_check.h"
#include "fuzz_input.h"

#define HEADER 5
#define STEP   30
#define NS     ((u64)(s64)PSCI_NOT_SUPPORTED)

#define SMCCC_VERSION	    0x80000000U
#define SMCCC_ARCH_FEATURES 0x80000001U
#define VERSION		    0x84000000U
#define CPU_SUSPEND	    0x84000001U
#define CPU_OFF		    0x84000002U
#define CPU_ON		    0x84000003U
#define AFFINITY_INFO	    0x84000004U
#define MIGRATE		    0x84000005U
#define MIGRATE_INFO_TYPE   0x84000006U
#define SYSTEM_OFF	    0x84000008U
#define SYSTEM_RESET	    0x84000009U
#define FEATURES	    0x8400000aU
#define SYSTEM_SUSPEND	    0x8400000eU
#define SMC64		    0x40000000U

/* The functions the guest may call (PSCI_FEATURES must say so). */
static const u32 implemented[] = {
	SMCCC_VERSION, VERSION,	       CPU_SUSPEND,   CPU_SUSPEND | SMC64,   CPU_OFF,
	CPU_ON,	       CPU_ON | SMC64, AFFINITY_INFO, AFFINITY_INFO | SMC64, MIGRATE_INFO_TYPE,
	SYSTEM_OFF,    SYSTEM_RESET,   FEATURES,
};

/* What step kind 0 picks from: the above, then some that are not there. */
static const u32 table[] = {
	SMCCC_VERSION,	  VERSION,	   CPU_SUSPEND,	   CPU_SUSPEND | SMC64,	  CPU_OFF,
	CPU_ON,		  CPU_ON | SMC64,  AFFINITY_INFO,  AFFINITY_INFO | SMC64, MIGRATE_INFO_TYPE,
	SYSTEM_OFF,	  SYSTEM_RESET,	   FEATURES,	   SMCCC_ARCH_FEATURES,	  MIGRATE,
	MIGRATE | SMC64,  CPU_OFF | SMC64, SYSTEM_SUSPEND, 0x8400000bU,		  0x84000010U,
	FEATURES | SMC64, VERSION | SMC64, 0x80008000U,	   0x80007fffU,		  0xc2000000U,
	0x86000000U,	  0x00000000U,	   0xffffffffU,
};

enum cpu_state { OFF, PENDING, ON };

struct model {
	enum cpu_state state;
	u64 entry, ctx;
};

static struct model m[DOMAIN_MAX_VCPUS];

static bool is_implemented(u32 fid)
{
	for (size_t i = 0; i < ARRAY_SIZE(implemented); i++)
		if (implemented[i] == fid)
			return true;
	return false;
}

/* The real vCPUs against the model. */
static void check_state(void)
{
	struct domain *d = &shim_psci_dom;
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		struct vcpu *v = &d->vcpus[i];
		CHECK(v->online == (m[i].state == ON), "vCPU %u online %d, model %d", i, v->online,
		      m[i].state);
		CHECK(v->on_request == (m[i].state == PENDING), "vCPU %u on_request %d, model %d",
		      i, v->on_request, m[i].state);
		if (m[i].state == PENDING)
			CHECK(v->on_entry == m[i].entry && v->on_context == m[i].ctx,
			      "vCPU %u CPU_ON 0x%llx/0x%llx, model 0x%llx/0x%llx", i, v->on_entry,
			      v->on_context, m[i].entry, m[i].ctx);
	}
}

/* PSCI's target_cpu (DEN0022D 5.1.4): the affinity fields of an MPIDR, Aff0
 * the vCPU, Aff1..Aff3 0. Bits 24-31 and 40-63 (MT, U, RES1 in MPIDR_EL1)
 * must be 0 by the letter of the spec, but firmware (TF-A) masks them off
 * and so may we: they do not choose the target. */
static int target(u64 mpidr)
{
	u64 aff = mpidr & 0xff00ffffffULL;
	if (aff >> 8 || aff >= shim_psci_dom.nvcpus)
		return -1;
	return (int)aff;
}

static void call(struct vcpu *v, u64 fid, u64 args[3], bool regs, u64 ret[4])
{
	if (regs) {
		v->arch.regs.x[0] = fid;
		for (unsigned int i = 0; i < 3; i++)
			v->arch.regs.x[i + 1] = args[i];
		smccc_handle(v);
		for (unsigned int i = 0; i < 4; i++)
			ret[i] = v->arch.regs.x[i];
		for (unsigned int i = 4; i < 31; i++)
			CHECK(v->arch.regs.x[i] == 0, "smccc_handle wrote x%u", i);
	} else {
		ret[0] = ret[1] = ret[2] = ret[3] = 0x5a5a5a5a5a5a5a5aULL;
		smccc_dispatch(v, fid, args, ret);
	}
}

static void cpu_on(unsigned int c, u64 a0, u64 a1, u64 a2, s64 rc, const unsigned int *kicks)
{
	struct domain *d = &shim_psci_dom;
	int t = target(a0);
	bool bad_addr = a1 < d->ram_ipa || a1 >= d->ram_ipa + d->ram_size || (a1 & 3);

	if (rc == PSCI_SUCCESS) {
		CHECK(t >= 0 && !bad_addr && m[t].state == OFF,
		      "vCPU %u: CPU_ON(0x%llx, 0x%llx) succeeded: target %d state %d", c, a0, a1, t,
		      t >= 0 ? m[t].state : -1);
		m[t] = (struct model){PENDING, a1, a2};
		for (unsigned int i = 0; i < d->nvcpus; i++)
			CHECK(shim_kicks[i] == kicks[i] + (i == (unsigned int)t), "vCPU %u kicks",
			      i);
		return;
	}
	CHECK((rc == PSCI_INVALID_PARAMS && t < 0) || (rc == PSCI_INVALID_ADDR && bad_addr) ||
		      (rc == PSCI_ALREADY_ON && t >= 0 && m[t].state == ON) ||
		      (rc == PSCI_ON_PENDING && t >= 0 && m[t].state == PENDING),
	      "vCPU %u: CPU_ON(0x%llx, 0x%llx) returned %lld: target %d state %d, bad address %d",
	      c, a0, a1, (long long)rc, t, t >= 0 ? m[t].state : -1, bad_addr);
	CHECK(!memcmp(kicks, shim_kicks, sizeof(shim_kicks)), "failed CPU_ON kicked");
}

static void step(const u8 *s)
{
	struct domain *d = &shim_psci_dom;
	unsigned int c = (s[0] & 7) % d->nvcpus, kind = (s[0] >> 3) & 3;
	bool regs = s[0] & 0x20;
	unsigned int kicks[DOMAIN_MAX_VCPUS], crashes = shim_crashes;
	u64 args[3], fid, ret[4], a0, a1, a2, fret[4];
	struct vcpu *v;

	if (kind == 3) { /* vCPU c runs: a pending CPU_ON starts it */
		v = &d->vcpus[c];
		if (m[c].state == PENDING) {
			CHECK(v->on_entry == m[c].entry && v->on_context == m[c].ctx, "vCPU %u", c);
			v->online = true;
			v->on_request = false;
			m[c].state = ON;
		}
		return;
	}
	for (unsigned int i = 0; i < d->nvcpus && m[c].state != ON; i++)
		c = (c + 1) % d->nvcpus;
	if (m[c].state != ON)
		return; /* nobody runs to call */
	v = &d->vcpus[c];
	fid = kind == 0 ? table[s[1] % ARRAY_SIZE(table)] : le(s + 2, 4);
	if (kind == 2)
		fid |= (u64)(s[1] | 1) << 32;
	for (unsigned int i = 0; i < 3; i++)
		args[i] = le(s + 6 + 8 * i, 8);
	if (s[0] & 0x40)
		args[1] = d->ram_ipa - 8 + args[1] % (d->ram_size + 16);
	if (s[0] & 0x80)
		args[0] &= 0x1ff;
	a0 = args[0], a1 = args[1], a2 = args[2];
	if (!(fid & SMC64)) /* SMC32: W registers */
		a0 &= 0xffffffffU, a1 &= 0xffffffffU, a2 &= 0xffffffffU;
	memcpy(kicks, shim_kicks, sizeof(kicks));

	call(v, fid, args, regs, ret);
	CHECK(!ret[1] && !ret[2] && !ret[3], "fid 0x%llx: x1..x3 0x%llx 0x%llx 0x%llx", fid, ret[1],
	      ret[2], ret[3]);
	if (fid >> 32 || (!is_implemented((u32)fid) && (u32)fid != SMCCC_ARCH_FEATURES)) {
		CHECK(ret[0] == SMCCC_NOT_SUPPORTED, "fid 0x%llx returned 0x%llx", fid, ret[0]);
		fid = 0; /* no state change, no kick (below) */
	} else if ((u32)fid != CPU_OFF && (u32)fid != SYSTEM_OFF && (u32)fid != SYSTEM_RESET) {
		/* (those three do not return to the caller) */
		CHECK(ret[0] != SMCCC_NOT_SUPPORTED || (u32)fid == SMCCC_ARCH_FEATURES ||
			      (u32)fid == FEATURES,
		      "fid 0x%llx is implemented but returned NOT_SUPPORTED", fid);
	}
	switch ((u32)fid) {
	case SMCCC_VERSION:
	case VERSION: CHECK(ret[0] == 0x10001, "0x%llx: version 0x%llx", fid, ret[0]); break;
	case SMCCC_ARCH_FEATURES:
		CHECK(ret[0] == 0 || ret[0] == SMCCC_NOT_SUPPORTED, "ARCH_FEATURES 0x%llx", ret[0]);
		if ((u32)args[0] == SMCCC_ARCH_FEATURES)
			CHECK(ret[0] == 0, "ARCH_FEATURES(ARCH_FEATURES) 0x%llx", ret[0]);
		break;
	case CPU_SUSPEND:
	case CPU_SUSPEND | SMC64:
		CHECK(ret[0] == PSCI_SUCCESS && v->blocked, "CPU_SUSPEND 0x%llx", ret[0]);
		v->blocked = false; /* an interrupt wakes it */
		break;
	case CPU_OFF:
		CHECK(!v->online, "vCPU %u still online after CPU_OFF", c);
		m[c].state = OFF;
		break;
	case CPU_ON:
	case CPU_ON | SMC64: cpu_on(c, a0, a1, a2, (s64)ret[0], kicks); break;
	case AFFINITY_INFO:
	case AFFINITY_INFO | SMC64: {
		int t = target(a0);
		if (t < 0 || a1 != 0)
			CHECK((s64)ret[0] == PSCI_INVALID_PARAMS,
			      "AFFINITY_INFO(0x%llx, %llu) 0x%llx", a0, a1, ret[0]);
		else /* ON 0, OFF 1, ON_PENDING 2 */
			CHECK(ret[0] == (m[t].state == ON    ? 0
					 : m[t].state == OFF ? 1
							     : 2),
			      "AFFINITY_INFO(%d) %llu, model %d", t, ret[0], m[t].state);
		break;
	}
	case MIGRATE_INFO_TYPE: CHECK(ret[0] == 2, "MIGRATE_INFO_TYPE %llu", ret[0]); break;
	case SYSTEM_OFF:
	case SYSTEM_RESET:
		CHECK(shim_crashes == crashes + 1 && shim_crash_why, "fid 0x%llx: %u crashes", fid,
		      shim_crashes - crashes);
		crashes++;
		break;
	case FEATURES:
		CHECK(ret[0] == (is_implemented((u32)a0) ? 0 : NS) ||
			      ((u32)a0 == SMCCC_ARCH_FEATURES && ret[0] == 0),
		      "PSCI_FEATURES(0x%llx) 0x%llx", a0, ret[0]);
		break;
	}
	CHECK(shim_crashes == crashes, "fid 0x%llx crashed the domain", fid);
	if ((u32)fid != CPU_ON && (u32)(fid & ~(u64)SMC64) != CPU_ON)
		CHECK(!memcmp(kicks, shim_kicks, sizeof(kicks)), "fid 0x%llx kicked", fid);
	check_state();

	/* PSCI_FEATURES agrees with the call itself (CPU_OFF's caller is off). */
	if (m[c].state == ON && !(fid >> 32)) {
		u64 q[3] = {(u32)fid, 0, 0};
		call(v, FEATURES, q, false, fret);
		if (fid && (u32)fid != SMCCC_ARCH_FEATURES)
			CHECK(fret[0] == 0, "PSCI_FEATURES(0x%llx) says 0x%llx", fid, fret[0]);
		check_state();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int n;
	u64 ram_ipa, ram_size;

	if (size < HEADER)
		return 0;
	n = data[0] % DOMAIN_MAX_VCPUS + 1;
	ram_ipa = data[3] & 1 ? 0x80000000ULL + (u64)(data[3] >> 1) * DOMAIN_RAM_BLOCK
			      : GUEST_RAM_BASE;
	ram_size = ((u64)data[4] + 1) * DOMAIN_RAM_BLOCK;
	shim_psci_reset(n, ram_ipa, ram_size);
	memset(m, 0, sizeof(m));
	for (unsigned int i = 0; i < n; i++) {
		struct vcpu *v = &shim_psci_dom.vcpus[i];
		if (data[1] >> i & 1) {
			v->online = true;
			m[i].state = ON;
		} else if (data[2] >> i & 1) {
			v->on_request = true;
			v->on_entry = m[i].entry = ram_ipa + 0x80000 * i;
			v->on_context = m[i].ctx = i;
			m[i].state = PENDING;
		}
	}
	data += HEADER, size -= HEADER;
	for (; size >= STEP; data += STEP, size -= STEP)
		step(data);
	return 0;
}
