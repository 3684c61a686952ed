# The two commands of the README. Everything else is an implementation detail of these.
#   make serve   install what is needed, build the site with the bundled data and serve it on localhost:8000
#   make test    install what is needed and run the whole test suite
#   make check   the pull-request checks against BASE (default origin/main, else main), as the workflow runs them
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: serve test build validate check install clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

install: $(VENV)/.installed node_modules/.package-lock.json

validate: $(VENV)/.installed
	$(VENV)/bin/x1portal validate

build: install
	$(VENV)/bin/x1portal build

check: install
	$(VENV)/bin/x1portal check $(if $(BASE),--base $(BASE))

serve: build
	@echo "serving on http://localhost:$(PORT)/ (Ctrl+C to stop)"
	$(PY) -m http.server --directory output --bind 127.0.0.1 $(PORT)

test: install
	$(PY) -m pytest

clean:
	rm -rf output .pytest_cache
