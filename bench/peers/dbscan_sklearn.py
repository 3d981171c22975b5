"""The scikit-learn peer of `gridpin hotspots --method dbscan`: the same points, projected to
the street's metric system, clustered by sklearn.cluster.DBSCAN (min_samples counts the point
itself, as gridpin's --min-points does), labels written as id,cluster (−1 noise).

Usage: dbscan_sklearn.py POINTS.csv EPSG EPS MIN_POINTS ALGORITHM OUT.csv [CORE.npy]
ALGORITHM: kd_tree, ball_tree, or "probe" to time both fits once and print which is faster.
Prints one JSON line: the seconds of each phase (after the imports).
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from pyproj import Transformer
from sklearn.cluster import DBSCAN

path, epsg, eps, min_points, algorithm, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
t0 = time.perf_counter()
table = pd.read_csv(path, dtype={"id": str}, usecols=["id", "lon", "lat"])
x, y = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True).transform(table["lon"].to_numpy(), table["lat"].to_numpy())
xy = np.column_stack([x, y])
t1 = time.perf_counter()
if algorithm == "probe":
    fits = {}
    for a in ("kd_tree", "ball_tree"):
        start = time.perf_counter()
        DBSCAN(eps=eps, min_samples=min_points, algorithm=a, n_jobs=-1).fit(xy)
        fits[a] = time.perf_counter() - start
    print(json.dumps({"fits": fits, "faster": min(fits, key=fits.get)}))
    sys.exit()
model = DBSCAN(eps=eps, min_samples=min_points, algorithm=algorithm, n_jobs=-1).fit(xy)
t2 = time.perf_counter()
pd.DataFrame({"id": table["id"], "cluster": model.labels_}).to_csv(out, index=False)
t3 = time.perf_counter()
if len(sys.argv) > 7:
    core = np.zeros(len(xy), dtype=bool)
    core[model.core_sample_indices_] = True
    np.save(sys.argv[7], core)
print(json.dumps({"read": t1 - t0, "fit": t2 - t1, "write": t3 - t2, "work": t3 - t0,
                  "clusters": int(model.labels_.max() + 1), "noise": int((model.labels_ < 0).sum())}))
