# Phoenix developer commands. `make run` and `make test` work on a fresh machine with Python 3.11,
# Node.js 20 and (for the PostgreSQL tests) the PostgreSQL server binaries.
.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
PYTEST_ARGS ?=
GO ?= $(shell command -v go 2>/dev/null)
COLLECTOR := build/otelcol-phoenix
COLLECTOR_SRC := collector/otelcol-phoenix
BUILDER_VERSION := v0.159.0
# `make run` and `make test` build the real collector whenever Go is present.
COLLECTOR_IF_GO := $(if $(GO),collector)

.PHONY: help setup frontend collector collector-sources run test lint bench soak clean

help:
	@echo "make run    - set up and start Phoenix on http://127.0.0.1:8080 (SQLite, local runtime)"
	@echo "make test   - set up and run the whole test suite (SQLite + a throwaway PostgreSQL)"
	@echo "make lint   - ruff"
	@echo "make bench  - print the benchmark figures in bench/ and write bench/results/latest.json"
	@echo "make soak   - run the timing-dependent tests 20 times with every core kept busy"
	@echo "make collector - build the real collector, otelcol-phoenix, into $(COLLECTOR) (needs Go)"

$(BIN)/phoenix: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

setup: $(BIN)/phoenix

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(shell find frontend/src frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)
	cd frontend && npm run build

frontend: frontend/dist/index.html

# The real collector, built from the pinned sources in collector/ (go.mod/go.sum); rebuilt only when
# the manifest or the sources change. Go's module and build caches make a rebuild incremental.
$(COLLECTOR): collector/builder-config.yaml $(wildcard $(COLLECTOR_SRC)/*.go) $(COLLECTOR_SRC)/go.mod $(COLLECTOR_SRC)/go.sum
	@test -n "$(GO)" || { echo "make collector: Go is required (go1.24 or newer) to build the collector" >&2; exit 1; }
	@mkdir -p build
	@echo "building $(COLLECTOR) from collector/ (the first build downloads modules and takes several minutes)"
	cd $(COLLECTOR_SRC) && $(GO) build -trimpath -ldflags="-s -w" -o ../../$(COLLECTOR).tmp .
	@mv $(COLLECTOR).tmp $(COLLECTOR)

collector: $(COLLECTOR)
	@echo "collector: $(abspath $(COLLECTOR))"

# Regenerate the sources from the manifest with the Collector Builder (after editing the manifest).
collector-sources:
	$(GO) install go.opentelemetry.io/collector/cmd/builder@$(BUILDER_VERSION)
	cd collector && $$($(GO) env GOPATH)/bin/builder --config builder-config.yaml --skip-compilation

# A local .env on first run: a JWT secret that survives restarts and the initial admin password.
.env:
	@umask 077; { \
	  echo "PHOENIX_JWT_SECRET=$$($(PYTHON) -c 'import secrets; print(secrets.token_hex(32))')"; \
	  echo "PHOENIX_ADMIN_PASSWORD=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(15))')"; \
	} > .env
	@echo "wrote .env (JWT secret and initial admin password)"

run: setup frontend $(COLLECTOR_IF_GO) .env
	@set -a; source .env; set +a; \
	$(BIN)/phoenix db upgrade >/dev/null && \
	echo "Admin login: username=admin password=$$PHOENIX_ADMIN_PASSWORD  (initial password, from .env)" && \
	exec $(BIN)/phoenix serve

test: setup frontend $(COLLECTOR_IF_GO)
	$(BIN)/ruff check app tests alembic bench
	$(BIN)/ruff format --check app tests alembic bench
	$(BIN)/lint-imports
	cd frontend && npm test --silent
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check app tests alembic bench
	$(BIN)/ruff format --check app tests alembic bench
	$(BIN)/lint-imports

bench: setup $(COLLECTOR_IF_GO)
	$(BIN)/python bench/_run_all.py

# The timing-dependent tests, 20 runs under a CPU hog on every core (long: about an hour).
soak: setup frontend $(COLLECTOR_IF_GO)
	$(BIN)/python bench/_soak.py --runs 20

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist .pytest_cache .ruff_cache build
