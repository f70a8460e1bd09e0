/* Device-tree reading helpers: "reg" decoding and bus address translation
 * (Devicetree Specification v0.4, 2.3.5 #address-cells, 2.3.8 ranges). */
#include <string.h>
#include <libfdt.h>
#include <bulkhead/dt.h>
#include <bulkhead/fmt.h>

#define DT_MAX_CELLS 2 /* addresses and sizes wider than 64 bits are refused */

void dt_bus_cells(const void *fdt, int bus, int *ac, int *sc)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, bus, "#address-cells", &len);
	*ac = (p && len == 4) ? (int)fdt32_to_cpu(*p) : 2;
	p = fdt_getprop(fdt, bus, "#size-cells", &len);
	*sc = (p && len == 4) ? (int)fdt32_to_cpu(*p) : 1;
}

u64 dt_read_cells(const void *p, int n)
{
	const u8 *b = p;
	u64 v = 0;
	for (int i = 0; i < n * 4; i++)
		v = (v << 8) | b[i];
	return v;
}

u32 dt_u32(const void *fdt, int node, const char *prop, u32 def)
{
	int len;
	const void *p = fdt_getprop(fdt, node, prop, &len);
	return (p && len == 4) ? (u32)dt_read_cells(p, 1) : def;
}

static int reg_layout(const void *fdt, int node, int *ac, int *sc, const u8 **reg, int *count)
{
	int parent = fdt_parent_offset(fdt, node), len;
	if (parent < 0)
		return -E_INVAL;
	dt_bus_cells(fdt, parent, ac, sc);
	if (*ac < 1 || *ac > DT_MAX_CELLS || *sc < 0 || *sc > DT_MAX_CELLS)
		return -E_INVAL;
	*reg = fdt_getprop(fdt, node, "reg", &len);
	if (!*reg) {
		*count = 0;
		return 0;
	}
	if (len % ((*ac + *sc) * 4))
		return -E_INVAL;
	*count = len / ((*ac + *sc) * 4);
	return 0;
}

int dt_reg_count(const void *fdt, int node)
{
	int ac, sc, count, rc;
	const u8 *reg;
	rc = reg_layout(fdt, node, &ac, &sc, &reg, &count);
	return rc ? rc : count;
}

int dt_reg_raw(const void *fdt, int node, int idx, struct mem_range *out)
{
	int ac, sc, count, rc;
	const u8 *reg;

	rc = reg_layout(fdt, node, &ac, &sc, &reg, &count);
	if (rc)
		return rc;
	if (idx < 0 || idx >= count)
		return -E_NOENT;
	reg += (size_t)idx * (ac + sc) * 4;
	out->base = dt_read_cells(reg, ac);
	out->size = sc ? dt_read_cells(reg + (size_t)ac * 4, sc) : 0;
	if (out->size && out->base + out->size - 1 < out->base)
		return -E_INVAL; /* wraps around */
	return 0;
}

/* Maps addr from bus's child space to its parent's through bus's "ranges". */
static int translate_one(const void *fdt, int bus, int parent, u64 *addr, u64 size)
{
	int cac, csc, pac, psc, len;
	const u8 *r = fdt_getprop(fdt, bus, "ranges", &len);

	if (!r)
		return -E_INVAL; /* no ranges: not memory-mapped from the CPU */
	if (len == 0)
		return 0; /* identity */
	dt_bus_cells(fdt, bus, &cac, &csc);
	dt_bus_cells(fdt, parent, &pac, &psc);
	/* The cells are the DT's u32s as ints: a negative csc would make the
	 * entry 0 bytes long or negative. */
	if (cac > DT_MAX_CELLS || pac > DT_MAX_CELLS || csc > DT_MAX_CELLS || cac < 1 || pac < 1 ||
	    csc < 0)
		return -E_INVAL;
	int entry = (cac + pac + csc) * 4;
	if (len % entry)
		return -E_INVAL;
	for (; len > 0; len -= entry, r += entry) {
		u64 cb = dt_read_cells(r, cac), pb = dt_read_cells(r + (size_t)cac * 4, pac);
		u64 rs = dt_read_cells(r + (size_t)(cac + pac) * 4, csc);
		if (*addr >= cb && *addr - cb < rs && size <= rs - (*addr - cb)) {
			*addr = pb + (*addr - cb);
			return 0;
		}
	}
	return -E_INVAL;
}

int dt_reg(const void *fdt, int node, int idx, struct mem_range *out)
{
	int rc = dt_reg_raw(fdt, node, idx, out);
	int bus = fdt_parent_offset(fdt, node);

	/* Walk up: every bus between the node and the root must map it. */
	for (int depth = 0; !rc && bus > 0; depth++) {
		int parent = fdt_parent_offset(fdt, bus);
		if (parent < 0 || depth > 32)
			return -E_INVAL;
		rc = translate_one(fdt, bus, parent, &out->base, out->size);
		bus = parent;
	}
	return rc;
}

bool dt_compatible(const void *fdt, int node, const char *compat)
{
	return fdt_node_check_compatible(fdt, node, compat) == 0;
}

bool dt_enabled(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "status", &len);
	if (!s || len <= 0)
		return true;
	return strncmp(s, "okay", (size_t)len) == 0 || strncmp(s, "ok", (size_t)len) == 0;
}

const char *dt_path(const void *fdt, int node, char *buf, size_t len)
{
	if (fdt_get_path(fdt, node, buf, (int)len) != 0)
		fmt_snprintf(buf, len, "<node@%d>", node);
	return buf;
}

static u32 be32_at(const u8 *p) { return (u32)dt_read_cells(p, 1); }

/* libfdt 1.6.1's fdt_check_full walks the structure block trusting each
 * property's length: one of 0xfffffff4 moves its offset back onto the same
 * tag and the walk never ends (found by tests/fuzz/fuzz_config). So the
 * block is walked here first, every tag required to move forward and stay
 * inside it (Devicetree Specification v0.4, 5.4 structure block). It also
 * lets through a property outside every node, which put the root node's
 * name out of check_root_name's sight (found by tests/fuzz/fuzz_guest_dt):
 * properties and node ends belong inside a node (5.4.1). */
static int walk_struct(const void *fdt)
{
	const u8 *b = fdt;
	u32 off = fdt_off_dt_struct(fdt), end, depth = 0;

	/* Version 17 gives the block's size; before, it runs to the end. */
	end = fdt_version(fdt) >= 17 ? off + fdt_size_dt_struct(fdt) : fdt_totalsize(fdt);
	if (end < off || end > fdt_totalsize(fdt))
		return -FDT_ERR_TRUNCATED;
	while (off <= end && end - off >= 4) { /* an aligned-up offset may pass end */
		u32 tag = be32_at(b + off), len;
		const u8 *nul;
		switch (tag) {
		case FDT_BEGIN_NODE:
			nul = memchr(b + off + 4, 0, end - off - 4);
			if (!nul)
				return -FDT_ERR_BADSTRUCTURE;
			off = (u32)ALIGN_UP((u64)(nul + 1 - b), 4ULL);
			depth++;
			break;
		case FDT_PROP:
			if (!depth || end - off < 12)
				return -FDT_ERR_BADSTRUCTURE;
			len = be32_at(b + off + 4);
			if (len > end - off - 12)
				return -FDT_ERR_BADSTRUCTURE;
			off = (u32)ALIGN_UP((u64)off + 12 + len, 4ULL);
			break;
		case FDT_END_NODE:
			if (!depth--)
				return -FDT_ERR_BADSTRUCTURE;
			off += 4;
			break;
		case FDT_NOP: off += 4; break;
		case FDT_END: return 0;
		default: return -FDT_ERR_BADSTRUCTURE;
		}
	}
	return -FDT_ERR_TRUNCATED; /* no FDT_END inside the block */
}

/* libfdt 1.6.1's fdt_check_full also reads the root node's name through
 * fdt_get_name without checking it for NULL (which fdt_get_name returns for
 * a name it cannot use; found by tests/fuzz/fuzz_config), so it is asked
 * here first. */
static int check_root_name(const void *fdt)
{
	int off, next = 0, len;
	u32 tag;

	do {
		off = next;
		tag = fdt_next_tag(fdt, off, &next);
	} while (tag == FDT_NOP && next >= 0);
	if (next < 0 || tag != FDT_BEGIN_NODE)
		return 0; /* fdt_check_full reports it */
	return fdt_get_name(fdt, off, &len) ? 0 : len;
}

int dt_check(const void *fdt, size_t size)
{
	int rc;
	if (size < sizeof(struct fdt_header))
		return -FDT_ERR_TRUNCATED;
	rc = fdt_check_header(fdt);
	if (rc)
		return rc;
	if (fdt_totalsize(fdt) > size)
		return -FDT_ERR_TRUNCATED;
	rc = walk_struct(fdt);
	if (!rc)
		rc = check_root_name(fdt);
	return rc ? rc : fdt_check_full(fdt, size);
}
