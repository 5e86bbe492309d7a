# Two commands do all the set-up on a fresh Debian machine with Python 3.11:
#   make run    build every sample profile in profiles/ into output/
#   make test   install what the tests need and run them
# and one more opens the web editor on the samples:
#   make serve  policy-pack serve profiles
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

# Debian packages: Pango for WeasyPrint's layout, HarfBuzz's subsetter so fonts are
# subset natively (about 0.35 s less per PDF), Cairo for cairosvg (the DOCX logo), and
# DejaVu as the system's fallback font (the PDF itself uses the bundled Noto Sans).
# Both also need npm, for the editor's assets (Debian's nodejs and npm only when no npm is
# on the PATH: a Node.js from elsewhere already carries one).
DEB_RUN  := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libcairo2 fonts-dejavu-core
# The tests also need: Chromium for the HTML audit (axe-core), LibreOffice to open the
# DOCX files, poppler to read PDF text, git for the team editor's history, and nginx
# for the reverse-proxy test (issue 29).
DEB_TEST := $(DEB_RUN) poppler-utils chromium libreoffice-writer-nogui git nginx-light

.PHONY: run serve test check lint bench assets words dist deps-run deps-test clean

run: deps-run $(VENV)/.run-installed assets
	$(BIN)/policy-pack build
	@echo
	@echo "The packs are in output/, one folder per department. Open this one first:"
	@echo "  output/dwp/dwp-social-media-policy.html (in a browser; the PDF and DOCX beside it are the same policy)"

# The web editor on the sample profiles (policy-pack serve: see its --help for --port and
# --no-browser).
serve: deps-run $(VENV)/.run-installed assets
	$(BIN)/policy-pack serve profiles

# Tests run in parallel, one pytest-xdist worker per core; worksteal, as a few tests take a
# minute and would otherwise finish alone. The 15 slowest are named at the end.
PYTEST := $(BIN)/python -m pytest -n auto --dist worksteal

test: deps-test $(VENV)/.test-installed node_modules/.npm-installed assets lint
	$(PYTEST) --durations=15

# The loop between edits, in under 2 minutes: lint, strict typing, the import contracts, and
# every test that renders no pack and drives no LibreOffice or browser (see tests/conftest.py).
check: lint
	$(PYTEST) -m "not renders" -q

# The layout's fixed words, `w("...")` in the code and templates, extracted for the Welsh
# catalogue (templates/words/README.md says how to add a message and its Welsh).
words: $(VENV)/.test-installed
	$(BIN)/pybabel extract -F templates/words/babel.cfg -k w -k N_ --no-location \
	  --omit-header --sort-output -o templates/words/messages.pot .

# ruff, strict typing, and the import contracts of pyproject.toml (the layers of generator/).
# --no-cache: import-linter's cache can miss a module that was renamed.
lint: $(VENV)/.test-installed
	$(BIN)/ruff check generator tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

deps-run:
	@./scripts/apt-install.sh $(DEB_RUN)
	@command -v npm >/dev/null || ./scripts/apt-install.sh nodejs npm

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
	@$(PIP_INSTALL) -e '.[serve]'
	@touch $@

$(VENV)/.test-installed: $(VENV)/bin/python pyproject.toml
	@echo "Installing policy-pack and the Python packages its tests use into $(VENV)"
	@$(PIP_INSTALL) -e '.[test,serve]'
	@touch $@ $(VENV)/.run-installed

# axe-core (for the HTML audit), and GOV.UK Frontend, htmx and Sass (for the editor's
# assets), pinned by package-lock.json, from the npm registry. npm ci empties node_modules/
# first, so the mark that it ran is made afterwards.
node_modules/.npm-installed: package.json package-lock.json
	@echo "Installing axe-core, GOV.UK Frontend, htmx and Sass from the npm registry"
	@npm ci --no-audit --no-fund --silent
	@touch $@

# The web editor's CSS, JS and fonts, built from generator/serve/assets/ and node_modules/
# into generator/serve/static/ (not kept in git; packaged in the wheel).
STATIC := generator/serve/static
ASSETS := $(addprefix $(STATIC)/,editor.css editor.js govuk-frontend.min.js htmx.min.js \
	$(addprefix fonts/NotoSans-,Regular.woff2 Bold.woff2 Italic.woff2 BoldItalic.woff2))

# Every url() of the compiled CSS must be a file under static/ (GOV.UK Frontend's own
# images are left out: see generator/serve/assets/_urls.scss).
assets: $(ASSETS)
	@for url in $$(grep -o 'url([^)]*)' $(STATIC)/editor.css | sed -e 's/^url("*//' -e 's/"*)$$//'); do \
	  case "$$url" in \
	    /static/*) test -f "$(STATIC)/$${url#/static/}" || { echo "editor.css names $$url, but $(STATIC)/$${url#/static/} is missing" >&2; exit 1; } ;; \
	    *) echo "editor.css names $$url, which is not under /static/" >&2; exit 1 ;; \
	  esac; \
	done

$(STATIC)/editor.css: generator/serve/assets/editor.scss generator/serve/assets/_urls.scss node_modules/.npm-installed
	@mkdir -p $(@D)
	@node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules $< $@

$(STATIC)/editor.js: generator/serve/assets/editor.js
	@mkdir -p $(@D)
	@cp $< $@

# The source map is not shipped, so its comment goes too.
$(STATIC)/govuk-frontend.min.js: node_modules/.npm-installed
	@mkdir -p $(@D)
	@sed -e 's|//# sourceMappingURL=.*$$||' node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js > $@

$(STATIC)/htmx.min.js: node_modules/.npm-installed
	@mkdir -p $(@D)
	@cp node_modules/htmx.org/dist/htmx.min.js $@

# The bundled Noto Sans as WOFF2 (fontTools, with Brotli: both come with WeasyPrint),
# about a third of the TTF's size.
$(STATIC)/fonts/%.woff2: templates/fonts/%.ttf $(VENV)/.run-installed
	@mkdir -p $(@D)
	@$(BIN)/python -m fontTools.ttLib.woff2 compress --quiet -o $@ $<

# The wheel and sdist in dist/, with the editor's compiled assets inside (`build` runs in
# an isolated environment it fetches setuptools into from PyPI). Its log (setuptools'
# notes that generator/serve/static/, made by `make assets` and so not in git, is data
# rather than a package) is kept in .venv/dist.log and printed only when the build fails.
dist: deps-run $(VENV)/.run-installed assets
	@$(PIP_INSTALL) 'build>=1.2'
	@rm -rf dist
	@echo "Building the wheel and sdist (log: $(VENV)/dist.log)"
	@$(BIN)/python -m build > $(VENV)/dist.log 2>&1 || { cat $(VENV)/dist.log; exit 1; }
	@echo "Wrote:" && ls -1 dist/* | sed 's/^/  /'

clean:
	rm -rf output/*/ output/.policy-pack-cache.json $(VENV) dist $(STATIC)

# Speed figures, measured side by side in one run (see docs/performance.md): packs, the
# editor, the team editor with 20 people signed in, a long history; the last part
# times `make test` in a fresh clone (about 10 minutes) and `make check`.
bench: deps-test $(VENV)/.test-installed assets
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_serve.py
	$(BIN)/python scripts/bench_team.py
	$(BIN)/python scripts/bench_history.py
	$(BIN)/python scripts/bench_suite.py
	$(BIN)/python scripts/bench_site.py
