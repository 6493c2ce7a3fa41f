"""`groupbyattrs` processor."""
