"""The pyogrio peer of `gridpin cases --format geojson`: the same cases, read from the SQLite
ledger with Python's sqlite3, made into a GeoDataFrame with the same properties (the case
columns, catalogue names, Beijing-time ISO times, overdue at NOW, and the simplestyle marker
colour, size, title and description) and written as GeoJSON by pyogrio.write_dataframe.

Usage: export_pyogrio.py LEDGER.sqlite CATALOGUE.csv NOW_SECONDS OUT.geojson
Prints one JSON line: seconds to read and build the frame, and to write it (the export itself).
"""
import json
import sqlite3
import sys
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

ledger, catalogue_path, now, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
STATUS_ZH = {"reported": "已上报", "registered": "已立案", "dispatched": "已派遣", "handled": "已处置",
             "closed": "已结案销号", "void": "已作废", "parked": "挂账"}
PALETTE = ["#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6",
           "#bcf60c", "#fabebe", "#008080", "#e6beff", "#9a6324", "#fffac8", "#800000", "#aaffc3",
           "#808000", "#ffd8b1", "#000075", "#808080"]

t0 = time.perf_counter()
catalogue = pd.read_csv(catalogue_path, comment="#", dtype={"code": str})
with sqlite3.connect(ledger) as db:
    c = pd.read_sql_query(
        "SELECT number, category, status, lead, support, rule, grid, community, compound, road, market, site, school, venue, "
        "office_group, source, source_ref, reports, reported_at, due_at, closed_at, reworks, lon, lat, reason "
        "FROM cases ORDER BY reported_at, id", db)
names = catalogue.set_index("code")


def iso(seconds):
    """Seconds since 1970 as Beijing-time ISO 8601 with the offset, as gridpin writes them."""
    text = pd.to_datetime(seconds + 8 * 3600, unit="s").dt.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"
    return text.where(seconds.notna(), None)


is_open = ~c["status"].isin(["closed", "void"])
overdue = is_open & (c["status"] != "parked") & (c["due_at"] < now)
name, name_en = c["category"].map(names["name"]), c["category"].map(names["name_en"])
due = iso(c["due_at"])
palette_index = c["category"].map(pd.Series(np.arange(len(catalogue)), index=catalogue["code"])).fillna(0).astype(int) % len(PALETTE)
frame = gpd.GeoDataFrame({
    "number": c["number"], "category": c["category"], "category_name": name, "category_name_en": name_en,
    "action": c["category"].map(names["action"]), "status": c["status"], "lead": c["lead"], "support": c["support"],
    "rule": c["rule"], "grid": c["grid"], "community": c["community"], "compound": c["compound"], "road": c["road"],
    "market": c["market"], "site": c["site"], "school": c["school"], "venue": c["venue"], "office_group": c["office_group"],
    "source": c["source"], "source_ref": c["source_ref"], "reports": c["reports"], "reported_at": iso(c["reported_at"]),
    "due_at": due, "closed_at": iso(c["closed_at"]), "overdue": overdue, "reworks": c["reworks"],
    "lon": c["lon"].round(7), "lat": c["lat"].round(7), "reason": c["reason"],
    "marker-color": np.array(PALETTE)[palette_index.to_numpy()], "marker-size": np.where(overdue, "large", "medium"),
    "title": c["number"] + " " + name.fillna(c["category"]) + " " + name_en.fillna(""),
    "description": c["status"].map(STATUS_ZH) + " " + c["status"] + " · 牵头 lead " + c["lead"] + " · 期限 due " + due,
}, geometry=gpd.points_from_xy(c["lon"], c["lat"]), crs="EPSG:4326")
t1 = time.perf_counter()
# RFC 7946 GeoJSON, 7 decimals as gridpin writes (about 1 cm).
pyogrio.write_dataframe(frame, out, driver="GeoJSON", layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": "7"})
t2 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "write": t2 - t1, "work": t2 - t0, "features": len(frame)}))
