"""`otlp` receiver."""
