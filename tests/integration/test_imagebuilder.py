"""tools/bh-imagebuilder: a Xen ImageBuilder config becomes a U-Boot script
that loads Bulkhead and its domains and starts them. The unit tests check
the parsing, the refusals (each naming the key), the placement and the
script; the end-to-end tests boot the script with Debian's U-Boot over TFTP
to Linux userspace in every domain."""
import re
import shlex
import shutil
import struct
import subprocess

import pytest

from bh import (BUILD, IMAGE, INITRAMFS, LINUX_IMAGE, ROOT, UBOOT_ARM64, dump_dtb,
                expect_guests_ready, uboot_tftp_boot, uboot_tftp_cmd)

TOOL = ROOT / "tools" / "bh-imagebuilder"
MiB = 1 << 20

XEN_STYLE = """\
# An ImageBuilder config as written for Xen (dom0less).
MEMORY_START="0x40000000"
MEMORY_END="0xC0000000"

DEVICE_TREE="virt.dtb"
XEN="bulkhead.bin"

NUM_DOMUS=2
DOMU_KERNEL[0]="Image"
DOMU_RAMDISK[0]="initramfs-arm64.cpio"
DOMU_MEM[0]=256
DOMU_VCPUS[0]=1
DOMU_CMD[0]="console=ttyAMA0"
DOMU_KERNEL[1]="Image"
DOMU_RAMDISK[1]="initramfs-arm64.cpio"
DOMU_MEM[1]=256
DOMU_VCPUS[1]=1
DOMU_CMD[1]="console=ttyAMA0"

UBOOT_SOURCE="boot.source"
UBOOT_SCRIPT="boot.scr"
"""


def fake_image(path, image_size=0x200000, text_offset=0, size=0x21000):
    """A file with an arm64 Image header (what booti and the tool look at)."""
    head = struct.pack("<IIQQQQQQ4sI", 0x14000000, 0, text_offset, image_size, 0xA, 0, 0, 0,
                       b"ARM\x64", 0)
    path.write_bytes(head + bytes(size - len(head)))
    return path


@pytest.fixture(scope="module")
def board_dtb(tmp_path_factory):
    return dump_dtb(tmp_path_factory.mktemp("dtb") / "virt.dtb", smp=4, gic=3)


@pytest.fixture
def tree(tmp_path, board_dtb):
    """A -d directory with small stand-ins for every file."""
    d = tmp_path / "tftp"
    d.mkdir()
    fake_image(d / "bulkhead.bin")
    shutil.copy(board_dtb, d / "virt.dtb")
    (d / "Image").write_bytes(b"k" * (5 * MiB + 7))
    (d / "initramfs-arm64.cpio").write_bytes(b"r" * (MiB + 3))
    (d / "guests").mkdir()
    (d / "guests" / "other.img").write_bytes(b"o" * (3 * MiB))
    (d / "pt.dtb").write_bytes(b"p" * 4096)
    return d


def run_tool(d, config, load="tftp", extra=()):
    cfg = d / "config"
    cfg.write_text(config)
    return subprocess.run([str(TOOL), "-c", str(cfg), "-d", str(d), "-t", load, *extra],
                          capture_output=True, text=True, timeout=60)


def generate(d, config, **kw):
    r = run_tool(d, config, **kw)
    assert r.returncode == 0, r.stderr
    return (d / "boot.source").read_text()


def refused(d, config):
    r = run_tool(d, config)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert not (d / "boot.scr").exists()
    return r.stderr


FAIL = " || setenv bh_error 1"


def commands(script):
    """The script's lines without the error handling each command has."""
    return [ln[:-len(FAIL)] if ln.endswith(FAIL) else ln for ln in script.splitlines()]


def loads(script, prefix="tftpb"):
    """(addr, file) of every load command, in order."""
    return [(int(a, 16), f) for a, f in
            re.findall(rf"^{re.escape(prefix)} (0x[0-9a-f]+) (\S+){re.escape(FAIL)}$", script,
                       re.M)]


# --- unit level: no QEMU --------------------------------------------------------

def test_xen_config_script(tree):
    script = generate(tree, XEN_STYLE)
    assert (tree / "boot.scr").read_bytes()[:4] == bytes.fromhex("27051956")  # uImage magic
    placed = loads(script)
    # Both domains use the same kernel and ramdisk: each is loaded once.
    assert [f for _, f in placed] == ["bulkhead.bin", "virt.dtb", "Image",
                                      "initramfs-arm64.cpio"]
    lines = commands(script)
    dtb_addr = dict((f, a) for a, f in placed)["virt.dtb"]
    hyp_addr = dict((f, a) for a, f in placed)["bulkhead.bin"]
    assert f"fdt addr {dtb_addr:#x}" in lines
    assert any(re.fullmatch(r"fdt resize 0x[0-9a-f]+", ln) for ln in lines)
    assert lines.index(f"fdt addr {dtb_addr:#x}") > max(
        i for i, ln in enumerate(lines) if ln.startswith("tftpb"))
    for n in (0, 1):
        node = f"/chosen/domU{n}"
        for want in (f"fdt mknode /chosen domU{n}",
                     f'fdt set {node} compatible "xen,domain"',
                     f'fdt set {node} "#address-cells" <0x2>',
                     f'fdt set {node} "#size-cells" <0x1>',
                     f"fdt set {node} memory <0x0 0x40000>",
                     f"fdt set {node} cpus <0x1>",
                     f"fdt set {node} vpl011"):
            assert want in lines
        k = dict((f, a) for a, f in placed)["Image"]
        r = dict((f, a) for a, f in placed)["initramfs-arm64.cpio"]
        assert (f'fdt set {node}/module@{k:x} compatible "multiboot,kernel" "multiboot,module"'
                in lines)
        assert f"fdt set {node}/module@{k:x} reg <0x0 {k:#x} {5 * MiB + 7:#x}>" in lines
        assert f'fdt set {node}/module@{k:x} bootargs "console=ttyAMA0"' in lines
        assert (f'fdt set {node}/module@{r:x} compatible "multiboot,ramdisk" "multiboot,module"'
                in lines)
        assert f"fdt set {node}/module@{r:x} reg <0x0 {r:#x} {MiB + 3:#x}>" in lines
    assert "bulkhead,name" not in script  # the names default to the node names
    assert f"; booti {hyp_addr:#x} - {dtb_addr:#x}; else" in lines[-1]
    assert lines[-1].startswith('if test "${bh_error}" = 0; then')
    # Every command but the echos and the checks fails into bh_error.
    for ln in script.splitlines():
        if ln and not ln.startswith(("#", "echo", "if test", "setenv")):
            assert ln.endswith(FAIL), ln


def test_xen_dom0_becomes_a_control_domain(tree):
    """A Xen config with a dom0 runs unchanged: dom0 becomes domain 0, named
    dom0, with the control interface; the domUs follow it."""
    config = XEN_STYLE + """
DOM0_KERNEL="Image"
DOM0_RAMDISK="initramfs-arm64.cpio"
DOM0_MEM=128
DOM0_CMD="console=ttyAMA0 quiet"
"""
    lines = commands(generate(tree, config))
    for want in ('fdt set /chosen/domU0 bulkhead,name "dom0"',
                 "fdt set /chosen/domU0 bulkhead,control",
                 "fdt set /chosen/domU0 memory <0x0 0x20000>",
                 "fdt mknode /chosen domU1", "fdt mknode /chosen domU2"):
        assert want in lines, want
    assert not any(ln.startswith("fdt set /chosen/domU1 bulkhead,control") for ln in lines)
    assert not any("domU3" in ln for ln in lines)
    assert any('/chosen/domU0/module@' in ln and 'bootargs "console=ttyAMA0 quiet"' in ln
               for ln in lines)


def test_placement_aligned_disjoint_inside_memory(tree):
    config = XEN_STYLE.replace('DOMU_KERNEL[1]="Image"', 'DOMU_KERNEL[1]="guests/other.img"') \
        + 'DOMU_PASSTHROUGH_DTB[1]="pt.dtb"\nDOMU_RAMDISK[1]="guests/other.img"\n'
    config = config.replace('DOMU_RAMDISK[1]="initramfs-arm64.cpio"\n', "")
    script = generate(tree, config)
    placed = loads(script)
    assert [f for _, f in placed] == ["bulkhead.bin", "virt.dtb", "Image",
                                      "initramfs-arm64.cpio", "guests/other.img",
                                      "guests/other.img", "pt.dtb"]
    # The hypervisor occupies its Image header's image_size (its .bss), the
    # device tree its size plus the room fdt resize adds.
    resize = int(re.search(r"^fdt resize (0x[0-9a-f]+) ", script, re.M).group(1), 16)
    spans = []
    for addr, f in placed:
        size = (tree / f).stat().st_size
        if f == "bulkhead.bin":
            size = max(size, 0x200000)
        if f == "virt.dtb":
            size += resize
        spans.append((addr, addr + size))
    assert placed[0][0] == 0x40000000
    for (a, e), (a2, _) in zip(spans, spans[1:]):
        assert a % (2 * MiB) == 0
        assert e <= a2, "overlap"
    assert spans[-1][1] <= 0xC0000000
    # The module nodes name the same places.
    other = [a for a, f in placed if f == "guests/other.img"]
    assert f"fdt set /chosen/domU1/module@{other[0]:x} reg <0x0 {other[0]:#x} 0x300000>" in script
    assert 'compatible "multiboot,ramdisk" "multiboot,module"' in script
    pt = placed[-1][0]
    assert (f'fdt set /chosen/domU1/module@{pt:x} compatible "multiboot,device-tree" '
            '"multiboot,module"') in script


def test_hypervisor_text_offset_and_memory_start_rounding(tree):
    fake_image(tree / "bulkhead.bin", image_size=0x300000, text_offset=0x80000)
    config = XEN_STYLE.replace('MEMORY_START="0x40000000"', "MEMORY_START=0x40001000")
    placed = loads(generate(tree, config))
    assert placed[0] == (0x40280000, "bulkhead.bin")  # 2 MiB aligned + text_offset
    assert placed[1][0] == 0x40600000  # after image_size


def test_arm32_zimage_hypervisor_bootz(tree):
    """The arm32 build is a zImage: its end - start (with .bss) is reserved and
    it is started with bootz; the script image is made for ARM."""
    head = bytearray(0x34)
    struct.pack_into("<IIII", head, 0x24, 0x016F2818, 0, 0x2F0000, 0x04030201)
    (tree / "bulkhead.bin").write_bytes(bytes(head) + bytes(0x21000))
    script = generate(tree, XEN_STYLE)
    placed = loads(script)
    assert placed[0] == (0x40000000, "bulkhead.bin")
    assert placed[1][0] == 0x40400000  # after the zImage's end word, 2 MiB aligned
    assert "bootz 0x40000000 - 0x40400000" in script and "booti" not in script
    hdr = (tree / "boot.scr").read_bytes()[:64]
    assert hdr[29] == 2  # mkimage -A arm (IH_ARCH_ARM), not arm64 (22)


def test_load_commands(tree):
    assert loads(generate(tree, XEN_STYLE, load="virtio"), "load virtio 0:1")[0][1] \
        == "bulkhead.bin"
    assert loads(generate(tree, XEN_STYLE, load="sd"), "load mmc 0:1")
    script = generate(tree, XEN_STYLE, load="fatload usb 0:1")
    assert len(loads(script, "fatload usb 0:1")) == 4 and "tftpb" not in script


def test_output_option(tree, tmp_path):
    out = tmp_path / "out" / "bh.scr"
    out.parent.mkdir()
    r = run_tool(tree, XEN_STYLE, extra=["-o", str(out)])
    assert r.returncode == 0, r.stderr
    assert out.exists() and (tmp_path / "out" / "bh.source").exists()
    assert not (tree / "boot.scr").exists()


def test_bulkhead_keys_and_cpupools(tree):
    config = XEN_STYLE + """
BULKHEAD_CMD="loglevel=3"
NUM_CPUPOOLS=2
CPUPOOL[0]="cpu@2,cpu@3 null"
CPUPOOL[1]="/cpus/cpu@1"
DOMU_CPUPOOL[0]=0
DOMU_CPUPOOL[1]=1
DOMU_NAME[0]=cluster
DOMU_CONTROL[0]=1
DOMU_ON_CRASH[0]=restart
DOMU_WATCHDOG_MS[0]=5000
DOMU_RTDS[1]="20000 5000"
DOMU_RTDS_EXTRATIME[1]=1
DOMU_ON_CRASH[1]="halt"
DOMU_RESTART_LIMIT[0]=7
DOMU_FRAMEBUFFER[0]="640 480"
DOMU_BOOT_PRIORITY[0]=10
DOMU_FIRST_FRAME_GATE[0]=4000
"""
    script = generate(tree, config)
    lines = commands(script)
    n0, n1 = "/chosen/domU0", "/chosen/domU1"
    for want in ('fdt set /chosen bulkhead,bootargs "loglevel=3"',
                 f'fdt set {n0} bulkhead,name "cluster"',
                 f"fdt set {n0} bulkhead,control",
                 f'fdt set {n0} bulkhead,on-crash "restart"',
                 f"fdt set {n0} bulkhead,watchdog <0x1388>",
                 f"fdt set {n1} bulkhead,rtds <0x4e20 0x1388>",
                 f"fdt set {n1} bulkhead,rtds-extratime",
                 f"fdt set {n0} bulkhead,restart-limit <0x7>",
                 f"fdt set {n0} bulkhead,framebuffer <0x280 0x1e0>",
                 f"fdt set {n0} bulkhead,boot-priority <0xa>",
                 f"fdt set {n0} bulkhead,first-frame-gate <0xfa0>",
                 f'fdt set {n1} bulkhead,on-crash "halt"',
                 "fdt mknode /chosen cpupool-0",
                 'fdt set /chosen/cpupool-0 compatible "xen,cpupool"',
                 'fdt set /chosen/cpupool-0 cpupool-sched "null"'):
        assert want in lines
    assert "bulkhead,control" not in "\n".join(ln for ln in lines if n1 + " " in ln)
    # The device tree after the script's edits (fdtput does what U-Boot's fdt
    # command would): phandles resolve to the cpu nodes and the pools.
    dtb = tree / "edited.dtb"
    shutil.copy(tree / "virt.dtb", dtb)
    apply_fdt_commands(dtb, lines)

    def get(path, prop, kind="x"):
        out = subprocess.run(["fdtget", "-t", kind, str(dtb), path, prop], check=True,
                             capture_output=True, text=True).stdout.split()
        return [int(v, 16) for v in out] if kind == "x" else " ".join(out)

    assert get("/chosen/cpupool-0", "cpupool-cpus") == \
        get("/cpus/cpu@2", "phandle") + get("/cpus/cpu@3", "phandle")
    assert get("/chosen/cpupool-1", "cpupool-cpus") == get("/cpus/cpu@1", "phandle")
    assert get(n0, "domain-cpupool") == get("/chosen/cpupool-0", "phandle")
    assert get(n1, "domain-cpupool") == get("/chosen/cpupool-1", "phandle")
    handles = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", str(dtb)], check=True,
                             capture_output=True, text=True).stdout
    all_ph = re.findall(r"phandle = <(0x[0-9a-f]+)>", handles)
    assert len(all_ph) == len(set(all_ph)), "a phandle is used twice"
    assert get(n0, "memory") == [0, 256 * 1024]
    assert (get(n0, "#address-cells"), get(n0, "#size-cells")) == ([2], [1])
    assert get(n0, "bulkhead,name", "s") == "cluster"


def apply_fdt_commands(dtb, lines):
    env = {}
    for line in lines:
        if not line.startswith("fdt ") or line.split()[1] in ("addr", "resize"):
            continue
        # Split as U-Boot's hush would (a word starting with # is a comment).
        words = shlex.split(re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], line),
                            comments=True)
        op, path = words[1], words[2]
        if op == "mknode":
            subprocess.run(["fdtput", "-c", str(dtb), f"{path.rstrip('/')}/{words[3]}"],
                           check=True)
        elif op == "get":
            out = subprocess.run(["fdtget", "-t", "x", str(dtb), words[4], words[5]],
                                 check=True, capture_output=True, text=True).stdout
            env[words[3]] = "0x" + out.strip()
        elif op == "set":
            prop, vals = words[3], words[4:]
            if not vals:
                cmd = ["fdtput", str(dtb), path, prop]
            elif vals[0].startswith("<"):
                cells = " ".join(vals).strip("<>").split()
                cmd = ["fdtput", "-t", "x", str(dtb), path, prop, *cells]
            else:
                cmd = ["fdtput", "-t", "s", str(dtb), path, prop, *vals]
            subprocess.run(cmd, check=True)
        else:
            raise AssertionError(f"unexpected fdt command: {line}")


def test_config_syntax(tree):
    config = XEN_STYLE.replace('DOMU_CMD[0]="console=ttyAMA0"',
                               "export DOMU_CMD[0]='console=ttyAMA0 quiet'  # a comment\n"
                               "   # an indented comment\n\n")
    script = generate(tree, config)
    assert 'bootargs "console=ttyAMA0 quiet"' in script


@pytest.mark.parametrize("edit,key,words", [
    (lambda c: c.replace('DOMU_KERNEL[1]="Image"', 'DOMU_KERNEL[1]="nothere/Image"'),
     "DOMU_KERNEL[1]", "file not found"),
    (lambda c: c.replace('XEN="bulkhead.bin"', 'XEN="missing.bin"'), "XEN", "file not found"),
    (lambda c: c.replace('MEMORY_END="0xC0000000"', 'MEMORY_END="0x40800000"'),
     "MEMORY_END", "the images need"),
    (lambda c: c.replace('MEMORY_END="0xC0000000"', 'MEMORY_END="0x40000000"'),
     "MEMORY_END", "not above MEMORY_START"),
    (lambda c: c + "FOO=1\n", "FOO", "unknown key"),
    (lambda c: c + "DOMU_KERNELS[0]=Image\n", "DOMU_KERNELS[0]", "unknown key"),
    (lambda c: c.replace("NUM_DOMUS=2", "NUM_DOMUS=1"), "DOMU_KERNEL[1]",
     "NUM_DOMUS is 1"),
    (lambda c: c.replace("NUM_DOMUS=2", "NUM_DOMUS=3"), "DOMU_KERNEL[2]",
     "missing (NUM_DOMUS is 3)"),
    (lambda c: c.replace("NUM_DOMUS=2\n", ""), "DOMU_KERNEL[0]", "NUM_DOMUS is not set"),
    (lambda c: c.replace("NUM_DOMUS=2", "NUM_DOMUS=two"), "NUM_DOMUS", "not a number"),
    (lambda c: c.replace("DOMU_MEM[1]=256", "DOMU_MEM[1]=256M"), "DOMU_MEM[1]",
     "not a number"),
    (lambda c: c.replace('MEMORY_START="0x40000000"', 'MEMORY_START="0x4000000g"'),
     "MEMORY_START", "not a number"),
    (lambda c: c.replace("DOMU_VCPUS[0]=1", "DOMU_VCPUS[0]=9"), "DOMU_VCPUS[0]",
     "out of range"),
    (lambda c: c + "DOMU_ON_CRASH[1]=explode\n", "DOMU_ON_CRASH[1]",
     'must be "halt" or "restart"'),
    (lambda c: c + "DOMU_CONTROL[0]=yes\n", "DOMU_CONTROL[0]", "not a number"),
    (lambda c: c + 'DOMU_RTDS[0]="100 200"\n', "DOMU_RTDS[0]", "exceeds the period"),
    (lambda c: c + "DOMU_RTDS[0]=100\n", "DOMU_RTDS[0]", "period_us budget_us"),
    (lambda c: c + "DOMU_WATCHDOG_MS[0]=0\n", "DOMU_WATCHDOG_MS[0]", "out of range"),
    (lambda c: c + "DOMU_RESTART_LIMIT[0]=101\n", "DOMU_RESTART_LIMIT[0]", "out of range"),
    (lambda c: c + 'DOMU_FRAMEBUFFER[0]="640"\n', "DOMU_FRAMEBUFFER[0]", "width height"),
    (lambda c: c + 'DOMU_FRAMEBUFFER[0]="640 8"\n', "DOMU_FRAMEBUFFER[0] height",
     "out of range"),
    (lambda c: c + "DOMU_BOOT_PRIORITY[1]=1001\n", "DOMU_BOOT_PRIORITY[1]", "out of range"),
    (lambda c: c + "DOMU_FIRST_FRAME_GATE[1]=3000\n", "DOMU_FIRST_FRAME_GATE[1]",
     "needs DOMU_FRAMEBUFFER"),
    (lambda c: c + "DOMU_FIRST_FRAME_GATE[0]=0\n", "DOMU_FIRST_FRAME_GATE[0]", "out of range"),
    (lambda c: c + 'NUM_CPUPOOLS=1\nCPUPOOL[0]="cpu@1 null"\nDOMU_CPUPOOL[0]=0\n'
                   'DOMU_RTDS_EXTRATIME[0]=1\n', "DOMU_RTDS_EXTRATIME[0]", "null"),
    (lambda c: c + "DOMU_NAME[1]=domU0\n", "DOMU_NAME[1]", "taken"),
    (lambda c: c + 'DOMU_NAME[0]="has space"\n', "DOMU_NAME[0]", "1 to 31"),
    (lambda c: c + 'DOM0_RAMDISK="initramfs-arm64.cpio"\n', "DOM0_KERNEL", "missing"),
    (lambda c: c + 'DOM0_FOO="x"\n', "DOM0_FOO", "dom0less"),
    (lambda c: c + "DOMU_NOBOOT[0]=1\n", "DOMU_NOBOOT[0]", "dom0less"),
    (lambda c: c + 'XEN_CMD="console=$CONSOLE"\n', "XEN_CMD", "shell expansion"),
    (lambda c: c + 'DOMU_CMD[0]="a \\"quoted\\" word"\n', "DOMU_CMD[0]", "cannot quote"),
    (lambda c: c + "DOMU_CMD[0]=a b\n", "DOMU_CMD[0]", "must be quoted"),
    (lambda c: c + "XEN[0]=x\n", "XEN[0]", "takes no index"),
    (lambda c: c + "DOMU_MEM=5\n", "DOMU_MEM", "needs an index"),
    (lambda c: c + "BULKHEAD=bulkhead.bin\n", "BULKHEAD", "XEN is set as well"),
    (lambda c: c.replace('DEVICE_TREE="virt.dtb"', 'DEVICE_TREE="Image"'), "DEVICE_TREE",
     "not a flattened device tree"),
    (lambda c: c.replace('XEN="bulkhead.bin"', 'XEN="Image"'), "XEN",
     "neither an arm64 Image"),
    (lambda c: c + 'NUM_CPUPOOLS=1\nCPUPOOL[0]="cpu@1 credit2"\n', "CPUPOOL[0]",
     "Xen scheduler"),
    (lambda c: c + 'NUM_CPUPOOLS=1\nCPUPOOL[0]="cpu@9 null"\n', "CPUPOOL[0]",
     "no CPU node /cpus/cpu@9"),
    (lambda c: c + 'NUM_CPUPOOLS=1\nCPUPOOL[0]="cpu@1 null"\nDOMU_CPUPOOL[0]=1\n',
     "DOMU_CPUPOOL[0]", "no cpupool 1"),
    (lambda c: c + 'NUM_CPUPOOLS=1\nCPUPOOL[0]="cpu@1 null"\nDOMU_CPUPOOL[0]=0\n'
                   'DOMU_RTDS[0]="1000 500"\n', "DOMU_RTDS[0]", "null"),
    (lambda c: c + "this is not an assignment\n", f"line {XEN_STYLE.count(chr(10)) + 1}",
     "not KEY=value"),
])
def test_refusals_name_the_key(tree, edit, key, words):
    err = refused(tree, edit(XEN_STYLE))
    assert re.search(rf"^bh-imagebuilder: error: {re.escape(key)}: .*{re.escape(words)}",
                     err, re.M), err


def test_several_errors_at_once(tree):
    config = XEN_STYLE.replace('DOMU_KERNEL[0]="Image"', 'DOMU_KERNEL[0]="a"') \
        .replace('DOMU_KERNEL[1]="Image"', 'DOMU_KERNEL[1]="b"')
    err = refused(tree, config)
    assert "DOMU_KERNEL[0]: file not found" in err and "DOMU_KERNEL[1]: file not found" in err



LIMITS_FROM = ("include/bulkhead/compiler.h", "include/bulkhead/sched.h",
               "include/bulkhead/guest_layout.h", "include/bulkhead/domain_config.h",
               "common/config/config_priv.h")


def source_copy(tmp_path, edits):
    """The headers the limits come from, copied, with edits {file: (old, new)}."""
    src = tmp_path / "src"
    for rel in LIMITS_FROM:
        text = (ROOT / rel).read_text()
        if rel in edits:
            old, new = edits[rel]
            assert old in text, (rel, old)
            text = text.replace(old, new)
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    return src


@pytest.mark.parametrize("key, value, define, old, new, words", [
    ("DOMU_RESTART_LIMIT[0]", "8", "common/config/config_priv.h",
     "#define RESTART_LIMIT_MAX\t100", "#define RESTART_LIMIT_MAX\t7", "8 is out of range (0..7)"),
    ("DOMU_VCPUS[0]", "3", "include/bulkhead/domain_config.h",
     "#define DOMAIN_MAX_VCPUS   8", "#define DOMAIN_MAX_VCPUS   2", "3 is out of range (1..2)"),
    ("DOMU_MEM[0]", "2048", "include/bulkhead/guest_layout.h",
     "(1024ULL * 1024 * 1024 * 64)", "(1024ULL * 1024 * 1024 * 1)",
     "2048 is out of range (1..1024)"),
    ("DOMU_RTDS[0]", '"20000 5000"', "include/bulkhead/sched.h",
     "SCHED_MIN_SLICE_NS 10000ULL", "SCHED_MIN_SLICE_NS 6000000ULL",
     "5000 is out of range (6000..10000000)"),
])
def test_limits_come_from_the_c_headers(tree, tmp_path, key, value, define, old, new, words):
    """The limits are the hypervisor's #defines (--source: the tree they are
    read from): the value passes with this tree's headers and is refused once
    the C limit is changed."""
    config = XEN_STYLE + f"{key}={value}\n"
    generate(tree, config)
    generate(tree, config, extra=("--source", str(source_copy(tmp_path, {}))))
    changed = source_copy(tmp_path, {define: (old, new)})
    r = run_tool(tree, config, extra=("--source", str(changed)))
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert f"bh-imagebuilder: error: {key}" in r.stderr and words in r.stderr, r.stderr


def test_limits_source_missing(tree, tmp_path):
    r = run_tool(tree, XEN_STYLE, extra=("--source", str(tmp_path)))
    assert r.returncode == 2
    assert "error: --source: cannot read the limits from" in r.stderr, r.stderr


# --- end to end: Debian's U-Boot, TFTP, booti ----------------------------------

needs_boot = pytest.mark.skipif(
    not UBOOT_ARM64.exists() or not LINUX_IMAGE.exists() or not INITRAMFS.exists()
    or not IMAGE.exists(), reason="u-boot-qemu, build/bulkhead.bin or guest images missing "
                                  "(make deps all images)")


def tftp_dir(tmp_path, smp):
    d = tmp_path / "tftp"
    d.mkdir()
    shutil.copy(BUILD / "bulkhead.bin", d / "bulkhead.bin")
    shutil.copy(LINUX_IMAGE, d / "Image")
    shutil.copy(INITRAMFS, d / "initramfs-arm64.cpio")
    dump_dtb(d / "virt.dtb", smp=smp, gic=3)
    return d


def uboot_ok(log):
    """U-Boot ran every command of the script: none failed with its usage
    text or a libfdt error."""
    assert "Usage:" not in log and "libfdt" not in log and "FDT_ERR" not in log
    assert "bh-imagebuilder: error" not in log


def uboot_boot(boot, d, smp):
    con = boot(uboot_tftp_cmd(d, smp=smp))
    uboot_tftp_boot(con)
    con.expect(r"bh-imagebuilder: starting Bulkhead", timeout=300)
    con.expect(r"Starting kernel", timeout=60)
    con.expect_ready()
    return con


@needs_boot
def test_xen_imagebuilder_config_boots_over_tftp(boot, tmp_path):
    d = tftp_dir(tmp_path, smp=2)
    r = run_tool(d, XEN_STYLE, load="tftp")
    assert r.returncode == 0, r.stderr
    con = uboot_boot(boot, d, smp=2)
    expect_guests_ready(con, ["domU0", "domU1"])
    log = con.output()
    uboot_ok(log)
    assert "BULKHEAD PANIC" not in log
    # The tree lists the domains in config order, so Bulkhead makes them so.
    assert 0 <= log.index("domain domU0: 1 vCPU(s)") < log.index("domain domU1: 1 vCPU(s)")


@needs_boot
def test_cpupool_and_bulkhead_keys_boot_over_tftp(boot, tmp_path):
    """U-Boot resolves the cpu phandles for the pool (fdt get value) and the
    bulkhead,* properties reach the hypervisor."""
    d = tftp_dir(tmp_path, smp=4)
    config = XEN_STYLE + """
NUM_CPUPOOLS=1
CPUPOOL[0]="cpu@2,cpu@3 null"
DOMU_CPUPOOL[1]=0
DOMU_NAME[1]=blue
DOMU_ON_CRASH[1]=restart
DOMU_NAME[0]=red
DOMU_RTDS[0]="10000 5000"
"""
    r = run_tool(d, config, load="tftp")
    assert r.returncode == 0, r.stderr
    con = uboot_boot(boot, d, smp=4)
    expect_guests_ready(con, ["red", "blue"])
    log = con.output()
    uboot_ok(log)
    assert "cpupool cpupool-0: CPUs 0xc, null" in log
    assert re.search(r"domain blue: 1 vCPU\(s\) from CPU [23],", log)
    assert re.search(r"domain red: 1 vCPU\(s\) from CPU [01],", log)


@pytest.mark.skipif(not UBOOT_ARM64.exists() or not IMAGE.exists(),
                    reason="u-boot-qemu or build/bulkhead.bin missing (make deps all)")
def test_changed_file_stops_the_script(boot, tmp_path, board_dtb):
    """A file that changed after the script was made (so the module sizes in
    the script are wrong) stops the script before booti, naming the file."""
    d = tmp_path / "tftp"
    d.mkdir()
    shutil.copy(IMAGE, d / "bulkhead.bin")
    shutil.copy(board_dtb, d / "virt.dtb")
    (d / "k").write_bytes(b"k" * 4096)
    r = run_tool(d, 'MEMORY_START=0x40000000\nMEMORY_END=0xC0000000\nDEVICE_TREE=virt.dtb\n'
                    'XEN=bulkhead.bin\nNUM_DOMUS=1\nDOMU_KERNEL[0]=k\n')
    assert r.returncode == 0, r.stderr
    (d / "k").write_bytes(b"k" * 8192)
    con = boot(uboot_tftp_cmd(d, smp=4))
    uboot_tftp_boot(con)
    con.expect(r"bh-imagebuilder: error: k: expected 4096 bytes \(0x1000\), got 0x2000", timeout=60)
    con.expect(r"bh-imagebuilder: error: a step above failed; not starting Bulkhead",
               timeout=60)
    con.expect(r"=> ", timeout=30)
    assert "starting Bulkhead" not in con.quiet_for(3)
    assert "Starting kernel" not in con.output()
