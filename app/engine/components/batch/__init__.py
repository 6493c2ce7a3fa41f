"""`batch` processor."""
