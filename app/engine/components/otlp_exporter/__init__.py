"""`otlp` (gRPC) exporter."""
