"""Regular expressions in component configs: accepted exactly when the collector's Go regexp accepts them.

`check_re2(pattern)` returns the pattern or raises ValueError (`app.engine.regexp.RegexpError`) saying
why the collector refuses it. The checking itself is `app.engine.regexp`'s, on RE2.
"""

from __future__ import annotations

from app.engine.regexp import check as check_re2

__all__ = ["check_re2"]
