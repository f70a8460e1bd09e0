"""The device-tree bindings in dts/bindings/ (YAML schemas) checked with
Debian's dt-schema tools on the fixtures the unit tests use.

dt-schema 2022.08 (Debian 12) exits 0 even when a tree breaks a schema and
silently skips a schema that is itself broken, so the tests read the tools'
output: every schema must pass dt-doc-validate, each domain node must be
matched by our schema (dt-validate -M), and a tree is valid only when
dt-validate reports nothing else. Validation is limited to our schemas (-l):
dt-schema's own chosen.yaml allows no child nodes in /chosen except
framebuffers, so every dom0less tree (Xen's too) breaks it.
"""
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINDINGS = ROOT / "dts" / "bindings"
FIXTURES = ROOT / "tests" / "unit" / "fixtures"
DOMAIN_SCHEMA = "bulkhead,domain.yaml"
DOMAIN_ID = "http://devicetree.org/schemas/bulkhead,domain.yaml#"


def tool(name):
    path = shutil.which(name) or f"/usr/bin/{name}"
    if not Path(path).exists():
        pytest.fail(f"{name} not found: install Debian's dt-schema (make deps)")
    return path


def run(*cmd):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=120)


def reports(text):
    """dt-validate's messages: a line and the tab-indented lines after it."""
    out = []
    for line in text.splitlines():
        if line.startswith("\t") and out:
            out[-1] += "\n" + line
        elif line.strip():
            out.append(line)
    return out


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    """Our schemas checked against the meta-schemas, then processed into one
    file with dt-schema's core schemas (what dt-validate -s takes)."""
    yamls = sorted(BINDINGS.glob("*.yaml"))
    assert BINDINGS / DOMAIN_SCHEMA in yamls
    r = run(tool("dt-doc-validate"), "-u", BINDINGS, *yamls)
    assert r.returncode == 0 and not r.stdout.strip() and not r.stderr.strip(), \
        f"dt-doc-validate:\n{r.stdout}{r.stderr}"
    out = tmp_path_factory.mktemp("schema") / "processed.json"
    r = run(tool("dt-mk-schema"), "-j", "-o", out, BINDINGS)
    # A schema with errors is only warned about ("ignoring, ...") and left out.
    assert r.returncode == 0 and "ignoring" not in r.stderr and out.stat().st_size > 0, \
        f"dt-mk-schema:\n{r.stdout}{r.stderr}"
    return out


def validate(schema, fixture, tmp_path):
    """Compiles fixture (a .dts in tests/unit/fixtures) and validates it
    against our schemas; returns (returncode, reports)."""
    dtb = tmp_path / (fixture + ".dtb")
    r = run(tool("dtc"), "-q", "-I", "dts", "-O", "dtb", "-o", dtb, FIXTURES / (fixture + ".dts"))
    assert r.returncode == 0, f"dtc:\n{r.stderr}"
    r = run(tool("dt-validate"), "-M", "-s", schema, "-l", DOMAIN_SCHEMA, dtb)
    return r.returncode, reports(r.stdout + r.stderr)


def split(found):
    """(nodes matched by the domain schema, all other reports)."""
    matched, other = set(), []
    for rep in found:
        if "matched on schema(s)" in rep:
            if DOMAIN_ID in rep:
                matched.add(rep.split(": ")[1])
        else:
            other.append(rep)
    return matched, other


def test_valid_tree(schema, tmp_path):
    rc, found = validate(schema, "domains-valid", tmp_path)
    matched, errors = split(found)
    assert rc == 0
    assert matched == {"/chosen/domU1", "/chosen/domU2", "/chosen/cluster"}
    assert errors == []


# Fixtures with one domain the schema alone can refuse, and the property its
# message must name. The other bad fixtures need the host (RAM, pCPUs) or
# other domains: only the unit tests catch those.
SCHEMA_CATCHES = {
    "domains-bad-on-crash": ("bulkhead,on-crash", "explode"),
    "domains-bad-wfi": ("bulkhead,wfi", "sleep"),
    "domains-bad-no-memory": ("memory", "required"),
    "domains-bad-cpus-zero": ("cpus", "minimum"),
}


@pytest.mark.parametrize("fixture", sorted(SCHEMA_CATCHES))
def test_invalid_tree(schema, tmp_path, fixture):
    prop, word = SCHEMA_CATCHES[fixture]
    rc, found = validate(schema, fixture, tmp_path)
    matched, errors = split(found)
    assert matched == {"/chosen/guard", "/chosen/bad", "/chosen/tail"}
    assert rc != 0 or errors, "dt-validate accepted " + fixture
    # Only the bad domain is reported, for the right property.
    assert len(errors) == 1, "\n".join(errors)
    assert ": bad: " in errors[0] and prop in errors[0] and word in errors[0], errors[0]


def test_cockpit_tree(schema, tmp_path):
    """The cockpit's tree (dts/qemu-cockpit.dts, as make builds it) follows
    the domain and the cpupool bindings (dt-validate takes one -l at a time)."""
    dtb = ROOT / "build" / "cockpit" / "cockpit.dtb"
    if not dtb.exists():
        pytest.fail("build/cockpit/cockpit.dtb missing (make cockpit-images)")
    want = {DOMAIN_SCHEMA: {"/chosen/dom0", "/chosen/cluster", "/chosen/ivi"},
            "bulkhead,cpupool.yaml": {"/chosen/cpupool-cluster", "/chosen/cpupool-ivi"}}
    for name, nodes in want.items():
        r = run(tool("dt-validate"), "-M", "-s", schema, "-l", name, dtb)
        found = reports(r.stdout + r.stderr)
        matched = {rep.split(": ")[1] for rep in found if "matched on schema(s)" in rep}
        errors = [rep for rep in found if "matched on schema(s)" not in rep]
        assert matched == nodes and errors == [] and r.returncode == 0, "\n".join(found)


PT_SCHEMA = "bulkhead,passthrough.yaml"


def validate_partial(schema, dts, tmp_path):
    """A partial device tree (source text) against the passthrough schema:
    (nodes it matched, other reports)."""
    src, dtb = tmp_path / "partial.dts", tmp_path / "partial.dtb"
    src.write_text(dts)
    r = run(tool("dtc"), "-q", "-I", "dts", "-O", "dtb", "-o", dtb, src)
    assert r.returncode == 0, f"dtc:\n{r.stderr}"
    r = run(tool("dt-validate"), "-M", "-s", schema, "-l", PT_SCHEMA, dtb)
    found = reports(r.stdout + r.stderr)
    matched = {rep.split(": ")[1] for rep in found if "matched on schema(s)" in rep}
    return matched, [rep for rep in found if "matched on schema(s)" not in rep]


def test_partial_tree(schema, tmp_path):
    """The unit tests' partial DT: both devices match, xen,path and all."""
    matched, errors = validate_partial(
        schema, (FIXTURES / "domains-partial.dts").read_text(), tmp_path)
    assert matched == {"/passthrough/serial@9040000", "/passthrough/ethernet@a000000"}
    assert errors == []


def test_partial_force_without_path(schema, tmp_path):
    """xen,force-assign-without-iommu means nothing without the host node
    (xen,path) it applies to."""
    dts = (FIXTURES / "domains-partial.dts").read_text().replace(
        'xen,path = "/ethernet@a000000";', "xen,force-assign-without-iommu;")
    matched, errors = validate_partial(schema, dts, tmp_path)
    assert "/passthrough/ethernet@a000000" in matched
    assert len(errors) == 1 and "ethernet@a000000" in errors[0] and \
        "xen,path" in errors[0], "\n".join(errors)
