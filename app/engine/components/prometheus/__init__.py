"""`prometheus` exporter."""
