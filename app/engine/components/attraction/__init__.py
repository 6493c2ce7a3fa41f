"""Attribute actions (contrib `internal/coreinternal/attraction`), shared by `resource` and `attributes`.

Not a component of its own: `config.py` is the model of one action, `actions.py` runs a list of them
on one attribute map, and README.md says what of the collector's actions the engine supports.
"""
