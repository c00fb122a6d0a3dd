# Two entry points: `make run` and `make test`; both go through `make setup`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# Each pytest pass is bounded so a hung test cannot stall CI.
PASS_TIMEOUT ?= 1500

.PHONY: setup run user test lint test-sqlite test-postgres screenshots clean

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

# `make run PORT=8080` when 5000 is taken (macOS gives it to AirPlay).
HOST ?= 127.0.0.1
PORT ?= 5000

run: setup
	$(BIN)/quizapp run --host $(HOST) --port $(PORT)

# `make user NAME=ms.smith TEACHER=1`: create an account; the password is asked for twice.
user: setup
	@test -n "$(NAME)" || { echo "usage: make user NAME=username [TEACHER=1]"; exit 2; }
	$(BIN)/quizapp create-user "$(NAME)" $(if $(TEACHER),--teacher,)

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

# The README's screenshots, made afresh in Chromium (docs/screenshots/).
screenshots: setup
	$(BIN)/python -m tests.browser.screenshots

clean:
	rm -rf $(VENV) node_modules static/vendor
