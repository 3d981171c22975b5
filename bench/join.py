"""join: `gridpin join POINTS -o OUT.csv` against GeoPandas (peers/join_geopandas.py) on the same
points and street, alternating, several runs each; then every row's grid and community are
compared, and any difference fails the benchmark.

The join itself is gridpin's whole process less its start-up (reading the street's layers and
building the locator), which is timed in the same alternation by joining a file of one point.

Usage: bench/.venv/bin/python bench/join.py [POINTS_KEY]   (after bench/run made the data)
"""
import os
import sys

import pandas as pd

import harness as h

key = sys.argv[1] if len(sys.argv) > 1 else "join_points"
data = h.dataset()
points, geodata, epsg = data[key], data["geodata"], str(data["epsg"])
n = data["counts"][key]
ours_out, peer_out = f"{h.DATA}/join-gridpin.csv", f"{h.DATA}/join-geopandas.csv"
one_point = f"{h.DATA}/join-one-point.csv"
with open(points, encoding="utf-8") as f, open(one_point, "w", encoding="utf-8") as out:
    out.write(f.readline() + f.readline())
load = h.load()
got = h.alternate([
    ("gridpin", [h.BIN, "join", points, "--geodata", geodata, "-o", ours_out]),
    ("gridpin start-up", [h.BIN, "join", one_point, "--geodata", geodata, "-o", f"{h.DATA}/join-one-point-out.csv"]),
    ("geopandas", [h.PYTHON, "bench/peers/join_geopandas.py", geodata, points, peer_out, epsg]),
], h.runs(), f"join {n:,}")

# Row for row: the same points placed, in the same order, with the same grid and community.
ours = pd.read_csv(ours_out, dtype=str, usecols=["id", "grid", "community"], keep_default_na=False)
peer = pd.read_csv(peer_out, dtype=str, usecols=["id", "grid", "community"], keep_default_na=False)
if len(ours) != len(peer) or not (ours["id"].to_numpy() == peer["id"].to_numpy()).all():
    extra, missing = set(ours["id"]) - set(peer["id"]), set(peer["id"]) - set(ours["id"])
    raise SystemExit(f"JOIN DIFFERS: gridpin placed {len(ours):,} points, GeoPandas {len(peer):,}; "
                     f"only gridpin: {sorted(extra)[:5]}, only GeoPandas: {sorted(missing)[:5]}")
for column in ("grid", "community"):
    differ = ours[column].to_numpy() != peer[column].to_numpy()
    if differ.any():
        rows = pd.concat([ours[differ].head(5), peer[differ].head(5)[[column]].add_prefix("geopandas_")], axis=1)
        raise SystemExit(f"JOIN DIFFERS: {differ.sum():,} rows have another {column}:\n{rows}")

phases = [h.peer_phases(r) for r in got["geopandas"]]
ours_s = h.median([r["seconds"] for r in got["gridpin"]])
start_s = h.median([r["seconds"] for r in got["gridpin start-up"]])
peer_work = h.median([p["work"] for p in phases])
h.save(f"join-{n}", {
    "pair": "join", "points": n, "placed": len(ours), "load": load, "runs": h.runs(),
    "gridpin_s": [r["seconds"] for r in got["gridpin"]], "gridpin_mib": max(r["peak_mib"] for r in got["gridpin"]),
    "peer": "GeoPandas sjoin", "peer_s": [p["work"] for p in phases], "peer_process_s": [r["seconds"] for r in got["geopandas"]],
    "peer_join_s": [p["join"] for p in phases], "peer_mib": max(r["peak_mib"] for r in got["geopandas"]),
    "gridpin_median": ours_s, "peer_median": peer_work, "ratio": peer_work / ours_s,
    "points_per_s": n / ours_s, "startup_s": [r["seconds"] for r in got["gridpin start-up"]], "startup_median": start_s,
    "join_points_per_s": n / (ours_s - start_s), "checked": f"{len(ours):,} rows: grid and community equal row for row",
})
print(f"join {n:,} points: gridpin {ours_s:.2f} s ({n / ours_s:,.0f} points/s; start-up {start_s:.2f} s, the join itself "
      f"{n / (ours_s - start_s):,.0f} points/s), GeoPandas {peer_work:.2f} s "
      f"→ {peer_work / ours_s:.1f}×; {len(ours):,} rows agree")
