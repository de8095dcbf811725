# Massalia — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Test processes side by side (pytest-xdist): one per core by default. Tests marked with one
# xdist_group run on one worker (they share a module fixture, such as a served demo).
TEST_WORKERS ?= auto

.PHONY: demo test lint bench install install-dev messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed messages
install-dev: $(VENV)/.installed-dev messages

## The message catalogues (English, Arabic), compiled from their .po files (polib, no system tool)
MO = $(patsubst %.po,%.mo,$(wildcard massalia/*/locale/*/LC_MESSAGES/django.po))
messages: $(MO)
%.mo: %.po | $(VENV)/.installed
	$(BIN)/python -c "import polib, sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

## Set everything up, load Marseille's demo data and serve on http://$(HOST)
demo: install
	$(BIN)/massalia demo --addrport $(HOST)

## Install the development dependencies and run the whole suite
test: install-dev
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

## ruff (format + lint), mypy, import-linter
lint: install-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy massalia

## Benchmarks; figures go to bench/results/
bench: install-dev
	$(BIN)/python -m bench
	$(BIN)/python -m bench.connected bench/results/connected.json

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
