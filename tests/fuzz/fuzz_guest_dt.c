/* libFuzzer target: the guest device tree generator (common/guest_dt.c),
 * with a fuzzed partial device tree and fuzzed parameters.
 *
 * Input: a 12-byte header, then the domain's name, its bootargs, and the rest
 * is the partial DT (the "multiboot,device-tree" module, mapped as a buffer of
 * exactly its size, which is also cfg->dtb.size, as domain_build.c passes it):
 *   [0] vCPUs less one (mod 8); [1] bit 0 vpl011, bit 1 GICv3 (else v2),
 *   bit 2 a ramdisk, bit 3 an rng-seed, bit 4 bootargs, bit 5 a partial DT,
 *   bit 6 a watchdog; [2] name length (mod 32); [3] bootargs length;
 *   [4..5] the output buffer's size (LE; 0: 64 KiB); [6..7] RAM in 2 MiB
 *   blocks less one (LE); [8..11] the ramdisk's size (LE).
 * In Bulkhead common/config/passthrough.c has already checked the partial DT with
 * dt_check() over its module's size; so does this target, skipping a
 * partial DT that fails there. Checked: 0 means a valid, complete tree no
 * larger than the buffer, and an error comes with a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <bulkhead/dt.h>
#include <bulkhead/guest_dt.h>
#include <bulkhead/guest_layout.h>

#define FUZZ_NAME "fuzz_guest_dt"
#include "fuzz_check.h"
#include "fuzz_input.h"

#define HEADER 12

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u8 seed[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	struct domain_config c;
	struct guest_dt_params p;
	size_t name_len, args_len, bufsize;
	char err[200], *bootargs = NULL;
	void *partial = NULL, *buf;
	u8 flags;
	int rc;

	if (size < HEADER)
		return 0;
	flags = data[1];
	memset(&c, 0, sizeof(c));
	c.valid = true;
	c.vcpus = data[0] % 8 + 1;
	c.vpl011 = flags & 1;
	c.watchdog_ms = flags & 0x40 ? 2000 : 0;
	c.kernel.present = true;
	c.mem_bytes = (le(data + 6, 2) + 1) * 2 * MiB;
	memset(&p, 0, sizeof(p));
	p.cfg = &c;
	p.gic_version = flags & 2 ? 3 : 2;
	p.ram_base = GUEST_RAM_BASE;
	p.ram_size = c.mem_bytes;
	if (flags & 4) {
		p.initrd_size = le(data + 8, 4) % p.ram_size + 1;
		p.initrd_base = p.ram_base + p.ram_size - ALIGN_UP(p.initrd_size, 4096ULL);
	}
	if (flags & 8) {
		p.rng_seed = seed;
		p.rng_seed_len = sizeof(seed);
	}
	bufsize = le(data + 4, 2) ? le(data + 4, 2) : 64 * 1024;
	name_len = MIN((size_t)data[2] % DOMAIN_NAME_MAX, size - HEADER);
	args_len = MIN((size_t)data[3], size - HEADER - name_len);
	data += HEADER, size -= HEADER;

	memcpy(c.name, data, name_len); /* NULs and all: the name is not checked here */
	data += name_len, size -= name_len;
	if (flags & 0x10) {
		bootargs = malloc(args_len + 1);
		if (!bootargs)
			abort();
		memcpy(bootargs, data, args_len);
		bootargs[args_len] = '\0';
		c.kernel.bootargs = bootargs;
	}
	data += args_len, size -= args_len;
	if (flags & 0x20) {
		partial = malloc(size ? size : 1);
		if (!partial)
			abort();
		memcpy(partial, data, size);
		if (size < sizeof(struct fdt_header) || dt_check(partial, size))
			goto out; /* config refuses the domain */
		c.dtb.present = true;
		c.dtb.size = size;
		p.partial_dt = partial;
	}

	buf = malloc(bufsize);
	if (!buf)
		abort();
	memset(buf, 0xa5, bufsize);
	memset(err, 0xa5, sizeof(err));
	rc = guest_dt_build(&p, buf, bufsize, err, sizeof(err));
	CHECK(strnlen(err, sizeof(err)) < sizeof(err), "err not terminated");
	if (rc) {
		CHECK(rc < 0 && err[0], "rc %d \"%s\"", rc, err);
		CHECK(rc == -E_NOMEM || rc == -E_INVAL, "rc %d", rc);
	} else {
		CHECK(!err[0], "built with \"%s\"", err);
		CHECK(fdt_totalsize(buf) <= bufsize, "totalsize %u > %zu", fdt_totalsize(buf),
		      bufsize);
		rc = dt_check(buf, fdt_totalsize(buf));
		CHECK(rc == 0, "the guest's tree is corrupt: %s", fdt_strerror(rc));
		CHECK(fdt_path_offset(buf, "/chosen") >= 0 && fdt_path_offset(buf, "/cpus") >= 0,
		      "no /chosen or /cpus");
	}
	free(buf);
out:
	free(partial);
	free(bootargs);
	return 0;
}
