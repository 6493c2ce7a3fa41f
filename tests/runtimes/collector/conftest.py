"""The collector runtime's tests: unit tests of its parts, and real `otelcol-phoenix` processes."""

from tests.otelcol.conftest import otelcol_bin  # noqa: F401  (the real binary: fails in CI when missing)
from tests.pipelines.conftest import dev_settings  # noqa: F401  (autouse: catalog settings)
