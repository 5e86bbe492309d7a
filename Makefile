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
	@echo
	@echo "The packs are in output/, one folder per department. Open this one first:"
	@echo "  output/dwp/dwp-social-media-policy.html (in a browser; the PDF and DOCX beside it are the same policy)"

test: deps-test $(VENV)/.test-installed node_modules/axe-core/axe.min.js lint
	$(BIN)/python -m pytest

# ruff, strict typing, and the import contracts of pyproject.toml (the layers of generator/).
# --no-cache: import-linter's cache can miss a module that was renamed.
lint: $(VENV)/.test-installed
	$(BIN)/ruff check generator tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

deps-run:
	@./scripts/apt-install.sh $(DEB_RUN)

deps-test:
	@./scripts/apt-install.sh $(DEB_TEST)
	@command -v npm >/dev/null || ./scripts/apt-install.sh nodejs npm

$(VENV)/bin/python:
	@echo "Creating the virtual environment $(VENV)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip

# setuptools announces every editable install with a warning that asks nothing of anyone;
# PYTHONWARNINGS silences that note alone.
PIP_INSTALL := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet

$(VENV)/.run-installed: $(VENV)/bin/python pyproject.toml
	@echo "Installing policy-pack and the Python packages it uses into $(VENV)"
	@$(PIP_INSTALL) -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/bin/python pyproject.toml
	@echo "Installing policy-pack and the Python packages its tests use into $(VENV)"
	@$(PIP_INSTALL) -e '.[test]'
	@touch $@ $(VENV)/.run-installed

# axe-core, pinned by package-lock.json, from the npm registry.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@echo "Installing axe-core (for the HTML audit) from the npm registry"
	@npm ci --no-audit --no-fund --silent
	@touch $@

clean:
	rm -rf output/*/ output/.policy-pack-cache.json $(VENV) dist

# Speed figures, measured side by side in one run (see docs/performance.md).
bench: deps-run $(VENV)/.run-installed
	$(BIN)/python scripts/bench.py
