# Stance warehouse: `make build` and `make test` set themselves up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup build test eval bench export report docs clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (Python 3.11 is required; set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

build: setup
	$(BIN)/stance build   # also writes warehouse/reports/: a timeline per topic and stance-report.html

report: setup
	$(BIN)/stance report

test: setup
	$(BIN)/python -m pytest -q

eval: setup
	$(BIN)/stance eval

bench: setup
	$(BIN)/python -m ingest.benchmark

export: setup
	$(BIN)/stance export

docs: setup
	$(BIN)/stance docs

clean:
	rm -rf warehouse exports reports dbt_project/target dbt_project/logs
