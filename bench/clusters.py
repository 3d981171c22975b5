"""clusters: `gridpin hotspots --method dbscan --input POINTS --labels labels.csv` against
scikit-learn's DBSCAN (peers/dbscan_sklearn.py, the faster of its kd_tree and ball_tree, all
cores) on the same 1,000,000 points, alternating, several runs each. Both sides do the same
work: read the CSV, project to the street's metres, cluster, write id,cluster; gridpin also
starts up its street and keeps only the points the street covers (all of them here).

Then the partitions are compared: the same points are noise; every core point (as sklearn finds
them) is in a cluster, and the clusters of core points correspond one to one (the numbering may
differ; border points, which DBSCAN lets join any cluster that reaches them, are not compared).
Then once, for the record, the whole hot-spot run (`-o clusters.geojson` as well): every point
also located and assigned, and each cluster outlined by a concave hull — work the peer does not do.
Usage: bench/.venv/bin/python bench/clusters.py   (after bench/run made the data)
"""
import numpy as np
import pandas as pd

import harness as h

data = h.dataset()
points, geodata, epsg = data["problems"], data["geodata"], str(data["epsg"])
eps, min_points = str(data["dbscan"]["eps"]), str(data["dbscan"]["min_points"])
n = data["counts"]["problems"]
ours_labels, peer_labels, core_path = f"{h.DATA}/clusters-gridpin.csv", f"{h.DATA}/clusters-sklearn.csv", f"{h.DATA}/clusters-core.npy"
load = h.load()

probe = h.peer_phases(h.run([h.PYTHON, "bench/peers/dbscan_sklearn.py", points, epsg, eps, min_points, "probe", peer_labels]))
algorithm = probe["faster"]
got = h.alternate([
    ("gridpin", [h.BIN, "hotspots", "--method", "dbscan", "--eps", eps, "--min-points", min_points, "--input", points,
                 "--geodata", geodata, "--labels", ours_labels]),
    ("sklearn", [h.PYTHON, "bench/peers/dbscan_sklearn.py", points, epsg, eps, min_points, algorithm, peer_labels]),
], h.runs(), f"clusters {n:,}")
h.run([h.PYTHON, "bench/peers/dbscan_sklearn.py", points, epsg, eps, min_points, algorithm, peer_labels, core_path])
whole = h.run([h.BIN, "hotspots", "--method", "dbscan", "--eps", eps, "--min-points", min_points, "--input", points,
               "--geodata", geodata, "-o", f"{h.DATA}/clusters-gridpin.geojson", "--labels", f"{h.DATA}/clusters-whole.csv"])
if open(f"{h.DATA}/clusters-whole.csv").read() != open(ours_labels).read():
    raise SystemExit("CLUSTERS DIFFER: the whole hot-spot run labels the points otherwise than --labels alone")

ours = pd.read_csv(ours_labels, dtype={"id": str})
peer = pd.read_csv(peer_labels, dtype={"id": str})
core = np.load(core_path)
if len(ours) != len(peer) or not (ours["id"].to_numpy() == peer["id"].to_numpy()).all():
    raise SystemExit(f"CLUSTERS DIFFER: gridpin labelled {len(ours):,} points, sklearn {len(peer):,} (not the same points)")
a, b = ours["cluster"].to_numpy(), peer["cluster"].to_numpy()
if ((a < 0) != (b < 0)).any():
    raise SystemExit(f"CLUSTERS DIFFER: {((a < 0) != (b < 0)).sum():,} points are noise on one side only")
pairs = np.unique(np.column_stack([a[core], b[core]]), axis=0)
if len(pairs) != len(np.unique(pairs[:, 0])) or len(pairs) != len(np.unique(pairs[:, 1])) or (pairs < 0).any():
    raise SystemExit(f"CLUSTERS DIFFER: core points' clusters do not correspond one to one ({len(pairs):,} pairs for "
                     f"{len(np.unique(a[core])):,} gridpin and {len(np.unique(b[core])):,} sklearn clusters)")
if len(pairs) != a.max() + 1 or len(pairs) != b.max() + 1:
    raise SystemExit(f"CLUSTERS DIFFER: {a.max() + 1:,} clusters in gridpin, {b.max() + 1:,} in sklearn, {len(pairs):,} with core points")
border = ((a >= 0) & ~core).sum()
moved = ((a >= 0) & ~core & (pd.Series(b).map(dict(zip(pairs[:, 1], pairs[:, 0]))).to_numpy() != a)).sum()

phases = [h.peer_phases(r) for r in got["sklearn"]]
ours_s = h.median([r["seconds"] for r in got["gridpin"]])
peer_work = h.median([p["work"] for p in phases])
peer_fit = h.median([p["fit"] for p in phases])
h.save("clusters", {
    "pair": "clusters", "points": n, "eps": float(eps), "min_points": int(min_points), "load": load, "runs": h.runs(),
    "gridpin_s": [r["seconds"] for r in got["gridpin"]], "gridpin_mib": max(r["peak_mib"] for r in got["gridpin"]),
    "peer": f"scikit-learn DBSCAN ({algorithm}, n_jobs=-1)", "peer_probe": probe["fits"],
    "peer_s": [p["work"] for p in phases], "peer_fit_s": [p["fit"] for p in phases],
    "peer_process_s": [r["seconds"] for r in got["sklearn"]], "peer_mib": max(r["peak_mib"] for r in got["sklearn"]),
    "gridpin_whole_s": whole["seconds"], "gridpin_whole_mib": whole["peak_mib"],
    "gridpin_median": ours_s, "peer_median": peer_work, "peer_fit_median": peer_fit, "ratio": peer_work / ours_s,
    "checked": f"{int(a.max() + 1):,} clusters, {int((a < 0).sum()):,} noise points and {int(core.sum()):,} core points "
               f"agree; {int(moved):,} of {int(border):,} border points joined another cluster",
})
print(f"clusters {n:,} points: gridpin {ours_s:.2f} s, sklearn {peer_work:.2f} s (fit {peer_fit:.2f} s) → {peer_work / ours_s:.1f}×; "
      f"{a.max() + 1:,} clusters agree")
