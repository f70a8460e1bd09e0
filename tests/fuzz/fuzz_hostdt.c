/* libFuzzer target: the host device tree parser (common/hostdt.c with
 * common/dt.c).
 *
 * Input: the DTB the boot loader hands over, its header's totalsize bytes
 * mapped as on the real machine (a fresh buffer of exactly that size, so ASan
 * sees a read past it); an input shorter than its totalsize is skipped, since
 * the loader maps what the header says. hostdt_parse() checks the rest itself.
 * Checked: a refusal says why, an acceptance does not; the counts fit their
 * arrays; bootargs, rng-seed and the UART path lie inside what was mapped. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <bulkhead/hostdt.h>

#define FUZZ_NAME "fuzz_hostdt"
#include "fuzz_check.h"

static bool inside(const void *p, size_t len, const u8 *blob, size_t size)
{
	const u8 *b = p;
	return b >= blob && b <= blob + size && len <= (size_t)(blob + size - b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct host_info h;
	char err[200]; /* as boot_main's */
	size_t total;
	u8 *fdt;
	int rc;

	if (size < sizeof(struct fdt_header))
		return 0;
	total = fdt_totalsize(data);
	if (total < sizeof(struct fdt_header) || total > size)
		return 0;
	fdt = malloc(total);
	if (!fdt)
		abort();
	memcpy(fdt, data, total);
	memset(&h, 0xa5, sizeof(h));
	memset(err, 0xa5, sizeof(err));

	rc = hostdt_parse(fdt, &h, err, sizeof(err));
	CHECK(strnlen(err, sizeof(err)) < sizeof(err), "err not terminated");
	CHECK(rc <= 0, "rc %d", rc);
	if (rc) {
		CHECK(err[0], "rc %d without a message", rc);
		free(fdt);
		return 0;
	}
	CHECK(!err[0], "accepted with \"%s\"", err);
	CHECK(h.dtb_size == total, "dtb_size %llu", h.dtb_size);
	CHECK(h.nram >= 1 && h.nram <= HOST_MAX_RAM, "nram %u", h.nram);
	CHECK(h.nreserved <= HOST_MAX_RESERVED, "nreserved %u", h.nreserved);
	CHECK(h.nmodules <= HOST_MAX_MODULES, "nmodules %u", h.nmodules);
	CHECK(h.ncpus >= 1 && h.ncpus <= HOST_MAX_CPUS && h.ncpus <= h.ncpus_dt, "ncpus %u/%u",
	      h.ncpus, h.ncpus_dt);
	CHECK(h.gic.version == 2 || h.gic.version == 3, "gic v%d", h.gic.version);
	CHECK(h.gic.nredist <= HOST_MAX_REDIST, "nredist %u", h.gic.nredist);
	CHECK(strnlen(h.uart.path, sizeof(h.uart.path)) < sizeof(h.uart.path), "uart path");
	for (unsigned int i = 0; i < h.nmodules; i++)
		CHECK(strnlen(h.modules[i].kind, sizeof(h.modules[i].kind)) <
			      sizeof(h.modules[i].kind),
		      "module %u kind", i);
	if (h.bootargs) {
		CHECK(inside(h.bootargs, 1, fdt, total), "bootargs outside the blob");
		size_t room = (size_t)(fdt + total - (const u8 *)h.bootargs);
		CHECK(strnlen(h.bootargs, room) < room, "bootargs not terminated in the blob");
	}
	if (h.rng_seed)
		CHECK(inside(h.rng_seed, h.rng_seed_len, fdt, total), "rng-seed outside the blob");
	free(fdt);
	return 0;
}
