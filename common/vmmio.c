/* Dispatch of a guest's MMIO access to the emulated device behind it. */
#include <bulkhead/domain.h>
#include <bulkhead/vmmio.h>

int vmmio_add(struct domain *d, u64 base, u64 size, const struct mmio_device *dev, void *priv)
{
	if (d->nmmio == DOMAIN_MAX_MMIO)
		return -E_NOMEM;
	for (unsigned int i = 0; i < d->nmmio; i++)
		if (base < d->mmio[i].base + d->mmio[i].size && d->mmio[i].base < base + size)
			return -E_RANGE;
	d->mmio[d->nmmio++] = (struct mmio_region){base, size, dev, priv};
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
		else if (!(r->widths & len) || (off & (len - 1)) || off + len > r->off + r->size)
			return NULL; /* wrong width or misaligned */
		else
			return r;
	}
	return NULL;
}

bool vmmio_access(struct vcpu *v, u64 ipa, unsigned int len, bool write, u64 *val)
{
	struct domain *d = v->dom;
	for (unsigned int i = 0; i < d->nmmio; i++) {
		const struct mmio_region *r = &d->mmio[i];
		const struct mmio_reg *reg;
		void *dev = r->priv;
		u64 off = ipa - r->base;

		if (ipa < r->base || off >= r->size)
			continue;
		if (r->dev->frame)
			dev = r->dev->frame(v, dev, &off);
		reg = dev ? vmmio_find(r->dev, (u32)off, len) : NULL;
		if (!reg) {
			if (!r->dev->raz_wi_miss || !dev)
				return false;
			if (!write)
				*val = 0;
			return true;
		}
		/* A missing handler: read-only (writes ignored) or write-only (reads 0). */
		if (write && reg->write)
			reg->write(v, dev, (u32)off - reg->off, len, *val);
		else if (!write)
			*val = reg->read ? reg->read(v, dev, (u32)off - reg->off, len) : 0;
		return true;
	}
	return false;
}
