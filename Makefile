# gridpin — the two commands: `make demo` and `make test`. Both install what is missing.
SWIFT ?= swift
APT_PACKAGES = libgeos-dev libproj-dev proj-data libsqlite3-dev pkg-config
BIN = .build/release/gridpin
OUT = out

.PHONY: demo test deps test-deps build bench clean

# Installs the system libraries with apt-get when pkg-config cannot find them.
deps:
	@if ! pkg-config --exists geos proj sqlite3 2>/dev/null || ! [ -f /usr/share/proj/proj.db ]; then \
		echo "installing $(APT_PACKAGES) …"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

# The tests also read gridpin's GeoJSON back with GDAL's ogrinfo (gdal-bin).
test-deps: deps
	@if ! [ -x /usr/bin/ogrinfo ]; then \
		echo "installing gdal-bin …"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gdal-bin >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product gridpin

demo: build
	@mkdir -p $(OUT)
	$(BIN) check geodata
	$(BIN) locate --lon 108.50122 --lat 34.294608 --category 0506 --at 2022-09-30T10:00
	$(BIN) synth points -n 20000 -o $(OUT)/sample-points.csv --seed 7
	$(BIN) join $(OUT)/sample-points.csv -o $(OUT)/sample-located.csv
	$(BIN) join $(OUT)/sample-points.csv -o $(OUT)/sample-located.geojson
	@rm -f $(OUT)/demo.sqlite $(OUT)/demo.sqlite-wal $(OUT)/demo.sqlite-shm
	$(BIN) synth intake -o $(OUT)/intake
	$(BIN) import $(OUT)/intake/grid-reports.csv --source grid_manager --db $(OUT)/demo.sqlite
	$(BIN) import $(OUT)/intake/12345-export.csv --crs gcj02 --source hotline_12345 --db $(OUT)/demo.sqlite
	$(BIN) import $(OUT)/intake/12345-export.csv --crs gcj02 --source hotline_12345 --db $(OUT)/demo.sqlite
	$(BIN) synth history --db $(OUT)/demo.sqlite --until 2022-09-30T18:00
	$(BIN) stats --db $(OUT)/demo.sqlite --by unit --now 2022-09-30T18:00
	$(BIN) stats --db $(OUT)/demo.sqlite --circular --now 2022-09-30T18:00 -o $(OUT)/circular.md
	$(BIN) cases --db $(OUT)/demo.sqlite --now 2022-09-30T18:00 --format geojson -o $(OUT)/cases.geojson
	$(BIN) hotspots --db $(OUT)/demo.sqlite --method dbscan --eps 25 --min-points 10 --category 9301,0504 -o $(OUT)/hotspots-markets.geojson
	$(BIN) hotspots --db $(OUT)/demo.sqlite --method gistar --cell 100 --fdr -o $(OUT)/hotspots-gistar.geojson
	$(BIN) hotspots --db $(OUT)/demo.sqlite --method emerging --cell 100 --step week -o $(OUT)/hotspots-emerging.geojson
	$(BIN) sweeps --db $(OUT)/demo.sqlite --now 2022-09-30T18:00 --since 2022-09-01 --eps 30 --min-points 6 --per-day 3 -o $(OUT)/sweeps.geojson --plan $(OUT)/sweeps.md
	$(BIN) sweeps --db $(OUT)/demo.sqlite --review 2022-09-01 --since 2022-08-01 --eps 30 --min-points 6 --weeks 4
	@echo
	@echo "Outputs in $(OUT)/: sample-located.csv and .geojson (20,000 random points joined to the street; the"
	@echo "points outside it in sample-located.rejects.csv); intake/ (a July-September 2022 intake: grid reports and"
	@echo "a GB18030 12345 export, imported twice to show that the second time adds nothing); demo.sqlite (the"
	@echo "ledger); circular.md (the lagging-units circular); cases.geojson (every case, styled, for geojson.io or QGIS);"
	@echo "hotspots-markets.geojson (DBSCAN clusters of stall spillover and trading outside shops) and"
	@echo "hotspots-gistar.geojson (Gi* hot and cold 100 m bins, Benjamini-Hochberg at 5%) and"
	@echo "hotspots-emerging.geojson (how each bin's hot or cold spot changed week by week); sweeps.geojson and"
	@echo "sweeps.md (the joint sweep plan for the September clusters: routes, numbered stops and the hand-out)."

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

# Builds release, makes bench/.venv with the pinned peers, runs every pair, writes bench/RESULTS.md.
bench: build
	bash bench/run

clean:
	rm -rf .build $(OUT)
