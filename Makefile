# wpskg: `make demo` sets up and runs the main job; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
WPSKG := $(VENV)/bin/wpskg

.PHONY: demo test lint fuzz bench clean

FUZZ_SECONDS ?= 300

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(WPSKG) build
	$(WPSKG) validate
	$(WPSKG) query funders --param country=ML --param theme=gbv --format table
	$(WPSKG) query gaps --param kind=plan-no-budget --format csv

test: $(VENV)/.test-installed
	$(PY) -m pytest -q

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check src tests scripts benchmarks fuzz
	$(VENV)/bin/ruff format --check src tests scripts benchmarks fuzz

fuzz: $(VENV)/.test-installed
	PYTHON=$(PY) fuzz/run.sh $(FUZZ_SECONDS)

bench: $(VENV)/.test-installed
	$(PY) benchmarks/bench.py --plans 100
	$(PY) benchmarks/load.py

clean:
	rm -rf $(VENV) dist .pytest_cache
