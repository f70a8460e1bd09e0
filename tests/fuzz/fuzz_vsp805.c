/* libFuzzer target: the emulated SP805 watchdog (common/vsp805.c) through
 * the MMIO dispatcher (common/vmmio.c), on the unit test's fake clock
 * (tests/unit/shim_vsp805.h), which fires the timer event when time passes.
 *
 * Input: a 3-byte header, bulkhead,watchdog in ms (LE, mod 600000, plus 1,
 * as common/config/domain.c allows), then steps of 7 bytes:
 *   [0] bits 0-1: 0 read, 1 write, 2 time passes, 3 bit 2 ? vsp805_stop()
 *       : vsp805_start() (the domain restarts); bits 2-3: width 1 << n bytes,
 *       bit 4: aligned word access (width 4, offset & ~3);
 *   [1..2] offset (LE) mod 0x1100 from GUEST_WDOG_BASE (also past the page);
 *   [3..6] the value written (LE), or for time passing that many ns shifted
 *       left by offset mod 21 bits.
 * Checked after every step: only the page is emulated (reserved offsets are
 * RAZ/WI), only word accesses reach a register, WdogValue never exceeds
 * WdogLoad, WdogMIS is WdogRIS masked by INTEN, the interrupt line is low
 * once the watchdog is stopped, and the domain is crashed at most once per
 * start (the crash path stops the watchdog). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bulkhead/domain.h>
#include <bulkhead/guest_layout.h>
#include <bulkhead/timer.h>
#include <bulkhead/vmmio.h>
#include <bulkhead/vsp805.h>
#include <arch/vgic.h>
#include "shim_vsp805.h"

#define FUZZ_NAME "fuzz_vsp805"
#include "fuzz_check.h"
#include "fuzz_input.h"

#define HEADER	  3
#define STEP	  7
#define R_LOAD	  0x000
#define R_VALUE	  0x004
#define R_CONTROL 0x008
#define R_RIS	  0x010
#define R_MIS	  0x014
#define INTEN	  1u
#define CLOCK_END (1ULL << 62) /* the system counter never gets near a wrap */

static u32 rd(u32 off)
{
	u64 val = ~0ULL;
	CHECK(vmmio_access(&dom.vcpus[0], GUEST_WDOG_BASE + off, 4, false, &val), "0x%x", off);
	CHECK(val <= UINT32_MAX, "0x%x: 0x%llx", off, val);
	return (u32)val;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int crashes_at_start;
	bool active = true;
	u32 timeout_ms;

	if (size < HEADER)
		return 0;
	timeout_ms = (u32)(le(data, 3) % 600000) + 1;
	data += HEADER, size -= HEADER;

	shim_vsp805_reset();
	dom.vcpus[0].dom = &dom;
	dom.wdog = vsp805_create(&dom, timeout_ms);
	CHECK(dom.wdog && dom.nmmio == 1, "vsp805_create");
	now = 1000;
	vsp805_start(dom.wdog);
	crashes_at_start = 0;

	for (; size >= STEP; data += STEP, size -= STEP) {
		bool word = data[0] & 0x10;
		unsigned int len = word ? 4 : 1u << ((data[0] >> 2) & 3);
		u32 off = (u32)(le(data + 1, 2) % (GUEST_WDOG_SIZE + 0x100));
		u64 val = le(data + 3, 4);

		if (word)
			off &= ~3u;
		switch (data[0] & 3) {
		case 0:
		case 1: {
			bool write = data[0] & 1, inside = off < GUEST_WDOG_SIZE;
			bool handled = vmmio_access(&dom.vcpus[0], GUEST_WDOG_BASE + off, len,
						    write, &val);
			/* A miss inside the page is RAZ/WI, so only outside it fails. */
			CHECK(handled == inside, "0x%x, %u bytes", off, len);
			if (!write && handled && (len != 4 || (off & 3)))
				CHECK(val == 0, "0x%x, %u bytes: 0x%llx", off, len, val);
			break;
		}
		case 2: {
			u64 step = val << (le(data + 1, 2) % 21);
			run_to(step < CLOCK_END - now ? now + step : CLOCK_END);
			break;
		}
		default:
			if (data[0] & 4) {
				vsp805_stop(dom.wdog);
				active = false;
			} else {
				vsp805_start(dom.wdog);
				active = true;
				crashes_at_start = crashes;
			}
			break;
		}
		if (crashes > crashes_at_start)
			active = false; /* domain_crash() stopped it */
		CHECK(crashes - crashes_at_start <= 1, "%d crashes after one start",
		      crashes - crashes_at_start);
		CHECK(active || !irq_level, "interrupt raised while stopped");
		{
			u32 load = rd(R_LOAD), value = rd(R_VALUE), ctrl = rd(R_CONTROL);
			u32 ris = rd(R_RIS), mis = rd(R_MIS);
			CHECK(value <= load, "value %u > load %u", value, load);
			CHECK(ris <= 1 && mis == (ris && (ctrl & INTEN)), "ris %u mis %u ctrl %u",
			      ris, mis, ctrl);
		}
		if (crashes > crashes_at_start)
			active = false;
		CHECK(crashes - crashes_at_start <= 1, "%d crashes after one start",
		      crashes - crashes_at_start);
		if (now >= CLOCK_END)
			break;
	}
	vsp805_stop(dom.wdog);
	return 0;
}
