#include <bulkhead/hostdt.h>
#include <bulkhead/log.h>
#include <bulkhead/mm.h>
#include <bulkhead/mmu.h>
#include <bulkhead/pmem.h>
#include <bulkhead/spinlock.h>

static struct pmem pmem;
static spinlock_t mm_lock = SPINLOCK_INIT;

static int reserve(const char *what, u64 base, u64 size)
{
	int rc = pmem_reserve(&pmem, base, size);
	if (rc)
		log_err("mem: cannot reserve %s 0x%llx+0x%llx: allocator table full", what, base,
			size);
	else
		log_debug("mem: reserved %s 0x%llx-0x%llx", what, base, base + size);
	return rc;
}

int mm_init(const struct host_info *h, paddr_t dtb)
{
	int rc = 0;
	pmem_init(&pmem);
	for (unsigned int i = 0; i < h->nram && !rc; i++) {
		rc = pmem_add(&pmem, h->ram[i].base, h->ram[i].size);
		if (rc)
			log_err("mem: memory range 0x%llx+0x%llx overlaps another", h->ram[i].base,
				h->ram[i].size);
	}
	rc = rc ? rc : reserve("hypervisor", mmu_image_start(), mmu_image_size());
	rc = rc ? rc : reserve("device tree", dtb, h->dtb_size);
	for (unsigned int i = 0; i < h->nreserved && !rc; i++)
		rc = reserve("reserved-memory", h->reserved[i].base, h->reserved[i].size);
	for (unsigned int i = 0; i < h->nmodules && !rc; i++)
		rc = reserve(h->modules[i].kind, h->modules[i].reg.base, h->modules[i].reg.size);
	if (rc)
		return rc;
	log_info("mem: %llu MiB RAM in %u range(s), %llu KiB free in %u range(s), %u reserved, %u "
		 "module(s)",
		 host_ram_total(h) / MiB, h->nram, pmem_free_bytes(&pmem) / KiB, pmem.n,
		 h->nreserved, h->nmodules);
	return 0;
}

int mm_alloc(u64 size, u64 align, paddr_t *out)
{
	spin_lock(&mm_lock);
	int rc = pmem_alloc(&pmem, size, align, out);
	spin_unlock(&mm_lock);
	return rc;
}

int mm_free(paddr_t base, u64 size)
{
	spin_lock(&mm_lock);
	int rc = pmem_free(&pmem, base, size);
	spin_unlock(&mm_lock);
	return rc;
}

u64 mm_free_bytes(void) { return pmem_free_bytes(&pmem); }
