"""`otlphttp` exporter."""
