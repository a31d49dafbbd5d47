"""A templates folder: the only code that knows its layout.

A templates folder holds ``common/wording.yaml``, one folder per kind (``internal/``,
``tiered/``, ``customer/``) with ``wording.yaml`` and ``reference.docx``, and one
``pdf-style.yaml``. Wording in another language sits beside the English as
``wording.<language>.yaml`` (e.g. ``wording.id.yaml``) and is laid over it.

Wording values are Jinja templates rendered in the sandbox (:mod:`sladoc.document.sandbox`)
with undefined names as errors, so a template from a pull request cannot reach files, the
environment or Python internals, and a misspelt field is an error, not a blank in a contract.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Template
from jinja2 import TemplateError as JinjaError

from sladoc.agreement.loader import load_plain_yaml
from sladoc.document.sandbox import Sandbox, explain, template_line
from sladoc.document.writers.common import Look
from sladoc.errors import TemplateError

_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class TemplateSet:
    """A templates folder: sladoc's own (:meth:`default`) or an author's copy of it."""

    folder: Path

    @classmethod
    def default(cls) -> TemplateSet:
        """The templates shipped with sladoc: inside the installed package, or the
        repository's top-level ``templates/`` when running from a checkout."""
        for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
            if (candidate / "common" / "wording.yaml").is_file():
                return cls(candidate)
        raise TemplateError("sladoc's own templates are missing from this installation")

    @classmethod
    def at(cls, folder: Path | None) -> TemplateSet:
        """The templates in ``folder``, or sladoc's own for None. Raises TemplateError when
        ``folder`` is not a templates folder."""
        if folder is None:
            return cls.default()
        if not (folder / "common" / "wording.yaml").is_file():
            raise TemplateError(
                f"{folder}: not a templates folder (no common/wording.yaml); copy sladoc's "
                "templates/ and edit the copy"
            )
        return cls(folder)

    @property
    def stylesheet(self) -> Path:
        """The PDF stylesheet."""
        return self.folder / "pdf-style.yaml"

    def look(self, kind: str) -> Look:
        """Where a document of ``kind`` gets its appearance."""
        docx = self.folder / kind / "reference.docx"
        for required in (docx, self.stylesheet):
            if not required.is_file():
                raise TemplateError(f"{required}: missing from the templates folder {self.folder}")
        return Look(docx_template=docx, pdf_stylesheet=self.stylesheet)

    def wording(self, kind: str, language: str = "en", layout: str = "") -> Wording:
        """The words of a document of ``kind`` in ``language`` drawn in ``layout``: parsed
        once per process for each content of the files, so a long-running process
        (``sladoc preview``, ``build --watch``) sees a saved wording file at once."""
        files = tuple(self._wording_files(kind, language, layout))
        return _wording(files, language, self._wording_digest(files))

    @staticmethod
    def _wording_digest(files: tuple[Path, ...]) -> str:
        digest = hashlib.sha256()
        for path in files:
            try:
                digest.update(path.read_bytes() + b"\0")
            except OSError:
                digest.update(b"\1")  # missing: reported when the wording is read
        return digest.hexdigest()

    def digest(self, kind: str, *languages: str, layout: str = "") -> str:
        """sha256 over every file a document of ``kind`` in ``languages`` (English when none
        is given; both of a bilingual document) drawn in ``layout`` depends on, in a fixed
        order (a missing translation or layout wording counts as empty)."""
        wording = dict.fromkeys(
            path
            for language in languages or ("en",)
            for path in self._wording_files(kind, language, layout)
        )
        digest = hashlib.sha256()
        for path in (
            *wording,
            self.folder / kind / "reference.docx",
            self.stylesheet,
        ):
            digest.update(path.name.encode() + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"")
        return digest.hexdigest()

    def _wording_files(self, kind: str, language: str, layout: str = "") -> list[Path]:
        """English first, then the translation laid over it; common before the kind's own,
        and a layout's own (``layouts/<layout>/``, optional) over both. The first two are
        required."""
        folders = [self.folder / "common", self.folder / kind]
        if layout:
            folders.append(self.folder / "layouts" / layout)
        names = ["wording.yaml"] + ([f"wording.{language}.yaml"] if language != "en" else [])
        return [folder / name for name in names for folder in folders]


class Wording:
    """The words of one kind of agreement: ``wording(key, **values) -> str``."""

    def __init__(self, entries: dict[str, Any], sources: dict[str, Path]) -> None:
        self._entries = entries
        self._sources = sources
        self._compiled: dict[str, Template] = {}

    def __call__(self, key: str, **values: Any) -> str:
        template = self._compiled.get(key)
        if template is None:
            source = self._entry(key)
            if not isinstance(source, str):
                raise TemplateError(f"{self._sources.get(key)}: `{key}` must be text")
            template = self._compile(key, source)
        try:
            return str(template.render(**values)).strip()
        except Exception as error:
            # A template is code from outside: whatever its expressions raise (1/0, a text
            # plus a number, endless macro recursion) is that template's error, not a crash.
            line = template_line(error)
            where = f" line {line}" if line else ""
            raise TemplateError(
                f"{self._sources[key]}: in `{key}`{where}: {explain(error)}"
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

    def _compile(self, key: str, source: str) -> Template:
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


_ENVIRONMENT = Sandbox(autoescape=False)


@functools.lru_cache(maxsize=32)
def _wording(files: tuple[Path, ...], language: str, content: str) -> Wording:
    """The ``files`` (``TemplateSet._wording_files``) laid over each other in order: the
    common wording, the kind's own, a layout's; for a language other than English, the
    translations on top. All but the first two may be missing or leave keys out: the
    English wording fills the gaps. ``content`` (the files' digest) only keys the cache."""
    if not (language.isascii() and language.isalpha()):
        raise TemplateError(f"unsupported language {language!r}: expected a code such as 'id'")
    entries: dict[str, Any] = {}
    sources: dict[str, Path] = {}
    for path in files[:2] + tuple(path for path in files[2:] if path.is_file()):
        try:
            data = load_plain_yaml(path.read_text(encoding="utf-8"))
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
