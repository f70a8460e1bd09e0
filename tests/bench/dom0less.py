"""The DTB both hypervisors boot in make bench: QEMU's own tree for the
machine plus Xen-style dom0less domains (Xen 4.17 and Bulkhead read the same
binding), written with fdtput."""
import subprocess

XEN_CONSOLE = "console=dtuart dtuart=/pl011@9000000"


def host_dtb(machine_cmd, out, domains):
    """machine_cmd: the QEMU command line of the machine. domains: one
    (kernel, ramdisk, bootargs, extra) per domain, kernel and ramdisk as
    (address, file); extra: (name, value) string properties. Each domain has
    256 MiB, one vCPU and a vPL011."""
    subprocess.run(machine_cmd + ["-machine", f"dumpdtb={out}"], check=True, capture_output=True)
    subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", "-o", str(out), str(out)], check=True)

    def put(*a):
        subprocess.run(["fdtput", str(out), *map(str, a)], check=True)
    put("-t", "s", "/chosen", "xen,xen-bootargs", XEN_CONSOLE)
    for i, (kernel, ramdisk, bootargs, extra) in enumerate(domains):
        p = f"/chosen/domU{i + 1}"
        put("-c", "-p", p)
        put("-t", "s", p, "compatible", "xen,domain")
        put("-t", "x", p, "#address-cells", "2")
        put("-t", "x", p, "#size-cells", "1")
        put("-t", "x", p, "memory", "0", hex(256 * 1024))
        put("-t", "x", p, "cpus", "1")
        put(p, "vpl011")
        for name, value in extra:
            put("-t", "s", p, name, value)
        for (addr, f), compat in ((kernel, "multiboot,kernel"), (ramdisk, "multiboot,ramdisk")):
            m = f"{p}/module@{addr:x}"
            put("-c", m)
            put("-t", "s", m, "compatible", compat, "multiboot,module")
            put("-t", "x", m, "reg", "0", hex(addr), hex(f.stat().st_size))
        put("-t", "s", f"{p}/module@{kernel[0]:x}", "bootargs", bootargs)
    return out
