"""Runtimes: where pipeline variants actually run.

- `local` (default): the embedded engine runs each variant in-process against this host.
- `kubernetes` (`app.runtimes.kubernetes`): each variant becomes a `PhoenixProcessPipeline` custom
  resource that is reconciled into ConfigMap + DaemonSet + Service running the pinned
  `otel/opentelemetry-collector-contrib` image.
- `gitops` (`app.runtimes.gitops`): the same manifests, committed to a git repository as a
  kustomization instead of being applied, for teams whose clusters only change through git.

The manifest builders are pure functions (no cluster, no network), so the API, the reconciler, the
GitOps exporter and the tests all produce byte-identical objects from the same inputs.
"""
