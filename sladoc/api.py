"""The library surface of sladoc: everything the CLI does, as functions that return values.

Nothing here prints, exits or writes files; the CLI (``sladoc.cli``) does that. Use this
module to drive sladoc from Python::

    from sladoc import api
    agreement = api.load("agreements/company-x-marketing-sales.yaml")
    print(agreement.funnel.math.leads_needed)
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import Position, Problem, UsageError
from .model import KINDS, Agreement

AGREEMENT_SUFFIXES = (".yaml", ".yml")


def discover(paths: list[Path]) -> list[Path]:
    """Expand files and folders into agreement files (``*.yaml``/``*.yml``), sorted, no
    duplicates. A folder is searched recursively; a named file is taken whatever its suffix.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                if candidate.suffix.lower() in AGREEMENT_SUFFIXES and candidate.is_file():
                    found.setdefault(candidate, None)
        elif path.exists():
            found.setdefault(path, None)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return list(found)


def load(path: Path | str) -> Agreement:
    """Read and validate one agreement file. Raises LoadError or SchemaError."""
    from .validate import load_agreement

    return load_agreement(path)[0]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the agreement file format, for editors and other tools."""
    from pydantic import TypeAdapter

    from .model import FORMAT_VERSION, AnyAgreement

    schema = TypeAdapter(AnyAgreement).json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"sladoc agreement, format version {FORMAT_VERSION}",
        "description": "A service level agreement for sladoc: kind internal, tiered or "
                       "customer. See docs/format.md.",
        **schema,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def starter(kind: str, schema_ref: str = "sladoc.schema.json") -> str:
    """A commented starter agreement of ``kind``, pointing editors at the JSON Schema."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    body = resources.files("sladoc.data").joinpath(f"starter-{kind}.yaml").read_text("utf-8")
    return f"# yaml-language-server: $schema={schema_ref}\n{body}"


def problems_of(error: Exception, file: str) -> list[Problem]:
    """The problems an error carries, or one problem naming the file."""
    found = getattr(error, "problems", None)
    return list(found) if found else [Problem(Position(file), str(error))]


# --- building documents -----------------------------------------------------------------

FORMATS = ("docx", "pdf", "md")


def template_digest(templates: Path, kind: str, language: str = "en") -> str:
    """sha256 over every template file a document of ``kind`` depends on, in a fixed order."""
    import hashlib

    digest = hashlib.sha256()
    wording = [templates / "common" / "wording.yaml", templates / kind / "wording.yaml"]
    if language != "en":
        wording += [templates / "common" / f"wording.{language}.yaml",
                    templates / kind / f"wording.{language}.yaml"]
    for path in (*wording, templates / kind / "reference.docx", templates / "pdf-style.yaml"):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


def provenance(source_path: str, source_bytes: bytes, templates: Path,
               kind: str, language: str = "en") -> tuple[tuple[str, str], ...]:
    """What a generated document records about how it was made: inputs only, never the
    clock or the machine, so the bytes stay reproducible."""
    import hashlib

    from . import __version__

    return (
        ("sladoc-version", __version__),
        ("sladoc-source", Path(source_path).as_posix()),
        ("sladoc-source-sha256", hashlib.sha256(source_bytes).hexdigest()),
        ("sladoc-template-sha256", template_digest(templates, kind, language)),
    )


def render(path: Path | str, formats: tuple[str, ...] = ("docx", "pdf"),
           templates: Path | None = None) -> tuple[Agreement, dict[str, bytes]]:
    """Validate an agreement file and render it: ``{format: bytes}``. Writes nothing.

    Raises LoadError/SchemaError for bad input, TemplateError for a broken template and
    RenderError when a document cannot be drawn (e.g. a character no font has).
    """
    from .validate import load_agreement

    agreement, _ = load_agreement(path)
    return agreement, render_agreement(agreement, path, formats, templates)


def render_agreement(agreement: Agreement, path: Path | str,
                     formats: tuple[str, ...] = ("docx", "pdf"),
                     templates: Path | None = None) -> dict[str, bytes]:
    """Render an agreement already loaded from ``path`` (whose bytes are recorded as the
    document's provenance): ``{format: bytes}``."""
    from .compose import compose
    from .templates import default_templates, look
    from .writers import WRITERS

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    folder = templates or default_templates()
    properties = provenance(str(path), Path(path).read_bytes(), folder, agreement.kind,
                            agreement.language)
    document = compose(agreement, folder, properties)
    appearance = look(folder, agreement.kind)
    return {fmt: WRITERS[fmt](document, appearance) for fmt in formats}


# --- check (checker) ---
# Imports for this section live in it, so the section stays one self-contained piece.
from dataclasses import dataclass  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from .checks.config import Config
    from .checks.finding import Finding


@dataclass
class CheckReport:
    """What ``check`` found: findings in valid files, problems of invalid ones."""

    findings: list[Finding]
    invalid: dict[str, list[Problem]]
    files: int


def load_check_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """The checker configuration in ``path``, else the nearest ``.sladoc.toml`` or
    ``pyproject.toml`` with ``[tool.sladoc]`` from ``start`` (the current folder) upwards.
    Raises UsageError for an invalid one."""
    from .checks.config import load_config

    return load_config(path, start=start)


def check(paths: list[Path], config: Config | None = None) -> CheckReport:
    """Check agreement files and folders. Invalid files are not checked; their problems
    are returned instead. Raises UsageError for a path that does not exist."""
    from .checks.config import Config as DefaultConfig
    from .checks.runner import check as check_agreement
    from .errors import InputError
    from .validate import load_agreement

    config = config or DefaultConfig()
    files = discover(paths)
    findings: list[Finding] = []
    invalid: dict[str, list[Problem]] = {}
    for path in files:
        try:
            agreement, loaded = load_agreement(path)
        except InputError as error:
            invalid[str(path)] = problems_of(error, str(path))
            continue
        findings.extend(check_agreement(agreement, loaded, config))
    return CheckReport(findings, invalid, len(files))


# --- end check ---
