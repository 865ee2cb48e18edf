# stretchapp: `make run` opens the window, `make test` runs the whole check.
# Both create .venv when missing and install what a fresh machine lacks.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.DEFAULT_GOAL := help
.PHONY: help run test lint typecheck pytest bench screenshots sysdeps sysdeps-test clean
.PHONY: dist check-wheel bundle bundle-check install-desktop uninstall-desktop icons a11y-check

help:  ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9-]+:.*## / {printf "  make %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

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

# not part of `make test`: it needs a real X server and the AT-SPI bus, and takes ~30 s
a11y-check: sysdeps-test $(STAMP_TEST)  ## a routine, a relief and the pages as a screen reader finds them
	sh packaging/a11y/check.sh $(BIN)/python

pytest: $(STAMP_TEST)  ## the test suite only
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: sysdeps-test $(STAMP_TEST)  ## benchmarks, each beside its baseline; writes bench.json
	$(BIN)/python packaging/bench/run.py $(BENCH)

screenshots: sysdeps $(STAMP_RUN)  ## render the window's screens into docs/screenshots/
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m stretchapp.gui.screenshots docs/screenshots

dist: $(STAMP_TEST)  ## build the sdist and the wheel into dist/
	$(BIN)/python -m build --outdir dist .

check-wheel: $(STAMP_TEST)  ## build the wheel, install it in a fresh venv, run it from elsewhere
	$(BIN)/python packaging/check_wheel.py

$(BIN)/pyinstaller: | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[bundle]'

bundle: $(STAMP_RUN) $(BIN)/pyinstaller  ## one-folder bundle in dist/stretchapp/ (no Python needed to run it)
	$(BIN)/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/pyinstaller/stretchapp.spec

bundle-check: bundle  ## build the bundle and run its self-test offscreen
	@home=$$(mktemp -d) && QT_QPA_PLATFORM=offscreen STRETCHAPP_HOME=$$home dist/stretchapp/stretchapp --self-test; code=$$?; rm -rf "$$home"; exit $$code

install-desktop: $(STAMP_RUN)  ## add stretchapp (this checkout's .venv) to your desktop's menu
	sh packaging/linux/install.sh install --exec "$(abspath $(BIN))/stretchapp"

uninstall-desktop:  ## remove it from the menu again
	sh packaging/linux/install.sh uninstall

icons: $(STAMP_RUN)  ## render assets/icons/stretchapp.svg to its PNGs (packaging/linux/icons/, assets/icons/)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/linux/render_icons.py

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist
