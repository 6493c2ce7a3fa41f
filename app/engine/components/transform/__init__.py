"""`transform` processor."""
