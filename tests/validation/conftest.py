"""The validation tests: the catalog's settings (for the tests that render a template to validate it)."""

from tests.pipelines.conftest import dev_settings  # noqa: F401  (autouse: catalog settings, no binary override)
