# KHCN — two commands: `make run` (set up and serve the demo) and `make test` (set up and test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000
DEMO_ENV := KHCN_DEMO=1
PYTEST_ARGS ?=

.PHONY: install run serve demo test test-postgres lint typecheck migrations-check messages check clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,prod]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

## make run: venv, dependencies, migrations on var/khcn.sqlite3, demo data, then serve on 127.0.0.1:8000
run: demo
	@echo ""
	@echo "KHCN is starting on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(DEMO_ENV) $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

demo: $(STAMP)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	$(DEMO_ENV) $(BIN)/python manage.py search_rebuild

## make test: venv, dependencies, the whole suite (SQLite by default; DATABASE_URL for PostgreSQL)
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy khcn

migrations-check: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

messages: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py messages_update

check: lint typecheck migrations-check test

clean:
	rm -rf $(VENV) var/staticfiles
