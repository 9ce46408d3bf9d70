# Two commands do all set-up on a fresh machine:
#   make demo   build demo_docs to HTML, text, the model check and the Internet-Draft
#   make test   run the test suite
# Each creates its own virtual environment in $(VENV) first.
#   make compat  the built wheel in fresh venvs: the newest Sphinx, and the lowest
#                Sphinx and docutils pyproject.toml allows (MIN_PINS); builds a new
#                project and the demo with each, and runs the tests on the lowest

SHELL := /bin/bash
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= demo_docs/_build
SPHINX := $(BIN)/sphinx-build -q -W --keep-going -j auto

# The lowest Sphinx and docutils pyproject.toml allows (tests/test_packaging.py keeps them in step).
MIN_PINS := sphinx==8.0.0 docutils==0.20

# mypy checks the whole package (make test, make typecheck, the pre-commit hook).
TYPED  := sphinxcontrib_protomodel

.PHONY: demo test lint typecheck bench clean venv dist compat

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip "setuptools>=82"
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

demo: venv
	$(SPHINX) -b html demo_docs $(OUT)/html
	$(SPHINX) -b text demo_docs $(OUT)/text
	$(SPHINX) -b modelcheck demo_docs $(OUT)/modelcheck
	$(SPHINX) -b idtext demo_docs $(OUT)/draft
	@echo "HTML: $(OUT)/html/index.html  text: $(OUT)/text/  check: $(OUT)/modelcheck/modelcheck.txt"
	@echo "Internet-Draft: $$(ls $(OUT)/draft/draft-*.txt)"

test: venv
	$(BIN)/ruff check sphinxcontrib_protomodel tests benchmarks
	$(BIN)/ruff format --check sphinxcontrib_protomodel tests benchmarks
	$(BIN)/mypy $(TYPED)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -q

dist: venv
	rm -rf dist
	set -o pipefail; $(BIN)/python -m pip wheel -q --no-deps -w dist . 2>&1 | { grep -v "^WARNING: Location" || true; }
	@ls dist/*.whl

compat: dist
	PYTHON=$(PYTHON) tests/compat/wheel-venv.sh .venv-wheel $(OUT)/wheel
	PYTHON=$(PYTHON) tests/compat/wheel-venv.sh .venv-min $(OUT)/min $(MIN_PINS)
	# the test suite on the lowest versions too (browser tests skip: no playwright there)
	set -o pipefail; .venv-min/bin/python -m pip install -q pytest hypothesis defusedxml svgcheck $(MIN_PINS) 2>&1 \
	  | { grep -v "^WARNING: Location" || true; }
	PATH="$(CURDIR)/.venv-min/bin:$$PATH" .venv-min/bin/python -m pytest -q -p no:cacheprovider

lint: venv
	$(BIN)/ruff check sphinxcontrib_protomodel tests benchmarks
	$(BIN)/ruff format --check sphinxcontrib_protomodel tests benchmarks

typecheck: venv
	$(BIN)/mypy $(TYPED)

bench: venv
	$(BIN)/python -m pip install -q -e ".[bench]"
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(OUT) test-output dist .venv-wheel .venv-min
