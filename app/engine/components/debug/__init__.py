"""`debug` exporter."""
