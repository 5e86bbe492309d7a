# Two commands do all the set-up on a fresh Debian machine with Python 3.11:
#   make run    build every sample profile in profiles/ into output/
#   make test   install what the tests need and run them
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

# Debian packages: Pango for WeasyPrint's layout, HarfBuzz's subsetter so fonts are
# subset natively (about 0.35 s less per PDF), Cairo for cairosvg (the DOCX logo), and
# DejaVu as the system's fallback font (the PDF itself uses the bundled Noto Sans).
DEB_RUN  := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libcairo2 fonts-dejavu-core
# The tests also need: Chromium for the HTML audit (axe-core), LibreOffice to open the
# DOCX files, poppler to read PDF text, and npm to install axe-core (Debian's nodejs and
# npm only when no npm is on the PATH: a Node.js from elsewhere already carries one).
DEB_TEST := $(DEB_RUN) poppler-utils chromium libreoffice-writer-nogui

.PHONY: run test lint bench deps-run deps-test clean

run: deps-run $(VENV)/.run-installed
	$(BIN)/policy-pack build

test: deps-test $(VENV)/.test-installed node_modules/axe-core/axe.min.js
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

deps-run:
	@./scripts/apt-install.sh $(DEB_RUN)

deps-test:
	@./scripts/apt-install.sh $(DEB_TEST)
	@command -v npm >/dev/null || ./scripts/apt-install.sh nodejs npm

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

# axe-core, pinned by package-lock.json, from the npm registry.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

clean:
	rm -rf output/*/ $(VENV)

# Speed figures, measured side by side in one run (see docs/performance.md).
bench: deps-run $(VENV)/.run-installed
	$(BIN)/python scripts/bench.py
