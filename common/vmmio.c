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
	d->mmio[d->nmmio++] = (struct mmio_region){base, size, dev, priv, 0};
	return 0;
}

/* r, found for off: may it take this access (a width it allows, aligned,
 * inside it)? */
static const struct mmio_reg *usable(const struct mmio_reg *r, u32 off, unsigned int len)
{
	if (!(r->widths & len) || (off & (len - 1)) || off + len > r->off + r->size)
		return NULL; /* wrong width or misaligned */
	return r;
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
			return usable(r, off, len);
	}
	return NULL;
}

/* Guests poll the same register of a device and the same device: the last
 * hits are tried first. They are only hints, checked like any other entry;
 * vCPUs racing on them merely overwrite each other's. */
static ALWAYS_INLINE const struct mmio_reg *find_reg(struct mmio_region *rg, u32 off,
						     unsigned int len)
{
	const struct mmio_device *dev = rg->dev;
	const struct mmio_reg *r;
	unsigned int h = rg->hint;

	if (h < dev->nregs && off - dev->regs[h].off < dev->regs[h].size)
		return usable(&dev->regs[h], off, len);
	r = vmmio_find(dev, off, len);
	if (r)
		rg->hint = (unsigned int)(r - dev->regs);
	return r;
}

/* Inline: the path of every emulated access (make bench's micro). */
static ALWAYS_INLINE struct mmio_region *find_region(struct domain *d, u64 ipa)
{
	unsigned int h = d->mmio_hint;
	if (h < d->nmmio && ipa - d->mmio[h].base < d->mmio[h].size)
		return &d->mmio[h];
	for (unsigned int i = 0; i < d->nmmio; i++) {
		if (ipa - d->mmio[i].base < d->mmio[i].size) {
			d->mmio_hint = i;
			return &d->mmio[i];
		}
	}
	return NULL;
}

bool vmmio_emulates(struct domain *d, u64 ipa) { return find_region(d, ipa) != NULL; }

bool vmmio_access(struct vcpu *v, u64 ipa, unsigned int len, bool write, u64 *val)
{
	struct mmio_region *r = find_region(v->dom, ipa);
	const struct mmio_reg *reg;
	void *dev;
	u64 off;

	if (!r)
		return false;
	dev = r->priv;
	off = ipa - r->base;
	if (r->dev->frame)
		dev = r->dev->frame(v, dev, &off);
	reg = dev ? find_reg(r, (u32)off, len) : NULL;
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
