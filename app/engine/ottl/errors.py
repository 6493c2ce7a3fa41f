"""Errors raised while parsing, checking, compiling and evaluating OTTL."""

from __future__ import annotations


class OttlError(ValueError):
    """A statement or condition the pinned collector would reject, with the 1-based column at fault.

    `line` is set (1-based) only when the expression spans several lines; `column` is then within it.
    """

    def __init__(self, message: str, column: int | None = None, line: int | None = None) -> None:
        where = f"line {line}, column {column}" if line else f"column {column}"
        super().__init__(message if column is None else f"{message} ({where})")
        self.message, self.column, self.line = message, column, line

    def locate(self, text: str) -> OttlError:
        """The same error with its position (an offset into `text`) turned into line and column."""
        if self.column is None or "\n" not in text:
            return self
        before = text[: self.column - 1]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return type(self)(self.message, column, line)


class OttlUnsupported(OttlError):
    """Valid OTTL for the pinned collector that the local engine cannot execute (raised at compile time)."""


class OttlRuntimeError(Exception):
    """An error while evaluating one statement or condition; `error_mode` decides what happens next."""
