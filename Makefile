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
# `make test` builds the Kubernetes control plane for the kubernetes runtime's tests the same way.
KUBE_IF_GO := $(if $(GO),kube)
# The simulator's helpers (app/simulation/helpers/*.c), built for this machine by gcc into
# build/simhelpers/<arch>/; `make run` and `make test` build them whenever gcc is present (without
# them the simulator refuses to start and says so). The other architecture needs a cross compiler.
HOST_ARCH := $(shell uname -m)
SIMHELPERS_SRC := $(wildcard app/simulation/helpers/*.c app/simulation/helpers/*.h app/simulation/helpers/build.sh)
SIMHELPERS_CC_$(HOST_ARCH) ?= gcc
SIMHELPERS_CC_aarch64 ?= aarch64-linux-gnu-gcc
SIMHELPERS_CC_x86_64 ?= x86_64-linux-gnu-gcc
SIMHELPERS_IF_CC := $(if $(shell command -v $(SIMHELPERS_CC_$(HOST_ARCH)) 2>/dev/null),simhelpers)

.PHONY: help setup frontend collector collector-sources kube simhelpers simhelpers-aarch64 run test lint bench soak clean

help:
	@echo "make run    - set up and start Phoenix on http://127.0.0.1:8080 (SQLite, local runtime)"
	@echo "make test   - set up and run the whole test suite (SQLite + a throwaway PostgreSQL)"
	@echo "make lint   - ruff"
	@echo "make bench  - print the benchmark figures in bench/ and write bench/results/latest.json"
	@echo "make soak   - run the timing-dependent tests 20 times with every core kept busy"
	@echo "make collector - build the real collector, otelcol-phoenix, into $(COLLECTOR) (needs Go)"
	@echo "make kube  - build the Kubernetes control plane for the tests into $(KUBE) (needs Go)"
	@echo "make simhelpers - build the simulator's helpers into build/simhelpers/$(HOST_ARCH)/ (needs gcc)"
	@echo "make simhelpers-aarch64 - build the arm64 helpers (on x86-64: needs aarch64-linux-gnu-gcc)"

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

# A real Kubernetes control plane for the kubernetes runtime's tests (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and kubectl of the pinned release in one binary, kube/).
KUBE := build/kube/phoenix-kube

$(KUBE): kube/main.go kube/go.mod kube/go.sum
	@test -n "$(GO)" || { echo "make kube: Go is required to build the control plane" >&2; exit 1; }
	@mkdir -p build/kube
	@echo "building $(KUBE) from kube/ (the first build downloads Kubernetes' modules and takes many minutes)"
	cd kube && $(GO) build -trimpath -ldflags="-s -w" -o ../$(KUBE).tmp .
	@mv $(KUBE).tmp $(KUBE)

kube: $(KUBE)
	@echo "kube: $(abspath $(KUBE))"

build/simhelpers/%/simproc build/simhelpers/%/phoenix-sim-wd: $(SIMHELPERS_SRC)
	sh app/simulation/helpers/build.sh $(@D) $(SIMHELPERS_CC_$*)

simhelpers: build/simhelpers/$(HOST_ARCH)/simproc build/simhelpers/$(HOST_ARCH)/phoenix-sim-wd

simhelpers-aarch64: build/simhelpers/aarch64/simproc build/simhelpers/aarch64/phoenix-sim-wd

# A local .env on first run: a JWT secret that survives restarts and the initial admin password.
.env:
	@umask 077; { \
	  echo "PHOENIX_JWT_SECRET=$$($(PYTHON) -c 'import secrets; print(secrets.token_hex(32))')"; \
	  echo "PHOENIX_ADMIN_PASSWORD=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(15))')"; \
	} > .env
	@echo "wrote .env (JWT secret and initial admin password)"

run: setup frontend $(COLLECTOR_IF_GO) $(SIMHELPERS_IF_CC) .env
	@set -a; source .env; set +a; \
	$(BIN)/phoenix db upgrade >/dev/null && \
	echo "Admin login: username=admin password=$$PHOENIX_ADMIN_PASSWORD  (initial password, from .env)" && \
	exec $(BIN)/phoenix serve

test: setup frontend $(COLLECTOR_IF_GO) $(KUBE_IF_GO) $(SIMHELPERS_IF_CC)
	$(BIN)/ruff check app tests alembic bench docs/tools
	$(BIN)/ruff format --check app tests alembic bench docs/tools
	$(BIN)/lint-imports
	cd frontend && npm test --silent
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check app tests alembic bench docs/tools
	$(BIN)/ruff format --check app tests alembic bench docs/tools
	$(BIN)/lint-imports

bench: setup $(COLLECTOR_IF_GO) $(SIMHELPERS_IF_CC)
	$(BIN)/python bench/_run_all.py

# The timing-dependent tests, 20 runs under a CPU hog on every core (long: about an hour).
soak: setup frontend $(COLLECTOR_IF_GO) $(SIMHELPERS_IF_CC)
	$(BIN)/python bench/_soak.py --runs 20

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist .pytest_cache .ruff_cache build
