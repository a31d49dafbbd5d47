"""The texts of an agreement in two languages, version by version, for the rules that
compare them (SLA401, SLA402).

The rules run on one language version at a time (:mod:`sladoc.checks.versions`); these
helpers read the file again, project it into both languages (as validation does) and pair
each prose text's two versions, with where each is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sladoc.agreement.bilingual import declared_languages, is_text, project
from sladoc.agreement.loader import Path_, load_text
from sladoc.agreement.model import MODELS, Agreement
from sladoc.checks.context import Context
from sladoc.checks.locate import SourceText, iter_prose
from sladoc.errors import InputError


@dataclass(frozen=True)
class Version:
    """One language's version of a text, and where its words are."""

    language: str
    text: str
    source: SourceText


@dataclass(frozen=True)
class Pair:
    """A prose text of a bilingual agreement in both its languages. ``shared``: written
    once for both (no per-language versions); ``translatable``: a text the model reads as
    words (not a number, duration or period written as data)."""

    path: Path_
    left: Version
    right: Version
    shared: bool
    translatable: bool


def pairs(ctx: Context[Agreement]) -> tuple[Pair, ...]:
    """Every prose text of a bilingual agreement, in its two versions; none for an
    agreement in one language. Read once per file, for whichever version asks first."""
    if len(ctx.agreement.languages) < 2:
        return ()
    return _pairs(ctx.loaded.text, ctx.file, ctx.agreement.kind)


@lru_cache(maxsize=8)
def _pairs(text: str, file: str, kind: str) -> tuple[Pair, ...]:
    try:
        raw = load_text(text, file)
    except InputError:  # pragma: no cover - the file was loaded and validated already
        return ()
    codes = declared_languages(raw.data)
    if codes is None or len(codes) != 2:
        return ()
    model = MODELS[kind]
    left, right = (project(raw, model, code, codes) for code in codes)
    sources = SourceText(left), SourceText(right)
    found = []
    for prose in iter_prose(left.data):
        other = _at(right.data, prose.path)
        if not isinstance(other, str):
            continue
        found.append(
            Pair(
                prose.path,
                Version(codes[0], prose.text, sources[0]),
                Version(codes[1], other, sources[1]),
                shared=not isinstance(_at(raw.data, prose.path), dict),
                translatable=is_text(model, prose.path),
            )
        )
    return tuple(found)


def _at(data: Any, path: Path_) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data
