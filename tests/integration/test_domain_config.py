"""Domains from the device tree: a Xen dom0less tree (xen,domain nodes as
ImageBuilder writes them) boots unchanged, and bad domain nodes are refused
with a message naming the node and property while the others still start."""
import re
import subprocess

import pytest

from bh import (GUEST_BAREMETAL, INITRAMFS, LINUX_IMAGE, Module, add_domain, add_partial_dt,
                add_pool, dump_dtb, linux_modules, qemu_cmd)

XEN_CHOSEN = """
/ {{
	chosen {{
		#address-cells = <0x2>;
		#size-cells = <0x2>;
		xen,xen-bootargs = "console=dtuart dtuart=serial0 bootscrub=0";
		domU1 {{
			compatible = "xen,domain";
			#address-cells = <0x2>;
			#size-cells = <0x1>;
			memory = <0x0 0x40000>;
			cpus = <0x2>;
			vpl011;
			module@{k:x} {{
				compatible = "multiboot,kernel", "multiboot,module";
				reg = <0x0 0x{k:x} 0x{ks:x}>;
				bootargs = "console=ttyAMA0 panic=-1";
			}};
			module@{r:x} {{
				compatible = "multiboot,ramdisk", "multiboot,module";
				reg = <0x0 0x{r:x} 0x{rs:x}>;
			}};
		}};
	}};
}};
"""


@pytest.mark.skipif(not LINUX_IMAGE.exists() or not INITRAMFS.exists(),
                    reason="guest images missing (make images)")
def test_xen_dom0less_dtb_boots_linux(boot, tmp_path):
    host = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", str(host)], check=True,
                         capture_output=True, text=True).stdout
    kernel, initrd = linux_modules(0)
    dts += XEN_CHOSEN.format(k=kernel.addr, ks=kernel.size, r=initrd.addr, rs=initrd.size)
    (tmp_path / "xen.dts").write_text(dts)
    dtb = tmp_path / "xen.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(dtb),
                    str(tmp_path / "xen.dts")], check=True)
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb, extra=kernel.loader() + initrd.loader()))
    con.expect_ready()
    m = con.expect(r"\[domU1\] BULKHEAD-GUEST-READY nproc=(\d+) ", timeout=180)
    assert m.group(1) == "2"


def test_bad_domains_refused_others_start(boot, tmp_path):
    dtb = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3)
    good = Module(GUEST_BAREMETAL, 0x50000000)
    bad = Module(GUEST_BAREMETAL, 0x50200000)
    add_domain(dtb, "good", good, mem_mib=16, cpus=1)
    add_domain(dtb, "toomany", bad, mem_mib=16, cpus=99)
    add_domain(dtb, "crashy", bad, mem_mib=16, cpus=1,
               props=[("s", "bulkhead,on-crash", "explode")])
    path = add_domain(dtb, "nokernel", bad, mem_mib=16, cpus=1)
    subprocess.run(["fdtput", "-r", str(dtb), f"{path}/module@{bad.addr:x}"], check=True)
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb, extra=good.loader() + bad.loader()))
    con.expect_ready()
    con.expect(r"\[good\] GUEST DONE 0x0+\s", timeout=60)
    log = con.output()
    for node, prop in (("toomany", "cpus"), ("crashy", "bulkhead,on-crash"),
                       ("nokernel", "multiboot,kernel|kernel")):
        assert re.search(rf"error: domain {node} \(/chosen/{node}\): ({prop})", log), node
    assert "BULKHEAD PANIC" not in log


def partial_dtb(tmp_path, name, reg=None, spis=()):
    """A Xen-style partial DT with one passthrough node: xen,reg = reg
    (paddr, size, gaddr; 2 cells each) and interrupts = the given SPIs."""
    body = ""
    if reg:
        cells = " ".join(f"0x{v >> 32:x} 0x{v & 0xffffffff:x}" for v in reg)
        body += f"\t\t\txen,reg = <{cells}>;\n"
    if spis:
        body += "\t\t\tinterrupts = <%s>;\n" % " ".join(f"0x0 {s} 0x4" for s in spis)
        body += "\t\t\tinterrupt-parent = <65000>;\n"
    dts = ("/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n"
           "\tpassthrough {\n\t\tcompatible = \"simple-bus\";\n\t\tranges;\n"
           "\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n"
           f"\t\tdev@0 {{\n{body}\t\t}};\n\t}};\n}};\n")
    (tmp_path / f"{name}.dts").write_text(dts)
    out = tmp_path / f"{name}.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(out),
                    str(tmp_path / f"{name}.dts")], check=True)
    return out


# Each case: the bad domain's partial DT (xen,reg triple, SPIs), its other
# properties, its pool's scheduler and the other pool's, which domain comes
# right after it in boot order (and so takes its domain slot: "after" in its
# pool or "other" in the other pool), QEMU machine options, and the refusal
# config prints (node and property named). "hogs": earlier domains' SPIs.
QEMU_VIRT_GICD, QEMU_VIRT_UART, QEMU_VIRT_FW_CFG, QEMU_VIRT_SMMU = \
    0x08000000, 0x09000000, 0x09020000, 0x09050000
REFUSED_CASES = {
    "spi_beyond_vgic": dict(spis=[300], pool="null", other="rtds", next="other",
                            refusal=r"interrupts: SPI 300 is beyond the 224 SPIs"),
    "spi_host_uart": dict(spis=[1], vpl011=False, pool="rtds", other="rtds", next="other",
                          refusal=r"interrupts: SPI 1 is the host console UART's"),
    "spi_watchdog": dict(spis=[7], props=[("x", "bulkhead,watchdog", 5000)], pool="null",
                         other="rtds", next="after",
                         refusal=r"interrupts: SPI 7 is the SP805 watchdog's"),
    "region_gic": dict(reg=(QEMU_VIRT_GICD, 0x10000, 0x09100000), pool="rtds", other="rtds",
                       next="after", refusal=r"xen,reg: 0x8000000\+0x10000 overlaps the "
                       r"hypervisor's"),
    "region_uart": dict(reg=(QEMU_VIRT_UART, 0x1000, 0x09100000), pool="null", other="rtds",
                        next="other", refusal=r"xen,reg: 0x9000000\+0x1000 overlaps the "
                        r"hypervisor's"),
    "region_display": dict(reg=(QEMU_VIRT_FW_CFG, 0x1000, 0x09100000), pool="rtds",
                           other="null", next="after",
                           refusal=r"xen,reg: 0x9020000\+0x1000 overlaps the hypervisor's"),
    "region_smmu": dict(reg=(QEMU_VIRT_SMMU, 0x20000, 0x09100000), pool="null", other="rtds",
                        next="after", machine="iommu=smmuv3",
                        refusal=r"xen,reg: 0x9050000\+0x20000 overlaps the hypervisor's"),
    "too_many_spis": dict(spis=[131, 132], hogs=[range(100, 116), range(116, 131)],
                          pool="rtds", other="rtds", next="after",
                          refusal=r"interrupts: more than 31 passthrough interrupts"),
    "ipa_beyond_stage2": dict(reg=(0x09010000, 0x1000, (1 << 39) + 0x09100000), pool="null",
                              other="rtds", next="after",
                              refusal=r"xen,reg: guest address 0x8009100000\+0x1000 is "
                              r"beyond the stage-2 input size"),
}


@pytest.mark.parametrize("case", list(REFUSED_CASES))
def test_refused_domain_leaves_nothing(boot, tmp_path, case):
    """A domain refused for what creation cannot give it (an SPI the vGIC or
    the hypervisor has, a region over the hypervisor's devices, a guest
    address beyond stage 2, more SPIs than the hypervisor routes) is refused
    by config, naming node and property; the domains after it, in its own
    pool and in another, still run (a refused domain left its vCPUs linked
    in its pool, where the next domain in its slot corrupted the list)."""
    c = REFUSED_CASES[case]
    dtb = dump_dtb(tmp_path / "host.dtb", smp=4, gic=3, machine_opts=c.get("machine", ""))
    pools = {"own": add_pool(dtb, "own", [1, 2], c["pool"]),
             "else": add_pool(dtb, "else", [3], c["other"])}
    kernel = Module(GUEST_BAREMETAL, 0x50000000)
    extra = kernel.loader()
    mods = [0x50800000]

    def partial(name, **kw):
        mod = Module(partial_dtb(tmp_path, name, **kw), mods[0])
        mods[0] += 0x10000
        extra.extend(mod.loader())
        return mod

    # In boot order (DT order: fdtput adds a node before its siblings, so
    # they are added last first): the hogs, the bad domain, then the one
    # that takes its domain slot. The bad one has two vCPUs: its units
    # stayed in its pool, where the slot's next domain relinked one into its
    # own pool's list. A null pool then had a homeless unit of another
    # domain, and admission, removing that domain from its own pool, never
    # got rid of it: the boot hung. In two rtds pools both could pick it.
    doms = [(f"hog{i}", dict(spis=list(spis)), None, {})
            for i, spis in enumerate(c.get("hogs", []))]
    doms.append(("bad", dict(reg=c.get("reg"), spis=c.get("spis", ())), "own",
                 dict(cpus=2, vpl011=c.get("vpl011", True), props=c.get("props", []))))
    names = [c["next"], "other" if c["next"] == "after" else "after"]
    names += ["after2"] if c["pool"] == "null" else []
    doms += [(n, None, "else" if n == "other" else "own", {}) for n in names]
    for name, pt, pool, kw in reversed(doms):
        props = [("x", "domain-cpupool", pools[pool])] if pool else []
        path = add_domain(dtb, name, kernel, mem_mib=16, cpus=kw.get("cpus", 1),
                          vpl011=kw.get("vpl011", True), props=props + kw.get("props", []))
        if pt:
            add_partial_dt(dtb, path, partial(name, **pt))
    con = boot(qemu_cmd(smp=4, gic=3, dtb=dtb, extra=extra,
                        machine_opts=c.get("machine", "")))
    con.expect_ready()
    con.expect(r"error: domain bad \(/chosen/bad\): partial DT /passthrough/dev@0 "
               + c["refusal"], timeout=60)
    done = set()
    while done != set(names):
        m = con.expect(r"\[(after2|after|other)\] GUEST DONE 0x0+\s", timeout=120)
        done.add(m.group(1))
    log = con.output()
    assert "[bad]" not in log and "domain bad: started" not in log
    assert "BULKHEAD PANIC" not in log
