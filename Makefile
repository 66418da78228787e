# Pressroom: `make run` to try it, `make test` to check it. Nothing else to install first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint typecheck djangocheck pytest install clean bench-send bench-webhooks bench-results

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Pressroom needs $(PYTHON) on PATH"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m pressroom.launcher

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	DEBUG=1 $(BIN)/mypy .

djangocheck: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py check --fail-level WARNING
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck djangocheck pytest

clean:
	rm -rf $(VENV) var/*

# Benchmarks: each starts its own PostgreSQL cluster and Redis on loopback (root, as .ci/run),
# or uses BENCH_DATABASE_URL. They print figures; they assert only that the results are right.
N ?= 20000
bench-webhooks: $(STAMP)
	N=$(N) $(BIN)/python bench/webhooks.py

bench-results: N = 100000
bench-results: $(STAMP)
	N=$(N) $(BIN)/python bench/results.py
