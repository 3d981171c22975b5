"""The GeoPandas peer of `gridpin join`: each point's grid and community by the same rule.

Usage: join_geopandas.py GEODATA POINTS.csv OUT.csv EPSG
Reads the street's boundary, grids and communities (pyogrio) and the points (pandas), keeps the
points the street covers, and writes id,lon,lat,grid,community for them, in input order:
- a point on an edge is in every polygon that covers it (for a point, `intersects` is `covers`),
  and among several grids the lowest code wins;
- community: the grid's own community (its `community` property) when the communities layer has
  it, else the lowest-code community that covers the point;
- a point the street covers but no grid does (a sliver where drawn edges do not quite meet) goes
  to the nearest grid within 1 m, measured in the street's metric system (EPSG), and to that
  grid's community when no community covers it.
Prints one JSON line: the seconds of each phase (after the imports) and the rows written.
"""
import json
import sys
import time

import geopandas as gpd
import numpy as np
import pandas as pd

folder, points_path, out_path, epsg = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
t0 = time.perf_counter()
boundary = gpd.read_file(f"{folder}/boundary.geojson", engine="pyogrio")
grids = gpd.read_file(f"{folder}/grids.geojson", engine="pyogrio", columns=["code", "community"])
communities = gpd.read_file(f"{folder}/communities.geojson", engine="pyogrio", columns=["code"])
table = pd.read_csv(points_path, dtype={"id": str}, usecols=["id", "lon", "lat"])
points = gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326")
t1 = time.perf_counter()

# The street covers the point.
inside = points.sjoin(boundary[["geometry"]], how="inner", predicate="intersects")
points = points.loc[np.unique(inside.index)]

def lowest(layer):
    """Per point, the row of `layer` (sorted by code) with the lowest code among those that cover it."""
    hits = points[["geometry"]].sjoin(layer[["geometry"]], how="inner", predicate="intersects")
    return hits["index_right"].groupby(level=0).min()

# Sorted by code, so that the lowest code is the lowest row; rows compared as integers, not strings.
grids = grids.sort_values("code", ignore_index=True)
communities = communities.sort_values("code", ignore_index=True)
grid_row = lowest(grids).reindex(points.index)
grid_code = grids["code"].to_numpy(dtype=object)
own = grids["community"].where(grids["community"].isin(set(communities["code"])))
grid = pd.Series(np.where(grid_row.notna(), grid_code[grid_row.fillna(0).astype(int)], None), index=points.index, dtype=object)
community = pd.Series(np.where(grid_row.notna(), own.to_numpy(dtype=object)[grid_row.fillna(0).astype(int)], None),
                      index=points.index, dtype=object)
lonely = community.isna()
if lonely.any():
    covering = lowest(communities).reindex(points.index[lonely])
    found = covering.notna()
    community.loc[covering.index[found]] = communities["code"].to_numpy(dtype=object)[covering[found].astype(int)]
slivers = grid.isna()
if slivers.any():
    near = points.loc[slivers, ["geometry"]].to_crs(epsg=epsg).sjoin_nearest(
        grids.to_crs(epsg=epsg)[["code", "community", "geometry"]], how="inner", max_distance=1.0, distance_col="d")
    near = near.reset_index().sort_values(["index", "d", "code"]).drop_duplicates("index").set_index("index")
    grid.loc[near.index] = near["code"]
    still = community.isna() & community.index.isin(near.index)
    community.loc[still] = near.loc[community.index[still], "community"]
result = pd.DataFrame({"grid": grid, "community": community})
t2 = time.perf_counter()

out = pd.DataFrame({"id": points["id"], "lon": points["lon"], "lat": points["lat"],
                    "grid": result["grid"], "community": result["community"]})
out.to_csv(out_path, index=False)
t3 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "join": t2 - t1, "write": t3 - t2, "work": t3 - t0, "rows": len(out)}))
