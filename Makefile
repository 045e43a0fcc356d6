# Clinic network content platform. `make help` lists the targets.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PREVIEW_PORT ?= 3000
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test test-scale lint typecheck format check clean bench walkthrough test-pg messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) ## Create the virtual environment and install everything

run: $(STAMP) ## Install, migrate, load the demo network; serve on http://127.0.0.1:8000 with its worker and the demo preview website
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py load_demo_network
	@$(BIN)/python manage.py demo_credentials --base-url http://$(HOST):$(PORT) --preview-site-url http://$(HOST):$(PREVIEW_PORT)
	@trap 'kill 0' EXIT; \
	$(BIN)/python manage.py demo_preview_site --api http://$(HOST):$(PORT) --host $(HOST) --port $(PREVIEW_PORT) & \
	$(BIN)/python manage.py run_worker & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP) ## Install and run the test suite (DATABASE_URL picks the database; SQLite if unset)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

PG_URL ?= postgres://clinic_network@127.0.0.1:5432/clinic_network
test-scale: $(STAMP) ## The tests that build a 10,000-article network (minutes; CI runs them after `make test`)
	$(BIN)/python -m pytest -m scale $(PYTEST_ARGS)

test-pg: $(STAMP) ## The test suite on this machine's PostgreSQL (started, and its role created, if needed), as CI runs it
	@scripts/postgres-ready
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## Ruff lint and format check, and the import rules (import-linter: rooms one way, no circles)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

typecheck: $(STAMP) ## mypy with django-stubs on the domain rooms (scope in pyproject.toml [tool.mypy])
	$(BIN)/mypy

format: $(STAMP) ## Ruff autofix and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(STAMP) ## Django system checks and the missing-migrations check
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: $(STAMP) ## Compile the admin's wording (network/locale, needs gettext's msgfmt); commit the .mo
	cd network && ../$(BIN)/django-admin compilemessages -l en

clean: ## Remove the virtual environment, the local database and media
	rm -rf $(VENV) db.sqlite3 media static

bench: $(STAMP) ## Benchmark against Wagtail API v2 on PostgreSQL + Redis; writes docs/performance.md
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	@scripts/postgres-ready
	$(BIN)/python bench/run.py

walkthrough: $(STAMP) ## Screenshot what the demo administrator, editor and reviewer see (walkthrough/*.png)
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(BIN)/pip install --quiet -r requirements-browser.txt
	$(BIN)/python scripts/admin_walkthrough.py
