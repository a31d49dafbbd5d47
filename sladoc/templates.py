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
from jinja2 import StrictUndefined
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment

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
        except JinjaError as error:
            raise TemplateError(f"{self._sources[key]}: in `{key}`: {_explain(error)}") from None

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
            raise TemplateError(f"the wording has no `{key}`; add it to a wording.yaml "
                                f"({', '.join(sorted({str(p) for p in self._sources.values()}))})")
        return self._entries[key]

    def _compile(self, key: str, source: str):
        try:
            template = _ENVIRONMENT.from_string(source)
        except JinjaError as error:
            line = getattr(error, "lineno", None)
            where = f" line {line}" if line else ""
            raise TemplateError(f"{self._sources[key]}: in `{key}`{where}: {error}") from None
        self._compiled[key] = template
        return template


def _explain(error: JinjaError) -> str:
    message = str(error)
    if "is undefined" in message:
        return f"{message}; the template refers to a value this agreement does not provide"
    if "unsafe" in message or "access to attribute" in message:
        return f"{message} (templates run in a sandbox)"
    return message


_ENVIRONMENT = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                                    keep_trailing_newline=False)


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
        translated = (folder / "common" / f"wording.{language}.yaml",
                      folder / kind / f"wording.{language}.yaml")
        paths.extend(path for path in translated if path.is_file())
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
