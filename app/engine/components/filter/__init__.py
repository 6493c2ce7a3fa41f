"""`filter` processor."""
