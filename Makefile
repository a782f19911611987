# coachloop: `make demo` and `make test` set everything up themselves (a virtual environment
# in .venv from the pinned requirements), then run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The environment is rebuilt when the pins change.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)

.PHONY: demo test test-fast system-packages lint bench clean-db

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	# The speaker encoder (weights inside the wheel); --no-deps: see requirements.txt.
	$(BIN)/pip install --disable-pip-version-check -q --no-deps resemblyzer==0.1.4
	$(BIN)/pip install --disable-pip-version-check -q --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

system-packages:
	bash scripts/system-packages.sh

demo: $(STAMP)
	$(BIN)/coachloop run --inbox data/samples/recordings --db data/coachloop.duckdb --roster data/samples/team.yaml

test: $(STAMP) system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python benchmarks/transcribe.py
	$(BIN)/python benchmarks/analyze.py
	$(BIN)/python benchmarks/batch.py --calls 40

clean-db:
	rm -f data/coachloop.duckdb data/coachloop.duckdb.wal
