"""`transform` processor, metrics signal (README for 0.120+): statement groups, in order, over the payload.

Each group runs over the whole payload before the next starts ("Groups run in order, each over
the whole payload"), so a datapoint group that marks resources is complete before a resource group
reads the marks. A group's `conditions` are ORed and gate every statement; `error_mode` is the
group's, else the processor's, else `ignore` (the default since 0.153; `propagate` before); under
`propagate` an error drops the payload. A group without `context` (and the basic flat-list style) gets the context the
collector infers from the path prefixes, and then every path must carry its prefix.
"""

from __future__ import annotations

from app.engine.collector import DEFAULT_ERROR_MODE
from app.engine.components.processing import PayloadDropped, compile_ottl
from app.engine.components.transform.config import TransformConfig
from app.engine.errors import EngineUnsupported
from app.engine.ottl import (
    ConditionSequence,
    OttlRuntimeError,
    StatementSequence,
    compile_condition,
    compile_statement,
    execute_statements,
    infer_context,
)
from app.engine.pdata import MetricsBatch


class TransformProcessor:
    def __init__(self, component_id: str, config: TransformConfig) -> None:
        self.component_id = component_id
        if config.flatten_data:
            raise EngineUnsupported("flatten_data is not supported", component_id)
        self.groups: list[tuple[str, StatementSequence]] = []
        for path, context, group in config.groups():
            where = ".".join(str(p) for p in path)
            inferred: bool = context is None
            if inferred:
                context = compile_ottl(
                    component_id, where, lambda g=group: infer_context(g.statements, g.conditions or [])
                )
            mode = group.error_mode or config.error_mode or DEFAULT_ERROR_MODE
            statements = [
                compile_ottl(
                    component_id,
                    f"{where} statement {j}",
                    lambda t=text, c=context, p=inferred: compile_statement(
                        t, c, processor="transform", require_prefix=p
                    ),
                )
                for j, text in enumerate(group.statements)
            ]
            conditions = None
            if group.conditions:
                conditions = ConditionSequence(
                    [
                        compile_ottl(
                            component_id,
                            f"{where} condition {j}",
                            lambda t=text, c=context, p=inferred: compile_condition(
                                t, c, processor="transform", require_prefix=p
                            ),
                        )
                        for j, text in enumerate(group.conditions)
                    ],
                    mode,
                )
            self.groups.append((str(context), StatementSequence(statements, mode, conditions)))

    def process(self, batch: MetricsBatch) -> MetricsBatch:
        try:
            for context, sequence in self.groups:
                execute_statements(batch, context, sequence)
        except OttlRuntimeError as exc:
            raise PayloadDropped(self.component_id, str(exc)) from None
        return batch
