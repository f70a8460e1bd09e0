/* iommus and iommu-map of a host device node (include/bulkhead/dt_iommu.h).
 * A stream range is kept as <sid count>: the SMMUv2's <sid mask> form is
 * accepted when the mask covers the low bits, so it is a range too. */
#include <libfdt.h>
#include <bulkhead/dt.h>
#include <bulkhead/dt_iommu.h>

/* -E_INVAL, with *why saying what is malformed. */
static int malformed(const char **why, const char *what)
{
	*why = what;
	return -E_INVAL;
}

/* The IOMMU node a phandle names and its #iommu-cells (1 or 2). */
static int iommu_of(const void *fdt, u32 phandle, int *cells, const char **why)
{
	int node = fdt_node_offset_by_phandle(fdt, phandle);

	if (node < 0)
		return malformed(why, "a phandle names no node");
	*cells = (int)dt_u32(fdt, node, "#iommu-cells", 0);
	if (*cells < 1 || *cells > 2)
		return malformed(why, "the IOMMU's #iommu-cells is not 1 or 2");
	return node;
}

static int add(struct domain_stream *out, unsigned int max, unsigned int *n, struct domain_stream s)
{
	if (*n == max)
		return -E_RANGE;
	out[(*n)++] = s;
	return 0;
}

/* <sid mask>: a mask of low bits k means 2^k streams from sid. */
static int mask_to_count(u32 sid, u32 mask, u32 *count, const char **why)
{
	if (mask & (mask + 1) || sid & mask)
		return malformed(why, "a stream mask other than low bits over an aligned ID");
	*count = mask + 1;
	return 0;
}

static int parse_iommus(const void *fdt, const u8 *v, int len, struct domain_stream *out,
			unsigned int max, unsigned int *n, const char **why)
{
	while (len >= 8) {
		int cells, node = iommu_of(fdt, (u32)dt_read_cells(v, 1), &cells, why);
		struct domain_stream s = {node, 0, 1};

		if (node < 0)
			return node;
		if (len < 4 * (1 + cells))
			return malformed(why, "iommus is cut short");
		s.sid = (u32)dt_read_cells(v + 4, 1);
		if (cells == 2 && mask_to_count(s.sid, (u32)dt_read_cells(v + 8, 1), &s.count, why))
			return -E_INVAL;
		if (add(out, max, n, s))
			return -E_RANGE;
		v += 4 * (size_t)(1 + cells);
		len -= 4 * (1 + cells);
	}
	if (len)
		return malformed(why, "iommus is cut short");
	return 0;
}

/* <rid-base &iommu sid-base length>: the bridge's requester IDs
 * rid-base.. map to streams sid-base.. (one #iommu-cells cell). */
static int parse_map(const void *fdt, const u8 *v, int len, struct domain_stream *out,
		     unsigned int max, unsigned int *n, const char **why)
{
	while (len > 0) {
		int cells, node;
		struct domain_stream s;

		if (len < 16)
			return malformed(why, "iommu-map is cut short");
		node = iommu_of(fdt, (u32)dt_read_cells(v + 4, 1), &cells, why);
		if (node < 0)
			return node;
		if (cells != 1)
			return malformed(why, "iommu-map wants an IOMMU with #iommu-cells = <1>");
		s = (struct domain_stream){node, (u32)dt_read_cells(v + 8, 1),
					   (u32)dt_read_cells(v + 12, 1)};
		if (!s.count || s.sid + (u64)s.count > (1ULL << 32))
			return malformed(
				why, "an iommu-map length is 0 or runs past stream ID 0xffffffff");
		if (add(out, max, n, s))
			return -E_RANGE;
		v += 16;
		len -= 16;
	}
	return 0;
}

int dt_iommu_streams(const void *fdt, int node, struct domain_stream *out, unsigned int max,
		     const char **why)
{
	unsigned int n = 0;
	int len, rc = 0;
	const u8 *v = fdt_getprop(fdt, node, "iommus", &len);

	*why = "";
	if (v)
		rc = parse_iommus(fdt, v, len, out, max, &n, why);
	v = fdt_getprop(fdt, node, "iommu-map", &len);
	if (!rc && v)
		rc = parse_map(fdt, v, len, out, max, &n, why);
	if (rc == -E_RANGE)
		*why = "more stream ranges than a domain can hold";
	return rc ? rc : (int)n;
}
