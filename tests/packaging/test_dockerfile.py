"""The Dockerfile: lint-clean by hadolint's rules (`dockerfile_rules`), each rule shown to catch its
mistake, and the image laid out the way Phoenix looks for things: the collector of the pinned release,
the simulator's helpers built in their own stage and copied to where `make simhelpers` would have put them."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from app.core.config import REPO_ROOT
from app.engine.collector import CONTRIB_IMAGE
from app.simulation.helper import BUILD_SCRIPT, BUILT_HELPERS

from .dockerfile_rules import Stage, lint, parse

DOCKERFILE = REPO_ROOT / "Dockerfile"
APP_DIR = "/opt/phoenix"  # REPO_ROOT inside the image

GOOD = """\
# syntax=docker/dockerfile:1
FROM debian:bookworm-slim AS build
RUN apt-get update \\
    && apt-get install -y --no-install-recommends gcc \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY hello.c ./
RUN gcc -o /out/hello hello.c

FROM python:3.11-slim-bookworm
COPY --from=build /out/hello /usr/local/bin/hello
RUN pip install --no-cache-dir httpx
HEALTHCHECK --interval=15s CMD ["hello", "--check"]
USER 10001
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["hello"]
"""


def stages() -> list[Stage]:
    return parse(DOCKERFILE.read_text())


def test_the_dockerfile_passes_every_rule() -> None:
    assert [str(f) for f in lint(DOCKERFILE.read_text())] == []


def test_a_good_dockerfile_passes_every_rule() -> None:
    assert [str(f) for f in lint(GOOD)] == []


BAD = {
    "DL3006": ("FROM python:3.11-slim-bookworm", "FROM python"),
    "DL3007": ("FROM python:3.11-slim-bookworm", "FROM python:latest"),
    "DL3014": ("apt-get install -y --no-install-recommends gcc", "apt-get install --no-install-recommends gcc"),
    "DL3015": ("apt-get install -y --no-install-recommends gcc", "apt-get install -y gcc"),
    "DL3009": ("    && rm -rf /var/lib/apt/lists/*", "    && true"),
    "DL3042": ("pip install --no-cache-dir httpx", "pip install httpx"),
    "DL3020": ("COPY hello.c ./", "ADD hello.c ./"),
    "DL3022": ("COPY --from=build /out/hello", "COPY --from=bulid /out/hello"),
    "DL3000": ("WORKDIR /src", "WORKDIR src"),
    "DL3003": ("RUN gcc -o /out/hello hello.c", "RUN cd /src && gcc -o /out/hello hello.c"),
    "DL3004": ("RUN pip install", "RUN sudo pip install"),
    "DL4000": ("WORKDIR /src", "WORKDIR /src\nMAINTAINER someone@example.com"),
    "DL4006": ("RUN gcc -o /out/hello hello.c", "RUN gcc -o /out/hello hello.c | tee build.log"),
    "DL3025": ('CMD ["hello"]', "CMD hello"),
    "PH001": ('HEALTHCHECK --interval=15s CMD ["hello", "--check"]\n', ""),
}
BAD_USERS = {
    "no USER": ("USER 10001\n", ""),
    "USER root": ("USER 10001", "USER root"),
    "USER 0:0": ("USER 10001", "USER 0:0"),
    "USER after CMD": (
        'USER 10001\nENTRYPOINT ["/usr/bin/tini", "--"]',
        'ENTRYPOINT ["/usr/bin/tini", "--"]\nUSER 10001',
    ),
}


@pytest.mark.parametrize(("code", "edit"), BAD.items(), ids=list(BAD))
def test_each_rule_catches_its_mistake(code: str, edit: tuple[str, str]) -> None:
    good, bad = edit
    assert good in GOOD
    assert {f.code for f in lint(GOOD.replace(good, bad, 1))} == {code}


@pytest.mark.parametrize("edit", BAD_USERS.values(), ids=list(BAD_USERS))
def test_the_image_must_not_run_as_root(edit: tuple[str, str]) -> None:
    good, bad = edit
    assert good in GOOD
    assert {f.code for f in lint(GOOD.replace(good, bad, 1))} == {"DL3002"}


def test_a_healthcheck_in_shell_form_or_none_is_refused() -> None:
    healthcheck = 'HEALTHCHECK --interval=15s CMD ["hello", "--check"]'
    assert {f.code for f in lint(GOOD.replace(healthcheck, "HEALTHCHECK CMD hello --check"))} == {"PH001"}
    assert {f.code for f in lint(GOOD.replace(healthcheck, "HEALTHCHECK NONE"))} == {"PH001"}


# -- what the image carries, where Phoenix looks for it ----------------------------------------------
def _final_copies_from(stage: str) -> list[list[str]]:
    final = stages()[-1]
    return [
        [w for w in shlex.split(i.arguments) if not w.startswith("--")]
        for i in final.of("COPY")
        if i.flags().get("from") == stage
    ]


def _in_image(relative: str) -> str:
    workdir = stages()[-1].of("WORKDIR")[0].arguments
    return str(Path(workdir) / relative) if not relative.startswith("/") else relative


def test_the_server_lives_where_phoenix_finds_its_repository_root() -> None:
    final = stages()[-1]
    assert final.of("WORKDIR")[0].arguments == APP_DIR
    sources = [shlex.split(i.arguments)[0] for i in final.of("COPY") if "from" not in i.flags()]
    assert "app/" in sources and "pipeline_templates/" in sources


def test_the_image_carries_the_collector_of_the_pinned_release() -> None:
    (collector,) = [s for s in stages() if s.alias == "collector"]
    assert collector.image == CONTRIB_IMAGE
    ((_, target),) = _final_copies_from("collector")
    env = " ".join(i.arguments for i in stages()[-1].of("ENV"))
    assert f"PHOENIX_OTELCOL_BIN={_in_image(target)}" in env.split()


def test_the_image_builds_the_simulator_helpers_for_its_own_architecture() -> None:
    (helpers,) = [s for s in stages() if s.alias == "simhelpers"]
    assert "--platform" not in helpers.image  # built on the target platform, for its architecture
    installs = " ".join(run.arguments for run in helpers.of("RUN"))
    assert "apt-get install" in installs and " gcc" in installs
    script = BUILD_SCRIPT.relative_to(REPO_ROOT / "app" / "simulation")
    (build,) = [run for run in helpers.of("RUN") if str(script) in run.arguments]
    assert '"/out/$(uname -m)"' in build.arguments  # <arch> as platform.machine() spells it
    ((source, target),) = _final_copies_from("simhelpers")
    assert source == "/out/"
    assert _in_image(target).rstrip("/") == f"{APP_DIR}/{BUILT_HELPERS.relative_to(REPO_ROOT)}"


def test_every_file_the_image_copies_is_in_the_build_context() -> None:
    ignored = [line.strip() for line in (REPO_ROOT / ".dockerignore").read_text().splitlines()]
    for stage in stages():
        for copy in stage.of("COPY"):
            if "from" in copy.flags():
                continue
            for source in shlex.split(copy.arguments)[:-1]:
                assert (REPO_ROOT / source).exists(), f"line {copy.line}: {source} does not exist"
                assert source.rstrip("/") not in ignored, f"line {copy.line}: {source} is in .dockerignore"
