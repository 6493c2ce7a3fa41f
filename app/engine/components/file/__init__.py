"""`file` exporter."""
