"""Gi*: `gridpin hotspots --method gistar --cell C --all --input POINTS` against PySAL esda's
G_Local (peers/gistar_esda.py) on the same bins, about 100,000 of them (the cell is set from the
street's area), alternating, several runs each; then every bin's z-score is compared and any
difference over 1e-9 fails the benchmark.

gridpin's figure is its whole process (read, locate and assign 100,000 problems, count them in
bins over the street, Gi*, write every bin as GeoJSON); esda's is the weights and Gi* alone, on
counts and centres it is handed — so the ratio understates gridpin. (The points only make the
counts; with 1,000,000 of them gridpin's time is mostly reading, locating and assigning them.)
Usage: bench/.venv/bin/python bench/gistar.py   (after bench/run made the data)
"""
import numpy as np
import pyogrio

import harness as h

data = h.dataset()
points, geodata = data["gistar_points"], data["geodata"]
cell, band = data["gistar"]["cell"], data["gistar"]["band"]
bins_path, z_path = f"{h.DATA}/gistar-gridpin.geojson", f"{h.DATA}/gistar-esda.npy"
load = h.load()
got = h.alternate([
    ("gridpin", [h.BIN, "hotspots", "--method", "gistar", "--cell", str(cell), "--band", str(band), "--all",
                 "--input", points, "--geodata", geodata, "-o", bins_path]),
    ("esda", [h.PYTHON, "bench/peers/gistar_esda.py", bins_path, str(cell), str(band), z_path]),
], h.runs(), "Gi*")

ours = pyogrio.read_dataframe(bins_path, columns=["bin", "z"], read_geometry=False)["z"].to_numpy(dtype=float)
peer = np.load(z_path)
if len(ours) != len(peer):
    raise SystemExit(f"GI* DIFFERS: {len(ours):,} bins from gridpin, {len(peer):,} z-scores from esda")
worst = float(np.max(np.abs(ours - peer)))
if not worst <= 1e-9:
    k = int(np.argmax(np.abs(ours - peer)))
    raise SystemExit(f"GI* DIFFERS: bin {k}: gridpin z {ours[k]!r}, esda {peer[k]!r} (|Δ| {worst:.3g} > 1e-9)")

phases = [h.peer_phases(r) for r in got["esda"]]
ours_s = h.median([r["seconds"] for r in got["gridpin"]])
peer_work = h.median([p["work"] for p in phases])
h.save("gistar", {
    "pair": "gistar", "bins": len(ours), "cell": cell, "band": band, "load": load, "runs": h.runs(),
    "gridpin_s": [r["seconds"] for r in got["gridpin"]], "gridpin_mib": max(r["peak_mib"] for r in got["gridpin"]),
    "peer": "esda G_Local(transform='B', star=True), libpysal DistanceBand", "peer_s": [p["work"] for p in phases],
    "peer_g_local_s": [p["g_local"] for p in phases], "peer_process_s": [r["seconds"] for r in got["esda"]],
    "peer_mib": max(r["peak_mib"] for r in got["esda"]),
    "gridpin_median": ours_s, "peer_median": peer_work, "ratio": peer_work / ours_s,
    "checked": f"{len(ours):,} z-scores equal within {worst:.1g} (≤ 1e-9; gridpin writes z to 9 decimals)",
})
print(f"Gi* {len(ours):,} bins: gridpin {ours_s:.2f} s, esda {peer_work:.2f} s → {peer_work / ours_s:.1f}×; max |Δz| {worst:.2g}")
