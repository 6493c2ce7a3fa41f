"""A known fleet, exposed the way otelcol-contrib 0.128.0 collectors expose it to Prometheus.

Two nodes run a baseline and a candidate collector of experiment `checkout`; node-a also runs
one standing deployment (`steady/prod`, no baseline). Each collector is two scrape targets:

- `metrics` (the `prometheus` exporter, `resource_to_telemetry_conversion` on): one label set per
  process series, resource attributes as labels (`process_pid`, `process_executable_name`,
  `host_name`, `phoenix_experiment`, `phoenix_variant`, ...), the exporter's `otel_scope_*` labels,
  names with unit and `_total` suffixes;
- `telemetry` (the collector's own metrics, as otelcol 0.159.0 serves them: no `_total` or unit
  suffixes): `otelcol_*` counters growing at known rates and an RSS gauge that spikes every other scrape.

The candidate is an "aggressive" roll-up with a bug: criticals stay whole, non-criticals become one
`phoenix_group="other"` resource per host with CPU and memory only, and the python process of
node-b (critical) is lost entirely, so its memory and CPU vanish from node-b's totals.
Every expected KPI is computed from this model in `expected()`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EXPERIMENT, STEADY = "checkout", "steady"
CRITICAL = ("postgres", "nginx", "python[0-9.]*")
COLLECTION_INTERVAL_S = 10.0
SCOPE = (
    "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/hostmetricsreceiver/"
    "internal/scraper/processscraper"
)


@dataclass(frozen=True)
class Proc:
    pid: int
    exe: str
    command_line: str
    rss: int
    cpu: float  # cumulative CPU seconds (user); system is half of it, wait 0
    critical: bool


def _p(pid: int, exe: str, cmd: str, rss_mib: int, cpu: float, critical: bool = False) -> Proc:
    return Proc(pid, exe, cmd, rss_mib * 1024 * 1024, cpu, critical)


NODES: dict[str, list[Proc]] = {
    "node-a": [
        _p(1, "systemd", "/sbin/init splash", 12, 40.0),
        _p(101, "postgres", "postgres: checkpointer", 300, 120.0, True),
        _p(102, "postgres", "postgres: walwriter", 280, 80.0, True),
        _p(201, "nginx", "nginx: worker process", 60, 30.0, True),
        _p(301, "python3.11", "python3.11 -m app.worker --queue=default", 150, 60.0, True),
        _p(401, "bash", "-bash", 5, 0.5),
        _p(402, "sleep", "sleep 3600", 1, 0.0),
        _p(403, "cron", "/usr/sbin/cron -f", 3, 2.0),
    ],
    "node-b": [
        _p(1, "systemd", "/sbin/init", 12, 35.0),
        _p(101, "postgres", "postgres: autovacuum launcher", 250, 90.0, True),
        _p(201, "nginx", "nginx: master process /usr/sbin/nginx", 50, 20.0, True),
        _p(501, "python3", "python3 /opt/etl/run.py --full", 400, 200.0, True),
        _p(601, "sshd", "sshd: /usr/sbin/sshd -D", 8, 1.0),
        _p(602, "bash", "-bash", 5, 0.2),
    ],
}
LOST = ("node-b", 501)  # the candidate's bug: this critical process is dropped
TEMPLATE = {"baseline": "process-baseline-v1@1", "candidate": "process-aggressive-v1@1", "prod": "process-topk-v1@1"}
COLLECTOR_CPU = {
    ("baseline", "node-a"): 0.04,
    ("baseline", "node-b"): 0.06,
    ("candidate", "node-a"): 0.03,
    ("candidate", "node-b"): 0.05,
    ("prod", "node-a"): 0.02,
}
COLLECTOR_RSS = {
    ("baseline", "node-a"): 90e6,
    ("baseline", "node-b"): 100e6,
    ("candidate", "node-a"): 70e6,
    ("candidate", "node-b"): 80e6,
    ("prod", "node-a"): 60e6,
}
RSS_SPIKE = 20e6  # added on every other scrape of a telemetry target: max_over_time must see it
COLLECTORS = [
    (EXPERIMENT, "baseline", "node-a"),
    (EXPERIMENT, "baseline", "node-b"),
    (EXPERIMENT, "candidate", "node-a"),
    (EXPERIMENT, "candidate", "node-b"),
    (STEADY, "prod", "node-a"),
]


def _process_series(proc: Proc, resource: dict[str, str]) -> list[tuple[str, dict[str, str], float]]:
    """The 10 series of one whole process: cpu time x3, utilization x3, memory x2, disk io x2."""
    cpu = {"user": proc.cpu, "system": proc.cpu / 2, "wait": 0.0}
    out = [("process_cpu_time_seconds_total", {**resource, "state": s}, v) for s, v in cpu.items()]
    out += [("process_cpu_utilization_ratio", {**resource, "state": s}, 0.001) for s in cpu]
    out += [
        ("process_memory_usage_bytes", resource, float(proc.rss)),
        ("process_memory_virtual_bytes", resource, float(proc.rss * 4)),
    ]
    out += [("process_disk_io_bytes_total", {**resource, "direction": d}, 4096.0) for d in ("read", "write")]
    return out


def _resource(experiment: str, variant: str, node: str) -> dict[str, str]:
    return {
        "host_name": node,
        "os_type": "linux",
        "phoenix_experiment": experiment,
        "phoenix_variant": variant,
        "phoenix_template": TEMPLATE[variant],
        "otel_scope_name": SCOPE,
        "otel_scope_version": "0.128.0",
    }


def _process_resource(base: dict[str, str], proc: Proc) -> dict[str, str]:
    return {
        **base,
        "process_pid": str(proc.pid),
        "process_parent_pid": "1",
        "process_executable_name": proc.exe,
        "process_executable_path": f"/usr/bin/{proc.exe}",
        "process_command": proc.command_line.split()[0],
        "process_command_line": proc.command_line,
        "process_owner": "root",
    }


def output_series(experiment: str, variant: str, node: str) -> list[tuple[str, dict[str, str], float]]:
    """(name, labels, value) of every series the variant's exporter exposes on `node`."""
    base = _resource(experiment, variant, node)
    procs = NODES[node]
    if variant == "baseline":
        return [s for p in procs for s in _process_series(p, _process_resource(base, p))]
    kept = [p for p in procs if p.critical and (node, p.pid) != LOST]
    out = [s for p in kept for s in _process_series(p, _process_resource(base, p))]
    others = [p for p in procs if not p.critical]
    group = {**base, "phoenix_group": "other"}
    cpu = sum(p.cpu for p in others)
    out += [
        ("process_cpu_time_seconds_total", {**group, "state": "user"}, cpu),
        ("process_cpu_time_seconds_total", {**group, "state": "system"}, cpu / 2),
        ("process_cpu_time_seconds_total", {**group, "state": "wait"}, 0.0),
    ]
    out += [("process_cpu_utilization_ratio", {**group, "state": s}, 0.003) for s in ("user", "system", "wait")]
    out += [
        ("process_memory_usage_bytes", group, float(sum(p.rss for p in others))),
        ("process_memory_virtual_bytes", group, float(sum(p.rss * 4 for p in others))),
    ]
    return out


def sent_points_per_second(experiment: str, variant: str, node: str) -> float:
    return len(output_series(experiment, variant, node)) / COLLECTION_INTERVAL_S


def accepted_points_per_second(node: str) -> float:
    return len(output_series(EXPERIMENT, "baseline", node)) / COLLECTION_INTERVAL_S


def _labels(labels: dict[str, str]) -> str:
    def escape(v: str) -> str:
        return v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    return ",".join(f'{k}="{escape(v)}"' for k, v in labels.items())


def render_metrics(experiment: str, variant: str, node: str) -> str:
    lines, typed = [], set()
    for name, labels, value in output_series(experiment, variant, node):
        if name not in typed:
            typed.add(name)
            lines.append(f"# TYPE {name} {'counter' if name.endswith('_total') else 'gauge'}")
        lines.append(f"{name}{{{_labels(labels)}}} {value!r}")
    return "\n".join(lines) + "\n"


def render_telemetry(experiment: str, variant: str, node: str, elapsed: float, scrape: int) -> str:
    """Counters as if the collector had been up `elapsed` (+1000) seconds; RSS spikes on odd scrapes."""
    up = elapsed + 1000.0
    receiver = (
        'otel_scope_name="go.opentelemetry.io/collector/receiver/receiverhelper",receiver="host_metrics",transport=""'
    )
    exporter = 'otel_scope_name="go.opentelemetry.io/collector/exporter/exporterhelper"'
    service = 'otel_scope_name="go.opentelemetry.io/collector/service"'
    sent = sent_points_per_second(experiment, variant, node) * up
    rss = COLLECTOR_RSS[(variant, node)] + (RSS_SPIKE if scrape % 2 else 0.0)
    return (
        "\n".join(
            [
                "# TYPE otelcol_receiver_accepted_metric_points counter",
                f"otelcol_receiver_accepted_metric_points{{{receiver}}} {accepted_points_per_second(node) * up!r}",
                "# TYPE otelcol_exporter_sent_metric_points counter",
                f'otelcol_exporter_sent_metric_points{{{exporter},exporter="prometheus"}} {sent!r}',
                f'otelcol_exporter_sent_metric_points{{{exporter},exporter="otlp"}} {sent!r}',
                "# TYPE otelcol_process_cpu_seconds counter",
                f"otelcol_process_cpu_seconds{{{service}}} {COLLECTOR_CPU[(variant, node)] * up!r}",
                "# TYPE otelcol_process_memory_rss gauge",
                f"otelcol_process_memory_rss{{{service}}} {rss!r}",
                "# TYPE target_info gauge",
                'target_info{service_name="otelcol-contrib",service_version="0.128.0"} 1',
            ]
        )
        + "\n"
    )


class FleetExporter:
    """Serves `/<experiment>/<variant>/<node>/metrics` and `.../telemetry` on 127.0.0.1."""

    def __init__(self) -> None:
        self.started = time.time()
        self._scrapes: dict[str, int] = {}
        self._lock = threading.Lock()
        exporter = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = exporter.render(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.end_headers()
                self.wfile.write((body or "not found\n").encode())

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def render(self, path: str) -> str | None:
        parts = path.strip("/").split("/")
        if len(parts) != 4 or tuple(parts[:3]) not in COLLECTORS:
            return None
        experiment, variant, node, endpoint = parts
        if endpoint == "metrics":
            return render_metrics(experiment, variant, node)
        if endpoint == "telemetry":
            with self._lock:
                scrape = self._scrapes[path] = self._scrapes.get(path, 0) + 1
            return render_telemetry(experiment, variant, node, time.time() - self.started, scrape)
        return None

    def targets(self) -> list[dict[str, object]]:
        """Prometheus static_configs: one target per endpoint, with the labels Kubernetes SD would give it."""
        out = []
        for index, (experiment, variant, node) in enumerate(COLLECTORS):
            for endpoint, port in (("metrics", 8889), ("telemetry", 8888)):
                out.append(
                    {
                        "targets": [f"127.0.0.1:{self.port}"],
                        "labels": {
                            "__metrics_path__": f"/{experiment}/{variant}/{node}/{endpoint}",
                            "instance": f"10.0.{index}.1:{port}",  # the pod IP and container port, unique per target
                            "phoenix_io_experiment": experiment,
                            "phoenix_io_variant": variant,
                        },
                    }
                )
        return out

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
