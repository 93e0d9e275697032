# backoffice-sim: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The venv is made without its own pip (faster); the interpreter's pip installs into it.
PIP := PIP_DISABLE_PIP_VERSION_CHECK=1 $(PYTHON) -m pip --python $(BIN)/python install --quiet --no-compile
STAMP := $(VENV)/.installed-test
RUN_STAMP := $(VENV)/.installed-run
DB ?= backoffice-sim.db
HOST ?= 127.0.0.1
PORT ?= 8080
WORKERS ?= 2
SEED ?= 42
PYTEST_ARGS ?=
PROFILE ?= browse
LOAD_ARGS ?=
BROKER_BENCH_COUNT ?= 2000

.PHONY: run test check install bench load docs clean

$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml $(RUN_STAMP)
	$(PIP) -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(RUN_STAMP)
	$(BIN)/backoffice-sim serve --host $(HOST) --port $(PORT) --db $(DB) --seed $(SEED) --workers $(WORKERS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/ruff check simulator tests contracts features bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/seed_timing.py 100000
	$(BIN)/python bench/import_timing.py 100000
	$(BIN)/python bench/soap_bench.py
	$(BIN)/python bench/pg_bench.py
	$(BIN)/python bench/broker_bench.py $(BROKER_BENCH_COUNT)

# The documentation site, built into site/ (warnings are errors: a broken link or a page left out of the nav).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# make load PROFILE=browse DURATION=20s USERS=20 [SIMULATOR_URL=http://127.0.0.1:8080] [LOAD_ARGS="--workers 2"]
load: $(STAMP)
	$(BIN)/python -m load $(PROFILE) $(if $(DURATION),--duration $(DURATION)) $(if $(USERS),--users $(USERS)) \
		$(if $(SIMULATOR_URL),--simulator-url $(SIMULATOR_URL)) $(LOAD_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache site
