"""Agreements in two languages: one file, projected into one plain document per language.

A bilingual agreement declares its languages as a list (``language: [id, en]``, the first
prevailing unless ``prevailing_language`` says otherwise). Every text then takes one version
per language (``{id: ..., en: ...}``) or a single value shared by both (names, numbers,
e-mail addresses, durations written as data).

The projection works on the plain data, before the model: a mapping whose keys are exactly
the declared languages, where the model does not expect a mapping of its own, is replaced by
that language's value; everything else is shared. Paths do not change, so the source map
still places every error, and each projection is validated by the same model as a
single-language file. The projection knows no field by name: a field added to the model
becomes bilingual with it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from pydantic import BaseModel

from sladoc.agreement.loader import Loaded, Path_, format_path
from sladoc.errors import Problem, SchemaError, closest
from sladoc.language import LANGUAGES, language


def declared_languages(data: object) -> tuple[str, ...] | None:
    """The languages of a bilingual agreement's ``language`` list, or None when the file
    is in one language (or its ``language`` is not a list of known languages; the model
    says what is wrong with a single value)."""
    if not isinstance(data, dict):
        return None
    value = data.get("language")
    if not isinstance(value, list):
        return None
    return tuple(str(code) for code in value)


def language_list_problem(codes: tuple[str, ...]) -> str | None:
    """What is wrong with a ``language`` list, or None for two different known languages."""
    if len(codes) != 2:
        one = " or ".join(f"'{code}'" for code in LANGUAGES)
        return f"expected one language ({one}) or two, such as [id, en], got a list of {len(codes)}"
    unknown = [code for code in codes if code not in LANGUAGES]
    if unknown:
        return f"`{unknown[0]}` is not a language sladoc writes (expected one of: " + (
            ", ".join(LANGUAGES) + ")"
        )
    if codes[0] == codes[1]:
        return f"the two languages must differ, got `{codes[0]}` twice"
    return None


def project(loaded: Loaded, model: type[BaseModel], code: str, codes: tuple[str, ...]) -> Loaded:
    """``loaded`` in the language ``code`` of ``codes``: each text that has one version per
    language replaced by the version in ``code``, and ``language`` set to ``code``. The
    source map places a projected text at that language's version. Raises SchemaError,
    with every text that lacks a version, at its position."""
    problems: list[Problem] = []
    spans: dict[Path_, Any] = {}
    languages = set(codes)

    def walk(value: Any, annotation: Any, path: Path_) -> Any:
        if isinstance(value, dict):
            keys = set(value)
            strangers = [key for key in value if key not in languages]
            if not _expects_mapping(annotation) and keys & languages and strangers:
                for key in strangers:
                    close = closest(str(key), codes)
                    hint = f"; did you mean `{close}`?" if close else ""
                    problems.append(
                        Problem(
                            loaded.source.position(path + (key,), key=True),
                            f"`{key}` is not one of the agreement's languages "
                            f"({', '.join(codes)}){hint}",
                            format_path(path + (key,)),
                        )
                    )
                return value
            if not _expects_mapping(annotation) and keys and keys <= languages:
                if code not in value:
                    problems.append(
                        Problem(
                            loaded.source.position(path),
                            f"`{format_path(path)}` has no {language(code).name} version "
                            f"(`{code}:`): give one text per language ({', '.join(codes)}), "
                            "or one text for both",
                            format_path(path),
                        )
                    )
                    return value
                span = loaded.source.values.get(path + (code,))
                if span is not None:
                    spans[path] = span
                return value[code]
            return {
                key: walk(item, _field_type(annotation, key), path + (key,))
                for key, item in value.items()
            }
        if isinstance(value, list):
            item_type = _item_type(annotation)
            return [walk(item, item_type, path + (n,)) for n, item in enumerate(value)]
        return value

    data = {
        key: (code if key == "language" else walk(item, _field_type(model, key), (key,)))
        for key, item in loaded.data.items()
    }
    if problems:
        raise SchemaError(problems)
    source = dataclasses.replace(loaded.source, values={**loaded.source.values, **spans})
    return Loaded(data=data, source=source, text=loaded.text)


def prevailing_problem(loaded: Loaded, codes: tuple[str, ...] | None) -> Problem | None:
    """A ``prevailing_language`` that is not one of the agreement's languages, or that a
    single-language agreement gives."""
    value = loaded.data.get("prevailing_language")
    if value is None:
        return None
    if codes is None:
        message = "only an agreement in two languages (`language: [id, en]`) has a prevailing one"
    elif value in codes:
        return None
    else:
        message = f"expected one of the agreement's languages ({', '.join(codes)}), got `{value}`"
    path: Path_ = ("prevailing_language",)
    return Problem(loaded.source.position(path), message, format_path(path))


# --- what the model expects at a place -------------------------------------------------------


def annotation_options(annotation: Any) -> list[Any]:
    """The types an annotation may hold: Optional, Union and Annotated peeled off (also
    what ``validate`` reads the model's fields with)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return annotation_options(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in annotation_options(arg)]
    return [annotation]


def _is_model(option: Any) -> bool:
    return isinstance(option, type) and issubclass(option, BaseModel)


def _expects_mapping(annotation: Any) -> bool:
    """Whether the model reads a mapping of its own here: a model with fields, or a mapping
    of free keys (party ids, metric names). Such a place is never a text in two versions,
    even if its keys look like language codes."""
    return any(
        _is_model(option) or typing.get_origin(option) is dict
        for option in annotation_options(annotation)
    )


def _field_type(annotation: Any, key: str) -> Any:
    """The type of ``key`` in the mapping ``annotation`` describes; None where unknown (the
    model will name the unknown field)."""
    for option in annotation_options(annotation):
        if _is_model(option):
            for name, field in option.model_fields.items():
                if (field.alias or name) == key:
                    return field.annotation
        elif typing.get_origin(option) is dict:
            return typing.get_args(option)[1]
    return None


def _item_type(annotation: Any) -> Any:
    for option in annotation_options(annotation):
        if typing.get_origin(option) in (list, tuple):
            return typing.get_args(option)[0]
    return None


def is_text(model: type[BaseModel], path: Path_) -> bool:
    """Whether the model reads the value at ``path`` as text (not a number, a duration, a
    date or a period written as data, which read alike in every language)."""
    annotation: Any = model
    for part in path:
        annotation = (
            _item_type(annotation) if isinstance(part, int) else _field_type(annotation, part)
        )
        if annotation is None:
            return False
    return str in annotation_options(annotation)
