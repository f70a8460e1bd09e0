/* The IOMMU streams a host device-tree node names: the generic IOMMU
 * binding's iommus = <&iommu sid [mask]>... (Linux Documentation/devicetree/
 * bindings/iommu/iommu.txt) and, for a PCI host bridge, iommu-map =
 * <rid-base &iommu sid-base length>... (bindings/pci/pci-iommu.txt). Pure
 * function of the blob, host-testable. */
#ifndef BULKHEAD_DT_IOMMU_H
#define BULKHEAD_DT_IOMMU_H

#include <bulkhead/domain_config.h>

/* Fills out[0..n) with node's stream ranges and returns n (0: the node
 * names no IOMMU), or -E_INVAL with *why saying what is malformed, or
 * -E_RANGE when there are more than max. */
int dt_iommu_streams(const void *fdt, int node, struct domain_stream *out, unsigned int max,
		     const char **why);

#endif
