# gridpin — the two commands: `make demo` and `make test`. Both install what is missing.
SWIFT ?= swift
APT_PACKAGES = libgeos-dev libproj-dev proj-data libsqlite3-dev pkg-config
BIN = .build/release/gridpin
OUT = out

.PHONY: demo test deps build bench clean

# Installs the system libraries with apt-get when pkg-config cannot find them.
deps:
	@if ! pkg-config --exists geos proj sqlite3 2>/dev/null || ! [ -f /usr/share/proj/proj.db ]; then \
		echo "installing $(APT_PACKAGES) …"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product gridpin

demo: build
	@mkdir -p $(OUT)
	$(BIN) check geodata
	$(BIN) locate --lon 108.5005 --lat 34.3010
	$(BIN) synth points -n 20000 -o $(OUT)/sample-points.csv --seed 7
	$(BIN) join $(OUT)/sample-points.csv -o $(OUT)/sample-located.csv
	$(BIN) join $(OUT)/sample-points.csv -o $(OUT)/sample-located.geojson
	@echo
	@echo "Outputs in $(OUT)/: sample-located.csv, sample-located.geojson (open in QGIS or geojson.io),"
	@echo "and sample-located.rejects.csv (points outside the street, with their line and reason)."

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: build
	bash bench/join

clean:
	rm -rf .build $(OUT)
