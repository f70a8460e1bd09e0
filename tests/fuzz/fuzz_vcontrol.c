/* libFuzzer target: the control ABI (common/vcontrol.c) through the MMIO
 * dispatcher (common/vmmio.c), as a guest's loads and stores reach it.
 *
 * Input: a 4-byte header, then the text the console history holds (its
 * length in the header), then accesses of 7 bytes each:
 *   header: [0] dom0's state, [1] cluster's state (both mod 8: 6 and 7 are no
 *           state), [2] bit 0: cluster has bulkhead,control too, bits 1-2:
 *           sched_set_rtds() refuses (none, -E_RANGE, -E_INVAL),
 *           bits 3-7: cluster's name length, [3] history length / 8;
 *   the cluster's name (that many bytes, may hold anything but NUL), then
 *   the history's bytes;
 *   access: [0] bit 0: from cluster (else dom0), bit 1: write, bits 2-3: width
 *           1 << n bytes, bit 4: aligned word access (width 4, offset & ~3);
 *           [1..2] offset (LE) mod 0x1200 less 0x100 from BH_CTL_BASE: also
 *           around the page; [3..6] the value written (LE).
 * The domains are the unit test's (tests/unit/shim_vcontrol.h): dom0 has
 * bulkhead,control. Checked after every access: only 32-bit accesses inside
 * the page are emulated, LEN stays inside the buffer, STATUS is an ABI code,
 * and a domain without bulkhead,control never reaches a domain operation. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bulkhead/console.h>
#include <bulkhead/domain.h>
#include <bulkhead/log.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/vmmio.h>
#include <public/bulkhead_control.h>
#include "shim_log.h"
#include "shim_vcontrol.h"

#define FUZZ_NAME "fuzz_vcontrol"
#include "fuzz_check.h"
#include "fuzz_input.h"

#define HEADER 4
#define OP     7

/* STATUS and LEN as the guest reads them, through the dispatcher. */
static void check_regs(int d)
{
	struct vcpu *v = &doms[d].vcpus[0];
	u64 status = 0, len = 0;

	CHECK(vmmio_access(v, BH_CTL_BASE + BH_CTL_REG_STATUS, 4, false, &status), "dom %d", d);
	CHECK(vmmio_access(v, BH_CTL_BASE + BH_CTL_REG_LEN, 4, false, &len), "dom %d", d);
	CHECK(status <= UINT32_MAX && len <= UINT32_MAX, "dom %d", d);
	CHECK((s32)status <= 0 && (s32)status >= BH_CTL_EBUSY, "dom %d: status %d", d, (s32)status);
	CHECK(len < BH_CTL_BUF_SIZE, "dom %d: len %llu", d, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int rcs[4] = {0, -E_RANGE, -E_INVAL, 0};
	size_t name_len, hist_len;
	char *history;

	if (size < HEADER)
		return 0;
	if (shim_vcontrol_setup())
		abort();
	shim_log_reset();
	doms[0].state = (enum domain_state)(data[0] % 8);
	doms[1].state = (enum domain_state)(data[1] % 8);
	cfgs[1].control = data[2] & 1;
	rtds_rc = rcs[(data[2] >> 1) & 3];
	name_len = MIN((size_t)(data[2] >> 3), size - HEADER);
	hist_len = MIN((size_t)data[3] * 8, size - HEADER - name_len);
	data += HEADER, size -= HEADER;

	if (name_len) { /* DOMAIN_NAME_MAX - 1 bytes at most: 5 bits */
		memcpy(doms[1].name, data, name_len);
		doms[1].name[name_len] = '\0';
	}
	data += name_len, size -= name_len;
	history = malloc(hist_len + 1);
	if (!history)
		abort();
	memcpy(history, data, hist_len);
	history[hist_len] = '\0';
	history_text = history;
	data += hist_len, size -= hist_len;

	for (; size >= OP; data += OP, size -= OP) {
		int d = data[0] & 1;
		bool write = data[0] & 2, word = data[0] & 0x10;
		unsigned int len = word ? 4 : 1u << ((data[0] >> 2) & 3);
		u64 off = (u64)le(data + 1, 2) % (BH_CTL_SIZE + 0x200);
		u64 ipa = BH_CTL_BASE - 0x100 + (word ? off & ~3ULL : off);
		u64 val = le(data + 3, 4);
		bool inside = ipa >= BH_CTL_BASE && ipa < BH_CTL_BASE + BH_CTL_SIZE;
		u64 reg = ipa - BH_CTL_BASE;
		bool regs = reg < BH_CTL_REG_ARG2 + 4 || reg >= BH_CTL_BUF;
		bool expect = inside && len == 4 && !(ipa & 3) && regs;
		unsigned int ops = domain_ops;

		if (len == 8)
			val |= val << 32;
		CHECK(vmmio_access(&doms[d].vcpus[0], ipa, len, write, &val) == expect,
		      "0x%llx, %u bytes: %s", ipa, len, expect ? "refused" : "emulated");
		CHECK(write || !expect || val <= UINT32_MAX, "0x%llx read 0x%llx", ipa, val);
		check_regs(d);
		if (!cfgs[d].control)
			CHECK(domain_ops == ops, "%s without bulkhead,control", doms[d].name);
	}
	history_text = "";
	free(history);
	return 0;
}
