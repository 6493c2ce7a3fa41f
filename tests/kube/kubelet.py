"""A test kubelet: registers one node with the real control plane and runs the pods bound to it as
local processes, so DaemonSets of collectors run real `otelcol-phoenix` processes.

What it does, as a kubelet would:
- registers a Node (Ready, `127.0.0.1` as its address, room for 110 pods) that the scheduler binds
  pods to;
- for each pod bound to the node: resolves the container's environment (values, `$(VAR)`
  references, `fieldRef`, `secretKeyRef`, `configMapKeyRef`), writes each ConfigMap volume to a
  directory, and starts the container's program in a private mount namespace whose `/` holds the
  host's directories plus the volume mounts (`pod_root.sh`): the collector reads its config at
  `/conf` and the node's `/` read-only at `/hostfs`, as in a cluster;
- runs the readiness probe (`httpGet`, after `initialDelaySeconds`) and writes the pod's status
  back: phase, pod IP, conditions, container state and restart count;
- restarts a container that exits (`restartPolicy: Always`), and on a pod's deletion stops its
  process (SIGTERM, then SIGKILL after the grace period) and removes the pod, as a kubelet confirms
  a graceful delete.

What it does not do, and why that is fine for these tests: no images (a table maps each image to
its entrypoint and directories on this machine, `Image`: the collector image runs
`build/otelcol-phoenix`, Phoenix's image runs its arguments, `phoenix simulate ...`, from the
project's virtualenv, first on PATH); no network namespace
(every pod's IP is the node's, 127.0.0.1, so two pods of one node must not share a port: Phoenix
gives each variant its own ports for that reason); no PID namespace (the DaemonSets Phoenix deploys
ask for `hostPID`, which is what a shared one gives); no cgroups, so resource limits are not
enforced; no liveness probes; capabilities and the read-only root filesystem are not applied (the
processes run as this user). It talks to the apiserver with the admin's token, not a node identity.
It polls its pods every `interval` seconds rather than watching them.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.kube.control_plane import ControlPlane, ControlPlaneError

log = logging.getLogger(__name__)

POD_ROOT = Path(__file__).with_name("pod_root.sh")
NODE_IP = "127.0.0.1"
_VAR_REF = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")


class PodError(Exception):
    """A pod this kubelet cannot start; `reason` is what its container status says (as a kubelet's would)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _expand(value: str, env: dict[str, str]) -> str:
    """Kubernetes' `$(VAR)` expansion: a variable defined earlier is replaced, anything else is kept."""
    return _VAR_REF.sub(lambda m: env.get(m.group(1), m.group(0)), value)


@dataclass(frozen=True)
class Image:
    """What stands in for an image on this node: its entrypoint, and the directories of this machine
    that hold its programs. Those are mounted again over the pod's volumes, so a volume (an `emptyDir`
    on /tmp, say) never hides them, as a volume never hides an image's own files in a container."""

    entrypoint: tuple[str, ...] = ()
    directories: tuple[Path, ...] = ()


@dataclass
class RunningPod:
    uid: str
    namespace: str
    name: str
    workdir: Path
    container: str
    ports: dict[str, int]
    argv: list[str]
    env: dict[str, str]
    probe: dict[str, Any] | None
    grace_seconds: float
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    started_iso: str = ""
    restarts: int = 0
    ready: bool = False
    last_exit: int | None = None
    reported: dict[str, Any] = field(default_factory=dict)

    @property
    def log(self) -> Path:
        return self.workdir / "container.log"


@dataclass
class ProcessKubelet:
    plane: ControlPlane
    node: str
    images: dict[str, Image]
    labels: dict[str, str] = field(default_factory=dict)
    path: str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    """PATH of every container (the images' programs are this machine's)."""
    interval: float = 0.5
    pods: dict[str, RunningPod] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _state: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="phoenix-kubelet-")))

    # --- life -------------------------------------------------------------------------------------

    def start(self) -> ProcessKubelet:
        if os.geteuid() != 0 or shutil.which("unshare") is None:
            raise ControlPlaneError("the test kubelet needs root and unshare(1) for its pods' mount namespaces")
        probe = subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "true"], capture_output=True, text=True
        )
        if probe.returncode != 0:
            raise ControlPlaneError(f"the test kubelet cannot make mount namespaces: {probe.stderr.strip()}")
        self._register()
        self._thread = threading.Thread(target=self._loop, name=f"kubelet-{self.node}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop every pod, remove them and the node; the node's pods are gone from the cluster after."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        for pod in list(self.pods.values()):
            self._kill(pod)
        for pod in self._list_pods():
            self._confirm_deletion(pod["metadata"])
        with contextlib.suppress(urllib.error.HTTPError):
            self.plane.request("DELETE", f"/api/v1/nodes/{self.node}")
        shutil.rmtree(self._state, ignore_errors=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.sync()
            except Exception as exc:  # keep running: the apiserver may be briefly away
                self.errors.append(f"{type(exc).__name__}: {exc}")
                log.warning("kubelet %s: %s", self.node, exc)
            self._stop.wait(self.interval)

    # --- the node ---------------------------------------------------------------------------------

    def _register(self) -> None:
        labels = {
            "kubernetes.io/hostname": self.node,
            "kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64" if os.uname().machine == "x86_64" else "arm64",
            **self.labels,
        }
        node = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": self.node, "labels": labels}}
        self.plane.request("POST", "/api/v1/nodes", node)
        resources = {"cpu": "4", "memory": "16Gi", "pods": "110"}
        now = _now()
        status = {
            "status": {
                "capacity": resources,
                "allocatable": resources,
                "addresses": [{"type": "InternalIP", "address": NODE_IP}, {"type": "Hostname", "address": self.node}],
                "conditions": [
                    {
                        "type": "Ready",
                        "status": "True",
                        "reason": "KubeletReady",
                        "message": "test kubelet: pods run as local processes",
                        "lastHeartbeatTime": now,
                        "lastTransitionTime": now,
                    }
                ],
                "nodeInfo": {
                    "kubeletVersion": "test",
                    "operatingSystem": "linux",
                    "architecture": labels["kubernetes.io/arch"],
                },
            }
        }
        self._patch_status(f"/api/v1/nodes/{self.node}/status", status)
        # The apiserver taints a new node `not-ready`; the node lifecycle controller lifts the taint
        # once the node reports Ready. That controller (and its heartbeats) does not run here.
        self.plane.request(
            "PATCH",
            f"/api/v1/nodes/{self.node}",
            {"spec": {"taints": None}},
            content_type="application/merge-patch+json",
        )

    # --- pods -------------------------------------------------------------------------------------

    def _list_pods(self) -> list[dict[str, Any]]:
        answer = self.plane.request("GET", f"/api/v1/pods?fieldSelector=spec.nodeName%3D{self.node}")
        return list(answer.get("items") or [])

    def sync(self) -> None:
        listed = self._list_pods()
        present = set()
        for pod in listed:
            meta = pod["metadata"]
            present.add(meta["uid"])
            if meta.get("deletionTimestamp"):
                running = self.pods.pop(meta["uid"], None)
                if running is not None:
                    self._kill(running)
                self._confirm_deletion(meta)
                continue
            running = self.pods.get(meta["uid"])
            if running is None:
                running = self._admit(pod)
                if running is None:
                    continue
            self._tend(running)
        for uid in set(self.pods) - present:  # deleted without a grace period
            self._kill(self.pods.pop(uid))

    def _admit(self, pod: dict[str, Any]) -> RunningPod | None:
        meta, spec = pod["metadata"], pod["spec"]
        try:
            running = self._prepare(meta, spec)
        except PodError as exc:
            waiting = {"reason": exc.reason, "message": exc.message}
            self._report(meta, {"phase": "Pending", "waiting": waiting}, spec["containers"][0]["name"])
            return None
        self.pods[meta["uid"]] = running
        return running

    def _prepare(self, meta: dict[str, Any], spec: dict[str, Any]) -> RunningPod:
        if len(spec["containers"]) != 1 or spec.get("initContainers"):
            raise PodError("Unsupported", "the test kubelet runs pods of exactly one container")
        container = spec["containers"][0]
        image = self.images.get(container["image"])
        if image is None:
            raise PodError("ErrImageNeverPull", f"image {container['image']} has no program on this node")
        workdir = self._state / meta["uid"]
        workdir.mkdir(exist_ok=True)
        env = self._environment(meta, spec, container)
        mounts = self._mounts(meta, spec, container, workdir)
        mounts += [f"{directory}:{directory}:rw" for directory in image.directories]
        program = container.get("command") or list(image.entrypoint)
        argv = [*program, *(_expand(a, env) for a in container.get("args") or [])]
        root = workdir / "root"
        root.mkdir(exist_ok=True)
        command = [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            str(POD_ROOT),
            str(root),
            *mounts,
            "--",
            *argv,
        ]
        return RunningPod(
            uid=meta["uid"],
            namespace=meta["namespace"],
            name=meta["name"],
            workdir=workdir,
            container=container["name"],
            ports={p["name"]: int(p["containerPort"]) for p in container.get("ports") or [] if p.get("name")},
            argv=command,
            env=env,
            probe=container.get("readinessProbe"),
            grace_seconds=float(spec.get("terminationGracePeriodSeconds", 30)),
        )

    def _environment(self, meta: dict[str, Any], spec: dict[str, Any], container: dict[str, Any]) -> dict[str, str]:
        env = {"PATH": self.path, "HOME": "/root"}
        fields = {
            "spec.nodeName": self.node,
            "metadata.name": meta["name"],
            "metadata.namespace": meta["namespace"],
            "metadata.uid": meta["uid"],
            "status.podIP": NODE_IP,
            "status.hostIP": NODE_IP,
        }
        for item in container.get("env") or []:
            name, source = item["name"], item.get("valueFrom")
            if source is None:
                env[name] = _expand(item.get("value", ""), env)
            elif "fieldRef" in source:
                path = source["fieldRef"]["fieldPath"]
                if path not in fields:
                    raise PodError("CreateContainerConfigError", f"fieldRef {path} is not supported here")
                env[name] = fields[path]
            elif "secretKeyRef" in source or "configMapKeyRef" in source:
                kind = "secrets" if "secretKeyRef" in source else "configmaps"
                ref = source.get("secretKeyRef") or source["configMapKeyRef"]
                data = self._object_data(meta["namespace"], kind, ref["name"])
                if ref["key"] not in data:
                    raise PodError(
                        "CreateContainerConfigError", f"{kind[:-1]} {ref['name']!r} has no key {ref['key']!r}"
                    )
                value = data[ref["key"]]
                env[name] = base64.b64decode(value).decode() if kind == "secrets" else value
            else:
                raise PodError("CreateContainerConfigError", f"env {name}: unsupported source {sorted(source)}")
        return env

    def _object_data(self, namespace: str, kind: str, name: str) -> dict[str, str]:
        try:
            found = self.plane.request("GET", f"/api/v1/namespaces/{namespace}/{kind}/{name}")
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise PodError("CreateContainerConfigError", f"{kind[:-1]} {name!r} not found") from None
            raise
        return dict(found.get("data") or {})

    def _mounts(
        self, meta: dict[str, Any], spec: dict[str, Any], container: dict[str, Any], workdir: Path
    ) -> list[str]:
        volumes = {v["name"]: v for v in spec.get("volumes") or []}
        mounts = []
        for mount in container.get("volumeMounts") or []:
            volume = volumes[mount["name"]]
            target = mount["mountPath"]
            if "subPath" in mount:
                raise PodError("CreateContainerConfigError", "subPath mounts are not supported here")
            if "configMap" in volume:
                source = workdir / "volumes" / mount["name"]
                source.mkdir(parents=True, exist_ok=True)
                ref = volume["configMap"]
                data = self._object_data(meta["namespace"], "configmaps", ref["name"])
                items = ref.get("items") or [{"key": k, "path": k} for k in data]
                for item in items:
                    (source / item["path"]).write_text(data[item["key"]])
            elif "hostPath" in volume:
                source = Path(volume["hostPath"]["path"])
            elif "emptyDir" in volume:
                source = workdir / "volumes" / mount["name"]
                source.mkdir(parents=True, exist_ok=True)
            else:
                raise PodError("CreateContainerConfigError", f"volume {mount['name']}: unsupported type")
            # A target inside one of the host's directories must exist: it is bound, not created there.
            top = Path("/", *Path(target).parts[1:2])
            if top.exists() and not Path(target).exists():
                raise PodError("CreateContainerConfigError", f"mount {target} would be created on the host")
            mode = "ro" if mount.get("readOnly") else "rw"
            mounts.append(f"{source}:{target}:{mode}")
        return mounts

    # --- a pod's process and status ---------------------------------------------------------------

    def _tend(self, pod: RunningPod) -> None:
        if pod.process is not None and pod.process.poll() is not None:
            pod.last_exit = pod.process.returncode
            pod.process = None
            pod.ready = False
            pod.restarts += 1
        if pod.process is None and time.monotonic() - pod.started_at >= min(10.0, 1.0 * pod.restarts):
            self._spawn(pod)
        if pod.process is not None:
            pod.ready = self._probe(pod)
        state: dict[str, Any]
        if pod.process is not None:
            state = {"phase": "Running", "running": {"startedAt": pod.started_iso}, "ready": pod.ready}
        else:
            waiting = {"reason": "CrashLoopBackOff", "message": f"exited with status {pod.last_exit}"}
            state = {"phase": "Running", "waiting": waiting, "ready": False}
        state["restarts"] = pod.restarts
        if state != pod.reported:
            pod.reported = state
            self._report({"namespace": pod.namespace, "name": pod.name, "uid": pod.uid}, state, pod.container)

    def _spawn(self, pod: RunningPod) -> None:
        with pod.log.open("ab") as out:
            pod.process = subprocess.Popen(
                pod.argv,
                env=pod.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        pod.started_at = time.monotonic()
        pod.started_iso = _now()

    def _probe(self, pod: RunningPod) -> bool:
        if pod.probe is None:
            return True
        if time.monotonic() - pod.started_at < float(pod.probe.get("initialDelaySeconds", 0)):
            return False
        get = pod.probe.get("httpGet")
        if get is None:
            return True  # exec and tcpSocket probes are not run here
        port = get["port"] if isinstance(get["port"], int) else pod.ports.get(get["port"])
        if port is None:
            return False
        try:
            with urllib.request.urlopen(f"http://{NODE_IP}:{port}{get.get('path', '/')}", timeout=1) as answer:
                return 200 <= answer.status < 400
        except (urllib.error.URLError, OSError):
            return False

    def _report(self, meta: dict[str, Any], state: dict[str, Any], container: str) -> None:
        ready = "True" if state.get("ready") else "False"
        now = _now()
        container_state = {k: v for k, v in state.items() if k in ("running", "waiting")}
        status = {
            "phase": state["phase"],
            "hostIP": NODE_IP,
            "podIP": NODE_IP,
            "podIPs": [{"ip": NODE_IP}],
            "conditions": [
                {"type": "Initialized", "status": "True", "lastTransitionTime": now},
                {"type": "ContainersReady", "status": ready, "lastTransitionTime": now},
                {"type": "Ready", "status": ready, "lastTransitionTime": now},
                {"type": "PodScheduled", "status": "True", "lastTransitionTime": now},
            ],
            "containerStatuses": [
                {
                    "name": container,
                    "ready": state.get("ready", False),
                    "restartCount": state.get("restarts", 0),
                    "image": "",
                    "imageID": "",
                    "started": "running" in state,
                    "state": container_state,
                }
            ],
        }
        path = f"/api/v1/namespaces/{meta['namespace']}/pods/{meta['name']}/status"
        with contextlib.suppress(urllib.error.HTTPError):  # gone meanwhile: the next sync sees it
            self._patch_status(path, {"metadata": {"uid": meta["uid"]}, "status": status})

    def _patch_status(self, path: str, body: dict[str, Any]) -> None:
        self.plane.request("PATCH", path, body, content_type="application/merge-patch+json")

    def _kill(self, pod: RunningPod) -> None:
        process = pod.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=min(pod.grace_seconds, 10.0))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        pod.process = None
        if pod.log.exists():  # kept for failure messages: a test may look after the pod is gone
            logs = self._state / "logs"
            logs.mkdir(exist_ok=True)
            pod.log.rename(logs / f"{pod.namespace}_{pod.name}.log")
        shutil.rmtree(pod.workdir, ignore_errors=True)

    def _confirm_deletion(self, meta: dict[str, Any]) -> None:
        """What a kubelet does once a deleted pod's containers have stopped: delete it for good."""
        body = {
            "kind": "DeleteOptions",
            "apiVersion": "v1",
            "gracePeriodSeconds": 0,
            "preconditions": {"uid": meta["uid"]},
        }
        with contextlib.suppress(urllib.error.HTTPError):  # already gone, or another pod by that name now
            self.plane.request("DELETE", f"/api/v1/namespaces/{meta['namespace']}/pods/{meta['name']}", body)

    def log_tail(self, chars: int = 2000) -> str:
        """The end of every pod's container log, running or gone (for failure messages)."""
        paths = [pod.log for pod in self.pods.values()] + sorted((self._state / "logs").glob("*.log"))
        parts = []
        for path in paths:
            text = path.read_text(errors="replace")[-chars:] if path.exists() else ""
            parts.append(f"--- {path.parent.name}/{path.name}\n{text}")
        return "\n".join(parts) + ("\nkubelet errors: " + json.dumps(self.errors[-5:]) if self.errors else "")
