# syntax=docker/dockerfile:1
# The Phoenix server with everything it runs: the console, the real collector (otelcol-contrib of the
# pinned release) and the simulator's helpers, all for the image's own architecture (amd64 or arm64:
# every stage runs on the target platform). Linted by tests/packaging/test_dockerfile.py;
# docker-compose.yml runs it with the host's process view.

# ---- stage 1: the console (frontend/dist) ----------------------------------------------------------
FROM node:20-bookworm-slim AS frontend

WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json frontend/.npmrc ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build


# ---- stage 2: the real collector of the pinned release (multi-arch image) ----------------------------
# Phoenix validates against it and runs local variants on it (PHOENIX_OTELCOL_BIN below).
FROM otel/opentelemetry-collector-contrib:0.159.0 AS collector


# ---- stage 3: the simulator's helpers (C, no libc), for this architecture ---------------------------
FROM debian:bookworm-slim AS simhelpers

RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY app/simulation/helpers/ ./helpers/
# The same script as `make simhelpers`; the output lands where Phoenix looks: build/simhelpers/<arch>/.
RUN sh helpers/build.sh "/out/$(uname -m)" gcc


# ---- stage 4: the Phoenix server ---------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# tini as init: forwards signals to the server and reaps orphaned children (the load simulator
# spawns real OS processes). `-s` makes it a subreaper, which it needs when it is not PID 1 (under
# docker-compose.yml's `pid: host`).
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/phoenix
COPY pyproject.toml README.md alembic.ini ./
COPY app/ ./app/
COPY alembic/ ./alembic/
COPY pipeline_templates/ ./pipeline_templates/
COPY deploy/kubernetes/crds/ ./deploy/kubernetes/crds/
COPY --from=frontend /src/frontend/dist/ ./frontend/dist/
COPY --from=collector /otelcol-contrib /usr/local/bin/otelcol-contrib
# Where `make simhelpers` would put them, so Phoenix finds them the same way (build/simhelpers/<arch>/).
COPY --from=simhelpers /out/ ./build/simhelpers/

# Editable install: the code stays in /opt/phoenix beside alembic/, pipeline_templates/ and build/,
# which Phoenix finds relative to its own package.
RUN pip install --no-cache-dir -e . \
    && groupadd --system --gid 10001 phoenix \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/phoenix \
       --no-create-home --shell /usr/sbin/nologin phoenix \
    && mkdir -p /var/lib/phoenix \
    && chown phoenix:phoenix /var/lib/phoenix

WORKDIR /var/lib/phoenix

ENV PHOENIX_HOST=0.0.0.0 \
    PHOENIX_PORT=8080 \
    PHOENIX_FRONTEND_DIST=/opt/phoenix/frontend/dist \
    PHOENIX_OTELCOL_BIN=/usr/local/bin/otelcol-contrib

EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]

USER phoenix
ENTRYPOINT ["/usr/bin/tini", "-s", "--"]
CMD ["phoenix", "serve"]
