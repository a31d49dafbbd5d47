"""Finding and reading templates: the wording (text files) and the look (.docx, stylesheet).

A templates folder holds ``common/wording.yaml``, one folder per kind (``internal/``,
``tiered/``, ``customer/``) with ``wording.yaml`` and ``reference.docx``, and one
``pdf-style.yaml``. Wording in another language sits beside the English as
``wording.<language>.yaml`` (e.g. ``wording.id.yaml``) and is laid over it.

Wording values are Jinja templates rendered in Jinja's sandbox with undefined names as
errors, so a template from a pull request cannot reach files, the environment or Python
internals, and a misspelt field is an error, not a blank in a contract.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, Undefined
from jinja2 import TemplateError as JinjaError
from jinja2.runtime import TemplateReference
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .errors import TemplateError
from .writers import Look

_PACKAGE = Path(__file__).resolve().parent


def default_templates() -> Path:
    """The templates shipped with sladoc: inside the installed package, or the repository's
    top-level ``templates/`` when running from a checkout."""
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if (candidate / "common" / "wording.yaml").is_file():
            return candidate
    raise TemplateError("sladoc's own templates are missing from this installation")


def look(folder: Path, kind: str) -> Look:
    docx = folder / kind / "reference.docx"
    pdf = folder / "pdf-style.yaml"
    for required in (docx, pdf):
        if not required.is_file():
            raise TemplateError(f"{required}: missing from the templates folder {folder}")
    return Look(docx_template=docx, pdf_stylesheet=pdf)


class Wording:
    """The words of one kind of agreement: ``wording(key, **values) -> str``."""

    def __init__(self, entries: dict[str, Any], sources: dict[str, Path]) -> None:
        self._entries = entries
        self._sources = sources
        self._compiled: dict[str, Any] = {}

    def __call__(self, key: str, **values: Any) -> str:
        template = self._compiled.get(key)
        if template is None:
            source = self._entry(key)
            if not isinstance(source, str):
                raise TemplateError(f"{self._sources.get(key)}: `{key}` must be text")
            template = self._compile(key, source)
        try:
            return template.render(**values).strip()
        except Exception as error:
            # A template is code from outside: whatever its expressions raise (1/0, a text
            # plus a number, endless macro recursion) is that template's error, not a crash.
            line = _template_line(error)
            where = f" line {line}" if line else ""
            raise TemplateError(
                f"{self._sources[key]}: in `{key}`{where}: {_explain(error)}"
            ) from None

    def list(self, key: str) -> list[str]:
        value = self._entry(key)
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise TemplateError(f"{self._sources.get(key)}: `{key}` must be a list of text")
        return value

    def mapping(self, key: str) -> dict[str, Any]:
        value = self._entry(key)
        if not isinstance(value, dict):
            raise TemplateError(f"{self._sources.get(key)}: `{key}` must be a mapping")
        return value

    def labels(self) -> dict[str, str]:
        value = self._entry("labels")
        if not isinstance(value, dict):
            raise TemplateError(f"{self._sources.get('labels')}: `labels` must be a mapping")
        return {str(k): str(v) for k, v in value.items()}

    def _entry(self, key: str) -> Any:
        if key not in self._entries:
            raise TemplateError(
                f"the wording has no `{key}`; add it to a wording.yaml "
                f"({', '.join(sorted({str(p) for p in self._sources.values()}))})"
            )
        return self._entries[key]

    def _compile(self, key: str, source: str):
        try:
            template = _ENVIRONMENT.from_string(source)
        except JinjaError as error:
            line = getattr(error, "lineno", None)
            where = f" line {line}" if line else ""
            raise TemplateError(f"{self._sources[key]}: in `{key}`{where}: {error}") from None
        except RecursionError:  # Jinja's parser recurses once per nesting level
            raise TemplateError(
                f"{self._sources[key]}: in `{key}`: nested too deeply to compile"
            ) from None
        self._compiled[key] = template
        return template


def _explain(error: Exception) -> str:
    message = str(error)
    if not isinstance(error, JinjaError):
        return f"{type(error).__name__}: {message}"
    if "is undefined" in message:
        return f"{message}; the template refers to a value this agreement does not provide"
    if isinstance(error, SecurityError) or "unsafe" in message:
        return f"{message} (templates run in a sandbox)"
    return message


def _template_line(error: BaseException) -> int | None:
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

    def get_source(self, environment, template):
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

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
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


_ENVIRONMENT = Sandbox(autoescape=False)


@functools.lru_cache(maxsize=32)
def wording(folder: Path, kind: str, language: str = "en") -> Wording:
    """The common wording overlaid with the kind's own, read once per process.

    For a language other than English, ``common/wording.<language>.yaml`` and
    ``<kind>/wording.<language>.yaml`` are laid on top, in that order. Either may be missing
    or leave keys out: the English wording fills the gaps.
    """
    entries: dict[str, Any] = {}
    sources: dict[str, Path] = {}
    paths = [folder / "common" / "wording.yaml", folder / kind / "wording.yaml"]
    if not (language.isascii() and language.isalpha()):
        raise TemplateError(f"unsupported language {language!r}: expected a code such as 'id'")
    if language != "en":
        translated = (
            folder / "common" / f"wording.{language}.yaml",
            folder / kind / f"wording.{language}.yaml",
        )
        paths.extend(path for path in translated if path.is_file())
    for path in paths:
        try:
            # libyaml's safe loader where PyYAML has it: the same data, ten times faster,
            # which a one-contract build notices (the pure-Python one is the fallback)
            data = yaml.load(
                path.read_text(encoding="utf-8"),
                Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
            )
        except OSError as error:
            raise TemplateError(f"{path}: cannot be read: {error.strerror or error}") from None
        except yaml.YAMLError as error:
            raise TemplateError(f"{path}: invalid YAML: {error}") from None
        if not isinstance(data, dict):
            raise TemplateError(f"{path}: expected a mapping of wording keys to text")
        for key, value in data.items():
            entries[str(key)] = value
            sources[str(key)] = path
    return Wording(entries, sources)
