"""The sandbox every template runs in: wording, the Word frame and nothing else.

Templates may come from a pull request. Jinja's sandbox, tightened: undefined names are
errors, no globals, no other files, values only, bounded repetition. One owner, so the
wording and the DOCX frame cannot drift apart in what they allow.
"""

from __future__ import annotations

from typing import Any, NoReturn

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, Undefined
from jinja2 import TemplateError as JinjaError
from jinja2.runtime import Context, TemplateReference
from jinja2.sandbox import SandboxedEnvironment, SecurityError


def explain(error: Exception) -> str:
    message = str(error)
    if not isinstance(error, JinjaError):
        return f"{type(error).__name__}: {message}"
    if "is undefined" in message:
        return f"{message}; the template refers to a value this agreement does not provide"
    if isinstance(error, SecurityError) or "unsafe" in message:
        return f"{message} (templates run in a sandbox)"
    return message


def template_line(error: BaseException) -> int | None:
    """The line of the template (compiled from a string) where ``error`` was raised:
    Jinja rewrites tracebacks so that template code shows as ``<template>`` frames."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


class _NoFiles(BaseLoader):
    """``{% include %}``, ``{% import %}`` and ``{% extends %}`` would read other files
    (``/etc/passwd`` as easily as a template), so every name is refused."""

    def get_source(self, environment: Environment, template: str) -> NoReturn:
        raise TemplateNotFound(
            template,
            f"templates cannot include, import or extend other files (asked for {template!r})",
        )


def _printable(value: Any) -> Any:
    # `{{ self }}`, `{{ title.upper }}` or a class would print an object's repr, with a
    # memory address, into a contract: templates print values only.
    if isinstance(value, Undefined):
        return value  # printing it raises the usual "is undefined", naming the name
    if callable(value) or isinstance(value, TemplateReference):
        raise SecurityError(f"a template may print values, not a {type(value).__name__}")
    return value


_MAX_REPEAT = 100_000
"""Characters or items a template may make by repetition: far beyond any sentence."""


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, tightened for templates that come from a pull request: undefined
    names are errors; no globals (``lipsum.__globals__``, ``cycler``, ``range``); no other
    files; only values printed; no ``'x' * 10**9`` or ``10**10**10`` to exhaust memory or
    time. Used for the wording and for the Word reference documents."""

    # Intercepted operators also stop Jinja folding them at compile time.
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, *, autoescape: bool) -> None:
        super().__init__(
            undefined=StrictUndefined,
            autoescape=autoescape,
            loader=_NoFiles(),
            finalize=_printable,
            keep_trailing_newline=False,
        )
        self.globals.clear()

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError("`**` is not allowed in templates")
        for items, count in ((left, right), (right, left)):
            if (
                isinstance(items, (str, list, tuple))
                and isinstance(count, int)
                and len(items) * count > _MAX_REPEAT
            ):
                raise SecurityError(
                    f"repeating to more than {_MAX_REPEAT:,} characters or "
                    "items is not allowed in templates"
                )
        return super().call_binop(context, operator, left, right)
