"""Process groups the built-in profiles share: every Linux host's system daemons, Kubernetes node
agents and typical servers (postgres, nginx, java, node)."""

from __future__ import annotations

from app.simulation.profile_models import CpuPattern, MemoryPattern, MiB, ProcessGroup


def group(name: str, exe: str, command: str, **kw: object) -> ProcessGroup:
    return ProcessGroup(name=name, exe_path=exe, command=command, **kw)  # type: ignore[arg-type]


def idle(cores: float = 0.001, rss_mib: float = 6) -> dict:
    return {"cpu": CpuPattern(kind="idle", cores=cores), "memory": MemoryPattern(rss_bytes=int(rss_mib * MiB))}


def system_daemons(journal_rss_mib: float = 40) -> list[ProcessGroup]:
    """What every Linux host runs: init, sshd, logging, time, dbus, cron."""
    return [
        group(
            "systemd",
            "/usr/lib/systemd/systemd",
            "/usr/lib/systemd/systemd --system --deserialize=31",
            **idle(0.002, 12),
        ),
        group("sshd", "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", **idle(0.0005, 8)),
        group(
            "systemd-journal",
            "/usr/lib/systemd/systemd-journald",
            "/usr/lib/systemd/systemd-journald",
            **idle(0.003, journal_rss_mib),
        ),
        group("rsyslogd", "/usr/sbin/rsyslogd", "/usr/sbin/rsyslogd -n -iNONE", owner="syslog", **idle(0.001, 6)),
        group("chronyd", "/usr/sbin/chronyd", "/usr/sbin/chronyd -F 1", owner="_chrony", **idle(0.0002, 3)),
        group(
            "dbus-daemon",
            "/usr/bin/dbus-daemon",
            "@dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only",
            owner="messagebus",
            **idle(0.0003, 5),
        ),
        group("cron", "/usr/sbin/cron", "/usr/sbin/cron -f -P", **idle(0.0001, 3)),
        group("systemd-udevd", "/usr/lib/systemd/systemd-udevd", "/usr/lib/systemd/systemd-udevd", **idle(0.0002, 7)),
        group("agetty", "/usr/sbin/agetty", "/sbin/agetty -o -p -- \\u --noclear - linux", **idle(0.0, 2)),
    ]


def node_agents(shims: int) -> list[ProcessGroup]:
    """A Kubernetes node: kubelet, containerd and one shim per pod sandbox, plus the usual exporters."""
    return [
        group(
            "kubelet",
            "/usr/bin/kubelet",
            "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml "
            "--kubeconfig=/etc/kubernetes/kubelet.conf "
            "--container-runtime-endpoint=unix:///run/containerd/containerd.sock",
            cpu=CpuPattern(kind="sine", cores=0.06, amplitude=0.04, period_s=30),
            memory=MemoryPattern(rss_bytes=110 * MiB),
            threads=24,
        ),
        group(
            "containerd",
            "/usr/bin/containerd",
            "/usr/bin/containerd",
            cpu=CpuPattern(kind="steady", cores=0.02),
            memory=MemoryPattern(rss_bytes=70 * MiB),
            threads=18,
        ),
        group(
            "containerd-shim",
            "/usr/bin/containerd-shim",
            "/usr/bin/containerd-shim -namespace k8s.io -id {uid}{uid}{uid} -address /run/containerd/containerd.sock",
            count=shims,
            parent="containerd",
            **idle(0.0004, 12),
        ),
        group(
            "node_exporter",
            "/usr/bin/node_exporter",
            "/usr/bin/node_exporter --path.rootfs=/host",
            owner="nobody",
            cpu=CpuPattern(kind="spiky", cores=0.001, amplitude=0.05, period_s=15, spike_s=0.5),
            memory=MemoryPattern(rss_bytes=24 * MiB),
        ),
        group(
            "fluent-bit",
            "/opt/fluent-bit/bin/fluent-bit",
            "/opt/fluent-bit/bin/fluent-bit -c /fluent-bit/etc/fluent-bit.conf",
            cpu=CpuPattern(kind="steady", cores=0.01),
            memory=MemoryPattern(rss_bytes=30 * MiB),
            io_bytes_per_s=(20_000.0, 4_000.0),
        ),
    ]


def servers(postgres_backends: int, nginx_workers: int, java: int, node: int) -> list[ProcessGroup]:
    """Steady servers matching the default critical patterns, some with CPU waves or memory ramps."""
    pg_main = (
        "/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql/16/main "
        "-c config_file=/etc/postgresql/16/main/postgresql.conf"
    )
    return [
        group(
            "postgres",
            "/usr/lib/postgresql/16/bin/postgres",
            pg_main,
            label="postgres-main",
            owner="postgres",
            cpu=CpuPattern(kind="steady", cores=0.01),
            memory=MemoryPattern(rss_bytes=180 * MiB),
            io_bytes_per_s=(50_000.0, 120_000.0),
        ),
        group(
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
        group(
            "nginx",
            "/usr/sbin/nginx",
            "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;",
            label="nginx-master",
            **idle(0.0002, 8),
        ),
        group(
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
        group(
            "redis-server",
            "/usr/bin/redis-server",
            "/usr/bin/redis-server 127.0.0.1:6379",
            owner="redis",
            cpu=CpuPattern(kind="steady", cores=0.015),
            memory=MemoryPattern(kind="ramp", rss_bytes=220 * MiB, growth_bytes_per_s=20_000.0, cap_bytes=400 * MiB),
        ),
        group(
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
        group(
            "node",
            "/usr/bin/node",
            "node /srv/web/server.js --port {port}",
            count=node,
            owner="web",
            cpu=CpuPattern(kind="spiky", cores=0.03, amplitude=0.5, period_s=45, spike_s=3),
            memory=MemoryPattern(rss_bytes=160 * MiB),
            threads=11,
        ),
        group(
            "python3",
            "/usr/bin/python3.11",
            "/usr/bin/python3 /opt/reports/worker.py --queue reports-{i}",
            count=2,
            owner="reports",
            cpu=CpuPattern(kind="spiky", cores=0.005, amplitude=0.9, period_s=120, spike_s=8),
            memory=MemoryPattern(rss_bytes=95 * MiB),
        ),
    ]
