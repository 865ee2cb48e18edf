# stretchapp: `make run` opens the window, `make test` runs the whole check.
# Both create .venv when missing and install what a fresh machine lacks.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.DEFAULT_GOAL := help
.PHONY: help run test lint typecheck pytest bench screenshots sysdeps sysdeps-test clean

help:  ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

sysdeps:  ## install the system libraries the program needs (as root), or print the command
	@sh packaging/sysdeps.sh run

sysdeps-test:
	@sh packaging/sysdeps.sh test

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): run 'make sysdeps' (python3-venv)"; exit 1; }
	@$(BIN)/python -m pip install -q --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@ $(STAMP_RUN)

run: sysdeps $(STAMP_RUN)  ## set up and open the window
	$(BIN)/stretchapp

test: sysdeps-test $(STAMP_TEST)  ## set up, then lint, type-check and run every test
	$(MAKE) --no-print-directory lint typecheck pytest

lint: $(STAMP_TEST)  ## ruff: lint and formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP_TEST)  ## mypy --strict and the import contract of the pure core
	$(BIN)/mypy
	$(BIN)/lint-imports

pytest: $(STAMP_TEST)  ## the test suite only
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: sysdeps-test $(STAMP_TEST)  ## benchmarks, each beside its baseline; writes bench.json
	$(BIN)/python packaging/bench/run.py $(BENCH)

screenshots: sysdeps $(STAMP_RUN)  ## render the window's screens into docs/screenshots/
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m stretchapp.gui.screenshots docs/screenshots

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist
