"""Domains from the device tree: a Xen dom0less tree (xen,domain nodes as
ImageBuilder writes them) boots unchanged, and bad domain nodes are refused
with a message naming the node and property while the others still start."""
import re
import subprocess

import pytest

from bh import (GUEST_BAREMETAL, INITRAMFS, LINUX_IMAGE, Module, add_domain, dump_dtb,
                linux_modules, qemu_cmd)

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
