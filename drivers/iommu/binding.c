/* Which domain owns which streams of one IOMMU: the drivers record their
 * attachments here, and fault reports name the owner. Pure data. */
#include <bulkhead/fmt.h>
#include <bulkhead/iommu.h>

const struct iommu_domain *iommu_owner(const struct iommu *mmu, u32 sid)
{
	for (unsigned int i = 0; i < mmu->nbind; i++)
		if (sid - mmu->bind[i].sid < mmu->bind[i].count)
			return mmu->bind[i].dom;
	return NULL;
}

bool iommu_range_owned(const struct iommu *mmu, u32 sid, u32 count)
{
	for (unsigned int i = 0; i < mmu->nbind; i++) {
		u64 b = mmu->bind[i].sid, e = b + mmu->bind[i].count;
		if (sid < e && b < (u64)sid + count)
			return true;
	}
	return false;
}

const char *iommu_owner_name(const struct iommu *mmu, u32 sid, char *buf, size_t len)
{
	const struct iommu_domain *d = iommu_owner(mmu, sid);
	if (!d)
		return "a stream of no domain";
	fmt_snprintf(buf, len, "domain %s", d->name);
	return buf;
}

bool iommu_bound(const struct iommu *mmu, const struct iommu_domain *dom)
{
	for (unsigned int i = 0; i < mmu->nbind; i++)
		if (mmu->bind[i].dom == dom)
			return true;
	return false;
}

int iommu_bind(struct iommu *mmu, const struct iommu_domain *dom, u32 sid, u32 count)
{
	if (mmu->nbind == IOMMU_MAX_BINDING)
		return -E_NOMEM;
	mmu->bind[mmu->nbind++] = (struct iommu_binding){dom, sid, count};
	return 0;
}

void iommu_unbind(struct iommu *mmu, const struct iommu_domain *dom)
{
	unsigned int j = 0;
	for (unsigned int i = 0; i < mmu->nbind; i++)
		if (mmu->bind[i].dom != dom)
			mmu->bind[j++] = mmu->bind[i];
	mmu->nbind = j;
}
