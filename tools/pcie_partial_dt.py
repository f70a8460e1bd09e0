#!/usr/bin/env python3
"""A Xen-style partial device tree that gives a domain QEMU virt's PCIe host
bridge (/pcie@10000000): the ECAM, the 32-bit MMIO and I/O windows and the
four INTx SPIs, with its interrupt-map pointed at the guest's GIC, plus what
Bulkhead needs to pass it through: xen,reg (identity: the BARs hold host
addresses), interrupts and xen,path (the host node, whose iommu-map names
the SMMU when QEMU runs with iommu=smmuv3). Used by the cockpit (ivi owns the
bridge and the virtio-gpu-pci behind it) and by tests/integration/test_smmu.py.

    pcie_partial_dt.py HOST.dtb OUT.dtb [--force]

--force adds xen,force-assign-without-iommu (for a direct-mapped domain
given a bridge that is behind no IOMMU)."""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

GIC_PHANDLE_GUEST = 65000  # Xen's GUEST_PHANDLE_GIC: the guest's GIC in a partial DT
NODE = "/pcie@10000000"


def cells(dtb, node, prop):
    out = subprocess.run(["fdtget", "-t", "x", str(dtb), node, prop], check=True,
                         capture_output=True, text=True, timeout=30).stdout.split()
    return [int(c, 16) for c in out]


def partial_dts(host, force=False):
    """The partial DT's source for the host tree `host` (a DTB path)."""
    reg = cells(host, NODE, "reg")
    ranges = cells(host, NODE, "ranges")
    gic = cells(host, "/intc@8000000", "phandle")[0]
    imap = [GIC_PHANDLE_GUEST if i % 10 == 4 and c == gic else c
            for i, c in enumerate(cells(host, NODE, "interrupt-map"))]
    # ranges entries: <flags hi lo> <cpu hi lo> <size hi lo>; the 64-bit
    # window lies beyond the guest's 39-bit IPA space and is left out.
    windows = [ranges[i:i + 7] for i in range(0, len(ranges), 7)]
    windows = [w for w in windows if w[3] == 0]
    xreg = [reg[0], reg[1], reg[2], reg[3], reg[0], reg[1]]
    for w in windows:
        xreg += [w[3], w[4], w[5], w[6], w[3], w[4]]
    spis = sorted({imap[i + 8] for i in range(0, len(imap), 10)})  # <type num flags> at 7..9
    h = lambda v: " ".join(f"{x:#x}" for x in v)  # noqa: E731
    return f"""/dts-v1/;
/ {{
	#address-cells = <2>;
	#size-cells = <2>;
	passthrough {{
		compatible = "simple-bus";
		ranges;
		#address-cells = <2>;
		#size-cells = <2>;
		pcie@10000000 {{
			compatible = "pci-host-ecam-generic";
			device_type = "pci";
			reg = <{h(reg)}>;
			bus-range = <0x0 0xff>;
			linux,pci-domain = <0x0>;
			#address-cells = <3>;
			#size-cells = <2>;
			#interrupt-cells = <1>;
			ranges = <{h(sum(windows, []))}>;
			dma-coherent;
			interrupt-map-mask = <{h(cells(host, NODE, "interrupt-map-mask"))}>;
			interrupt-map = <{h(imap)}>;
			interrupt-parent = <{GIC_PHANDLE_GUEST}>;
			interrupts = <{h(sum(([0, s, 4] for s in spis), []))}>;
			xen,reg = <{h(xreg)}>;
			xen,path = "{NODE}";{"xen,force-assign-without-iommu;" if force else ""}
		}};
	}};
}};
"""


def write_partial_dtb(host, out, force=False):
    """Compile the partial DT for `host` into the DTB `out`."""
    with tempfile.NamedTemporaryFile("w", suffix=".dts") as f:
        f.write(partial_dts(host, force))
        f.flush()
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(out), f.name],
                       check=True, timeout=30)
    return Path(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("host")
    ap.add_argument("out")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    try:
        write_partial_dtb(a.host, a.out, a.force)
    except subprocess.CalledProcessError as e:
        sys.exit(f"pcie_partial_dt.py: {' '.join(map(str, e.cmd))} failed: {e.stderr or ''}")


if __name__ == "__main__":
    main()
