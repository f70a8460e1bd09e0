/* Emulated MMIO regions of a domain and the register lookup; the dispatch of
 * an access is inline in include/bulkhead/vmmio_dispatch.h. */
#include <bulkhead/domain.h>
#include <bulkhead/vmmio.h>
#include <bulkhead/vmmio_dispatch.h>

int vmmio_add(struct domain *d, u64 base, u64 size, const struct mmio_device *dev, void *priv)
{
	if (d->nmmio == DOMAIN_MAX_MMIO)
		return -E_NOMEM;
	for (unsigned int i = 0; i < d->nmmio; i++)
		if (base < d->mmio[i].base + d->mmio[i].size && d->mmio[i].base < base + size)
			return -E_RANGE;
	d->mmio[d->nmmio++] = (struct mmio_region){base, size, dev, priv, 0};
	return 0;
}

const struct mmio_reg *vmmio_find(const struct mmio_device *dev, u32 off, unsigned int len)
{
	unsigned int lo = 0, hi = dev->nregs;
	while (lo < hi) { /* binary search: tables are sorted by offset */
		unsigned int mid = (lo + hi) / 2;
		const struct mmio_reg *r = &dev->regs[mid];
		if (off < r->off)
			hi = mid;
		else if (off >= r->off + r->size)
			lo = mid + 1;
		else
			return vmmio_usable(r, off, len);
	}
	return NULL;
}

bool vmmio_emulates(struct domain *d, u64 ipa) { return vmmio_find_region(d, ipa) != NULL; }

/* The dispatch is inline in vmmio_dispatch.h, for the trap path; this is it
 * for everyone else (the devices' tests, the fuzzers). */
bool vmmio_access(struct vcpu *v, u64 ipa, unsigned int len, bool write, u64 *val)
{
	return vmmio_dispatch(v, ipa, len, write, val);
}
