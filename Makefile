# The two commands of the README. Everything else is an implementation detail of these.
#   make serve      install what is needed, build the site with the bundled data and serve it on localhost:8000
#   make test       install what is needed (venv, npm, Debian's chromium and a JRE) and run the whole test suite
#   make test-fast  the quick loop while developing: unit and js tests with the linters, no site build, no browser
#   make check      the pull-request checks against BASE (default origin/main, else main), as the workflow runs them
#   make test CLOCK=+5y   the suite with the clock moved ahead (Debian's faketime; any FAKETIME offset: +400d, +1y)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
X1 := $(VENV)/bin/x1portal
PORT ?= 8000
CLOCK ?=
# every process of the suite (Python, Node, Chromium, Java) sees the moved clock
AT_CLOCK := $(if $(CLOCK),faketime -f '$(CLOCK)')
# pre-commit's hook environments come from PyPI: installed before the suite, on the real clock (TLS certificates
# are checked against it), into one cache that the tests' sandbox clones share
PRE_COMMIT_HOME ?= $(CURDIR)/.cache/pre-commit
export PRE_COMMIT_HOME

.PHONY: serve test test-fast test-tools lint build validate check install clean

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

install: $(VENV)/.installed node_modules/.package-lock.json

# Debian's chromium (the browser tests drive it; never a downloaded browser) and a Java runtime (Nu Html Checker)
test-tools:
	scripts/install-test-tools.sh

validate: $(VENV)/.installed
	$(X1) validate

build: install
	$(X1) build

check: install
	$(X1) check $(if $(BASE),--base $(BASE)) $(if $(SUMMARY),--summary $(SUMMARY))

serve: build
	$(X1) serve --port $(PORT)

test: install test-tools
	$(VENV)/bin/pre-commit install-hooks
	$(AT_CLOCK) $(PY) -m pytest

test-fast: install
	$(AT_CLOCK) $(PY) -m pytest -m "unit or js"

lint: install
	$(PY) -m pytest tests/test_lint.py

clean:
	rm -rf output .pytest_cache
