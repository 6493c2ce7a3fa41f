"""`metricstransform` processor."""
