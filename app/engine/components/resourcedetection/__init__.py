"""`resourcedetection` processor."""
