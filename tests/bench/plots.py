"""make bench's figures: one PNG per case (matplotlib, Debian
python3-matplotlib), drawn from the results run.py collected.

draw(res, outdir) -> {case: path of its PNG}."""
import statistics
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402

COLORS = {"native": "#7f7f7f", "bulkhead": "#1f77b4", "xen": "#d62728", "no-gate": "#9467bd",
          "cluster": "#ff7f0e"}


def _legend(ax, **kw):
    if ax.get_legend_handles_labels()[0]:
        ax.legend(**kw)


def _save(fig, path):
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def boot(data, path, title="Boot to the guests' userspace",
         ylabel="seconds to userspace (wall clock)"):
    """Median boot time per target, grouped by domain count; each run a dot."""
    counts = sorted({n for (_, n) in data})
    targets = list(dict.fromkeys(t for (t, _) in data))
    width = 0.8 / len(targets)
    fig, ax = plt.subplots(figsize=(6, 4))
    for k, t in enumerate(targets):
        for j, n in enumerate(counts):
            runs = data.get((t, n))
            if not runs:
                continue
            x = j + (k - (len(targets) - 1) / 2) * width
            ax.bar(x, statistics.median(runs), width, color=COLORS.get(t),
                   label=t if j == 0 or (t, counts[0]) not in data else None)
            ax.plot([x] * len(runs), runs, "k.", markersize=4)
    ax.set_xticks(range(len(counts)), [f"{n} domain{'s' if n > 1 else ''}" for n in counts])
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    _legend(ax)
    return _save(fig, path)


def latency(data, path):
    """Distribution of the wake-up latencies per target (instructions)."""
    fig, ax = plt.subplots(figsize=(6, 4))
    for t, (*_, samples) in data.items():
        if samples:
            ax.hist([s / 1000 for s in samples], bins=40, histtype="step", linewidth=1.5,
                    color=COLORS.get(t), label=f"{t} (n={len(samples)})")
    ax.set_xlabel("wake-up latency, thousands of instructions (-icount shift=0)")
    ax.set_ylabel("wake-ups")
    ax.set_title("Guest timer wake-up latency")
    _legend(ax)
    return _save(fig, path)


def micro(data, path):
    """Round trips of the bare-metal bench guest per target, log scale."""
    keys = [("hvc", "HVC"), ("mmio", "MMIO read"), ("sgi", "SGI"), ("ctxsw", "vCPU switch")]
    targets = list(data)
    width = 0.8 / len(targets)
    fig, ax = plt.subplots(figsize=(7, 4))
    for k, t in enumerate(targets):
        for j, (key, _) in enumerate(keys):
            v = data[t].get(key)
            if v:
                x = j + (k - (len(targets) - 1) / 2) * width
                ax.bar(x, v, width, color=COLORS.get(t), label=t if j == 0 else None)
    ax.set_xticks(range(len(keys)), [name for _, name in keys])
    ax.set_yscale("log")
    ax.set_ylabel("instructions per round trip")
    ax.set_title("Bare-metal bench guest round trips")
    _legend(ax)
    return _save(fig, path)


def restart(data, path):
    """Cold boot against restart to userspace (Bulkhead)."""
    colds, restarts = [c for c, _ in data], [r for _, r in data]
    fig, ax = plt.subplots(figsize=(5, 4))
    for x, (name, xs) in enumerate((("cold boot", colds), ("restart", restarts))):
        ax.bar(x, statistics.median(xs), 0.6, color=COLORS["bulkhead"])
        ax.plot([x] * len(xs), xs, "k.", markersize=4)
    ax.set_xticks([0, 1], ["cold boot", "restart"])
    ax.set_ylabel("seconds to userspace (wall clock)")
    ax.set_title("Domain restart (Bulkhead)")
    return _save(fig, path)


def footprint(data, path):
    """Image sizes on disk and the RAM Bulkhead keeps."""
    rows = [("Bulkhead image", data["bulkhead_file_kib"], COLORS["bulkhead"])]
    if data.get("xen_file_kib"):
        rows.append(("Xen 4.17 image", data["xen_file_kib"], COLORS["xen"]))
    rows.append(("Bulkhead RAM (1 domain)", data["image_mem_kib"] + data["s2_kib"],
                 COLORS["bulkhead"]))
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.barh([r[0] for r in rows], [r[1] for r in rows], color=[r[2] for r in rows])
    ax.set_xlabel("KiB")
    ax.set_title("Footprint")
    return _save(fig, path)


def code(data, path):
    """Code lines per top-level directory, stacked by language."""
    langs = sorted({lang for v in data.values() for lang in v})
    dirs = list(data)
    fig, ax = plt.subplots(figsize=(7, 4))
    bottom = [0] * len(dirs)
    for lang in langs:
        vals = [data[d].get(lang, 0) for d in dirs]
        ax.bar(dirs, vals, bottom=bottom, label=lang)
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.set_ylabel("code lines (cloc)")
    ax.set_title("Code size")
    _legend(ax, fontsize="small")
    return _save(fig, path)


DRAW = {"boot": boot, "latency": latency, "micro": micro, "restart": restart,
        "footprint": footprint, "code": code,
        "boot32": lambda data, path: boot(data, path, "ARMv7-A host: boot to userspace"),
        "frame": lambda data, path: boot(data, path, "Power-on to the cluster's first frame",
                                         "seconds to the first frame (wall clock)")}


def draw(res, outdir):
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    return {case: fn(res[case], outdir / f"{case}.png")
            for case, fn in DRAW.items() if res.get(case)}
