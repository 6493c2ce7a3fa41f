"""`hostmetrics` receiver."""
