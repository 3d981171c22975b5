"""Makes the benchmark's data (once; kept in bench/data/) and writes bench/data/dataset.json.

When this gridpin has `synth city`, the street is a 20,000-grid synthetic city and the points are
its issues; otherwise the bundled sample street (geodata/) with its generated intake. Either way:
- join: `gridpin synth points` over the street's bounding box (1,000,000; 5,000,000 too with
  BENCH_BIG=1), those outside the street rejected by both sides;
- clusters: 1,000,000 clustered problems (id, lon, lat, category, reported_at); Gi*: the first
  100,000 of them;
- import: a 1,000,000-row intake; export: the ledger that import writes.
DBSCAN's eps is set from the street's area so that a uniform spread would have about two points
within eps of each point (clusters are where problems crowd); Gi*'s cell so that about 100,000
square bins cover the street.
"""
import csv
import json
import math
import os
import subprocess
import sys

import geopandas as gpd

import harness as h

MILLION = 1_000_000
big = os.environ.get("BENCH_BIG") == "1"


def gridpin(*args):
    subprocess.run([h.BIN, *args], check=True, cwd=h.ROOT, stdout=subprocess.DEVNULL)


def has_city():
    out = subprocess.run([h.BIN, "synth", "--help"], check=True, capture_output=True, text=True).stdout
    return any(line.split()[:1] == ["city"] for line in out.splitlines())


def first_rows(source, target, n, columns):
    """The first n data rows of a CSV, with `columns` (new name: old name) in that order."""
    with open(source, newline="", encoding="utf-8") as f, open(target + ".part", "w", newline="", encoding="utf-8") as out:
        reader = csv.DictReader(f)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns.keys())
        count = 0
        for row in reader:
            if count == n:
                break
            writer.writerow([row[old] for old in columns.values()])
            count += 1
    if count < n:
        raise SystemExit(f"{source} has only {count:,} rows, {n:,} wanted")
    os.replace(target + ".part", target)


def main():
    os.makedirs(h.DATA, exist_ok=True)
    if has_city():
        name, folder = "city", os.path.join(h.DATA, "city-20000")
        issues = 5 * MILLION if big else MILLION
        marker = os.path.join(folder, f"issues-{issues}.done")
        if not os.path.exists(marker):
            sys.stderr.write(f"gridpin synth city --grids 20000 --issues {issues:,} …\n")
            gridpin("synth", "city", "--grids", "20000", "--issues", str(issues), "--seed", "1", "-o", folder)
            open(marker, "w").close()
        geodata, work = folder, folder
        problems = os.path.join(work, f"problems-{MILLION}.csv")
        if not os.path.exists(problems):
            first_rows(os.path.join(folder, "issues.csv"), problems, MILLION,
                       {"id": "id", "lon": "lon", "lat": "lat", "category": "category", "reported_at": "reported_at"})
        intake = [[problems, "--source", "grid_manager"]]
        description = "a synthetic city of 20,000 grids (gridpin synth city --grids 20000 --seed 1)"
    else:
        name, geodata, work = "sample", os.path.join(h.ROOT, "geodata"), os.path.join(h.DATA, "sample")
        os.makedirs(work, exist_ok=True)
        problems = os.path.join(work, f"problems-{MILLION}.csv")
        if not os.path.exists(problems):
            # About 70.8 % of an intake are grid reports (WGS 84): 1,420,000 give over a million.
            folder = os.path.join(work, "intake-1420000")
            sys.stderr.write("gridpin synth intake -n 1,420,000 …\n")
            gridpin("synth", "intake", "-n", "1420000", "-o", folder)
            first_rows(os.path.join(folder, "grid-reports.csv"), problems, MILLION,
                       {"id": "source_ref", "lon": "lon", "lat": "lat", "category": "category", "reported_at": "reported_at"})
        folder = os.path.join(work, f"intake-{MILLION}")
        if not os.path.exists(os.path.join(folder, "12345-export.csv")):
            sys.stderr.write("gridpin synth intake -n 1,000,000 …\n")
            gridpin("synth", "intake", "-n", str(MILLION), "-o", folder)
        intake = [[os.path.join(folder, "grid-reports.csv"), "--source", "grid_manager"],
                  [os.path.join(folder, "12345-export.csv"), "--crs", "gcj02", "--source", "hotline_12345"]]
        description = "the bundled sample street (geodata/, 47 grids)"

    # Gi* needs counts in bins, not many points: the first 100,000 problems, so that gridpin's
    # time is mostly its Gi* (the peer is handed the counts and reads no points at all).
    gistar_points = os.path.join(work, "problems-100000.csv")
    if not os.path.exists(gistar_points):
        first_rows(problems, gistar_points, 100_000, {k: k for k in ["id", "lon", "lat", "category", "reported_at"]})
    counts = {"gistar_points": 100_000}
    joins = {}
    for n in [MILLION] + ([5 * MILLION] if big else []):
        path = os.path.join(work, f"points-{n}.csv")
        if not os.path.exists(path):
            sys.stderr.write(f"gridpin synth points -n {n:,} …\n")
            gridpin("synth", "points", "-n", str(n), "--seed", "1", "--geodata", geodata, "-o", path)
        key = "join_points" if n == MILLION else f"join_points_{n}"
        joins[key] = path
        counts[key] = n
    counts["problems"] = MILLION
    counts["intake"] = sum(sum(1 for _ in open(f[0], "rb")) - 1 for f in intake)

    boundary = gpd.read_file(os.path.join(geodata, "boundary.geojson"), engine="pyogrio")
    env = boundary.total_bounds
    cm = round((env[0] + env[2]) / 2 / 3) * 3
    epsg = 4534 + (cm - 75) // 3
    area = float(boundary.to_crs(epsg=epsg).area.sum())
    eps = round(math.sqrt(2.2 * area / (math.pi * MILLION)), 2)
    cell = round(math.sqrt(area / 100_000), 2)
    description += f", {area / 1e6:.2f} km²"
    dataset = {"name": name, "description": description, "geodata": geodata, "work": work, "epsg": epsg,
               "area_m2": area, "problems": problems, "gistar_points": gistar_points, "intake": intake, "counts": counts,
               "dbscan": {"eps": eps, "min_points": 8}, "gistar": {"cell": cell, "band": round(1.5 * cell, 4)}, **joins}
    with open(os.path.join(h.DATA, "dataset.json"), "w") as f:
        json.dump(dataset, f, indent=1)
    sys.stderr.write(f"data: {description}; EPSG:{epsg}; DBSCAN eps {eps} m; Gi* cell {cell} m\n")


if __name__ == "__main__":
    main()
