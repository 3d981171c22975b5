"""Writes bench/RESULTS.md from the figures the pairs saved (bench/data/results/*.json): the
table, each target met or missed and by how much, the machine, and the versions."""
import datetime
import glob
import importlib.metadata
import json
import os
import platform
import subprocess

import harness as h


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=h.ROOT).stdout.strip()
    except OSError:
        return "?"


def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    debian = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
    return [f"- {os.cpu_count()} cores (`nproc` {sh('nproc')}): {model}", f"- {mem / 1024 / 1024:.1f} GiB of memory",
            f"- Debian {debian}, Linux {platform.release()}",
            "- shared with other work: the load average (1 min) is given with each pair"]


def versions():
    commit = sh("git", "rev-parse", "--short", "HEAD")
    dirty = " (with uncommitted changes to the code)" if sh("git", "status", "--porcelain", "--untracked-files=no", "--",
                                                           "Sources", "Package.swift", "Resources") else ""
    lines = [f"- gridpin {commit}{dirty}, release build; {sh('swift', '--version').splitlines()[0] if sh('swift', '--version') else 'swift ?'}",
             f"- GEOS {sh('pkg-config', '--modversion', 'geos')}, PROJ {sh('pkg-config', '--modversion', 'proj')}, "
             f"SQLite {sh('pkg-config', '--modversion', 'sqlite3')} (Debian's, as gridpin links them)",
             f"- Python {platform.python_version()} (Debian's python3), in bench/.venv from bench/requirements.txt:"]
    packages = ["geopandas", "shapely", "pyogrio", "pyproj", "scikit-learn", "esda", "libpysal", "numpy", "pandas", "scipy"]
    lines.append("  " + ", ".join(f"{p} {importlib.metadata.version(p)}" for p in packages))
    import pyogrio, pyproj, shapely
    lines.append(f"  (bundled: GDAL {pyogrio.__gdal_version_string__}, PROJ {pyproj.proj_version_str}, GEOS {shapely.geos_version_string})")
    return lines


def s(v):
    return f"{v:.2f} s"


def times(values):
    """Each run's seconds, in run order."""
    return ", ".join(s(x) for x in values)


def ratio(r):
    return f"{r:.1f}×" if r >= 1 else f"{r:.2f}×"


def main():
    data = h.dataset()
    results = {os.path.basename(p)[:-5]: json.load(open(p)) for p in sorted(glob.glob(os.path.join(h.RESULTS, "*.json")))}
    rows, targets, details = [], [], []
    mem = []

    def memory(name, r):
        ok = r["gridpin_mib"] < r["peer_mib"]
        mem.append(f"{name}: {r['gridpin_mib']:,.0f} MiB vs {r['peer_mib']:,.0f} MiB — {'met' if ok else 'MISSED'}")
        return ok

    for key in sorted(k for k in results if k.startswith("join-")):
        r = results[key]
        rows.append(f"| join, {r['points']:,} points ({r['placed']:,} in the street) | {s(r['gridpin_median'])} "
                    f"({r['points_per_s']:,.0f} points/s) | GeoPandas sjoin: {s(r['peer_median'])} | **{ratio(r['ratio'])}** "
                    f"| {r['gridpin_mib']:,.0f} MiB | {r['peer_mib']:,.0f} MiB |")
        targets.append(f"- join ≥ 3× GeoPandas end to end: {ratio(r['ratio'])} — {'met' if r['ratio'] >= 3 else 'MISSED'}")
        j, w = r["locate_points_per_s"], r["join_phase_points_per_s"]
        def verdict(v):
            return "met" if v >= 2e6 else f"MISSED by {1 - v / 2e6:.0%}"
        targets.append(f"- join ≥ 2,000,000 points/s in the join itself: locating (as GeoPandas's sjoin-and-rules phase, "
                       f"no reading or writing) {j:,.0f} points/s, each run's points over one worker's share of the "
                       f"{r['workers']} workers' locating time (median) — {verdict(j)}; the whole join phase, reading and "
                       f"writing in, start-up left out, {w:,.0f} — {verdict(w)}; GeoPandas's sjoin and rules: "
                       f"{r['peer_join_points_per_s']:,.0f}")
        memory(f"join {r['points']:,}", r)
        e = r["every_column"]
        details.append(f"- **join {r['points']:,}** (load {r['load']:.1f}): gridpin {times(r['gridpin_s'])}, writing grid and "
                       f"community (`--columns grid,community`); inside each run, start-up {times(r['startup_s'])}, the join "
                       f"phase {times(r['join_phase_s'])}, locating (one worker's share) {times(r['locate_s'])}. "
                       f"GeoPandas work {times(r['peer_s'])} (of which sjoin and rules "
                       f"{times(r['peer_join_s'])}; whole process {times(r['peer_process_s'])}). "
                       f"Every location column, once: {s(e['seconds'])}, {e['peak_mib']:,.0f} MiB (start-up "
                       f"{s(e['timings']['start_up_s'])}, join phase {s(e['timings']['join_s'])}, locating "
                       f"{e['locate_points_per_s']:,.0f} points/s). Checked: {r['checked']}.")
    if "clusters" in results:
        r = results["clusters"]
        rows.append(f"| clusters: DBSCAN, {r['points']:,} points, eps {r['eps']} m, {r['min_points']} points | {s(r['gridpin_median'])} "
                    f"| {r['peer']}: {s(r['peer_median'])} (fit {s(r['peer_fit_median'])}) | **{ratio(r['ratio'])}** "
                    f"| {r['gridpin_mib']:,.0f} MiB | {r['peer_mib']:,.0f} MiB |")
        targets.append(f"- DBSCAN ≥ 2× scikit-learn: {ratio(r['ratio'])}, both reading the points, projecting, clustering and "
                       f"writing labels (scikit-learn's fit alone {s(r['peer_fit_median'])}) — {'met' if r['ratio'] >= 2 else 'MISSED'}")
        memory("clusters", r)
        details.append(f"- **clusters** (load {r['load']:.1f}): gridpin {times(r['gridpin_s'])} (start up the street, "
                       f"read, keep the points in the street, project, DBSCAN, write labels; the whole hot-spot run with every "
                       f"point located and assigned and every cluster outlined as GeoJSON, once: {s(r['gridpin_whole_s'])}, "
                       f"{r['gridpin_whole_mib']:,.0f} MiB); "
                       f"scikit-learn work {times(r['peer_s'])} (fit {times(r['peer_fit_s'])}; "
                       f"one probe fit each: {', '.join(f'{a} {s(v)}' for a, v in r['peer_probe'].items())}). Checked: {r['checked']}.")
    if "gistar" in results:
        r = results["gistar"]
        rows.append(f"| Gi*: {r['bins']:,} bins of {r['cell']} m, band {r['band']} m | {s(r['gridpin_median'])} | esda G_Local: "
                    f"{s(r['peer_median'])} | **{ratio(r['ratio'])}** | {r['gridpin_mib']:,.0f} MiB | {r['peer_mib']:,.0f} MiB |")
        targets.append(f"- Gi* at least as fast as esda, equal answers: {ratio(r['ratio'])}, z equal — {'met' if r['ratio'] >= 1 else 'MISSED'}")
        memory("Gi*", r)
        details.append(f"- **Gi\\*** (load {r['load']:.1f}): gridpin {times(r['gridpin_s'])} (start up the street, read "
                       f"{data['counts']['gistar_points']:,} problems and place them in it, bins over the street, Gi*, write every bin as GeoJSON); esda work "
                       f"{times(r['peer_s'])} (DistanceBand weights and G_Local on the counts and centres it is handed; "
                       f"G_Local alone {times(r['peer_g_local_s'])}). Checked: {r['checked']}.")
    if "import" in results:
        r = results["import"]
        rows.append(f"| import, {r['rows']:,} rows into a new ledger | {s(r['gridpin_median'])} ({r['rows_per_s']:,.0f} rows/s) | — | — "
                    f"| {r['gridpin_mib']:,.0f} MiB | — |")
        targets.append(f"- import ≥ 200,000 rows/s: {r['rows_per_s']:,.0f} — "
                       + ("met" if r["rows_per_s"] >= 2e5 else f"MISSED by {1 - r['rows_per_s'] / 2e5:.0%}")
                       + f"; SQLite alone writing the same rows reaches {r['floor_rows_per_s']:,.0f} rows/s")
        f = r["filed"]
        details.append(f"- **import** (load {r['load']:.1f}): {times(r['gridpin_s'])}. The storage floor — "
                       f"SQLite alone writing what the import filed ({f['cases']:,} cases, {f['reports']:,} further reports, "
                       f"{f['refs']:,} references) by INSERT … SELECT into an empty ledger of the same schema, one transaction: "
                       f"{times(r['floor_s'])}, {r['floor_rows_per_s']:,.0f} rows/s.")
    if "export" in results:
        r = results["export"]
        rows.append(f"| export, {r['cases']:,} cases to GeoJSON | {s(r['gridpin_median'])} | pyogrio write_dataframe: "
                    f"{s(r['peer_median'])} | **{ratio(r['ratio'])}** | {r['gridpin_mib']:,.0f} MiB | {r['peer_mib']:,.0f} MiB |")
        targets.append(f"- GeoJSON export at least as fast as pyogrio: {ratio(r['ratio'])} — {'met' if r['ratio'] >= 1 else 'MISSED'}")
        memory("export", r)
        details.append(f"- **export** (load {r['load']:.1f}): gridpin {times(r['gridpin_s'])} (open the ledger, "
                       f"query, write); pyogrio write {times(r['peer_s'])}, after reading the ledger and building "
                       f"the frame ({times(r['peer_read_s'])}). Checked: {r['checked']}.")
    targets.append("- gridpin's peak memory below each peer's: " + "; ".join(mem))

    text = [
        "# Benchmarks: gridpin beside GeoPandas, scikit-learn, PySAL and pyogrio",
        "",
        f"Written by `make bench` (bench/run) on {datetime.date.today().isoformat()}. Data: {data['description']}; "
        f"its metric system EPSG:{data['epsg']}. Each side ran {h.runs()} times, alternating with the other, and the table "
        "gives medians. gridpin's times are its whole process; a Python peer's are its work measured inside it, after "
        "its imports (its interpreter start-up is not held against it). Peak memory is the largest resident set of any "
        "run (wait4's ru_maxrss of that process). Ratio = peer ÷ gridpin: above 1, gridpin is faster.",
        "",
        "| pair | gridpin | peer | ratio | gridpin peak | peer peak |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "## Targets (issue 6)",
        "",
        *targets,
        "",
        "## Each run, and what was checked",
        "",
        *details,
        "",
        "## Machine",
        "",
        *machine(),
        "",
        "## Versions",
        "",
        *versions(),
        "",
    ]
    with open(os.path.join(h.ROOT, "bench/RESULTS.md"), "w") as f:
        f.write("\n".join(text))


if __name__ == "__main__":
    main()
