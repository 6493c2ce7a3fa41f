"""A real Kubernetes control plane on loopback for the tests: etcd, kube-apiserver,
kube-controller-manager and kube-scheduler of the pinned release, all from `build/kube/phoenix-kube`
(`make kube` builds it from Go modules, `kube/go.mod`).

The apiserver serves HTTPS with the self-signed certificate it makes for itself in its `--cert-dir`,
authenticates an admin by a static token (`system:masters`), signs ServiceAccount tokens with a
key made here, and authorizes with RBAC, as a cluster does. The controller-manager runs only the
controllers the tests need (DaemonSet, garbage collector, namespace, ServiceAccount), the scheduler
binds pods to the nodes the tests register. Every process dies with the test process
(PR_SET_PDEATHSIG) and `stop()` removes the state directory.
"""

from __future__ import annotations

import ctypes
import json
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.live_server import free_port

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "build" / "kube" / "phoenix-kube"
CONTROLLERS = "daemonset,garbagecollector,namespace,serviceaccount"
SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local"


def _die_with_parent() -> None:
    if sys.platform == "linux":
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class ControlPlaneError(RuntimeError):
    """The control plane did not come up; the message carries the failing program's log tail."""


@dataclass
class ControlPlane:
    binary: Path = BINARY
    state: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="phoenix-kube-")))
    admin_token: str = field(default_factory=lambda: secrets.token_hex(24))
    apiserver_port: int = field(default_factory=free_port)
    etcd_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.apiserver_port}"

    @property
    def admin_kubeconfig(self) -> Path:
        return self.state / "admin.kubeconfig"

    def log(self, program: str) -> Path:
        return self.state / f"{program}.log"

    def log_tail(self, program: str, chars: int = 3000) -> str:
        path = self.log(program)
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    # --- start and stop ---------------------------------------------------------------------------

    def start(self, timeout: float = 120) -> ControlPlane:
        try:
            self._start(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self, timeout: float) -> None:
        etcd_port, peer_port = self.etcd_port, free_port()
        (self.state / "tokens.csv").write_text(f"{self.admin_token},phoenix-test-admin,uid-admin,system:masters\n")
        self._write_service_account_key()
        self._spawn(
            "etcd",
            f"--data-dir={self.state / 'etcd'}",
            f"--listen-client-urls=http://127.0.0.1:{etcd_port}",
            f"--listen-peer-urls=http://127.0.0.1:{peer_port}",
        )
        self._spawn(
            "kube-apiserver",
            f"--etcd-servers=http://127.0.0.1:{etcd_port}",
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            "--endpoint-reconciler-type=none",  # the `kubernetes` Service's endpoints: loopback is refused
            f"--secure-port={self.apiserver_port}",
            f"--cert-dir={self.state / 'certs'}",
            f"--token-auth-file={self.state / 'tokens.csv'}",
            "--authorization-mode=RBAC",
            f"--service-account-issuer={SERVICE_ACCOUNT_ISSUER}",
            f"--service-account-key-file={self.state / 'sa.pub'}",
            f"--service-account-signing-key-file={self.state / 'sa.key'}",
            "--service-cluster-ip-range=10.96.0.0/24",
            "--allow-privileged=true",
            # Lists and watches are served by etcd itself, so a watch from a version etcd compacted
            # gets the 410 Gone it answers (the watch cache would replay it from memory instead).
            "--watch-cache=false",
        )
        self._write_kubeconfig(self.admin_kubeconfig, self.admin_token)
        self._wait_ready(timeout)
        self._spawn(
            "kube-controller-manager",
            f"--kubeconfig={self.admin_kubeconfig}",
            f"--controllers={CONTROLLERS}",
            "--leader-elect=false",
            "--bind-address=127.0.0.1",
            f"--secure-port={free_port()}",
            "--use-service-account-credentials=false",
            "--concurrent-gc-syncs=5",
        )
        self._spawn(
            "kube-scheduler",
            f"--kubeconfig={self.admin_kubeconfig}",
            "--leader-elect=false",
            "--bind-address=127.0.0.1",
            f"--secure-port={free_port()}",
        )
        # The ServiceAccount controller makes `default` in each namespace; pods need it.
        self._wait(lambda: self._get("/api/v1/namespaces/default/serviceaccounts/default"), timeout, "default SA")

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
        shutil.rmtree(self.state, ignore_errors=True)

    def _spawn(self, program: str, *args: str) -> None:
        with self.log(program).open("wb") as log:
            self.processes[program] = subprocess.Popen(
                [str(self.binary), program, *args],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )

    def _check_alive(self) -> None:
        for program, process in self.processes.items():
            if process.poll() is not None:
                raise ControlPlaneError(f"{program} exited with status {process.returncode}:\n{self.log_tail(program)}")

    def _wait(self, check: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            if check():
                return
            time.sleep(0.2)
        raise ControlPlaneError(f"{what} not ready within {timeout:g}s:\n{self.log_tail('kube-apiserver')}")

    def _wait_ready(self, timeout: float) -> None:
        self._wait(lambda: self._get("/readyz") is not None, timeout, "kube-apiserver")

    # --- credentials ------------------------------------------------------------------------------

    def _write_service_account_key(self) -> None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
        (self.state / "sa.key").write_bytes(pem)
        public = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        (self.state / "sa.pub").write_bytes(public)

    def _write_kubeconfig(self, path: Path, token: str) -> None:
        """A kubeconfig for `token`. TLS is not verified: the apiserver's certificate is the
        self-signed one it made for itself, on loopback, for this test session only."""
        config = {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "phoenix-test", "cluster": {"server": self.url, "insecure-skip-tls-verify": True}}],
            "users": [{"name": "user", "user": {"token": token}}],
            "contexts": [{"name": "phoenix-test", "context": {"cluster": "phoenix-test", "user": "user"}}],
            "current-context": "phoenix-test",
        }
        path.write_text(json.dumps(config))
        path.chmod(0o600)

    def kubeconfig_for(self, token: str, name: str) -> Path:
        path = self.state / f"{name}.kubeconfig"
        self._write_kubeconfig(path, token)
        return path

    def service_account_token(self, namespace: str, name: str, seconds: int = 3600) -> str:
        """A token of ServiceAccount `namespace/name` from the TokenRequest API, as a pod would get."""
        body = {
            "apiVersion": "authentication.k8s.io/v1",
            "kind": "TokenRequest",
            "spec": {"expirationSeconds": seconds},
        }
        answer = self.request("POST", f"/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token", body)
        return answer["status"]["token"]

    def compact_etcd(self) -> int:
        """Compact etcd's history up to its current revision (through etcd's JSON gateway), as its
        periodic compaction would later: a watch from any older resource version is now 410 Gone."""

        def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
            url = f"http://127.0.0.1:{self.etcd_port}{path}"
            request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read())

        revision = int(post("/v3/kv/range", {"key": "AA=="})["header"]["revision"])
        post("/v3/kv/compaction", {"revision": revision, "physical": True})
        return revision

    # --- raw requests as the admin (setup, and checks the runtime under test must not do) ---------

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the apiserver's self-signed certificate, on loopback
        return context

    def kubectl(self, *args: str) -> str:
        """kubectl of the same release, as the admin; its output (a failure raises with stderr)."""
        command = [str(self.binary), "kubectl", f"--kubeconfig={self.admin_kubeconfig}", *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise ControlPlaneError(f"kubectl {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str | None = None,
        content_type: str = "application/json",
    ) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {token or self.admin_token}", "Content-Type": content_type}
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, context=self._context(), timeout=15) as response:
            text = response.read()
        return json.loads(text) if text.strip().startswith(b"{") else text.decode()

    def _get(self, path: str) -> Any:
        try:
            return self.request("GET", path)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return None
