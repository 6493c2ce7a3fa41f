"""`attributes` processor."""
