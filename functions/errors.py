"""Errors as people read them: one line, never a traceback."""

from __future__ import annotations


def first_line(error: BaseException) -> str:
    """The first line of the error's message, or its type's name when it has none."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def describe(error: BaseException) -> str:
    """`Type: first line of the message` (just `Type` when there is no message)."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
