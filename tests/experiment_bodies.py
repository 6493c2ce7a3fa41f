"""Request bodies shared by the experiment tests."""

from __future__ import annotations

from typing import Any


def experiment_body(name: str = "topk-trial", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "description": "baseline vs top-k on the web tier",
        "baseline": {"template": "process-baseline-v1"},
        "candidate": {"template": "process-topk-v1", "parameters": {}},
        "target": {"namespace": "observability", "node_selector": {"tier": "web"}},
        "critical_processes": ["^nginx$", "^postgres$"],
        "duration": "30m",
        "warmup": "2m",
        "success_criteria": {"min_cardinality_reduction": 0.6, "min_critical_retention": 1.0},
        "auto_promote": False,
    }
    body.update(overrides)
    return body
