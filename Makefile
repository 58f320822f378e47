# Mi Certificado — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.instalado

.DEFAULT_GOAL := help
.PHONY: help run test test-unit test-integration test-e2e lint format migrate token clean bench-correo traducciones

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP) ## Set up, then run everything in embedded mode and issue a demo certificate
	$(BIN)/mc run

# Unit and integration tests in parallel (pytest-xdist: each worker has its own schemas and its own
# Redis database, tests/conftest.py). The e2e two modules at a time (--dist loadfile keeps a
# module on one worker), the heaviest first (--no-loadscope-reorder keeps tests/e2e/conftest.py's
# order): each module its own ports, each worker its own Redis databases and RabbitMQ virtual
# host (tests/e2e/recursos.py); they mostly wait, so two even on one core.
PARALELO ?= -n auto --maxprocesses=4 --dist loadfile
PARALELO_E2E ?= -n 2 --dist loadfile --no-loadscope-reorder

# `make test` runs the e2e beside the unit and integration tests (both mostly wait on
# PostgreSQL, the broker and the browser), their report printed when they end. The e2e take
# TEST_REDIS_URL's database 15 (14 on gw1) so as not to share 11 − K with them.
test: $(STAMP) ## Set up, then run the whole suite (unit and integration beside the e2e)
	@informe=$$(mktemp); \
	$(BIN)/pytest $(PARALELO) tests/unit tests/integration >$$informe 2>&1 & unidad=$$!; \
	trap 'kill $$unidad 2>/dev/null; rm -f $$informe; exit 130' INT TERM; \
	url=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/11}; \
	TEST_REDIS_URL=$${url%/*}/15 $(BIN)/pytest $(PARALELO_E2E) tests/e2e; e2e=$$?; \
	wait $$unidad; unidad=$$?; \
	echo "== tests/unit tests/integration =="; cat $$informe; rm -f $$informe; \
	exit $$(( unidad || e2e ))

test-unit: $(STAMP) ## Unit tests only (no servers needed)
	$(BIN)/pytest $(PARALELO) tests/unit

test-integration: $(STAMP) ## Integration tests on the local PostgreSQL, Redis and SMTP
	$(BIN)/pytest $(PARALELO) tests/integration

test-e2e: $(STAMP) ## End-to-end: every service and worker as a real process
	$(BIN)/pytest $(PARALELO_E2E) tests/e2e

lint: $(STAMP) ## ruff lint and format check, architecture rules (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: $(STAMP) ## Apply every service's migrations (DATABASE_URL or embedded SQLite)
	$(BIN)/mc migrar

token: $(STAMP) ## Print a director token for the demo IE 0584714-0
	@$(BIN)/mc token --rol DIRECTOR_IE --sub director-demo --codigo-modular 0584714 --anexo 0

bench-correo: $(STAMP) ## Email benchmark: 5,000 certificate emails with the PDF to a local SMTP server
	$(BIN)/python -m bench.correo

TRAD := services/verificacion/traducciones
traducciones: $(STAMP) ## Verificacion's pages: extract texts, update the English catalog, compile (commit .po and .mo)
	$(BIN)/pybabel extract -F services/verificacion/babel.cfg -k N_ --no-location --sort-output \
	  --project="Mi Certificado" -o $(TRAD)/messages.pot services/verificacion shared/i18n.py shared/identificadores.py
	$(BIN)/pybabel update -i $(TRAD)/messages.pot -d $(TRAD) --no-fuzzy-matching
	$(BIN)/pybabel compile -d $(TRAD) --statistics

clean: ## Remove the local data (var/) and caches, keep the environment
	rm -rf var .pytest_cache .ruff_cache
