"""The PySAL peer of `gridpin hotspots --method gistar`: Getis-Ord Gi* on the same bins with the
same counts, through esda.G_Local(y, w, transform='B', star=True) (the bin itself included,
binary weights), z-scores only (permutations=0: gridpin draws no permutations either).

Usage: gistar_esda.py BINS.geojson CELL BAND OUT.npy
Reads the bins gridpin wrote with --all (properties `bin` = "column_row" and `count`), puts each
bin's centre at ((column + ½)·cell, (row + ½)·cell) in metres, and builds the weights with
libpysal's DistanceBand(threshold=band, binary=True) on those centres. The reading is not timed;
the weights and G_Local are. Writes the z-scores in the file's order and prints one JSON line.
"""
import json
import sys
import time
import warnings

import numpy as np
import pyogrio
from esda.getisord import G_Local
from libpysal.weights import DistanceBand

path, cell, band, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
table = pyogrio.read_dataframe(path, columns=["bin", "count"], read_geometry=False)
cr = table["bin"].str.split("_", expand=True).astype(np.int64).to_numpy()
centres = (cr + 0.5) * cell
y = table["count"].to_numpy(dtype=float)
t0 = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # islands and the like are reported, not errors
    w = DistanceBand(centres, threshold=band, binary=True, silence_warnings=True)
t1 = time.perf_counter()
g = G_Local(y, w, transform="B", star=True, permutations=0)
t2 = time.perf_counter()
np.save(out, g.Zs)
print(json.dumps({"weights": t1 - t0, "g_local": t2 - t1, "work": t2 - t0, "bins": len(y)}))
