"""Load profiles: the process populations Phoenix simulates, defined once, as data.

A profile is a list of process groups (executable name, path, command-line template, owner, CPU
and memory pattern, role) plus its size knobs (`process_count`, `churn_rate`, `duration`,
`seed`). The same definitions feed the synthetic snapshots of the engine (previews, tests) and the
simulator that spawns real processes, so names are real executable names of at most 15 characters
(Linux truncates `comm`, which `process.executable.name` reads, to 15).

Roles: `fixed` groups run `count` long-lived instances; `pool` groups share what is left of
`process_count` by weight; `churn` groups share `churn_rate` short-lived arrivals per second.
Every built-in profile mixes processes matching the default critical patterns (postgres, nginx,
java, kubelet, ...) with many that do not. `app.simulation.population` turns a profile and a seed into
the processes alive at any instant.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MiB = 1024 * 1024
GiB = 1024 * MiB
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+:@-]{0,14}$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CpuPattern(_Frozen):
    """CPU demand in cores (1.0 = one logical CPU): flat, a sine wave, or periodic spikes."""

    kind: Literal["idle", "steady", "sine", "spiky"] = "idle"
    cores: float = Field(0.001, ge=0, le=64)
    amplitude: float = Field(0.0, ge=0, le=64)  # sine swing, or extra cores during a spike
    period_s: float = Field(60.0, gt=0)
    spike_s: float = Field(5.0, gt=0)
    user_share: float = Field(0.7, ge=0, le=1)
    system_share: float = Field(0.25, ge=0, le=1)  # the rest is iowait

    @model_validator(mode="after")
    def _consistent(self) -> CpuPattern:
        if self.kind == "sine" and self.amplitude > self.cores:
            raise ValueError("a sine CPU pattern needs amplitude <= cores (CPU use cannot go negative)")
        if self.user_share + self.system_share > 1:
            raise ValueError("user_share + system_share must be at most 1")
        return self


class MemoryPattern(_Frozen):
    """Resident memory: flat, a ramp (leak) up to a cap, or a sawtooth (leak with periodic release)."""

    kind: Literal["steady", "ramp", "sawtooth"] = "steady"
    rss_bytes: int = Field(8 * MiB, ge=0)
    growth_bytes_per_s: float = Field(0.0, ge=0)
    cap_bytes: int | None = Field(None, ge=0)  # ramp ceiling; default 4 x rss_bytes
    period_s: float = Field(600.0, gt=0)  # sawtooth period
    virtual_factor: float = Field(4.0, ge=1)


class ProcessGroup(_Frozen):
    """Processes sharing one executable and behaviour. `command` may use {i} (instance), {n}
    (incarnation), {uid} (unique per incarnation), {port}; `parent` names another group's label."""

    name: str
    exe_path: str
    command: str
    label: str = ""
    owner: str = "root"
    role: Literal["fixed", "pool", "churn"] = "fixed"
    count: int = Field(1, ge=0, le=10_000)
    weight: float = Field(1.0, gt=0)
    cpu: CpuPattern = CpuPattern()
    memory: MemoryPattern = MemoryPattern()
    restarts_per_minute: float = Field(0.0, ge=0, le=60)
    lifetime_s: tuple[float, float] = (0.5, 3.0)  # churn only: uniform lifetime range
    parent: str | None = None
    io_bytes_per_s: tuple[float, float] = (0.0, 0.0)  # read, write
    threads: int = Field(1, ge=1)

    @field_validator("name")
    @classmethod
    def _real_name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(
                f"{value!r} is not a usable executable name: 1-15 characters, no spaces or '/' "
                "(Linux truncates process names to 15 characters)"
            )
        return value

    @model_validator(mode="after")
    def _defaults(self) -> ProcessGroup:
        if not self.label:
            object.__setattr__(self, "label", self.name)
        low, high = self.lifetime_s
        if not 0 < low <= high:
            raise ValueError("lifetime_s must be (low, high) with 0 < low <= high")
        try:
            self.command.format(i=0, n=0, uid="0", port=0)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                f"command template {self.command!r} of group {self.label!r}: only {{i}}, {{n}}, "
                f"{{uid}} and {{port}} can be used ({exc})"
            ) from None
        return self


class LoadProfile(_Frozen):
    """A named population: its groups and size. `process_count` counts long-lived processes
    (fixed + pool); churn processes come on top at `churn_rate` per second."""

    name: str
    description: str = ""
    groups: tuple[ProcessGroup, ...] = Field(min_length=1)
    process_count: int = Field(ge=1, le=5_000)
    churn_rate: float = Field(0.0, ge=0, le=200)
    duration_s: float = Field(600.0, gt=0, le=7 * 86_400)
    seed: int = 1
    host_cpus: int = Field(8, ge=1, le=1024)
    host_memory_bytes: int = Field(32 * GiB, gt=0)
    process_count_range: tuple[int, int] = (1, 5_000)
    churn_rate_range: tuple[float, float] = (0.0, 200.0)

    @model_validator(mode="after")
    def _sizes(self) -> LoadProfile:
        labels = [g.label for g in self.groups]
        if len(set(labels)) != len(labels):
            raise ValueError("group labels must be unique (set `label` when two groups share a name)")
        for g in self.groups:
            if g.parent is not None and g.parent not in labels:
                raise ValueError(f"group {g.label!r} names unknown parent group {g.parent!r}")
        lo, hi = self.process_count_range
        if not lo <= self.process_count <= hi:
            raise ValueError(f"process_count of profile {self.name!r} must be between {lo} and {hi}")
        lo_c, hi_c = self.churn_rate_range
        if not lo_c <= self.churn_rate <= hi_c:
            raise ValueError(f"churn_rate of profile {self.name!r} must be between {lo_c} and {hi_c} per second")
        if self.process_count < self.fixed_count():
            raise ValueError(f"process_count {self.process_count} is below the {self.fixed_count()} fixed processes")
        if self.process_count > self.fixed_count() and not any(g.role == "pool" for g in self.groups):
            raise ValueError("process_count above the fixed processes needs at least one pool group")
        if self.churn_rate > 0 and not any(g.role == "churn" for g in self.groups):
            raise ValueError("churn_rate > 0 needs at least one churn group")
        return self

    def fixed_count(self) -> int:
        return sum(g.count for g in self.groups if g.role == "fixed")

    def pool_counts(self) -> dict[str, int]:
        """Instances per pool group: the share of `process_count` left by fixed groups, by weight."""
        pools = [g for g in self.groups if g.role == "pool"]
        remaining = self.process_count - self.fixed_count()
        total = sum(g.weight for g in pools)
        counts = {g.label: int(remaining * g.weight / total) for g in pools}
        for g in pools[: remaining - sum(counts.values())]:  # hand out the rounding remainder
            counts[g.label] += 1
        return counts

    def with_overrides(
        self,
        *,
        process_count: int | None = None,
        churn_rate: float | None = None,
        duration_s: float | None = None,
        seed: int | None = None,
    ) -> LoadProfile:
        """The same profile with its size knobs changed (validated against the profile's ranges)."""
        changes = {
            k: v
            for k, v in {
                "process_count": process_count,
                "churn_rate": churn_rate,
                "duration_s": duration_s,
                "seed": seed,
            }.items()
            if v is not None
        }
        return LoadProfile.model_validate({**self.model_dump(), **changes})


def _g(name: str, exe: str, command: str, **kw: object) -> ProcessGroup:
    return ProcessGroup(name=name, exe_path=exe, command=command, **kw)  # type: ignore[arg-type]


def _idle(cores: float = 0.001, rss_mib: float = 6) -> dict:
    return {"cpu": CpuPattern(kind="idle", cores=cores), "memory": MemoryPattern(rss_bytes=int(rss_mib * MiB))}


def _system(journal_rss_mib: float = 40) -> list[ProcessGroup]:
    """What every Linux host runs: init, sshd, logging, time, dbus, cron."""
    return [
        _g(
            "systemd",
            "/usr/lib/systemd/systemd",
            "/usr/lib/systemd/systemd --system --deserialize=31",
            **_idle(0.002, 12),
        ),
        _g("sshd", "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", **_idle(0.0005, 8)),
        _g(
            "systemd-journal",
            "/usr/lib/systemd/systemd-journald",
            "/usr/lib/systemd/systemd-journald",
            **_idle(0.003, journal_rss_mib),
        ),
        _g("rsyslogd", "/usr/sbin/rsyslogd", "/usr/sbin/rsyslogd -n -iNONE", owner="syslog", **_idle(0.001, 6)),
        _g("chronyd", "/usr/sbin/chronyd", "/usr/sbin/chronyd -F 1", owner="_chrony", **_idle(0.0002, 3)),
        _g(
            "dbus-daemon",
            "/usr/bin/dbus-daemon",
            "@dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only",
            owner="messagebus",
            **_idle(0.0003, 5),
        ),
        _g("cron", "/usr/sbin/cron", "/usr/sbin/cron -f -P", **_idle(0.0001, 3)),
        _g("systemd-udevd", "/usr/lib/systemd/systemd-udevd", "/usr/lib/systemd/systemd-udevd", **_idle(0.0002, 7)),
        _g("agetty", "/usr/sbin/agetty", "/sbin/agetty -o -p -- \\u --noclear - linux", **_idle(0.0, 2)),
    ]


def _node_agents(shims: int) -> list[ProcessGroup]:
    """A Kubernetes node: kubelet, containerd and one shim per pod sandbox, plus the usual exporters."""
    return [
        _g(
            "kubelet",
            "/usr/bin/kubelet",
            "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml "
            "--kubeconfig=/etc/kubernetes/kubelet.conf "
            "--container-runtime-endpoint=unix:///run/containerd/containerd.sock",
            cpu=CpuPattern(kind="sine", cores=0.06, amplitude=0.04, period_s=30),
            memory=MemoryPattern(rss_bytes=110 * MiB),
            threads=24,
        ),
        _g(
            "containerd",
            "/usr/bin/containerd",
            "/usr/bin/containerd",
            cpu=CpuPattern(kind="steady", cores=0.02),
            memory=MemoryPattern(rss_bytes=70 * MiB),
            threads=18,
        ),
        _g(
            "containerd-shim",
            "/usr/bin/containerd-shim",
            "/usr/bin/containerd-shim -namespace k8s.io -id {uid}{uid}{uid} -address /run/containerd/containerd.sock",
            count=shims,
            parent="containerd",
            **_idle(0.0004, 12),
        ),
        _g(
            "node_exporter",
            "/usr/bin/node_exporter",
            "/usr/bin/node_exporter --path.rootfs=/host",
            owner="nobody",
            cpu=CpuPattern(kind="spiky", cores=0.001, amplitude=0.05, period_s=15, spike_s=0.5),
            memory=MemoryPattern(rss_bytes=24 * MiB),
        ),
        _g(
            "fluent-bit",
            "/opt/fluent-bit/bin/fluent-bit",
            "/opt/fluent-bit/bin/fluent-bit -c /fluent-bit/etc/fluent-bit.conf",
            cpu=CpuPattern(kind="steady", cores=0.01),
            memory=MemoryPattern(rss_bytes=30 * MiB),
            io_bytes_per_s=(20_000.0, 4_000.0),
        ),
    ]


def _servers(postgres_backends: int, nginx_workers: int, java: int, node: int) -> list[ProcessGroup]:
    """Steady servers matching the default critical patterns, some with CPU waves or memory ramps."""
    pg_main = (
        "/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql/16/main "
        "-c config_file=/etc/postgresql/16/main/postgresql.conf"
    )
    return [
        _g(
            "postgres",
            "/usr/lib/postgresql/16/bin/postgres",
            pg_main,
            label="postgres-main",
            owner="postgres",
            cpu=CpuPattern(kind="steady", cores=0.01),
            memory=MemoryPattern(rss_bytes=180 * MiB),
            io_bytes_per_s=(50_000.0, 120_000.0),
        ),
        _g(
            "postgres",
            "/usr/lib/postgresql/16/bin/postgres",
            "postgres: 16/main: app appdb 10.0.3.{i}({port}) idle",
            label="postgres-backend",
            owner="postgres",
            count=postgres_backends,
            parent="postgres-main",
            cpu=CpuPattern(kind="sine", cores=0.08, amplitude=0.07, period_s=120),
            memory=MemoryPattern(rss_bytes=60 * MiB),
            restarts_per_minute=0.5,
            io_bytes_per_s=(200_000.0, 30_000.0),
        ),
        _g(
            "nginx",
            "/usr/sbin/nginx",
            "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;",
            label="nginx-master",
            **_idle(0.0002, 8),
        ),
        _g(
            "nginx",
            "/usr/sbin/nginx",
            "nginx: worker process",
            label="nginx-worker",
            owner="www-data",
            count=nginx_workers,
            parent="nginx-master",
            cpu=CpuPattern(kind="sine", cores=0.05, amplitude=0.03, period_s=90),
            memory=MemoryPattern(rss_bytes=14 * MiB),
        ),
        _g(
            "redis-server",
            "/usr/bin/redis-server",
            "/usr/bin/redis-server 127.0.0.1:6379",
            owner="redis",
            cpu=CpuPattern(kind="steady", cores=0.015),
            memory=MemoryPattern(kind="ramp", rss_bytes=220 * MiB, growth_bytes_per_s=20_000.0, cap_bytes=400 * MiB),
        ),
        _g(
            "java",
            "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
            "/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xms2g -Xmx2g -jar /opt/orders/orders-service.jar "
            "--server.port={port}",
            count=java,
            owner="orders",
            cpu=CpuPattern(kind="sine", cores=0.6, amplitude=0.45, period_s=300),
            memory=MemoryPattern(kind="sawtooth", rss_bytes=1200 * MiB, growth_bytes_per_s=600_000.0, period_s=900),
            threads=60,
        ),
        _g(
            "node",
            "/usr/bin/node",
            "node /srv/web/server.js --port {port}",
            count=node,
            owner="web",
            cpu=CpuPattern(kind="spiky", cores=0.03, amplitude=0.5, period_s=45, spike_s=3),
            memory=MemoryPattern(rss_bytes=160 * MiB),
            threads=11,
        ),
        _g(
            "python3",
            "/usr/bin/python3.11",
            "/usr/bin/python3 /opt/reports/worker.py --queue reports-{i}",
            count=2,
            owner="reports",
            cpu=CpuPattern(kind="spiky", cores=0.005, amplitude=0.9, period_s=120, spike_s=8),
            memory=MemoryPattern(rss_bytes=95 * MiB),
        ),
    ]


def _realistic() -> LoadProfile:
    groups = [
        *_system(),
        *_node_agents(shims=3),
        *_servers(postgres_backends=6, nginx_workers=4, java=2, node=2),
        _g(
            "unattended-upgr",
            "/usr/bin/python3.11",
            "/usr/bin/python3 /usr/share/unattended-upgrades/unattended-upgrade-shutdown --wait-for-signal",
            **_idle(0.0, 22),
        ),
        _g(
            "gunicorn",
            "/usr/bin/python3.11",
            "/srv/shop/venv/bin/python3 /srv/shop/venv/bin/gunicorn shop.wsgi:app --workers 8 --bind 127.0.0.1:{port}",
            role="pool",
            weight=3,
            owner="shop",
            restarts_per_minute=1.5,
            cpu=CpuPattern(kind="sine", cores=0.04, amplitude=0.035, period_s=60),
            memory=MemoryPattern(rss_bytes=85 * MiB),
        ),
        _g(
            "celery",
            "/usr/bin/python3.11",
            "/srv/shop/venv/bin/python3 /srv/shop/venv/bin/celery -A shop worker -n worker{i}@%h --concurrency=2",
            role="pool",
            weight=2,
            owner="shop",
            restarts_per_minute=1.0,
            cpu=CpuPattern(kind="spiky", cores=0.003, amplitude=0.3, period_s=40, spike_s=2),
            memory=MemoryPattern(kind="ramp", rss_bytes=70 * MiB, growth_bytes_per_s=15_000.0, cap_bytes=240 * MiB),
        ),
        _g(
            "bash",
            "/usr/bin/bash",
            "-bash",
            role="pool",
            weight=2,
            owner="admin",
            restarts_per_minute=0.5,
            **_idle(0.0, 5),
        ),
        _g("sleep", "/usr/bin/sleep", "sleep 3600", role="pool", weight=1, owner="admin", **_idle(0.0, 1)),
        _g(
            "tail",
            "/usr/bin/tail",
            "tail -F /var/log/shop/app-{i}.log",
            role="pool",
            weight=1,
            owner="admin",
            **_idle(0.0002, 2),
        ),
        _g(
            "sh",
            "/usr/bin/dash",
            "/bin/sh -c /usr/local/bin/backup-rotate.sh {uid}",
            role="churn",
            weight=2,
            lifetime_s=(2.0, 12.0),
            parent="cron",
            **_idle(0.05, 2),
        ),
        _g(
            "logrotate",
            "/usr/sbin/logrotate",
            "/usr/sbin/logrotate /etc/logrotate.conf",
            role="churn",
            lifetime_s=(1.0, 4.0),
            parent="cron",
            **_idle(0.1, 4),
        ),
    ]
    return LoadProfile(
        name="realistic",
        groups=tuple(groups),
        process_count=120,
        churn_rate=0.1,
        seed=1,
        process_count_range=(50, 200),
        churn_rate_range=(0.0, 5.0),
        description="A busy application host: postgres, nginx, redis, java and node services, a Kubernetes node "
        "agent, gunicorn/celery pools, shells; CPU waves and spikes, memory ramps, a few restarts "
        "per minute and the odd cron job.",
    )


def _unique_pool(name: str, exe: str, command: str, weight: float, owner: str, rss_mib: float) -> ProcessGroup:
    return _g(
        name,
        exe,
        command,
        role="pool",
        weight=weight,
        owner=owner,
        cpu=CpuPattern(kind="idle", cores=0.0008),
        memory=MemoryPattern(rss_bytes=int(rss_mib * MiB)),
    )


def _high_cardinality() -> LoadProfile:
    groups = [
        *_system(),
        *_node_agents(shims=10),
        *_servers(postgres_backends=3, nginx_workers=2, java=2, node=2),
        _g(
            "etcd",
            "/usr/local/bin/etcd",
            "/usr/local/bin/etcd --data-dir=/var/lib/etcd --name=node-7",
            cpu=CpuPattern(kind="steady", cores=0.04),
            memory=MemoryPattern(rss_bytes=150 * MiB),
            io_bytes_per_s=(5_000.0, 90_000.0),
        ),
        _g(
            "envoy",
            "/usr/local/bin/envoy",
            "/usr/local/bin/envoy -c /etc/envoy/envoy.yaml --service-node {uid}",
            count=2,
            cpu=CpuPattern(kind="sine", cores=0.03, amplitude=0.02, period_s=60),
            memory=MemoryPattern(rss_bytes=60 * MiB),
        ),
        _g(
            "ffmpeg",
            "/usr/bin/ffmpeg",
            "ffmpeg -i rtmp://ingest/live/{uid} -c:v libx264 -f hls /srv/hls/{uid}.m3u8",
            count=2,
            owner="media",
            cpu=CpuPattern(kind="steady", cores=1.5, user_share=0.9, system_share=0.08),
            memory=MemoryPattern(rss_bytes=180 * MiB),
        ),
        _g(
            "minio",
            "/usr/local/bin/minio",
            "/usr/local/bin/minio server /data --console-address :9001",
            owner="minio",
            cpu=CpuPattern(kind="steady", cores=0.05),
            memory=MemoryPattern(rss_bytes=700 * MiB),
        ),
        _unique_pool(
            "celery",
            "/usr/bin/python3.11",
            "/srv/jobs/venv/bin/celery -A jobs worker -n w{i}-{uid}@node-7 -Q tenant-{i}",
            3,
            "jobs",
            48,
        ),
        _unique_pool(
            "gunicorn",
            "/usr/bin/python3.11",
            "/srv/t{i}/venv/bin/gunicorn tenant_{i}.wsgi:app --bind unix:/run/gunicorn/{uid}.sock",
            2,
            "www-data",
            40,
        ),
        _unique_pool(
            "php-cgi", "/usr/bin/php-cgi8.2", "/usr/bin/php-cgi -b /run/php/site-{i}-{uid}.sock", 2, "www-data", 18
        ),
        _unique_pool("bash", "/usr/bin/bash", "bash /opt/jobs/run.sh --job-id={uid} --tenant={i}", 2, "jobs", 4),
        _unique_pool("tini", "/usr/bin/tini", "/usr/bin/tini -- /app/bin/start --instance {uid}", 1, "root", 1),
        _unique_pool("sidekiq", "/usr/bin/ruby3.1", "sidekiq 7.2.0 app{i} [0 of 5 busy] {uid}", 1, "rails", 60),
        _unique_pool(
            "uwsgi",
            "/usr/bin/uwsgi",
            "/usr/bin/uwsgi --ini /etc/uwsgi/apps/tenant-{i}.ini --procname {uid}",
            1,
            "www-data",
            30,
        ),
        _unique_pool("sleep", "/usr/bin/sleep", "sleep 86400 {uid}", 1, "jobs", 1),
    ]
    return LoadProfile(
        name="high-cardinality",
        groups=tuple(groups),
        process_count=1500,
        seed=2,
        process_count_range=(1000, 2000),
        churn_rate_range=(0.0, 5.0),
        description="A dense multi-tenant node: 1000-2000 mostly idle workers, each with its own command line, "
        "around a handful of critical servers and a few heavy media/storage processes.",
    )


def _high_churn() -> LoadProfile:
    groups = [
        *_system(),
        *_node_agents(shims=4),
        *_servers(postgres_backends=3, nginx_workers=2, java=1, node=1),
        _g("bash", "/usr/bin/bash", "-bash", role="pool", weight=2, owner="ci", **_idle(0.0, 5)),
        _g(
            "gunicorn",
            "/usr/bin/python3.11",
            "/srv/hooks/venv/bin/gunicorn hooks.wsgi:app --bind 127.0.0.1:{port}",
            role="pool",
            weight=2,
            owner="ci",
            cpu=CpuPattern(kind="sine", cores=0.03, amplitude=0.02, period_s=30),
            memory=MemoryPattern(rss_bytes=60 * MiB),
        ),
        _g(
            "sh",
            "/usr/bin/dash",
            "/bin/sh -c /usr/local/bin/healthcheck.sh --probe {uid}",
            role="churn",
            weight=4,
            parent="bash",
            lifetime_s=(0.3, 2.0),
            **_idle(0.05, 1),
        ),
        _g(
            "curl",
            "/usr/bin/curl",
            "curl -fsS http://127.0.0.1:8080/healthz?probe={uid}",
            role="churn",
            weight=3,
            parent="bash",
            lifetime_s=(0.2, 1.5),
            **_idle(0.08, 6),
        ),
        _g(
            "grep",
            "/usr/bin/grep",
            "grep -c ERROR /var/log/ci/job-{uid}.log",
            role="churn",
            weight=2,
            lifetime_s=(0.1, 1.0),
            **_idle(0.2, 2),
        ),
        _g(
            "awk",
            "/usr/bin/mawk",
            "awk -F, {{print $3}} /tmp/report-{uid}.csv",
            role="churn",
            weight=1,
            lifetime_s=(0.1, 1.0),
            **_idle(0.2, 2),
        ),
        _g(
            "git",
            "/usr/bin/git",
            "git fetch --quiet origin refs/heads/ci-{uid}",
            role="churn",
            weight=1,
            owner="ci",
            lifetime_s=(1.0, 4.0),
            cpu=CpuPattern(kind="steady", cores=0.3),
            memory=MemoryPattern(rss_bytes=25 * MiB),
            io_bytes_per_s=(2_000_000.0, 500_000.0),
        ),
        _g(
            "python3",
            "/usr/bin/python3.11",
            "/usr/bin/python3 /opt/hooks/on_event.py --event {uid}",
            role="churn",
            label="python3-hook",
            weight=1,
            owner="ci",
            lifetime_s=(0.5, 3.0),
            cpu=CpuPattern(kind="steady", cores=0.4),
            memory=MemoryPattern(rss_bytes=30 * MiB),
        ),
    ]
    return LoadProfile(
        name="high-churn",
        groups=tuple(groups),
        process_count=80,
        churn_rate=25.0,
        seed=3,
        process_count_range=(40, 500),
        churn_rate_range=(20.0, 30.0),
        description="A CI/health-check heavy host: a steady core of servers plus 20-30 short-lived processes "
        "(sh, curl, grep, git, python hooks) started and ended every second.",
    )


PROFILES: dict[str, LoadProfile] = {p.name: p for p in (_realistic(), _high_cardinality(), _high_churn())}
"""The built-in profiles by name."""


def get_profile(
    name: str,
    *,
    process_count: int | None = None,
    churn_rate: float | None = None,
    duration_s: float | None = None,
    seed: int | None = None,
) -> LoadProfile:
    """A built-in profile with optional overrides; KeyError names the known profiles."""
    if name not in PROFILES:
        raise KeyError(f"unknown load profile {name!r}; known: {', '.join(PROFILES)}")
    return PROFILES[name].with_overrides(
        process_count=process_count, churn_rate=churn_rate, duration_s=duration_s, seed=seed
    )


def custom_profile(data: dict) -> LoadProfile:
    """A `custom` profile from plain data (name templates, counts, patterns, lifetimes), validated.

    Ranges are those of the model (1-5000 processes, 0-200 arrivals/s) unless the data narrows them.
    """
    return LoadProfile.model_validate({"name": "custom", **data})
