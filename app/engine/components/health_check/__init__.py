"""`health_check` extension."""
