"""The sandbox every template runs in: wording, the Word frame and nothing else.

Templates may come from a pull request. Jinja's sandbox, tightened: undefined names are
errors, no globals, no other files, values only, bounded repetition. One owner, so the
wording and the DOCX frame cannot drift apart in what they allow.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, Undefined
from jinja2 import TemplateError as JinjaError
from jinja2.nodes import EvalContext
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


_MAX_OUTPUT = 5_000_000
"""Characters one template may write, and any value inside it may have: a Word frame's
``document.xml`` is a few hundred thousand. ``replace``, ``%``, ``format`` with a width
and ``center`` made contracts of 500 MB before they were bounded."""

_WIDTHS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap"})
"""String methods and filters whose whole-number arguments are widths of the output."""

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _refuse(what: str) -> NoReturn:
    raise SecurityError(
        f"{what} is not allowed in templates (widths up to {_MAX_REPEAT:,}, values and "
        f"output up to {_MAX_OUTPUT:,} characters)"
    )


def _check_widths(values: Iterable[Any], what: str) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and value > _MAX_REPEAT:
            _refuse(f"{what} with a width of {value:,}")


def _check_percent(template: str, arguments: Any) -> None:
    """A ``%`` format whose widths or precisions (written, or ``*`` taken from the
    arguments) would make more than :data:`_MAX_REPEAT` characters of one value."""
    for match in _PERCENT_SPEC.finditer(template):
        for number in match.groups():
            if number and number != "*" and int(number) > _MAX_REPEAT:
                _refuse(f"a % format with a width of {int(number):,}")
        if "*" in match.group(0):
            values = arguments if isinstance(arguments, tuple) else (arguments,)
            _check_widths(values, "a % format")


def _check_format(template: str, args: Iterable[Any], kwargs: dict[str, Any]) -> None:
    """The same for ``str.format``: widths in the specs, or nested ones from arguments."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return  # the call itself reports the broken format
    for _, _, spec, _ in fields:
        if not spec:
            continue
        for number in re.findall(r"\d+", spec):
            if int(number) > _MAX_REPEAT:
                _refuse(f"a format with a width of {int(number):,}")
        if "{" in spec:
            _check_widths([*args, *kwargs.values()], "a format")


def _check_replace(text: Any, args: tuple[Any, ...]) -> None:
    if isinstance(text, str) and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
        old, new = args[0], args[1]
        count = text.count(old) if old else len(text) + 1
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            count = min(count, args[2])
        if len(text) + count * (len(new) - len(old)) > _MAX_OUTPUT:
            _refuse(f"a replace making {len(text) + count * (len(new) - len(old)):,} characters")


def _checked(result: Any, what: str) -> Any:
    if isinstance(result, (str, list, tuple)) and len(result) > _MAX_OUTPUT:
        _refuse(f"{what} making {len(result):,} characters or items")
    return result


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        # the context a filter may ask for comes first; the values after it
        values = [a for a in args if not isinstance(a, (Context, Environment, EvalContext))]
        if name in _WIDTHS:
            _check_widths([*values[1:], *kwargs.values()], f"the {name} filter")
        elif name == "format" and values and isinstance(values[0], str):
            _check_percent(values[0], tuple(values[1:]) or kwargs)
        elif name == "replace" and values:
            _check_replace(str(values[0]), tuple(values[1:]))
        return _checked(function(*args, **kwargs), f"the {name} filter")

    return bounded


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, tightened for templates that come from a pull request: undefined
    names are errors; no globals (``lipsum.__globals__``, ``cycler``, ``range``); no other
    files; only values printed; no ``'x' * 10**9`` or ``10**10**10`` to exhaust memory or
    time. Used for the wording and for the Word reference documents."""

    # Intercepted operators also stop Jinja folding them at compile time.
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *, autoescape: bool) -> None:
        super().__init__(
            undefined=StrictUndefined,
            autoescape=autoescape,
            loader=_NoFiles(),
            finalize=_printable,
            keep_trailing_newline=False,
        )
        self.globals.clear()
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    @staticmethod
    def concat(pieces: Iterable[str]) -> str:
        """The template's output, refused past :data:`_MAX_OUTPUT` characters."""
        kept: list[str] = []
        size = 0
        for piece in pieces:
            size += len(piece)
            if size > _MAX_OUTPUT:
                _refuse(f"an output of more than {size:,} characters")
            kept.append(piece)
        return "".join(kept)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTHS:
                _check_widths([*args, *kwargs.values()], f"{name}()")
            elif name == "replace":
                _check_replace(owner, args)
        return _checked(super().call(__context, __obj, *args, **kwargs), f"{name or 'a'}()")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = value.__self__
        is_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            mapping = args[0] if is_map and args and isinstance(args[0], dict) else kwargs
            _check_format(template, () if is_map else args, mapping)
            return str(_checked(wrapped(*args, **kwargs), "a format"))

        return bounded

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
        if operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        return _checked(super().call_binop(context, operator, left, right), f"`{operator}`")
