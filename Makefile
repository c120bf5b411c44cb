# Wegweiser developer commands. `make run` and `make test` are all a newcomer needs.
# PostgreSQL and Redis come from DATABASE_URL/REDIS_URL, local servers, or embedded ones:
# see bin/with-services.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
SERVICES := bin/with-services --
ARGS ?=
# Test processes (pytest-xdist), each with a database and a Redis database of its own; auto:
# one per core, as far as PostgreSQL's lock table has room (tests/conftest.py); 0: this one.
TEST_PROCESSES ?= auto

.DEFAULT_GOAL := help
.PHONY: help install run test lint migrations-check messages

help:
	@echo "make run               install, migrate, load the demo, serve on http://localhost:8000/"
	@echo "make test [ARGS=...]   install and run the test suite (ARGS go to pytest)"
	@echo "make lint              ruff check, ruff format --check, djlint --lint"
	@echo "make migrations-check  fail if a model change has no migration"
	@echo "make messages          update and compile the German and English translations"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Wegweiser needs Python 3.11 or newer as $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when pyproject.toml is newer than the last install.
$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -e '.[dev]'
	@touch $@

install: $(INSTALLED)

run: $(INSTALLED)
	$(SERVICES) sh -c '$(PY) manage.py migrate_all && $(PY) manage.py seed_demo && exec bin/dev'

test: $(INSTALLED)
	$(SERVICES) $(PY) -m pytest -n $(TEST_PROCESSES) $(ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check . bin/with-services bin/dev
	$(VENV)/bin/ruff format --check . bin/with-services bin/dev
	$(VENV)/bin/djlint templates --lint

migrations-check: $(INSTALLED)
	$(SERVICES) $(PY) manage.py makemigrations --check --dry-run

messages: $(INSTALLED)
	$(PY) manage.py makemessages -l de -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv
