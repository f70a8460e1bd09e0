/* The emulated-MMIO dispatch itself, inline: every emulated access a guest
 * makes takes it (make bench's MMIO round trip), from mmio_emulate in
 * arch/mmio_decode.h; common/vmmio.c has the out-of-line vmmio_access. */
#ifndef BULKHEAD_VMMIO_DISPATCH_H
#define BULKHEAD_VMMIO_DISPATCH_H

#include <bulkhead/domain.h>
#include <bulkhead/vmmio.h>

/* r, found for off: may it take this access (a width it allows, aligned,
 * inside it)? */
static ALWAYS_INLINE const struct mmio_reg *vmmio_usable(const struct mmio_reg *r, u32 off,
							 unsigned int len)
{
	if (!(r->widths & len) || (off & (len - 1)) || off + len > r->off + r->size)
		return NULL; /* wrong width or misaligned */
	return r;
}

/* Guests poll the same register of a device and the same device: the last
 * hits are tried first. They are only hints, checked like any other entry;
 * vCPUs racing on them merely overwrite each other's. */
static ALWAYS_INLINE const struct mmio_reg *vmmio_find_reg(struct mmio_region *rg, u32 off,
							   unsigned int len)
{
	const struct mmio_device *dev = rg->dev;
	const struct mmio_reg *r;
	unsigned int h = rg->hint;

	if (h < dev->nregs && off - dev->regs[h].off < dev->regs[h].size)
		return vmmio_usable(&dev->regs[h], off, len);
	r = vmmio_find(dev, off, len);
	if (r)
		rg->hint = (unsigned int)(r - dev->regs);
	return r;
}

/* The region holding ipa, the last one hit first; NULL if none. */
static ALWAYS_INLINE struct mmio_region *vmmio_find_region(struct domain *d, u64 ipa)
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

/* vmmio_access (vmmio.h), inline. */
static ALWAYS_INLINE bool vmmio_dispatch(struct vcpu *v, u64 ipa, unsigned int len, bool write,
					 u64 *val)
{
	struct mmio_region *r = vmmio_find_region(v->dom, ipa);
	const struct mmio_reg *reg;
	void *dev;
	u64 off;

	if (!r)
		return false;
	dev = r->priv;
	off = ipa - r->base;
	if (r->dev->frame)
		dev = r->dev->frame(v, dev, &off);
	reg = dev ? vmmio_find_reg(r, (u32)off, len) : NULL;
	if (!reg) {
		if (!r->dev->raz_wi_miss || !dev)
			return false;
		if (!write)
			*val = 0;
		return true;
	}
	/* A missing handler: read-only (writes ignored) or write-only (reads 0). */
	if (write && reg->write)
		reg->write(v, dev, reg->arg, (u32)off - reg->off, len, *val);
	else if (!write)
		*val = reg->read ? reg->read(v, dev, reg->arg, (u32)off - reg->off, len) : 0;
	return true;
}

#endif
