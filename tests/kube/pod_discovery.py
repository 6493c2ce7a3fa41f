"""Prometheus's Kubernetes pod discovery, as a file: the Debian `prometheus` is built without
Kubernetes service discovery, so this writes the targets `kubernetes_sd_configs: [{role: pod}]` would
find, with the same `__meta_kubernetes_*` labels, to a `file_sd_configs` file. The scrape job is the
shipped one (`deploy/prometheus/kubernetes-scrape.yaml`) with only its discovery swapped, so its
relabelling rules are what the real Prometheus applies to them.

Labels follow Prometheus' `discovery/kubernetes/pod.go` for each declared container port: address
`podIP:port`, namespace, pod name, IP, labels and annotations (names sanitised to `[a-zA-Z0-9_]`, with
`labelpresent`/`annotationpresent`), container name and image, port name, number and protocol, node
name, phase, ready and uid. Pods without an IP are left out, as there.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.kube.control_plane import ControlPlane

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_SCRAPE = ROOT / "deploy" / "prometheus" / "kubernetes-scrape.yaml"
_INVALID = re.compile(r"[^a-zA-Z0-9_]")
META = "__meta_kubernetes_"


def _name(value: str) -> str:
    return _INVALID.sub("_", value)


def _ready(pod: dict[str, Any]) -> str:
    conditions = pod.get("status", {}).get("conditions") or []
    return next((c["status"].lower() for c in conditions if c.get("type") == "Ready"), "unknown")


def pod_targets(pods: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Target groups (file_sd format) for `pods`, one target per declared container port."""
    groups = []
    for pod in pods:
        meta, spec, status = pod["metadata"], pod["spec"], pod.get("status") or {}
        ip = status.get("podIP")
        if not ip:
            continue
        common = {
            f"{META}namespace": meta["namespace"],
            f"{META}pod_name": meta["name"],
            f"{META}pod_ip": ip,
            f"{META}pod_node_name": spec.get("nodeName", ""),
            f"{META}pod_host_ip": status.get("hostIP", ""),
            f"{META}pod_phase": status.get("phase", ""),
            f"{META}pod_ready": _ready(pod),
            f"{META}pod_uid": meta["uid"],
        }
        for key, value in (meta.get("labels") or {}).items():
            common[f"{META}pod_label_{_name(key)}"] = value
            common[f"{META}pod_labelpresent_{_name(key)}"] = "true"
        for key, value in (meta.get("annotations") or {}).items():
            common[f"{META}pod_annotation_{_name(key)}"] = value
            common[f"{META}pod_annotationpresent_{_name(key)}"] = "true"
        for container in spec["containers"]:
            for port in container.get("ports") or []:
                labels = {
                    **common,
                    f"{META}pod_container_name": container["name"],
                    f"{META}pod_container_image": container.get("image", ""),
                    f"{META}pod_container_port_name": port.get("name", ""),
                    f"{META}pod_container_port_number": str(port["containerPort"]),
                    f"{META}pod_container_port_protocol": port.get("protocol", "TCP"),
                    f"{META}pod_container_init": "false",
                }
                groups.append({"targets": [f"{ip}:{port['containerPort']}"], "labels": labels})
    return groups


def shipped_job(targets_file: Path) -> dict[str, Any]:
    """The shipped scrape job, reading its targets from `targets_file` instead of the Kubernetes API."""
    [job] = yaml.safe_load(SHIPPED_SCRAPE.read_text())["scrape_configs"]
    assert [c.get("role") for c in job.pop("kubernetes_sd_configs")] == ["pod"]
    job["file_sd_configs"] = [{"files": [str(targets_file)], "refresh_interval": "1s"}]
    return job


@dataclass
class FileDiscovery:
    """Rewrites `path` with the cluster's pod targets every `interval` seconds (atomically)."""

    plane: ControlPlane
    path: Path
    interval: float = 0.5
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> FileDiscovery:
        self.write()
        self._thread = threading.Thread(target=self._loop, name="pod-discovery", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def write(self) -> None:
        pods = self.plane.request("GET", "/api/v1/pods").get("items") or []
        text = json.dumps(pod_targets(pods), indent=1, sort_keys=True)
        if self.path.exists() and self.path.read_text() == text:
            return
        partial = self.path.with_suffix(".tmp")
        partial.write_text(text)
        os.replace(partial, self.path)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            with contextlib.suppress(Exception):  # the apiserver briefly away: the next round writes
                self.write()
