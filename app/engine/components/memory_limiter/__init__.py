"""`memory_limiter` processor."""
