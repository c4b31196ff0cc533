# Regie — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := src/regie/web/assets
VENDOR := src/regie/web/static/vendor
OUT ?= out
DEMO_SIZE ?= small
DEMO_SERVE ?= 1
PORT ?= 8000
# Debian packages the tests need: headless LibreOffice (recalculates the XLSX models),
# Pango and fonts (WeasyPrint PDFs), poppler (PDF to PNG for visual checks), Chromium
# (browser tests through Playwright; Playwright's own browser download is never used),
# PostgreSQL (the storage tests start a private server beside SQLite).
DEBIAN_PACKAGES := libreoffice-calc-nogui libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
	poppler-utils chromium postgresql

.PHONY: demo test lint format bench i18n system-deps venv clean

$(STAMP): pyproject.toml $(VENDOR)/.built
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps 'pyworkforce==0.3.0'
	touch $(STAMP)

# The web app's browser libraries (htmx, Vega), from the npm registry, bundled with esbuild
# into files the app serves itself: no page fetches anything from another site.
$(VENDOR)/.built: $(ASSETS)/package.json $(ASSETS)/package-lock.json $(ASSETS)/entry.js
	cd $(ASSETS) && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	$(ASSETS)/node_modules/.bin/esbuild $(ASSETS)/entry.js --bundle --minify --format=iife \
	  --legal-comments=linked --log-level=warning --outfile=$(VENDOR)/charts.js
	cp $(ASSETS)/node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	touch $@

venv: $(STAMP)

system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

demo: $(STAMP)
	$(BIN)/regie demo demo --size $(DEMO_SIZE) --force --out $(OUT)
	@echo "The demo's workspace is demo/workspace, e.g.: $(BIN)/regie watch -w demo/workspace --vendor \"Noordzee Klantcontact\""
ifeq ($(DEMO_SERVE),1)
	@echo "Open http://127.0.0.1:$(PORT)/ and log in with one of the users above (Ctrl+C stops)."
	$(BIN)/regie serve -w demo/workspace --port $(PORT)
endif

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

test: system-deps $(STAMP) lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

i18n: $(STAMP)
	$(BIN)/python scripts/update_catalog.py

clean:
	rm -rf $(VENV) $(OUT) demo .mypy_cache .ruff_cache .pytest_cache $(VENDOR) $(ASSETS)/node_modules
