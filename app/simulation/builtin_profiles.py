"""The built-in load profiles: realistic, high-cardinality and high-churn."""

from __future__ import annotations

from app.simulation.profile_models import CpuPattern, LoadProfile, MemoryPattern, MiB, ProcessGroup
from app.simulation.profile_parts import group, idle, node_agents, servers, system_daemons


def realistic() -> LoadProfile:
    groups = [
        *system_daemons(),
        *node_agents(shims=3),
        *servers(postgres_backends=6, nginx_workers=4, java=2, node=2),
        group(
            "unattended-upgr",
            "/usr/bin/python3.11",
            "/usr/bin/python3 /usr/share/unattended-upgrades/unattended-upgrade-shutdown --wait-for-signal",
            **idle(0.0, 22),
        ),
        group(
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
        group(
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
        group(
            "bash",
            "/usr/bin/bash",
            "-bash",
            role="pool",
            weight=2,
            owner="admin",
            restarts_per_minute=0.5,
            **idle(0.0, 5),
        ),
        group("sleep", "/usr/bin/sleep", "sleep 3600", role="pool", weight=1, owner="admin", **idle(0.0, 1)),
        group(
            "tail",
            "/usr/bin/tail",
            "tail -F /var/log/shop/app-{i}.log",
            role="pool",
            weight=1,
            owner="admin",
            **idle(0.0002, 2),
        ),
        group(
            "sh",
            "/usr/bin/dash",
            "/bin/sh -c /usr/local/bin/backup-rotate.sh {uid}",
            role="churn",
            weight=2,
            lifetime_s=(2.0, 12.0),
            parent="cron",
            **idle(0.05, 2),
        ),
        group(
            "logrotate",
            "/usr/sbin/logrotate",
            "/usr/sbin/logrotate /etc/logrotate.conf",
            role="churn",
            lifetime_s=(1.0, 4.0),
            parent="cron",
            **idle(0.1, 4),
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


def unique_pool(name: str, exe: str, command: str, weight: float, owner: str, rss_mib: float) -> ProcessGroup:
    return group(
        name,
        exe,
        command,
        role="pool",
        weight=weight,
        owner=owner,
        cpu=CpuPattern(kind="idle", cores=0.0008),
        memory=MemoryPattern(rss_bytes=int(rss_mib * MiB)),
    )


def high_cardinality() -> LoadProfile:
    groups = [
        *system_daemons(),
        *node_agents(shims=10),
        *servers(postgres_backends=3, nginx_workers=2, java=2, node=2),
        group(
            "etcd",
            "/usr/local/bin/etcd",
            "/usr/local/bin/etcd --data-dir=/var/lib/etcd --name=node-7",
            cpu=CpuPattern(kind="steady", cores=0.04),
            memory=MemoryPattern(rss_bytes=150 * MiB),
            io_bytes_per_s=(5_000.0, 90_000.0),
        ),
        group(
            "envoy",
            "/usr/local/bin/envoy",
            "/usr/local/bin/envoy -c /etc/envoy/envoy.yaml --service-node {uid}",
            count=2,
            cpu=CpuPattern(kind="sine", cores=0.03, amplitude=0.02, period_s=60),
            memory=MemoryPattern(rss_bytes=60 * MiB),
        ),
        group(
            "ffmpeg",
            "/usr/bin/ffmpeg",
            "ffmpeg -i rtmp://ingest/live/{uid} -c:v libx264 -f hls /srv/hls/{uid}.m3u8",
            count=2,
            owner="media",
            cpu=CpuPattern(kind="steady", cores=1.5, user_share=0.9, system_share=0.08),
            memory=MemoryPattern(rss_bytes=180 * MiB),
        ),
        group(
            "minio",
            "/usr/local/bin/minio",
            "/usr/local/bin/minio server /data --console-address :9001",
            owner="minio",
            cpu=CpuPattern(kind="steady", cores=0.05),
            memory=MemoryPattern(rss_bytes=700 * MiB),
        ),
        unique_pool(
            "celery",
            "/usr/bin/python3.11",
            "/srv/jobs/venv/bin/celery -A jobs worker -n w{i}-{uid}@node-7 -Q tenant-{i}",
            3,
            "jobs",
            48,
        ),
        unique_pool(
            "gunicorn",
            "/usr/bin/python3.11",
            "/srv/t{i}/venv/bin/gunicorn tenant_{i}.wsgi:app --bind unix:/run/gunicorn/{uid}.sock",
            2,
            "www-data",
            40,
        ),
        unique_pool(
            "php-cgi", "/usr/bin/php-cgi8.2", "/usr/bin/php-cgi -b /run/php/site-{i}-{uid}.sock", 2, "www-data", 18
        ),
        unique_pool("bash", "/usr/bin/bash", "bash /opt/jobs/run.sh --job-id={uid} --tenant={i}", 2, "jobs", 4),
        unique_pool("tini", "/usr/bin/tini", "/usr/bin/tini -- /app/bin/start --instance {uid}", 1, "root", 1),
        unique_pool("sidekiq", "/usr/bin/ruby3.1", "sidekiq 7.2.0 app{i} [0 of 5 busy] {uid}", 1, "rails", 60),
        unique_pool(
            "uwsgi",
            "/usr/bin/uwsgi",
            "/usr/bin/uwsgi --ini /etc/uwsgi/apps/tenant-{i}.ini --procname {uid}",
            1,
            "www-data",
            30,
        ),
        unique_pool("sleep", "/usr/bin/sleep", "sleep 86400 {uid}", 1, "jobs", 1),
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


def high_churn() -> LoadProfile:
    groups = [
        *system_daemons(),
        *node_agents(shims=4),
        *servers(postgres_backends=3, nginx_workers=2, java=1, node=1),
        group("bash", "/usr/bin/bash", "-bash", role="pool", weight=2, owner="ci", **idle(0.0, 5)),
        group(
            "gunicorn",
            "/usr/bin/python3.11",
            "/srv/hooks/venv/bin/gunicorn hooks.wsgi:app --bind 127.0.0.1:{port}",
            role="pool",
            weight=2,
            owner="ci",
            cpu=CpuPattern(kind="sine", cores=0.03, amplitude=0.02, period_s=30),
            memory=MemoryPattern(rss_bytes=60 * MiB),
        ),
        group(
            "sh",
            "/usr/bin/dash",
            "/bin/sh -c /usr/local/bin/healthcheck.sh --probe {uid}",
            role="churn",
            weight=4,
            parent="bash",
            lifetime_s=(0.3, 2.0),
            **idle(0.05, 1),
        ),
        group(
            "curl",
            "/usr/bin/curl",
            "curl -fsS http://127.0.0.1:8080/healthz?probe={uid}",
            role="churn",
            weight=3,
            parent="bash",
            lifetime_s=(0.2, 1.5),
            **idle(0.08, 6),
        ),
        group(
            "grep",
            "/usr/bin/grep",
            "grep -c ERROR /var/log/ci/job-{uid}.log",
            role="churn",
            weight=2,
            lifetime_s=(0.1, 1.0),
            **idle(0.2, 2),
        ),
        group(
            "awk",
            "/usr/bin/mawk",
            "awk -F, {{print $3}} /tmp/report-{uid}.csv",
            role="churn",
            weight=1,
            lifetime_s=(0.1, 1.0),
            **idle(0.2, 2),
        ),
        group(
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
        group(
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
