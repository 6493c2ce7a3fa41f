"""Pipelines API: catalog, render, validate, components, manifests, graph conversion, custom pipelines."""

from __future__ import annotations

import time

import httpx
import pytest
import yaml
from dulwich.repo import Repo

from app.engine.collector import CONTRIB_VERSION
from app.otelcol.binary import BUNDLED_BINARY, is_executable
from tests.experiment_bodies import experiment_body

API = "/api/v1/pipelines"
TEMPLATES = {
    "process-baseline-v1",
    "process-priority-filter-v1",
    "process-aggregated-v1",
    "process-topk-v1",
    "process-adaptive-v1",
    "process-aggressive-v1",
    "process-dynamic-v1",
}
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def _render(client: httpx.AsyncClient, headers: dict, template: str, **parameters: object) -> str:
    response = await client.post(
        f"{API}/render", json={"template": template, "parameters": parameters}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()["config_yaml"]


@sqlite_only
async def test_catalog_lists_and_details(client: httpx.AsyncClient, role_headers: dict) -> None:
    viewer = role_headers["viewer"]
    listing = (await client.get(f"{API}/templates", headers=viewer)).json()
    assert {t["name"] for t in listing} == TEMPLATES
    topk = next(t for t in listing if t["name"] == "process-topk-v1")
    assert topk["strategy"] == "topk" and topk["processors"][0] == "memory_limiter"

    detail = (await client.get(f"{API}/templates/process-topk-v1", headers=viewer)).json()
    assert detail["parameters"]["cpu_threshold"]["max"] == 1.0
    assert "cpu_threshold" in detail["parameters_schema"]["properties"]
    assert yaml.safe_load(detail["default_config_yaml"])["service"]["pipelines"]["metrics"]

    for bad in ("process-nope-v1", "..%2F..%2Fetc%2Fpasswd", "process-topk-v1%2F..%2F..%2Fsecrets"):
        response = await client.get(f"{API}/templates/{bad}", headers=viewer)
        assert response.status_code == 404, (bad, response.status_code)
        assert response.json()["error"]["code"] == "not_found"


@sqlite_only
async def test_render_validates_parameters(client: httpx.AsyncClient, admin_headers: dict) -> None:
    config = await _render(client, admin_headers, "process-topk-v1", cpu_threshold=0.2)
    assert "value_double >= 0.2" in config

    cases = [
        ({"template": "process-nope-v1"}, "body.template"),
        ({"template": "process-topk-v1", "parameters": {"cpu_threshold": 5}}, "body.parameters.cpu_threshold"),
        ({"template": "process-topk-v1", "parameters": {"colour": "red"}}, "body.parameters.colour"),
        (
            {"template": "process-topk-v1", "parameters": {"otlp_endpoint": "{{ 7*7 }}"}},
            "body.parameters.otlp_endpoint",
        ),
        (
            {"template": "process-topk-v1", "parameters": {"otlp_endpoint": "x:1\nexporters: {evil: {}}"}},
            "body.parameters.otlp_endpoint",
        ),
        ({"template": "../../etc/passwd"}, "body.template"),
    ]
    for body, path in cases:
        response = await client.post(f"{API}/render", json=body, headers=admin_headers)
        assert response.status_code == 422, (body, response.text)
        assert any(d["path"].startswith(path) for d in response.json()["error"]["details"]), response.text


@sqlite_only
async def test_validate_reports_tiers_with_lines(client: httpx.AsyncClient, admin_headers: dict) -> None:
    good = await _render(client, admin_headers, "process-priority-filter-v1")
    report = (await client.post(f"{API}/validate", json={"config_yaml": good}, headers=admin_headers)).json()
    # The real collector's own `validate` is the last tier whenever the binary exists (always in CI,
    # where tests/otelcol fails without it).
    with_collector = is_executable(BUNDLED_BINARY)
    assert report == {
        "valid": True,
        "errors": [],
        "warnings": report["warnings"],
        "tiers_run": ["parse", "schema", "graph", "ottl", "semantic"] + (["otelcol"] if with_collector else []),
        "collector": f"otelcol-phoenix {CONTRIB_VERSION}" if with_collector else None,
    }

    broken = good.replace("IsMatch(resource.attributes", "matches(resource.attributes", 1)
    report = (await client.post(f"{API}/validate", json={"config_yaml": broken}, headers=admin_headers)).json()
    assert report["valid"] is False
    error = report["errors"][0]
    assert error["tier"] == "ottl" and error["line"] and error["path"].startswith("processors.")
    assert error["refused_by"] == "collector"
    assert error["code"] == "ottl.unknown_function" and error["hint"] and error["column"] >= 1
    assert broken.splitlines()[error["line"] - 1].lstrip().startswith("- ")

    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(12)
    )
    started = time.perf_counter()
    response = await client.post(f"{API}/validate", json={"config_yaml": bomb}, headers=admin_headers)
    assert response.status_code == 200 and response.json()["valid"] is False
    assert response.json()["errors"][0]["tier"] == "parse"
    assert time.perf_counter() - started < 5

    huge = await client.post(f"{API}/validate", json={"config_yaml": "a: 1\n" * 400_000}, headers=admin_headers)
    assert huge.status_code == 413


@sqlite_only
async def test_strict_validation_makes_policies_errors(client: httpx.AsyncClient, role_headers: dict) -> None:
    viewer = role_headers["viewer"]
    good = await _render(client, viewer, "process-topk-v1")
    config = yaml.safe_load(good)
    pipeline = config["service"]["pipelines"]["metrics"]
    others = [p for p in pipeline["processors"] if p != "batch"]
    pipeline["processors"] = [others[0], "batch", *others[1:]]  # batch not last: a Phoenix policy
    text = yaml.safe_dump(config, sort_keys=False)

    lenient = (await client.post(f"{API}/validate", json={"config_yaml": text}, headers=viewer)).json()
    assert lenient["valid"] is True, lenient["errors"]
    [warning] = [w for w in lenient["warnings"] if w["code"] == "policy.batch_last"]
    assert warning["severity"] == "warning" and warning["refused_by"] == "phoenix" and warning["hint"]

    strict = (await client.post(f"{API}/validate", json={"config_yaml": text, "strict": True}, headers=viewer)).json()
    assert strict["valid"] is False
    assert [e["code"] for e in strict["errors"]] == ["policy.batch_last"]
    assert not [w for w in strict["warnings"] if w["code"].startswith("policy.")]

    refused = await client.post(f"{API}/validate", json={"config_yaml": text, "strict": "maybe"}, headers=viewer)
    assert refused.status_code == 422


@sqlite_only
async def test_components_registry(client: httpx.AsyncClient, admin_headers: dict) -> None:
    palette = (await client.get(f"{API}/components", headers=admin_headers)).json()
    flat = {(c["kind"], c["type"]): c for group in palette.values() if isinstance(group, list) for c in group}
    assert ("receiver", "host_metrics") in flat and ("processor", "filter") in flat
    assert ("exporter", "prometheus") in flat
    schema = flat[("processor", "filter")]["schema"]
    assert "error_mode" in schema["properties"]


@sqlite_only
async def test_manifests_for_a_variant(client: httpx.AsyncClient, admin_headers: dict) -> None:
    body = {
        "template": "process-topk-v1",
        "experiment": "web-trial",
        "variant": "candidate",
        "target": {"namespace": "observability", "node_selector": {"tier": "web"}},
    }
    response = await client.post(f"{API}/manifests", json=body, headers=admin_headers)
    assert response.status_code == 200, response.text
    manifests = response.json()
    kinds = [o["kind"] for o in manifests["objects"]]
    assert sorted(kinds) == ["ConfigMap", "DaemonSet", "PhoenixProcessPipeline", "Service"]
    daemon_set = next(o for o in manifests["objects"] if o["kind"] == "DaemonSet")
    pod = daemon_set["spec"]["template"]
    assert pod["spec"]["hostPID"] is True and "hostNetwork" not in pod["spec"]
    assert pod["metadata"]["annotations"]["phoenix.io/config-hash"] == manifests["config_hash"]
    assert len(list(yaml.safe_load_all(manifests["yaml"]))) == 4

    bad = await client.post(f"{API}/manifests", json={**body, "experiment": "Not_Valid"}, headers=admin_headers)
    assert bad.status_code == 422


@sqlite_only
async def test_graph_round_trip(client: httpx.AsyncClient, admin_headers: dict) -> None:
    for template in sorted(TEMPLATES):
        original = await _render(client, admin_headers, template)
        graph = await client.post(f"{API}/graph/from-yaml", json={"config_yaml": original}, headers=admin_headers)
        assert graph.status_code == 200
        back = (await client.post(f"{API}/graph/to-yaml", json=graph.json(), headers=admin_headers)).json()
        assert yaml.safe_load(back["config_yaml"]) == yaml.safe_load(original), template
        assert back["validation"]["valid"] is True

    fork = {
        "nodes": [
            {"id": "hostmetrics", "kind": "receiver"},
            {"id": "batch", "kind": "processor"},
            {"id": "filter/a", "kind": "processor"},
            {"id": "debug", "kind": "exporter"},
        ],
        "edges": [
            {"source": "hostmetrics", "target": "batch"},
            {"source": "hostmetrics", "target": "filter/a"},
            {"source": "batch", "target": "debug"},
            {"source": "filter/a", "target": "debug"},
        ],
    }
    response = await client.post(f"{API}/graph/to-yaml", json=fork, headers=admin_headers)
    assert response.status_code == 422 and "one chain" in response.json()["error"]["message"]


async def test_custom_pipeline_lifecycle(client: httpx.AsyncClient, role_headers: dict) -> None:
    operator = role_headers["operator"]
    config = await _render(client, operator, "process-aggregated-v1")
    created = await client.post(API, json={"name": "agg-custom", "config_yaml": config}, headers=operator)
    assert created.status_code == 201, created.text
    pipeline = created.json()
    assert pipeline["version"] == 1 and pipeline["validation"]["valid"]
    assert {n["id"] for n in pipeline["graph"]["nodes"]} >= {"host_metrics", "transform/rollup"}

    dup = await client.post(API, json={"name": "agg-custom", "config_yaml": config}, headers=operator)
    assert dup.status_code == 409

    broken = config.replace("process.memory.usage", "process.memory.physical")
    invalid = await client.post(API, json={"name": "broken-one", "config_yaml": broken}, headers=operator)
    assert invalid.status_code == 422
    detail = invalid.json()["error"]["details"][0]
    assert detail["line"] and detail["node"] and detail["path"].startswith("body.config_yaml:")
    assert all(p["name"] != "broken-one" for p in (await client.get(API, headers=operator)).json())

    url = f"{API}/{pipeline['id']}"
    graph = pipeline["graph"]
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "debug"]
    updated = await client.put(url, json={"graph": graph, "version": 1, "description": "v2"}, headers=operator)
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2 and updated.json()["description"] == "v2"
    stale = await client.put(url, json={"description": "late", "version": 1}, headers=operator)
    assert stale.status_code == 409 and stale.json()["error"]["details"]["current_version"] == 2
    versions = (await client.get(f"{url}/versions", headers=operator)).json()
    assert [v["version"] for v in versions] == [1, 2]
    first = (await client.get(url, params={"version": 1}, headers=operator)).json()
    assert first["config_yaml"] == config  # the submitted text, comments included

    experiment = await client.post(
        "/api/v1/experiments",
        json=experiment_body(candidate={"pipeline_id": pipeline["id"]}),
        headers=operator,
    )
    assert experiment.status_code == 201, experiment.text
    assert experiment.json()["candidate"] == {
        "pipeline_id": pipeline["id"],
        "pipeline_version": 2,
        "pipeline_name": "agg-custom",
    }
    in_use = await client.delete(url, headers=operator)
    assert in_use.status_code == 409 and in_use.json()["error"]["details"]["experiments"] == ["topk-trial"]
    await client.post(f"/api/v1/experiments/{experiment.json()['id']}/stop", headers=operator)
    assert (await client.delete(url, headers=operator)).status_code == 204
    assert (await client.get(url, headers=operator)).status_code == 404


@sqlite_only
async def test_experiment_variants_are_checked_like_renders(client: httpx.AsyncClient, admin_headers: dict) -> None:
    cases = [
        (
            {"candidate": {"template": "process-topk-v1", "parameters": {"cpu_threshold": 7}}},
            "body.candidate.parameters.cpu_threshold",
        ),
        (
            {"candidate": {"template": "process-topk-v1", "parameters": {"variant": "x"}}},
            "body.candidate.parameters.variant",
        ),
        ({"baseline": {"pipeline_id": "0" * 32}}, "body.baseline.pipeline_id"),
    ]
    for overrides, path in cases:
        response = await client.post("/api/v1/experiments", json=experiment_body(**overrides), headers=admin_headers)
        assert response.status_code == 422, response.text
        assert any(d["path"].startswith(path) for d in response.json()["error"]["details"]), response.text


@sqlite_only
async def test_gitops_export(app, client: httpx.AsyncClient, role_headers: dict, tmp_path) -> None:
    body = {"template": "process-topk-v1", "experiment": "web-trial", "variant": "candidate"}
    off = await client.post(f"{API}/export", json=body, headers=role_headers["operator"])
    assert off.status_code == 409 and "PHOENIX_GITOPS_REPO_PATH" in off.json()["error"]["message"]
    assert (await client.post(f"{API}/export", json=body, headers=role_headers["viewer"])).status_code == 403

    app.state.settings.gitops_repo_path = tmp_path / "gitops"
    first = await client.post(f"{API}/export", json=body, headers=role_headers["operator"])
    assert first.status_code == 200, first.text
    exported = first.json()
    assert exported["created"] and exported["branch"] == "phoenix/web-trial"
    assert "phoenix/web-trial/candidate/kustomization.yaml" in exported["paths"]
    repo = Repo(str(tmp_path / "gitops"))
    assert repo.refs[b"refs/heads/phoenix/web-trial"].decode() == exported["commit_id"]

    again = (await client.post(f"{API}/export", json=body, headers=role_headers["operator"])).json()
    assert again["created"] is False and again["commit_id"] == exported["commit_id"]
