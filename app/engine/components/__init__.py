"""The collector components Phoenix knows, one folder each, as the collector's repositories lay them out.

A component folder holds `config.py` (the config model of the pinned release, which the validator
checks configs with), `processor.py` when the embedded engine runs the component as a processor,
`README.md` (what Phoenix supports of the real component, what it refuses or ignores) and, in its
`__init__.py`, `COMPONENT`: its `spec.ComponentSpec` (kind, type, description, docs link, signals,
stability, config model, engine implementation). `app.engine.registry` lists the folders.

Shared by several components: `base` (what a config model tells the validator), `spec`,
`processing` (what an engine processor is), `common` / `configtls` / `confighttp` /
`exporterhelper` (core config blocks), `matching` (legacy include/exclude matching), `attraction`
(attribute actions) and `ottl_refs`.
"""
