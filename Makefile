# Two entry points: `make run` and `make test`; both go through `make setup`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# Each pytest pass is bounded so a hung test cannot stall CI.
PASS_TIMEOUT ?= 900

.PHONY: setup run test lint test-sqlite test-postgres clean

setup: $(VENV)/.installed static/vendor/htmx.min.js static/vendor/sse.min.js

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static/vendor/htmx.min.js: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@

static/vendor/sse.min.js: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/htmx-ext-sse/dist/sse.min.js $@

run: setup
	$(BIN)/quizapp run --host 127.0.0.1 --port 5000

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint test-sqlite test-postgres

test-sqlite: setup
	QUIZAPP_TEST_DB=sqlite timeout $(PASS_TIMEOUT) $(BIN)/pytest -n 2 -p no:cacheprovider

test-postgres: setup
	@if reason=$$($(BIN)/python -m tests.pg_check "$(PG_TEST_URL)"); then \
		echo "PostgreSQL pass on $(PG_TEST_URL)"; \
		QUIZAPP_TEST_DB=postgresql QUIZAPP_TEST_PG_URL="$(PG_TEST_URL)" \
			timeout $(PASS_TIMEOUT) $(BIN)/pytest -n 2 -p no:cacheprovider; \
	else \
		echo "SKIPPED the PostgreSQL pass: $$reason"; \
	fi

clean:
	rm -rf $(VENV) node_modules static/vendor
