"""The real collector, `otelcol-phoenix` (or a user's own otelcol-contrib): finding the binary,
running its `validate`, and running it as a process."""
