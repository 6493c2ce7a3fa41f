"""`cumulativetodelta` processor."""
