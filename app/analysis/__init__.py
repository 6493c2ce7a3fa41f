"""Analysis: from per-interval variant samples to KPIs with confidence intervals, a statistical test
and a verdict against the experiment's success criteria."""
