"""import and export.

import: `gridpin import` of a 1,000,000-row intake into a fresh ledger, every row located,
assigned and given its due time, in one transaction per file (no peer: rows per second and peak
memory; the target is 200,000 rows/s). On the sample street the intake is its generated grid
reports (UTF-8, WGS 84) and 12345 export (GB18030, GCJ-02); on a city, its issues.

export: 1,000,000 cases as GeoJSON, `gridpin cases --format geojson` against pyogrio writing
the same features (peers/export_pyogrio.py) — alternating, several runs each. gridpin's figure is
its whole process (open the ledger, query, write); pyogrio's is its write_dataframe call alone,
the frame handed to it ready (reading the ledger and building the frame are reported beside it).
Usage: bench/.venv/bin/python bench/import_export.py   (after bench/run made the data)
"""
import os

import harness as h

data = h.dataset()
geodata = data["geodata"]
db = f"{h.DATA}/ledger.sqlite"
NOW, NOW_SECONDS = "2022-09-30T18:00", 1664532000.0  # 2022-09-30 18:00 Beijing time

# import
load = h.load()
rows = data["counts"]["intake"]
runs = []
for i in range(h.runs()):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    seconds, peak = 0.0, 0.0
    for path, *options in data["intake"]:
        r = h.run([h.BIN, "import", path, *options, "--geodata", geodata, "--db", db])
        seconds += r["seconds"]; peak = max(peak, r["peak_mib"])
    runs.append({"seconds": seconds, "peak_mib": peak})
    print(f"  import run {i + 1}/{h.runs()}: {seconds:.2f} s, {rows / seconds:,.0f} rows/s, {peak:.0f} MiB")
import_s = h.median([r["seconds"] for r in runs])

# The storage floor: SQLite alone writing the rows that import filed — INSERT … SELECT from the
# ledger just made into an empty ledger of the same schema, in one transaction, with the import's
# page cache and the ledger's WAL journal (the WHERE clause keeps SQLite from copying records
# whole, which only an empty table of identical layout allows). No reading, locating, assigning
# or binding: no import into this schema can be faster on this machine.
import sqlite3
import time
floor_db = f"{h.DATA}/floor.sqlite"
with sqlite3.connect(db) as c:
    schema = [r[0] for r in c.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
    filed = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("cases", "reports", "refs")}
floors = []
for i in range(h.runs()):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(floor_db + suffix):
            os.remove(floor_db + suffix)
    c = sqlite3.connect(floor_db, isolation_level=None)
    c.execute("PRAGMA journal_mode = WAL")
    for statement in schema:
        c.execute(statement)
    c.execute("PRAGMA cache_size = -65536")
    c.execute("PRAGMA foreign_keys = OFF")
    c.execute("ATTACH ? AS filed", (db,))
    start = time.perf_counter()
    c.execute("BEGIN")
    c.execute("INSERT INTO main.cases SELECT * FROM filed.cases WHERE id > 0")
    c.execute("INSERT INTO main.reports SELECT * FROM filed.reports WHERE id > 0")
    c.execute("INSERT INTO main.refs SELECT * FROM filed.refs WHERE case_id > 0")
    c.execute("COMMIT")
    floors.append(time.perf_counter() - start)
    c.close()
    print(f"  storage floor run {i + 1}/{h.runs()}: {floors[-1]:.2f} s")
os.remove(floor_db)
floor_s = h.median(floors)
h.save("import", {"pair": "import", "rows": rows, "load": load, "runs": h.runs(), "gridpin_s": [r["seconds"] for r in runs],
                  "gridpin_mib": max(r["peak_mib"] for r in runs), "gridpin_median": import_s, "rows_per_s": rows / import_s,
                  "floor_s": floors, "floor_median": floor_s, "floor_rows_per_s": rows / floor_s, "filed": filed})
print(f"import {rows:,} rows: {import_s:.2f} s, {rows / import_s:,.0f} rows/s; SQLite alone writing the same "
      f"{filed['cases']:,} cases, {filed['reports']:,} further reports and {filed['refs']:,} references: {floor_s:.2f} s, "
      f"{rows / floor_s:,.0f} rows/s")

# export, from a ledger of the 1,000,000 clustered problems imported without merging (the import
# above merges most of its rows into open cases: a small street's three months hold ~100,000 cases).
db = os.path.join(data["work"], "cases-1000000.sqlite")
if not os.path.exists(db):
    h.run([h.BIN, "import", data["problems"], "--source", "grid_manager", "--merge-metres", "0", "--merge-days", "0",
           "--geodata", geodata, "--db", db + ".part"])
    os.replace(db + ".part", db)
with sqlite3.connect(db) as c:
    cases = c.execute("SELECT count(*) FROM cases").fetchone()[0]
catalogue = os.path.join(geodata, "catalogue.csv")
if not os.path.exists(catalogue):
    catalogue = os.path.join(h.ROOT, "Resources/catalogue.csv")
ours_out, peer_out = f"{h.DATA}/export-gridpin.geojson", f"{h.DATA}/export-pyogrio.geojson"
load = h.load()
got = h.alternate([
    ("gridpin", [h.BIN, "cases", "--db", db, "--geodata", geodata, "--now", NOW, "--format", "geojson", "-o", ours_out]),
    ("pyogrio", [h.PYTHON, "bench/peers/export_pyogrio.py", db, catalogue, str(NOW_SECONDS), peer_out]),
], h.runs(), f"export {cases:,}")

# The same features: compare the two files' properties, all of them, case by case.
import pandas as pd
import pyogrio
ours = pyogrio.read_dataframe(ours_out, read_geometry=False, use_arrow=False)
peer = pyogrio.read_dataframe(peer_out, read_geometry=False, use_arrow=False)
# gridpin gives each feature its case number as the feature id too.
if "id" in ours.columns and (ours["id"].astype(str) == ours["number"]).all():
    ours = ours.drop(columns="id")
if len(ours) != len(peer) or list(ours.columns) != list(peer.columns):
    raise SystemExit(f"EXPORT DIFFERS: {len(ours):,} features and columns {list(ours.columns)} from gridpin, "
                     f"{len(peer):,} and {list(peer.columns)} from pyogrio")
for column in ours.columns:
    a, b = ours[column], peer[column]
    same = (a.astype(str) == b.astype(str)) | (a.isna() & b.isna())
    if not same.all():
        k = (~same).to_numpy().nonzero()[0][0]
        raise SystemExit(f"EXPORT DIFFERS: {int((~same).sum()):,} features differ in {column}; first: {a.iloc[k]!r} vs {b.iloc[k]!r}")

phases = [h.peer_phases(r) for r in got["pyogrio"]]
ours_s = h.median([r["seconds"] for r in got["gridpin"]])
peer_write = h.median([p["write"] for p in phases])
h.save("export", {
    "pair": "export", "cases": cases, "load": load, "runs": h.runs(),
    "gridpin_s": [r["seconds"] for r in got["gridpin"]], "gridpin_mib": max(r["peak_mib"] for r in got["gridpin"]),
    "peer": "pyogrio.write_dataframe (GeoJSON, RFC 7946)", "peer_s": [p["write"] for p in phases],
    "peer_read_s": [p["read"] for p in phases], "peer_process_s": [r["seconds"] for r in got["pyogrio"]],
    "peer_mib": max(r["peak_mib"] for r in got["pyogrio"]), "gridpin_median": ours_s, "peer_median": peer_write,
    "peer_read_median": h.median([p["read"] for p in phases]), "ratio": peer_write / ours_s,
    "checked": f"{cases:,} features with the same {len(ours.columns)} properties, value for value",
})
print(f"export {cases:,} cases: gridpin {ours_s:.2f} s, pyogrio write {peer_write:.2f} s → {peer_write / ours_s:.1f}×")
