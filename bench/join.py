"""join: `gridpin join POINTS -o OUT.csv --columns grid,community` against GeoPandas
(peers/join_geopandas.py) on the same points and street, alternating, several runs each; then
every row's grid and community are compared, and any difference fails the benchmark. Both write
the same CSV: id, lon, lat, grid, community.

The join itself is measured inside each side. gridpin's `--timings` gives its start-up (reading
the street, building the locator), the join phase (input opened to last row written) and the
workers' time locating (converting, finding the cell, exact tests), summed over the workers;
GeoPandas's peer gives its sjoin-and-rules phase. Points per second in locating are the points
over the locating time of one worker (the sum ÷ the workers, which run at once). One more run
of gridpin writes every location column, for the record.

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
load = h.load()
got = h.alternate([
    ("gridpin", [h.BIN, "join", points, "--geodata", geodata, "-o", ours_out, "--columns", "grid,community", "--timings", "-"]),
    ("geopandas", [h.PYTHON, "bench/peers/join_geopandas.py", geodata, points, peer_out, epsg]),
], h.runs(), f"join {n:,}")
# Every location column, once: what a join costs that answers roads, markets, schools and the rest.
every = h.run([h.BIN, "join", points, "--geodata", geodata, "-o", f"{h.DATA}/join-gridpin-every-column.csv", "--timings", "-"])
every_t = h.gridpin_timings(every)

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
timings = [h.gridpin_timings(r) for r in got["gridpin"]]
ours_s = h.median([r["seconds"] for r in got["gridpin"]])
peer_work = h.median([p["work"] for p in phases])
locating = [n / (t["locate_s"] / t["workers"]) for t in timings]
phase = [n / t["join_s"] for t in timings]
h.save(f"join-{n}", {
    "pair": "join", "points": n, "placed": len(ours), "load": load, "runs": h.runs(),
    "gridpin_s": [r["seconds"] for r in got["gridpin"]], "gridpin_mib": max(r["peak_mib"] for r in got["gridpin"]),
    "peer": "GeoPandas sjoin", "peer_s": [p["work"] for p in phases], "peer_process_s": [r["seconds"] for r in got["geopandas"]],
    "peer_join_s": [p["join"] for p in phases], "peer_mib": max(r["peak_mib"] for r in got["geopandas"]),
    "gridpin_median": ours_s, "peer_median": peer_work, "ratio": peer_work / ours_s,
    "points_per_s": n / ours_s, "timings": timings,
    "startup_s": [t["start_up_s"] for t in timings], "join_phase_s": [t["join_s"] for t in timings],
    "locate_s": [t["locate_s"] / t["workers"] for t in timings], "workers": timings[0]["workers"],
    "locate_points_per_s": h.median(locating), "join_phase_points_per_s": h.median(phase),
    "peer_join_points_per_s": n / h.median([p["join"] for p in phases]),
    "every_column": {"seconds": every["seconds"], "peak_mib": every["peak_mib"], "timings": every_t,
                     "locate_points_per_s": n / (every_t["locate_s"] / every_t["workers"])},
    "checked": f"{len(ours):,} rows: grid and community equal row for row",
})
print(f"join {n:,} points: gridpin {ours_s:.2f} s ({n / ours_s:,.0f} points/s; locating {h.median(locating):,.0f} points/s, "
      f"the join phase {h.median(phase):,.0f} points/s), GeoPandas {peer_work:.2f} s → {peer_work / ours_s:.1f}×; {len(ours):,} rows agree")
