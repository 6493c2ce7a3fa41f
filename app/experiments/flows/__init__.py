"""Experiment orchestration, one module per phase: what the reconciler does for an experiment in
that phase. Each handler is idempotent and decides from stored timestamps and observed runtime
state only, so a restarted process picks up exactly where the last one stopped."""
