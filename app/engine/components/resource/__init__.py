"""`resource` processor."""
