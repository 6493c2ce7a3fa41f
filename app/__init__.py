"""Phoenix: cut the cost of OpenTelemetry host process metrics."""
